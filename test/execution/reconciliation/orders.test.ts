/**
 * §3.4 order report resolution, §3.5 fills and §3.6 inferred fills: table-driven over the pure
 * `reconcileOrderReport`. Every case applies the returned events to a real Order, so each
 * expectation also proves the events pass the order state table.
 */
import { describe, expect, it } from "vitest";
import { reconcileOrderReport, shouldUpdate, type OrderOutcome } from "../../../src/execution/reconciliation/orders.js";
import { inferredFillPrice, inferredLiquidity } from "../../../src/execution/reconciliation/fills.js";
import { isSyntheticId } from "../../../src/execution/reconciliation/ids.js";
import { OrderStatus, OrderType, type OrderSide } from "../../../src/model/enums.js";
import type { OrderEvent, OrderFilled } from "../../../src/model/events.js";
import { ClientOrderId, InstrumentId } from "../../../src/model/identifiers.js";
import { Order } from "../../../src/model/orders/index.js";
import type { FillReport, OrderStatusReport } from "../../../src/model/reports.js";
import { Money } from "../../../src/model/values.js";
import { USD } from "../../../src/model/currency.js";
import { AAPL, S1, T0, ctx, fr, makeOrder, orderIn, osr, px, q, viewWith, type OrderSpec } from "./fixtures.js";

const SETTINGS = { filterUnclaimedExternalOrders: false, allowOverfills: false };

interface Case {
  readonly name: string;
  readonly cached?: { spec: OrderSpec; steps: string[] };
  readonly report: OrderStatusReport;
  readonly fills?: FillReport[];
  readonly events: string[];
  readonly status: OrderStatus;
  readonly filled?: string;
}

function run(c: Pick<Case, "cached" | "report" | "fills">, settings = SETTINGS, external = true) {
  const cached = c.cached === undefined ? undefined : orderIn(c.cached.spec, c.cached.steps);
  const view = cached === undefined ? viewWith() : viewWith(cached);
  const outcome = reconcileOrderReport({ view, report: c.report, fills: c.fills ?? [], external, settings, ctx: ctx(T0 + 1000n) });
  return { outcome, order: applied(outcome, cached) };
}

/** Applies the outcome's events to the order (cached, or built from the outcome's init). */
function applied(outcome: OrderOutcome, cached: Order | undefined): Order | undefined {
  if (outcome.kind === "Skipped") return cached;
  const order = cached ?? (outcome.init === undefined ? undefined : new Order(outcome.init));
  for (const e of outcome.events) order?.apply(e);
  return order;
}

const types = (events: readonly OrderEvent[]) => events.map((e) => (e.type === "OrderFilled" ? `Filled:${isSyntheticId(e.tradeId) ? "inferred" : e.tradeId}` : e.type.replace(/^Order/, "")));

