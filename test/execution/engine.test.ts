import { describe, expect, it } from "vitest";
import { USD } from "../../src/model/currency.js";
import { OrderEvents, type OrderEvent, type OrderFilled } from "../../src/model/events.js";
import { AccountId, ClientId, ClientOrderId, InstrumentId, PositionId, TradeId, Venue, VenueOrderId } from "../../src/model/identifiers.js";
import type { Order } from "../../src/model/orders/index.js";
import { Equity } from "../../src/model/instruments.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { ExecutionReports, type ExecutionReport } from "../../src/execution/reports.js";
import type { CancelOrder } from "../../src/execution/messages.js";
import { AAPL, ACC, MSFT, S1, S2, T0, TRADER, makeCore, makeOrder, type Core } from "./fixtures.js";

function fields(e: Equity) {
  return { quoteCurrency: e.quoteCurrency, pricePrecision: e.pricePrecision, sizePrecision: e.sizePrecision, priceIncrement: e.priceIncrement, sizeIncrement: e.sizeIncrement, tsEvent: 0n, tsInit: 0n };
}

let fillSeq = 0;
/** A venue fill for `order` sent to ExecEngine.process (what a client would send). */
function fill(core: Core, order: Order, qty: string, px: string, opts: { tradeId?: string; positionId?: string; commission?: string } = {}): OrderFilled {
  const event = OrderEvents.filled(
    order,
    {
      venueOrderId: order.venueOrderId ?? VenueOrderId(`V-${order.clientOrderId}`),
      accountId: ACC,
      tradeId: TradeId(opts.tradeId ?? `T-${++fillSeq}`),
      positionId: opts.positionId === undefined ? undefined : PositionId(opts.positionId),
      orderSide: order.side,
      orderType: order.orderType,
      lastQty: Quantity.from(qty),
      lastPx: Price.from(px),
      currency: USD,
      commission: Money.from(opts.commission ?? "0", USD),
      liquiditySide: "MAKER",
    },
    { eventId: `fill-${fillSeq}`, tsEvent: core.clock.timestampNs(), tsInit: core.clock.timestampNs() },
  );
  core.bus.send("ExecEngine.process", event);
  return event;
}

/** Submits a resting LIMIT order through the whole path; it ends ACCEPTED. */
function working(core: Core, id: string, spec: Parameters<typeof makeOrder>[0] = { id }): Order {
  core.submit(makeOrder({ ...spec, id }));
  const o = core.order(id);
  expect(o.status).toBe("ACCEPTED");
  return o;
}

describe("ExecEngine routing", () => {
  function twoClients() {
    const core = makeCore();
    const other = new TestExecutionClient({ clientId: ClientId("IB"), venue: Venue("IB"), accountId: AccountId("IB-1"), traderId: TRADER, bus: core.bus, clock: core.clock, logger: core.logger });
    void other.connect();
    return { core, other };
  }

  it("explicit clientId, then routing.venues, then the client's venue, then routing.default", () => {
    const { core, other } = twoClients();
    core.exec.registerClient(other, { venues: ["NASDAQ"], default: true });
    for (const id of ["X.NASDAQ", "Y.ARCA"]) core.cache.addInstrument(new Equity({ ...fields(AAPL), id: InstrumentId(id) }));
    core.submit(makeOrder({ id: "O-1" }), { clientId: ClientId("IB") });
    core.submit(makeOrder({ id: "O-2", instrumentId: InstrumentId("X.NASDAQ") }));
    core.submit(makeOrder({ id: "O-3" }));
    core.submit(makeOrder({ id: "O-4", instrumentId: InstrumentId("Y.ARCA") }));
    const sentTo = (c: TestExecutionClient) => c.commands.map((cmd) => (cmd.type === "SubmitOrder" ? cmd.order.clientOrderId : cmd.type));
    expect(sentTo(other)).toEqual(["O-1", "O-2", "O-4"]);
    expect(sentTo(core.client)).toEqual(["O-3"]);
  });

  it("drops commands for externalClients and denies an order no client routes", () => {
    const core = makeCore({ exec: { externalClients: ["EXT"] } });
    core.exec.execute({ type: "SubmitOrder", traderId: TRADER, strategyId: S1, instrumentId: AAPL.id, order: makeOrder({ id: "O-1" }), clientId: ClientId("EXT"), commandId: "c1", tsInit: T0 });
    expect(core.client.commands).toHaveLength(0);
    core.cache.addOrder(makeOrder({ id: "O-2", instrumentId: InstrumentId("Z.NOWHERE") }));
    core.exec.execute({ type: "SubmitOrder", traderId: TRADER, strategyId: S1, instrumentId: InstrumentId("Z.NOWHERE"), order: core.order("O-2"), commandId: "c2", tsInit: T0 });
    expect(core.order("O-2").status).toBe("DENIED");
    expect(core.logs("error").some((m) => m.startsWith("No execution client found for SubmitOrder on NOWHERE"))).toBe(true);
  });

  it("a client that throws on submit gets the order denied while it is INITIALIZED", async () => {
    const core = makeCore();
    await core.client.disconnect();
    core.submit(makeOrder({ id: "O-1" }));
    expect(core.order("O-1").status).toBe("DENIED");
    expect(core.logs("error").some((m) => m.includes("is not connected"))).toBe(true);
  });

  it("routes cancel, modify, cancel-all and query commands and records local activity", () => {
    const core = makeCore();
    const o = working(core, "O-1");
    core.clock.advanceTimeBy(5n);
    const cancel: CancelOrder = { type: "CancelOrder", traderId: TRADER, strategyId: S1, instrumentId: AAPL.id, clientOrderId: o.clientOrderId, commandId: "c", tsInit: T0 };
    core.send(cancel);
    expect(o.status).toBe("CANCELED");
    expect(core.exec.lastLocalActivity(o.clientOrderId)).toBe(T0 + 5n);
    expect(core.exec.lastLocalActivity(ClientOrderId("NEVER"))).toBeUndefined();
  });
});

