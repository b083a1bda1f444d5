import { describe, expect, it } from "vitest";
import { Account } from "../../src/cache/account.js";
import { USD } from "../../src/model/currency.js";
import type { OrderDenied, OrderEvent, OrderModifyRejected } from "../../src/model/events.js";
import { ClientOrderId, InstrumentId, PositionId } from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import type { TradingStateChanged } from "../../src/risk/events.js";
import type { ModifyOrder } from "../../src/execution/messages.js";
import { AAPL, ACC, SEC, S1, T0, TRADER, makeCore, makeOrder, type Core, type OrderSpec } from "../execution/fixtures.js";

const BOUNDED = new Equity({
  id: InstrumentId("BND.SIM"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  minQuantity: Quantity.from("10"),
  minNotional: Money.from("500", USD),
  maxNotional: Money.from("5000", USD),
  tsEvent: 0n,
  tsInit: 0n,
});

function cashAccount(free: string): Account {
  const total = Money.from(free, USD);
  return new Account({
    type: "AccountState",
    accountId: ACC,
    accountType: "CASH",
    baseCurrency: USD,
    reported: true,
    balances: [{ total, locked: Money.zero(USD), free: total }],
    margins: [],
    eventId: "acc-1",
    tsEvent: T0,
    tsInit: T0,
  });
}

function denials(core: Core): string[] {
  return core.orderEvents.filter((e): e is OrderDenied => e.type === "OrderDenied").map((e) => e.reason);
}

/** Opens a NETTING position of `qty` (signed by side) for S1 on AAPL through a MARKET fill. */
function openPosition(core: Core, side: "BUY" | "SELL", qty: string, id = "P-OPEN"): void {
  core.submit(makeOrder({ id, type: "MARKET", side, qty }));
  expect(core.order(id).status).toBe("FILLED");
}

interface Row {
  readonly name: string;
  readonly spec: OrderSpec;
  readonly reason: RegExp;
  readonly setup?: (core: Core) => void;
  readonly positionId?: string;
}

const submitRows: Row[] = [
  { name: "2. reduce-only, position missing", spec: { id: "O-1", reduceOnly: true, side: "SELL" }, positionId: "AAPL.SIM-EMACross-001", reason: /^Position AAPL.SIM-EMACross-001 not found for reduce-only order$/ },
  {
    name: "2. reduce-only that would increase the position",
    spec: { id: "O-1", reduceOnly: true, side: "BUY" },
    positionId: "AAPL.SIM-EMACross-001",
    setup: (core) => openPosition(core, "BUY", "10"),
    reason: /^Reduce only order would increase position AAPL.SIM-EMACross-001$/,
  },
  { name: "3. instrument not cached", spec: { id: "O-1", instrumentId: InstrumentId("NOPE.SIM") }, reason: /^Instrument for NOPE.SIM not found$/ },
  { name: "4. price precision", spec: { id: "O-1", price: "100.001" }, reason: /^price 100.001 invalid \(precision 3 > 2\)$/ },
  { name: "4. price not positive", spec: { id: "O-1", price: "-1.00" }, reason: /^price -1.00 invalid \(not positive\)$/ },
  { name: "4. trigger precision", spec: { id: "O-1", type: "STOP_MARKET", trigger: "99.999" }, reason: /^trigger price 99.999 invalid \(precision 3 > 2\)$/ },
  { name: "5. quantity precision", spec: { id: "O-1", qty: "1.5" }, reason: /^quantity 1.5 invalid \(precision 1 > 0\)$/ },
  { name: "5. quantity above max", spec: { id: "O-1", qty: "10001" }, reason: /^quantity 10001 invalid \(> maximum trade size of 10000\)$/ },
  { name: "5. quantity below min", spec: { id: "O-1", instrumentId: BOUNDED.id, qty: "9", price: "60.00" }, reason: /^quantity 9 invalid \(< minimum trade size of 10\)$/ },
  { name: "6. GTD already past", spec: { id: "O-1", tif: "GTD", expireTime: T0 }, reason: /^GTD 2023-11-14T22:13:20.000000000Z already past$/ },
  {
    name: "7. NOTIONAL_EXCEEDS_MAX_PER_ORDER",
    spec: { id: "O-1", qty: "11", price: "100.00" },
    setup: (core) => core.risk.setMaxNotionalPerOrder(AAPL.id, 1000),
    reason: /^NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=1000\.00 USD, notional=1100\.00 USD$/,
  },
  { name: "7. NOTIONAL_LESS_THAN_MIN_FOR_INSTRUMENT", spec: { id: "O-1", instrumentId: BOUNDED.id, qty: "10", price: "10.00" }, reason: /^NOTIONAL_LESS_THAN_MIN_FOR_INSTRUMENT/ },
  { name: "7. NOTIONAL_GREATER_THAN_MAX_FOR_INSTRUMENT", spec: { id: "O-1", instrumentId: BOUNDED.id, qty: "100", price: "60.00" }, reason: /^NOTIONAL_GREATER_THAN_MAX_FOR_INSTRUMENT/ },
  {
    name: "7. NOTIONAL_EXCEEDS_FREE_BALANCE (cash account)",
    spec: { id: "O-1", qty: "20", price: "100.00" },
    setup: (core) => core.cache.addAccount(cashAccount("1000")),
    reason: /^NOTIONAL_EXCEEDS_FREE_BALANCE: free=1000\.00 USD, notional=-2000\.00 USD$/,
  },
  { name: "7. quote quantity converted above the maximum: QUANTITY_EXCEEDS_MAXIMUM", spec: { id: "O-1", qty: "2000000", price: "100.00", quoteQuantity: true }, reason: /^QUANTITY_EXCEEDS_MAXIMUM: max_quantity=10000, quantity=20000$/ },
  { name: "7. quote quantity converted below the minimum: QUANTITY_BELOW_MINIMUM", spec: { id: "O-1", instrumentId: BOUNDED.id, qty: "540", price: "60.00", quoteQuantity: true }, reason: /^QUANTITY_BELOW_MINIMUM: min_quantity=10, quantity=9$/ },
  { name: "8. HALTED", spec: { id: "O-1" }, setup: (core) => core.risk.setTradingState("HALTED"), reason: /^TradingState::HALTED$/ },
  {
    name: "8. REDUCING denies a BUY when net long",
    spec: { id: "O-1", side: "BUY" },
    setup: (core) => {
      openPosition(core, "BUY", "10");
      core.risk.setTradingState("REDUCING");
    },
    reason: /^BUY when TradingState::REDUCING and LONG AAPL.SIM$/,
  },
  {
    name: "8. REDUCING denies a SELL when net short",
    spec: { id: "O-1", side: "SELL" },
    setup: (core) => {
      openPosition(core, "SELL", "10");
      core.risk.setTradingState("REDUCING");
    },
    reason: /^SELL when TradingState::REDUCING and SHORT AAPL.SIM$/,
  },
];

describe("RiskEngine SubmitOrder: each check and its denial", () => {
  it.each(submitRows)("$name", ({ spec, reason, setup, positionId }) => {
    const core = makeCore();
    core.cache.addInstrument(BOUNDED);
    setup?.(core);
    const order = makeOrder(spec);
    core.submit(order, positionId === undefined ? {} : { positionId: PositionId(positionId) });
    expect(denials(core)).toHaveLength(1);
    expect(denials(core)[0]).toMatch(reason);
    expect(order.status).toBe("DENIED");
    expect(core.client.commands.filter((c) => c.type === "SubmitOrder" && c.order === order)).toHaveLength(0);
  });

  it("passes an order that meets every check to the client", () => {
    const core = makeCore();
    core.cache.addAccount(cashAccount("100000"));
    core.risk.setMaxNotionalPerOrder(AAPL.id, 50_000);
    core.submit(makeOrder({ id: "O-1", qty: "10", price: "100.00" }));
    expect(denials(core)).toEqual([]);
    expect(core.order("O-1").status).toBe("ACCEPTED");
  });
});

describe("RiskEngine check order", () => {
  const cases: { name: string; spec: OrderSpec; setup?: (core: Core) => void; reason: RegExp }[] = [
    { name: "price (4) before quantity (5)", spec: { id: "O-1", price: "1.001", qty: "1.5" }, reason: /^price/ },
    { name: "quantity (5) before GTD (6)", spec: { id: "O-1", qty: "1.5", tif: "GTD", expireTime: T0 }, reason: /^quantity/ },
    { name: "GTD (6) before notional (7)", spec: { id: "O-1", qty: "50", tif: "GTD", expireTime: T0 }, setup: (c) => c.risk.setMaxNotionalPerOrder(AAPL.id, 10), reason: /^GTD/ },
    { name: "notional (7) before trading state (8)", spec: { id: "O-1", qty: "50" }, setup: (c) => { c.risk.setMaxNotionalPerOrder(AAPL.id, 10); c.risk.setTradingState("HALTED"); }, reason: /^NOTIONAL_EXCEEDS_MAX_PER_ORDER/ },
    { name: "instrument (3) before price (4)", spec: { id: "O-1", instrumentId: InstrumentId("NOPE.SIM"), price: "1.001" }, reason: /^Instrument/ },
    { name: "reduce-only (2) before instrument (3)", spec: { id: "O-1", instrumentId: InstrumentId("NOPE.SIM"), reduceOnly: true }, reason: /^Position/ },
  ];
  it.each(cases)("$name", ({ spec, setup, reason }) => {
    const core = makeCore();
    setup?.(core);
    core.submit(makeOrder(spec), spec.reduceOnly === true ? { positionId: PositionId("X-1") } : {});
    expect(denials(core)).toHaveLength(1);
    expect(denials(core)[0]).toMatch(reason);
  });

  it("trading state (8) denies before the throttle (9) spends a slot", () => {
    const core = makeCore({ risk: { maxOrderSubmitRate: "1/00:00:01" } });
    core.risk.setTradingState("HALTED");
    core.submit(makeOrder({ id: "O-1" }));
    core.risk.setTradingState("ACTIVE");
    core.submit(makeOrder({ id: "O-2" }));
    expect(denials(core)).toEqual(["TradingState::HALTED"]);
    expect(core.order("O-2").status).toBe("ACCEPTED");
  });
});

describe("RiskEngine throttles (TestClock)", () => {
  it("submit throttle drops over-limit orders with a denial and recovers as the window slides", () => {
    const core = makeCore({ risk: { maxOrderSubmitRate: "2/00:00:01" } });
    for (const id of ["O-1", "O-2", "O-3"]) core.submit(makeOrder({ id }));
    expect(core.order("O-3").status).toBe("DENIED");
    expect(denials(core)).toEqual(["Exceeded MAX_ORDER_SUBMIT_RATE"]);
    core.clock.advanceTimeBy(SEC);
    core.submit(makeOrder({ id: "O-4" }));
    expect(core.order("O-4").status).toBe("ACCEPTED");
    expect(core.risk.throttlers.submit.dropped).toBe(1);
  });

  it("an order list takes one slot and is denied whole when throttled", () => {
    const core = makeCore({ risk: { maxOrderSubmitRate: "1/00:00:01" } });
    core.submit(makeOrder({ id: "O-1" }));
    core.submitList([makeOrder({ id: "L-1" }), makeOrder({ id: "L-2" })]);
    expect(core.order("L-1").status).toBe("DENIED");
    expect(core.order("L-2").status).toBe("DENIED");
    expect(denials(core)).toEqual(["Exceeded MAX_ORDER_SUBMIT_RATE", "Exceeded MAX_ORDER_SUBMIT_RATE"]);
  });

  it("modify throttle rejects over-limit modifies with OrderModifyRejected", () => {
    const core = makeCore({ risk: { maxOrderModifyRate: "1/00:00:01" } });
    core.submit(makeOrder({ id: "O-1", qty: "10" }));
    core.send(modify("O-1", { quantity: "11" }));
    core.send(modify("O-1", { quantity: "12" }));
    expect(core.order("O-1").quantity.toString()).toBe("11");
    expect(modifyRejections(core)).toEqual(["Exceeded MAX_ORDER_MODIFY_RATE"]);
    core.clock.advanceTimeBy(SEC);
    core.send(modify("O-1", { quantity: "12" }));
    expect(core.order("O-1").quantity.toString()).toBe("12");
  });
});

function modify(id: string, change: { quantity?: string; price?: string; trigger?: string }): ModifyOrder {
  return {
    type: "ModifyOrder",
    traderId: TRADER,
    strategyId: S1,
    instrumentId: AAPL.id,
    clientOrderId: ClientOrderId(id),
    quantity: change.quantity === undefined ? undefined : Quantity.from(change.quantity),
    price: change.price === undefined ? undefined : Price.from(change.price),
    triggerPrice: change.trigger === undefined ? undefined : Price.from(change.trigger),
    commandId: `mod-${id}-${change.quantity ?? change.price ?? change.trigger}`,
    tsInit: T0,
  };
}

function modifyRejections(core: Core): string[] {
  return core.orderEvents.filter((e): e is OrderModifyRejected => e.type === "OrderModifyRejected").map((e) => e.reason);
}

describe("RiskEngine ModifyOrder", () => {
  const rows: { name: string; change: Parameters<typeof modify>[1]; setup?: (core: Core) => void; reason: RegExp }[] = [
    { name: "price precision", change: { price: "1.001" }, reason: /^price 1.001 invalid/ },
    { name: "trigger not positive", change: { trigger: "0.00" }, reason: /^trigger price 0.00 invalid \(not positive\)$/ },
    { name: "quantity above max", change: { quantity: "20000" }, reason: /^quantity 20000 invalid \(> maximum/ },
    { name: "HALTED", change: { quantity: "5" }, setup: (c) => c.risk.setTradingState("HALTED"), reason: /^TradingState is HALTED$/ },
    {
      name: "REDUCING and a quantity increase adding exposure",
      change: { quantity: "20" },
      setup: (c) => {
        openPosition(c, "BUY", "5");
        c.risk.setTradingState("REDUCING");
      },
      reason: /^TradingState is REDUCING and update will increase exposure$/,
    },
  ];
  it.each(rows)("rejects: $name", ({ change, setup, reason }) => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", qty: "10" }));
    setup?.(core);
    core.send(modify("O-1", change));
    expect(modifyRejections(core)).toHaveLength(1);
    expect(modifyRejections(core)[0]).toMatch(reason);
    expect(core.order("O-1").quantity.toString()).toBe("10");
  });

  it("REDUCING allows a quantity decrease", () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", qty: "10" }));
    openPosition(core, "BUY", "5");
    core.risk.setTradingState("REDUCING");
    core.send(modify("O-1", { quantity: "8" }));
    expect(modifyRejections(core)).toEqual([]);
    expect(core.order("O-1").quantity.toString()).toBe("8");
  });

  it("rejects closed and pending-cancel orders; a missing order only logs an ERROR", () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    core.send(modify("O-1", { quantity: "2" }));
    // the rejection is logged and sent; a FILLED order is terminal, so the ExecEngine does not apply it
    expect(core.logs("warn")).toContain("ModifyOrder for O-1 REJECTED: Order with O-1 already closed");
    expect(modifyRejections(core)).toEqual([]);
    core.submit(makeOrder({ id: "O-2" }));
    const o2 = core.order("O-2");
    core.exec.process({ ...(core.orderEvents.at(-1) as OrderEvent), type: "OrderPendingCancel", clientOrderId: o2.clientOrderId, eventId: "pc" } as OrderEvent);
    expect(o2.status).toBe("PENDING_CANCEL");
    core.send(modify("O-2", { quantity: "2" }));
    expect(modifyRejections(core)).toEqual(["Order with O-2 already pending cancel"]);
    core.send(modify("O-9", { quantity: "2" }));
    expect(core.logs("error").some((m) => m.includes("ModifyOrder DENIED: Order with O-9 not found"))).toBe(true);
    expect(modifyRejections(core)).toHaveLength(1);
  });
});