const NEW_ORDER_CASES: Case[] = [
  { name: "REJECTED: Rejected with the venue's reason", report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.REJECTED, cancelReason: "margin" }), events: ["Rejected"], status: OrderStatus.REJECTED },
  { name: "ACCEPTED: Accepted", report: osr({ venueOrderId: "V1" }), events: ["Accepted"], status: OrderStatus.ACCEPTED },
  { name: "CANCELED: Accepted then Canceled", report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.CANCELED }), events: ["Accepted", "Canceled"], status: OrderStatus.CANCELED },
  { name: "EXPIRED: Accepted then Expired", report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.EXPIRED }), events: ["Accepted", "Expired"], status: OrderStatus.EXPIRED },
  {
    name: "TRIGGERED STOP_LIMIT: Accepted then Triggered",
    report: osr({ venueOrderId: "V1", orderType: OrderType.STOP_LIMIT, triggerPrice: px("99.00"), orderStatus: OrderStatus.TRIGGERED, tsTriggered: T0 + 5n }),
    events: ["Accepted", "Triggered"],
    status: OrderStatus.TRIGGERED,
  },
  {
    name: "TRIGGERED STOP_MARKET: no Triggered (market stops do not trigger), stays ACCEPTED",
    report: osr({ venueOrderId: "V1", orderType: OrderType.STOP_MARKET, price: undefined, triggerPrice: px("99.00"), orderStatus: OrderStatus.TRIGGERED }),
    events: ["Accepted"],
    status: OrderStatus.ACCEPTED,
  },
  {
    name: "FILLED with its trades: the real fill",
    report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.00") }),
    fills: [fr({ venueOrderId: "V1", tradeId: "T-1" })],
    events: ["Accepted", "Filled:T-1"],
    status: OrderStatus.FILLED,
  },
  {
    name: "FILLED without trades: an inferred fill",
    report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.50") }),
    events: ["Accepted", "Filled:inferred"],
    status: OrderStatus.FILLED,
    filled: "100",
  },
  {
    name: "PARTIALLY_FILLED with trades",
    report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("40"), avgPx: px("100.00") }),
    fills: [fr({ venueOrderId: "V1", tradeId: "T-1", lastQty: q("40") })],
    events: ["Accepted", "Filled:T-1"],
    status: OrderStatus.PARTIALLY_FILLED,
    filled: "40",
  },
  {
    name: "PARTIALLY_FILLED without trades: inferred",
    report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("40"), avgPx: px("100.00") }),
    events: ["Accepted", "Filled:inferred"],
    status: OrderStatus.PARTIALLY_FILLED,
    filled: "40",
  },
  {
    name: "partially filled then CANCELED: the fill first, then Canceled",
    report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.CANCELED, filledQty: q("40"), avgPx: px("100.00") }),
    fills: [fr({ venueOrderId: "V1", tradeId: "T-1", lastQty: q("40") })],
    events: ["Accepted", "Filled:T-1", "Canceled"],
    status: OrderStatus.CANCELED,
    filled: "40",
  },
  {
    name: "partially filled then CANCELED without trades: inferred, then Canceled",
    report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.CANCELED, filledQty: q("40"), avgPx: px("100.00") }),
    events: ["Accepted", "Filled:inferred", "Canceled"],
    status: OrderStatus.CANCELED,
    filled: "40",
  },
  {
    name: "EXPIRED triggered STOP_LIMIT applies Triggered and its fills before Expired",
    report: osr({ venueOrderId: "V1", orderType: OrderType.STOP_LIMIT, triggerPrice: px("99.00"), orderStatus: OrderStatus.EXPIRED, tsTriggered: T0 + 1n, filledQty: q("10") }),
    fills: [fr({ venueOrderId: "V1", tradeId: "T-1", lastQty: q("10") })],
    events: ["Accepted", "Triggered", "Filled:T-1", "Expired"],
    status: OrderStatus.EXPIRED,
    filled: "10",
  },
  { name: "PENDING_CANCEL at the venue: Accepted (still working)", report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.PENDING_CANCEL }), events: ["Accepted"], status: OrderStatus.ACCEPTED },
];

describe("status table: an order the cache does not hold (startup with no cache)", () => {
  it.each(NEW_ORDER_CASES)("$name", (c) => {
    const { outcome, order } = run(c);
    expect(outcome.kind).toBe("Reconciled");
    if (outcome.kind !== "Reconciled") return;
    expect(types(outcome.events)).toEqual(c.events);
    expect(order?.status).toBe(c.status);
    if (c.filled !== undefined) expect(order?.filledQty.toString()).toBe(c.filled);
    expect(outcome.init?.tags).toEqual(["VENUE"]);
    expect(outcome.events.every((e) => e.reconciliation)).toBe(true);
  });
});