describe("ExecEngine command kinds", () => {
  it("cancel-all (by side), batch cancel, query account and mass status reach the client", async () => {
    const core = makeCore();
    working(core, "B-1");
    working(core, "S-1", { id: "S-1", side: "SELL", price: "120.00" });
    working(core, "B-2");
    const base = { traderId: TRADER, strategyId: S1, instrumentId: AAPL.id, tsInit: T0 };
    core.send({ ...base, type: "CancelAllOrders", orderSide: "SELL", commandId: "c1" });
    expect([core.order("B-1").status, core.order("S-1").status]).toEqual(["ACCEPTED", "CANCELED"]);
    core.send({ ...base, type: "BatchCancelOrders", cancels: ["B-1", "B-2"].map((id) => ({ ...base, type: "CancelOrder" as const, clientOrderId: ClientOrderId(id), commandId: `x-${id}` })), commandId: "c2" });
    expect([core.order("B-1").status, core.order("B-2").status]).toEqual(["CANCELED", "CANCELED"]);
    const accounts: unknown[] = [];
    core.bus.register("Portfolio.update_account", (a: unknown) => accounts.push(a));
    core.send({ traderId: TRADER, strategyId: S1, type: "QueryAccount", accountId: ACC, venue: Venue("SIM"), commandId: "c3", tsInit: T0 });
    expect(accounts).toHaveLength(1);
    const seen: string[] = [];
    core.exec.setReconciler({ reconcile: (report) => (seen.push(report.type), []) });
    core.send({ traderId: TRADER, strategyId: S1, type: "GenerateExecutionMassStatus", venue: Venue("SIM"), lookbackMins: 60, commandId: "c4", tsInit: T0 });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(["ExecutionMassStatus"]);
  });
});