describe("RiskEngine trading state and settings", () => {
  it("publishes TradingStateChanged on events.risk and warns when unchanged", () => {
    const core = makeCore();
    const events: TradingStateChanged[] = [];
    core.bus.subscribe("events.risk", (e: TradingStateChanged) => events.push(e));
    expect(core.risk.tradingState).toBe("ACTIVE");
    core.risk.setTradingState("REDUCING");
    core.risk.setTradingState("REDUCING");
    core.risk.setTradingState("HALTED");
    expect(events.map((e) => e.state)).toEqual(["REDUCING", "HALTED"]);
    expect(events[0]?.traderId).toBe(TRADER);
    expect(core.logs("warn").filter((m) => m.includes("No change to trading state"))).toHaveLength(1);
  });

  it("REDUCING lets orders that reduce exposure through", () => {
    const core = makeCore();
    openPosition(core, "BUY", "10");
    core.risk.setTradingState("REDUCING");
    core.submit(makeOrder({ id: "O-1", side: "SELL", qty: "5" }));
    expect(core.order("O-1").status).toBe("ACCEPTED");
  });

  it("maxNotionalPerOrder from config, changed and cleared at runtime, applies to margin accounts too", () => {
    const core = makeCore({ risk: { maxNotionalPerOrder: { "AAPL.SIM": 500 } } });
    expect(core.risk.maxNotionalPerOrder(AAPL.id)).toBe("500");
    core.submit(makeOrder({ id: "O-1", qty: "6" }));
    expect(core.order("O-1").status).toBe("DENIED");
    core.risk.setMaxNotionalPerOrder(AAPL.id, 1000);
    core.submit(makeOrder({ id: "O-2", qty: "6" }));
    expect(core.order("O-2").status).toBe("ACCEPTED");
    core.risk.setMaxNotionalPerOrder(AAPL.id, undefined);
    core.submit(makeOrder({ id: "O-3", qty: "600" }));
    expect(core.order("O-3").status).toBe("ACCEPTED");
    expect(() => core.risk.setMaxNotionalPerOrder(AAPL.id, -5)).toThrow(/positive/);
  });

  it("a MARKET order without any price skips the notional check with a warning", () => {
    const core = makeCore();
    core.risk.setMaxNotionalPerOrder(AAPL.id, 1);
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    expect(core.logs("warn").some((m) => m.startsWith("Cannot check MARKET order risk: no prices for AAPL.SIM"))).toBe(true);
    expect(denials(core)).toEqual([]);
  });

  it("debug subscribes to order and position events and logs them", () => {
    const core = makeCore({ risk: { debug: true } });
    expect(core.bus.subscriptions("events.order.EMACross-001").length).toBe(2); // the test recorder and the RiskEngine
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    expect(core.logs("debug")).toContain("<--[EVT] PositionOpened");
    expect(makeCore().bus.subscriptions("events.order.EMACross-001").length).toBe(1);
  });

  it("bypass skips every check and throttle", () => {
    const core = makeCore({ risk: { bypass: true, maxOrderSubmitRate: "1/00:00:01" } });
    core.risk.setTradingState("HALTED");
    core.submit(makeOrder({ id: "O-1", price: "100.001" }));
    core.submit(makeOrder({ id: "O-2" }));
    expect(denials(core)).toEqual([]);
    expect(core.client.commands.filter((c) => c.type === "SubmitOrder")).toHaveLength(2);
  });
});