const LIMIT = { id: "O-1" };
const CACHED_CASES: Case[] = [
  { name: "SUBMITTED, venue ACCEPTED: Accepted", cached: { spec: LIMIT, steps: ["submitted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1") }), events: ["Accepted"], status: OrderStatus.ACCEPTED },
  { name: "ACCEPTED, venue ACCEPTED alike: nothing", cached: { spec: LIMIT, steps: ["submitted", "accepted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1") }), events: [], status: OrderStatus.ACCEPTED },
  {
    name: "ACCEPTED LIMIT, venue price moved: Updated",
    cached: { spec: LIMIT, steps: ["submitted", "accepted"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), price: px("101.00") }),
    events: ["Updated"],
    status: OrderStatus.ACCEPTED,
  },
  {
    name: "ACCEPTED, venue quantity raised: Updated",
    cached: { spec: LIMIT, steps: ["submitted", "accepted"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), quantity: q("150") }),
    events: ["Updated"],
    status: OrderStatus.ACCEPTED,
  },
  {
    name: "ACCEPTED STOP_MARKET, venue trigger moved: Updated",
    cached: { spec: { id: "O-1", type: OrderType.STOP_MARKET }, steps: ["submitted", "accepted"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderType: OrderType.STOP_MARKET, price: undefined, triggerPrice: px("98.00") }),
    events: ["Updated"],
    status: OrderStatus.ACCEPTED,
  },
  { name: "ACCEPTED, venue CANCELED: Canceled", cached: { spec: LIMIT, steps: ["submitted", "accepted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.CANCELED }), events: ["Canceled"], status: OrderStatus.CANCELED },
  { name: "ACCEPTED, venue REJECTED: Rejected", cached: { spec: LIMIT, steps: ["submitted", "accepted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.REJECTED }), events: ["Rejected"], status: OrderStatus.REJECTED },
  {
    name: "CANCELED, venue REJECTED: the cached terminal state is kept",
    cached: { spec: LIMIT, steps: ["submitted", "accepted", "canceled"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.REJECTED }),
    events: [],
    status: OrderStatus.CANCELED,
  },
  {
    name: "PARTIALLY_FILLED, venue FILLED with the known and a new trade: only the new one",
    cached: { spec: LIMIT, steps: ["submitted", "accepted", "fill:40@100.00"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.00") }),
    fills: [fr({ venueOrderId: "V-O-1", tradeId: "T-O-1-1", lastQty: q("40"), commission: Money.from("1.00", USD) }), fr({ venueOrderId: "V-O-1", tradeId: "T-2", lastQty: q("60") })],
    events: ["Filled:T-2"],
    status: OrderStatus.FILLED,
  },
  {
    name: "PARTIALLY_FILLED 40, venue 60 without trades: 20 inferred",
    cached: { spec: LIMIT, steps: ["submitted", "accepted", "fill:40@100.00"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("60"), avgPx: px("101.00") }),
    events: ["Filled:inferred"],
    status: OrderStatus.PARTIALLY_FILLED,
    filled: "60",
  },
  { name: "PENDING_CANCEL, venue CANCELED: Canceled", cached: { spec: LIMIT, steps: ["submitted", "accepted", "pending_cancel"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.CANCELED }), events: ["Canceled"], status: OrderStatus.CANCELED },
  {
    name: "PENDING_UPDATE, venue ACCEPTED with the new quantity: Accepted, Updated",
    cached: { spec: LIMIT, steps: ["submitted", "accepted", "pending_update"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), quantity: q("120") }),
    events: ["Accepted", "Updated"],
    status: OrderStatus.ACCEPTED,
  },
  {
    name: "SUBMITTED (ack lost), venue FILLED: Accepted then the inferred fill",
    cached: { spec: LIMIT, steps: ["submitted"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.00") }),
    events: ["Accepted", "Filled:inferred"],
    status: OrderStatus.FILLED,
  },
  {
    name: "FILLED, venue FILLED alike: nothing",
    cached: { spec: LIMIT, steps: ["submitted", "accepted", "fill:100@100.00"] },
    report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.00") }),
    events: [],
    status: OrderStatus.FILLED,
  },
  {
    name: "the report's venue order id resolves the order when the client order id is missing",
    cached: { spec: LIMIT, steps: ["submitted", "accepted"] },
    report: osr({ venueOrderId: "V-O-1", orderStatus: OrderStatus.CANCELED }),
    events: ["Canceled"],
    status: OrderStatus.CANCELED,
  },
];

describe("status table: an order the cache holds", () => {
  it.each(CACHED_CASES)("$name", (c) => {
    const { outcome, order } = run(c);
    expect(outcome.kind).toBe("Reconciled");
    if (outcome.kind !== "Reconciled") return;
    expect(outcome.init).toBeUndefined();
    expect(types(outcome.events)).toEqual(c.events);
    expect(order?.status).toBe(c.status);
    if (c.filled !== undefined) expect(order?.filledQty.toString()).toBe(c.filled);
  });
});

describe("outcomes other than Reconciled", () => {
  const cases: { name: string; run: () => OrderOutcome; kind: OrderOutcome["kind"]; reason?: string; events?: string[] }[] = [
    {
      name: "venue filled below the cache: Failed FilledBelowCache (ERROR)",
      run: () => run({ cached: { spec: LIMIT, steps: ["submitted", "accepted", "fill:60@100.00"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("40") }) }).outcome,
      kind: "Failed",
      reason: "FilledBelowCache",
    },
    {
      name: "instrument not in the cache: Skipped NoInstrument (deferred, not a failure)",
      run: () => run({ report: osr({ venueOrderId: "V1", instrumentId: InstrumentId("NOPE.SIM") }) }).outcome,
      kind: "Skipped",
      reason: "NoInstrument",
    },
    {
      name: "overfill without allowOverfills: Failed Overfill after the fills that fit",
      run: () => run({ cached: { spec: LIMIT, steps: ["submitted", "accepted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.FILLED, filledQty: q("120") }), fills: [fr({ venueOrderId: "V-O-1", tradeId: "A", lastQty: q("60") }), fr({ venueOrderId: "V-O-1", tradeId: "B", lastQty: q("60"), tsEvent: T0 + 1n })] }).outcome,
      kind: "Failed",
      reason: "Overfill",
      events: ["Filled:A"],
    },
    {
      name: "overfill with allowOverfills: both fills applied, warned",
      run: () => run({ cached: { spec: LIMIT, steps: ["submitted", "accepted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.FILLED, filledQty: q("120") }), fills: [fr({ venueOrderId: "V-O-1", tradeId: "A", lastQty: q("60") }), fr({ venueOrderId: "V-O-1", tradeId: "B", lastQty: q("60"), tsEvent: T0 + 1n })] }, { ...SETTINGS, allowOverfills: true }).outcome,
      kind: "Reconciled",
      events: ["Filled:A", "Filled:B"],
    },
    {
      name: "unclaimed VENUE order with filterUnclaimedExternalOrders: Skipped",
      run: () => run({ report: osr({ venueOrderId: "V1" }) }, { ...SETTINGS, filterUnclaimedExternalOrders: true }).outcome,
      kind: "Skipped",
      reason: "UnclaimedExternal",
    },
    {
      name: "a RECONCILIATION order is never filtered as unclaimed",
      run: () => run({ report: osr({ venueOrderId: "V1" }) }, { ...SETTINGS, filterUnclaimedExternalOrders: true }, false).outcome,
      kind: "Reconciled",
      events: ["Accepted"],
    },
    {
      name: "a report that cannot make an order (LIMIT without price): Failed InvalidReport",
      run: () => run({ report: osr({ venueOrderId: "V1", price: undefined }) }).outcome,
      kind: "Failed",
      reason: "InvalidReport",
    },
  ];
  it.each(cases)("$name", (c) => {
    const outcome = c.run();
    expect(outcome.kind).toBe(c.kind);
    if ("reason" in outcome) expect(outcome.reason).toBe(c.reason);
    if (c.events !== undefined && outcome.kind !== "Skipped") expect(types(outcome.events)).toEqual(c.events);
  });

  it("a re-reported trade whose data differs keeps the cached data and warns", () => {
    const { outcome, order } = run({
      cached: { spec: LIMIT, steps: ["submitted", "accepted", "fill:40@100.00"] },
      report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("40") }),
      fills: [fr({ venueOrderId: "V-O-1", tradeId: "T-O-1-1", lastQty: q("40"), lastPx: px("100.50"), commission: Money.from("2.00", USD) })],
    });
    expect(outcome.kind).toBe("Reconciled");
    expect(outcome.kind === "Reconciled" && outcome.events).toEqual([]);
    expect(outcome.notes.map((n) => n.level)).toEqual(["warn"]);
    expect(outcome.notes[0]?.message).toMatch(/px 100.00 != 100.50.*commission.*keeping the cached data/);
    expect(order?.avgPx?.toString()).toBe("100.00");
  });

  it("claims: the claiming strategy, no tags; unclaimed: EXTERNAL tagged VENUE, or RECONCILIATION when synthetic", () => {
    const view = viewWith();
    view.addExternalOrderClaim(AAPL.id, S1);
    const claimed = reconcileOrderReport({ view, report: osr({ venueOrderId: "V1" }), fills: [], external: true, settings: SETTINGS, ctx: ctx() });
    expect(claimed.kind === "Reconciled" && [claimed.init?.strategyId, claimed.init?.tags]).toEqual([S1, []]);
    const external = run({ report: osr({ venueOrderId: "V1" }) }).outcome;
    const synthetic = run({ report: osr({ venueOrderId: "V1" }) }, SETTINGS, false).outcome;
    expect(external.kind === "Reconciled" && [external.init?.strategyId, external.init?.tags]).toEqual(["EXTERNAL", ["VENUE"]]);
    expect(synthetic.kind === "Reconciled" && synthetic.init?.tags).toEqual(["RECONCILIATION"]);
  });

  it("a historical fill older than the order's inferred fill is not applied again", () => {
    const first = run({ cached: { spec: LIMIT, steps: ["submitted", "accepted"] }, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("40"), avgPx: px("100.00"), tsLast: T0 + 100n }) });
    const order = first.order!;
    expect(order.filledQty.toString()).toBe("40");
    const view = viewWith(order);
    const second = reconcileOrderReport({ view, report: osr({ venueOrderId: "V-O-1", clientOrderId: ClientOrderId("O-1"), orderStatus: OrderStatus.PARTIALLY_FILLED, filledQty: q("40"), tsLast: T0 + 200n }), fills: [fr({ venueOrderId: "V-O-1", tradeId: "REAL-1", lastQty: q("40"), tsEvent: T0 + 50n })], external: true, settings: SETTINGS, ctx: ctx() });
    expect(second.kind === "Reconciled" && second.events).toEqual([]);
  });
});

describe("inferred fill (§3.6)", () => {
  it("trade ids are deterministic: the same report gives the same id, another quantity another id", () => {
    const report = osr({ venueOrderId: "V1", orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.00") });
    const id = (r: OrderStatusReport) => {
      const o = run({ report: r }).outcome;
      return o.kind === "Reconciled" ? (o.events.find((e) => e.type === "OrderFilled") as OrderFilled).tradeId : undefined;
    };
    expect(id(report)).toBe(id(report));
    expect(id(report)).not.toBe(id({ ...report, quantity: q("90"), filledQty: q("90") }));
    expect(isSyntheticId(id(report)!)).toBe(true);
  });

  const prices: { name: string; filled: string; notional: bigint; report: Partial<OrderStatusReport>; missing: string; expected: string }[] = [
    { name: "first fill: the report's average", filled: "0", notional: 0n, report: { avgPx: px("100.50"), price: px("99.00") }, missing: "10", expected: "100.50" },
    { name: "first fill without average: the order price", filled: "0", notional: 0n, report: { price: px("99.00") }, missing: "10", expected: "99.00" },
    { name: "first fill without any price: 0", filled: "0", notional: 0n, report: { price: undefined }, missing: "10", expected: "0.00" },
    { name: "later fill: (avg x filled - cached notional) / missing", filled: "40", notional: 4000n * 1_000_000_000n, report: { avgPx: px("101.00"), filledQty: q("60") }, missing: "20", expected: "103.00" },
  ];
  it.each(prices)("price: $name", (c) => {
    const plan = { filledQty: q(c.filled), notionalRaw: c.notional };
    expect(inferredFillPrice(plan, osr({ venueOrderId: "V", ...c.report }), q(c.missing).raw, 2).toString()).toBe(c.expected);
  });

  const liquidity: [OrderType, boolean, string][] = [
    [OrderType.MARKET, false, "TAKER"],
    [OrderType.STOP_MARKET, false, "TAKER"],
    [OrderType.LIMIT, true, "MAKER"],
    [OrderType.LIMIT, false, "NO_LIQUIDITY_SIDE"],
  ];
  it.each(liquidity)("liquidity of %s postOnly=%s is %s", (type, postOnly, side) => {
    expect(inferredLiquidity(type, postOnly)).toBe(side);
  });

  it("commission is zero in the quote currency; ts is the report's tsLast", () => {
    const { outcome } = run({ report: osr({ venueOrderId: "V1", orderStatus: OrderStatus.FILLED, filledQty: q("100"), avgPx: px("100.00"), tsLast: T0 + 77n }) });
    const fill = outcome.kind === "Reconciled" ? (outcome.events.find((e) => e.type === "OrderFilled") as OrderFilled) : undefined;
    expect([fill?.commission.toString(), fill?.tsEvent]).toEqual([Money.from("0", USD).toString(), T0 + 77n]);
  });
});

describe("shouldUpdate", () => {
  const base = makeOrder({ id: "X" });
  const cases: [string, Partial<OrderStatusReport>, OrderType, boolean][] = [
    ["same everything", {}, OrderType.LIMIT, false],
    ["quantity differs and >= filled", { quantity: q("150") }, OrderType.LIMIT, true],
    ["LIMIT price differs", { price: px("100.10") }, OrderType.LIMIT, true],
    ["STOP_MARKET trigger differs", { triggerPrice: px("98.00") }, OrderType.STOP_MARKET, true],
    ["STOP_MARKET price differs only", { price: px("98.00") }, OrderType.STOP_MARKET, false],
    ["STOP_LIMIT trigger differs", { triggerPrice: px("98.00") }, OrderType.STOP_LIMIT, true],
    ["MARKET price differs", { price: px("98.00") }, OrderType.MARKET, false],
  ];
  it.each(cases)("%s -> %s", (_name, over, orderType, expected) => {
    const order = { quantity: base.quantity, filledQty: base.filledQty, price: base.price, triggerPrice: px("99.00"), orderType };
    expect(shouldUpdate(osr({ venueOrderId: "V", triggerPrice: px("99.00"), ...over }), order)).toBe(expected);
  });
});

export type { OrderSide };