describe("ExecEngine positions: NETTING and HEDGING ids", () => {
  it("NETTING: one position per instrument and strategy, {instrument}-{strategy}", () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "10" }));
    core.submit(makeOrder({ id: "O-2", type: "MARKET", qty: "5" }));
    core.submit(makeOrder({ id: "O-3", type: "MARKET", qty: "5", strategyId: S2 }));
    core.submit(makeOrder({ id: "O-4", type: "MARKET", qty: "5", instrumentId: MSFT.id }));
    expect(core.cache.positions().map((p) => [p.id, p.quantity.toString()])).toEqual([
      ["AAPL.SIM-EMACross-001", "15"],
      ["AAPL.SIM-Other-002", "5"],
      ["MSFT.SIM-EMACross-001", "5"],
    ]);
    expect(core.positionEvents.map((e) => e.type)).toEqual(["PositionOpened", "PositionChanged", "PositionOpened", "PositionOpened"]);
  });

  it("NETTING re-stamps a fill carrying a venue position id, with a warning", () => {
    const core = makeCore();
    const o = working(core, "O-1");
    fill(core, o, "100", "100.00", { positionId: "VENUE-9" });
    expect(core.position("AAPL.SIM-EMACross-001")?.quantity.toString()).toBe("100");
    expect(core.logs("warn").some((m) => m.includes("fill position id VENUE-9 replaced by AAPL.SIM-EMACross-001"))).toBe(true);
  });

  it("HEDGING: a generated id per order, reused by the order's later fills; a venue id is kept", () => {
    const core = makeCore({ omsType: "HEDGING" });
    const a = working(core, "O-1");
    const b = working(core, "O-2");
    fill(core, a, "40", "100.00");
    fill(core, a, "60", "100.00");
    fill(core, b, "100", "100.00");
    const c = working(core, "O-3");
    fill(core, c, "100", "100.00", { positionId: "VENUE-POS-7" });
    const ids = core.cache.positions().map((p) => p.id);
    expect(ids).toEqual(["P-20231114-221320-001-001-1", "P-20231114-221320-001-001-2", "VENUE-POS-7"]);
    expect(core.position("P-20231114-221320-001-001-1")?.quantity.toString()).toBe("100");
  });

  it("a strategy OMS override wins over the venue's", () => {
    const core = makeCore({ omsType: "NETTING" });
    core.exec.registerStrategy(S1, { omsType: "HEDGING" });
    expect(core.exec.omsTypeFor(S1, AAPL.id)).toBe("HEDGING");
    expect(core.exec.omsTypeFor(S2, AAPL.id)).toBe("NETTING");
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    expect(core.cache.positions()[0]?.id).toMatch(/^P-/);
  });

  it("NETTING denies a SubmitOrder naming another position id", () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1" }), { positionId: PositionId("P-OTHER") });
    expect(core.order("O-1").status).toBe("DENIED");
    core.submit(makeOrder({ id: "O-2" }), { positionId: PositionId("AAPL.SIM-EMACross-001") });
    expect(core.order("O-2").status).toBe("ACCEPTED");
  });
});

describe("ExecEngine zero-crossing fills", () => {
  it("splits a fill through zero into a close and an open, commission prorated exactly", () => {
    const core = makeCore({ withDatabase: true });
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "10" }));
    const s = working(core, "O-2", { id: "O-2", side: "SELL", qty: "15", price: "110.00" });
    fill(core, s, "15", "110.00", { commission: "1.50" });
    const types = core.positionEvents.map((e) => `${e.type}:${e.snapshot.side}:${e.snapshot.quantity}`);
    expect(types).toEqual(["PositionOpened:LONG:10", "PositionClosed:FLAT:0", "PositionOpened:SHORT:5"]);
    const closed = core.positionEvents[1];
    expect(closed?.snapshot.realizedPnl.toString()).toBe("99.00 USD"); // 10 x (110 - 100) - 1.00 commission
    const reopened = core.position("AAPL.SIM-EMACross-001");
    expect(reopened?.side).toBe("SHORT");
    expect(reopened?.commissions().map(String)).toEqual(["0.50 USD"]);
    expect(core.cache.positionSnapshots(PositionId("AAPL.SIM-EMACross-001"))).toHaveLength(1);
    expect(s.status).toBe("FILLED");
  });
});

describe("ExecEngine HEDGING flips", () => {
  it("a flip of an engine-generated position opens the remainder under a fresh flip id", () => {
    const core = makeCore({ omsType: "HEDGING" });
    const buy = working(core, "O-1", { id: "O-1", qty: "10" });
    fill(core, buy, "10", "100.00");
    const id = core.cache.positions()[0]?.id as string;
    const sell = working(core, "O-2", { id: "O-2", side: "SELL", qty: "15" });
    fill(core, sell, "15", "101.00", { positionId: id });
    const positions = core.cache.positions().map((p) => [p.id, p.side, p.quantity.toString()]);
    expect(positions).toEqual([
      [id, "FLAT", "0"],
      [`${id.replace(/-1$/, "")}-2F`, "SHORT", "5"],
    ]);
    expect(core.positionEvents.map((e) => `${e.type}:${e.positionId === id ? "old" : "new"}`)).toEqual(["PositionOpened:old", "PositionClosed:old", "PositionOpened:new"]);
  });
});