describe("RiskEngine SubmitOrderList", () => {
  it("one failing order denies the whole list", () => {
    const core = makeCore();
    core.submitList([makeOrder({ id: "L-1" }), makeOrder({ id: "L-2", price: "1.001" })]);
    expect(core.order("L-1").status).toBe("DENIED");
    expect(core.order("L-2").status).toBe("DENIED");
    expect(denials(core)).toEqual(["OrderList OL-1 DENIED: price 1.001 invalid (precision 3 > 2)", "price 1.001 invalid (precision 3 > 2)"]);
  });

  it("every instrument must exist", () => {
    const core = makeCore();
    core.submitList([makeOrder({ id: "L-1" }), makeOrder({ id: "L-2", instrumentId: InstrumentId("NOPE.SIM") })]);
    expect(denials(core)[1]).toBe("no instrument found for NOPE.SIM");
  });

  it("the cumulative balance check spans the list", () => {
    const core = makeCore();
    core.cache.addAccount(cashAccount("1500"));
    core.submitList([makeOrder({ id: "L-1", qty: "10" }), makeOrder({ id: "L-2", qty: "10" })]);
    expect(denials(core)[1]).toMatch(/^CUM_NOTIONAL_EXCEEDS_FREE_BALANCE: free=1500\.00 USD, cum_notional=2000\.00 USD$/);
  });

  it("HALTED applies to every order; a valid list reaches the client", () => {
    const core = makeCore();
    core.submitList([makeOrder({ id: "L-1" }), makeOrder({ id: "L-2", side: "SELL", price: "110.00" })]);
    expect(core.order("L-1").status).toBe("ACCEPTED");
    expect(core.order("L-2").status).toBe("ACCEPTED");
    core.risk.setTradingState("HALTED");
    core.submitList([makeOrder({ id: "L-3" })], "OL-2");
    expect(core.order("L-3").status).toBe("DENIED");
  });
});