describe("ExecEngine fills: duplicates and overfills", () => {
  it("a repeated trade id on an order is ignored with a warning", () => {
    const core = makeCore();
    const o = working(core, "O-1");
    fill(core, o, "50", "100.00", { tradeId: "T-DUP" });
    fill(core, o, "50", "100.00", { tradeId: "T-DUP" });
    expect(o.filledQty.toString()).toBe("50");
    expect(core.position("AAPL.SIM-EMACross-001")?.quantity.toString()).toBe("50");
    expect(core.logs("warn").some((m) => m.startsWith("Duplicate fill: O-1 trade_id=T-DUP"))).toBe(true);
  });

  it("an overfill is logged ERROR and rejected unless allowOverfills", () => {
    const core = makeCore();
    const o = working(core, "O-1");
    fill(core, o, "80", "100.00");
    fill(core, o, "30", "100.00");
    expect(o.filledQty.toString()).toBe("80");
    expect(core.logs("error").some((m) => m.startsWith("Order overfill rejected: O-1 potential_overfill=10"))).toBe(true);

    const lenient = makeCore({ exec: { allowOverfills: true } });
    const p = working(lenient, "O-1");
    fill(lenient, p, "80", "100.00");
    fill(lenient, p, "30", "100.00");
    expect(p.filledQty.toString()).toBe("110");
    expect(p.overfillQty.toString()).toBe("10");
    expect(lenient.position("AAPL.SIM-EMACross-001")?.quantity.toString()).toBe("110");
  });

  it("an event for an unknown order is logged, an invalid transition warned, and neither is published", () => {
    const core = makeCore();
    const ghost = makeOrder({ id: "GHOST" });
    core.exec.process(OrderEvents.canceled(ghost, { eventId: "e1", tsEvent: T0, tsInit: T0 }));
    const o = working(core, "O-1");
    const before = core.orderEvents.length;
    core.exec.process(OrderEvents.submitted(o, ACC, { eventId: "e2", tsEvent: T0, tsInit: T0 }));
    expect(core.orderEvents.length).toBe(before);
    expect(core.logs("error").some((m) => m.includes("order GHOST not found"))).toBe(true);
    expect(core.logs("warn").some((m) => m.startsWith("InvalidStateTrigger"))).toBe(true);
  });

  it("finds the order by venue order id when the client order id is unknown", () => {
    const core = makeCore();
    const o = working(core, "O-1");
    const stranger = { ...OrderEvents.canceled(o, { eventId: "e1", tsEvent: T0, tsInit: T0 }), clientOrderId: ClientOrderId("UNKNOWN") } as OrderEvent;
    core.exec.process(stranger);
    expect(o.status).toBe("CANCELED");
  });
});

describe("ExecEngine external order claims", () => {
  it("registers claims in the cache, all or none", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { externalOrderClaims: [AAPL.id] });
    expect(core.exec.externalOrderClaim(AAPL.id)).toBe(S1);
    expect(() => core.exec.registerExternalOrderClaims(S2, [MSFT.id, AAPL.id])).toThrow(/already exists for EMACross-001/);
    expect(core.exec.externalOrderClaim(MSFT.id)).toBeUndefined();
    core.exec.registerExternalOrderClaims(S2, [MSFT.id]);
    expect(core.cache.externalOrderClaim(MSFT.id)).toBe(S2);
  });
});

describe("ExecEngine reconciliation hooks", () => {
  it("reconcileExecutionReport runs the installed reconciler and processes its events", async () => {
    const core = makeCore();
    const o = working(core, "O-1");
    const seen: ExecutionReport[] = [];
    core.exec.setReconciler({
      reconcile: (report, ctx) => {
        seen.push(report);
        const order = ctx.cache.order(o.clientOrderId) as Order;
        return [OrderEvents.canceled(order, { eventId: "r1", tsEvent: ctx.tsNow, tsInit: ctx.tsNow, reconciliation: true })];
      },
    });
    core.bus.send("ExecEngine.reconcile_execution_report", ExecutionReports.order((await core.client.generateOrderStatusReport({ instrumentId: AAPL.id, clientOrderId: o.clientOrderId }))!));
    expect(seen.map((r) => r.type)).toEqual(["OrderStatusReport"]);
    expect(o.status).toBe("CANCELED");
    expect(core.orderEvents.at(-1)?.reconciliation).toBe(true);
    expect(core.exec.queueBacklog()).toBe(0);
  });

  it("without a reconciler a report is logged and dropped", () => {
    const core = makeCore();
    core.exec.reconcileExecutionReport({ type: "FillReport", report: {} as never });
    expect(core.logs("warn")).toContain("No reconciler installed: FillReport not reconciled");
  });

  it("processEvents applies events in order through the event path", () => {
    const core = makeCore();
    const o = working(core, "O-1");
    const m = (id: string) => ({ eventId: id, tsEvent: T0, tsInit: T0 });
    core.exec.processEvents([OrderEvents.pendingCancel(o, m("a")), OrderEvents.canceled(o, m("b"))]);
    expect(core.types().slice(-2)).toEqual(["O-1:OrderPendingCancel", "O-1:OrderCanceled"]);
  });
});
