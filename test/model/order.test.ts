/** Order fill rules, previousStatus restoration, updates, validation, predicates, lists and brackets. */
import { describe, expect, it } from "vitest";
import { EUR, USD } from "../../src/model/currency.js";
import { OrderEvents } from "../../src/model/events.js";
import { ClientOrderId, OrderListId, PositionId, VenueOrderId } from "../../src/model/identifiers.js";
import { Order } from "../../src/model/orders/order.js";
import { OrderList, buildBracket } from "../../src/model/orders/list.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { ACCOUNT, SPY, STRATEGY, TRADER, VOID, accepted, fill, init, meta, order } from "./fixtures.js";

const code = (c: string) => expect.objectContaining({ code: c });

describe("fills", () => {
  it("PARTIALLY_FILLED while filled < quantity, then FILLED; avgPx is the exact VWAP", () => {
    const o = order();
    accepted(o);
    o.apply(fill(o, 30, "100.00", "T1", 10n, "0.30"));
    expect(o.status).toBe("PARTIALLY_FILLED");
    expect(o.filledQty.toString()).toBe("30");
    expect(o.leavesQty.toString()).toBe("70");
    o.apply(fill(o, 40, "100.01", "T2", 11n, "0.40"));
    o.apply(fill(o, 30, "100.03", "T3", 12n, "0.30"));
    expect(o.status).toBe("FILLED");
    expect(o.leavesQty.isZero()).toBe(true);
    // (30*100 + 40*100.01 + 30*100.03) / 100 = 100.013
    expect(o.avgPx?.toString()).toBe("100.013");
    expect(o.tradeIds).toEqual(["T1", "T2", "T3"]);
    expect(o.lastTradeId).toBe("T3");
    expect(o.commissions().map(String)).toEqual(["1.00 USD"]);
    expect(o.tsClosed).toBe(12n);
    expect(o.tsLast).toBe(12n);
    expect(o.isClosed()).toBe(true);
    expect(o.isOpen()).toBe(false);
  });

  it("a repeated trade id raises CORTANA_E_DUPLICATE_TRADE_ID and changes nothing", () => {
    const o = order();
    accepted(o);
    const f = fill(o, 10, "100.00", "T1");
    o.apply(f);
    expect(() => o.apply({ ...f, eventId: "other" })).toThrowError(code("CORTANA_E_DUPLICATE_TRADE_ID"));
    expect(o.filledQty.toString()).toBe("10");
    expect(o.eventCount).toBe(4);
    expect(o.hasTradeId(f.tradeId)).toBe(true);
  });

  it("an overfill clamps leaves at zero and accumulates overfillQty", () => {
    const o = order();
    accepted(o);
    expect(o.prospectiveOverfill(Quantity.from(120)).toString()).toBe("20");
    expect(o.prospectiveOverfill(Quantity.from(50)).isZero()).toBe(true);
    o.apply(fill(o, 90, "100.00", "T1"));
    o.apply(fill(o, 15, "100.00", "T2"));
    expect(o.status).toBe("FILLED");
    expect(o.leavesQty.isZero()).toBe(true);
    expect(o.overfillQty.toString()).toBe("5");
    expect(o.filledQty.toString()).toBe("105");
  });

  it("a late fill on a CANCELED order applies; a fill in INITIALIZED does not", () => {
    const o = order();
    accepted(o);
    o.apply(OrderEvents.canceled(o, meta()));
    o.apply(fill(o, 100, "100.00", "LATE"));
    expect(o.status).toBe("FILLED");
    const fresh = order();
    expect(() => fresh.apply(fill(fresh, 1, "100.00", "X"))).toThrowError(code("CORTANA_E_INVALID_STATE_TRIGGER"));
  });

  it("a fill records venue order id, position id and first-acceptance time", () => {
    const o = order();
    o.apply(OrderEvents.submitted(o, ACCOUNT, meta(3n)));
    o.apply({ ...fill(o, 100, "99.50", "T1", 7n), positionId: PositionId("P-9") });
    expect(o.venueOrderId).toBe(VOID);
    expect(o.positionId).toBe("P-9");
    expect(o.tsAccepted).toBe(7n);
    expect(o.tsSubmitted).toBe(3n);
  });

  it("an event with a different venue order id is refused", () => {
    const o = order();
    accepted(o);
    expect(() => o.apply({ ...fill(o, 1, "100.00", "T1"), venueOrderId: VenueOrderId("OTHER") })).toThrowError(/differs/);
    expect(() => o.apply(OrderEvents.canceled({ ...o, venueOrderId: VenueOrderId("OTHER"), strategyId: o.strategyId, accountId: o.accountId }, meta()))).toThrowError(/differs/);
    expect(o.status).toBe("ACCEPTED");
  });
});

describe("previousStatus restoration", () => {
  it("ModifyRejected in PENDING_UPDATE restores the status before the request", () => {
    const o = order();
    accepted(o);
    o.apply(fill(o, 10, "100.00", "T1"));
    o.apply(OrderEvents.pendingUpdate(o, meta()));
    expect(o.previousStatus).toBe("PARTIALLY_FILLED");
    o.apply(OrderEvents.pendingUpdate(o, meta())); // a second request keeps the original previous status
    expect(o.previousStatus).toBe("PARTIALLY_FILLED");
    o.apply(OrderEvents.modifyRejected(o, "no", meta()));
    expect(o.status).toBe("PARTIALLY_FILLED");
  });

  it("CancelRejected in PENDING_CANCEL restores ACCEPTED; outside PENDING_CANCEL it changes nothing", () => {
    const o = order();
    accepted(o);
    o.apply(OrderEvents.pendingCancel(o, meta()));
    o.apply(OrderEvents.cancelRejected(o, "too late", meta()));
    expect(o.status).toBe("ACCEPTED");
    o.apply(OrderEvents.cancelRejected(o, "again", meta()));
    expect(o.status).toBe("ACCEPTED");
  });

  it("PENDING_UPDATE then PENDING_CANCEL then CancelRejected goes back to the pre-request status", () => {
    const o = order();
    accepted(o);
    o.apply(OrderEvents.pendingUpdate(o, meta()));
    o.apply(OrderEvents.pendingCancel(o, meta()));
    expect(o.previousStatus).toBe("ACCEPTED");
    o.apply(OrderEvents.cancelRejected(o, "x", meta()));
    expect(o.status).toBe("ACCEPTED");
  });

  it("Updated in PENDING_UPDATE restores the status and applies quantity, price and trigger", () => {
    const o = order({ orderType: "STOP_LIMIT" });
    accepted(o);
    o.apply(fill(o, 40, "100.00", "T1"));
    o.apply(OrderEvents.pendingUpdate(o, meta()));
    o.apply(
      OrderEvents.updated(o, { quantity: Quantity.from(150), price: Price.from("101.00"), triggerPrice: Price.from("100.50") }, meta()),
    );
    expect(o.status).toBe("PARTIALLY_FILLED");
    expect(o.quantity.toString()).toBe("150");
    expect(o.leavesQty.toString()).toBe("110");
    expect(o.price?.toString()).toBe("101.00");
    expect(o.triggerPrice?.toString()).toBe("100.50");
  });

  it("Updated may carry a new venue order id (cancel-replace venues)", () => {
    const o = order();
    accepted(o);
    o.apply(OrderEvents.updated(o, { quantity: Quantity.from(100), venueOrderId: VenueOrderId("1002") }, meta()));
    expect(o.venueOrderId).toBe("1002");
    expect(o.venueOrderIds).toEqual(["1001", "1002"]);
    expect(o.status).toBe("ACCEPTED");
  });

  it("an updated quantity below the filled quantity leaves zero to fill", () => {
    const o = order();
    accepted(o);
    o.apply(fill(o, 60, "100.00", "T1"));
    o.apply(OrderEvents.updated(o, { quantity: Quantity.from(50) }, meta()));
    expect(o.leavesQty.isZero()).toBe(true);
  });
});

describe("predicates", () => {
  it("isOpen / isInflight / isClosed follow the status; emulated orders are not open", () => {
    const o = order();
    expect([o.isOpen(), o.isInflight(), o.isClosed(), o.isActiveLocal()]).toEqual([false, false, false, true]);
    o.apply(OrderEvents.submitted(o, ACCOUNT, meta()));
    expect([o.isOpen(), o.isInflight(), o.isClosed()]).toEqual([false, true, false]);
    o.apply(OrderEvents.accepted(o, VOID, ACCOUNT, meta()));
    expect([o.isOpen(), o.isInflight(), o.isClosed()]).toEqual([true, false, false]);
    o.apply(OrderEvents.pendingCancel(o, meta()));
    expect([o.isOpen(), o.isInflight(), o.isPendingCancel()]).toEqual([true, true, true]);
    o.apply(OrderEvents.canceled(o, meta()));
    expect([o.isOpen(), o.isInflight(), o.isClosed(), o.isCanceled(), o.isTerminal()]).toEqual([false, false, true, true, false]);
    const emulated = order({ emulationTrigger: "BID_ASK" });
    emulated.apply(OrderEvents.emulated(emulated, meta()));
    expect(emulated.isEmulated()).toBe(true);
    emulated.apply(OrderEvents.released(emulated, Price.from("100.00"), meta()));
    expect(emulated.emulationTrigger).toBe("NO_TRIGGER");
  });

  it("passive / aggressive, buy / sell, signed quantity and reduce-only checks", () => {
    const m = order({ orderType: "MARKET", side: "SELL" });
    expect([m.isAggressive(), m.isPassive(), m.isSell(), m.isBuy()]).toEqual([true, false, true, false]);
    expect(m.signedQtyRaw()).toBe(-100_000_000_000n);
    expect(m.wouldReduceOnly("LONG", Quantity.from(100))).toBe(true);
    expect(m.wouldReduceOnly("LONG", Quantity.from(99))).toBe(false);
    expect(m.wouldReduceOnly("SHORT", Quantity.from(500))).toBe(false);
    expect(m.wouldReduceOnly("FLAT", Quantity.from(0))).toBe(false);
    expect(order().isPassive()).toBe(true);
  });
});

describe("construction rules", () => {
  const bad: [string, Parameters<typeof init>[0]][] = [
    ["zero quantity", { quantity: Quantity.from(0) }],
    ["LIMIT without price", { orderType: "LIMIT", price: undefined }],
    ["STOP_MARKET without trigger", { orderType: "STOP_MARKET", triggerPrice: undefined }],
    ["STOP_LIMIT without price", { orderType: "STOP_LIMIT", price: undefined }],
    ["LIMIT_IF_TOUCHED without trigger", { orderType: "LIMIT_IF_TOUCHED", triggerPrice: undefined }],
    ["MARKET with a price", { orderType: "MARKET", price: Price.from("1.00") }],
    ["MARKET GTD", { orderType: "MARKET", timeInForce: "GTD", expireTime: 5n }],
    ["GTD without expire time", { timeInForce: "GTD" }],
    ["trailing without offset", { orderType: "TRAILING_STOP_MARKET", trailingOffset: undefined }],
    ["trailing without offset type", { orderType: "TRAILING_STOP_MARKET", trailingOffsetType: "NO_TRAILING_OFFSET" }],
    ["trailing limit without limit offset", { orderType: "TRAILING_STOP_LIMIT", limitOffset: undefined }],
    ["post-only MARKET", { orderType: "MARKET", postOnly: true }],
    ["display above quantity", { displayQty: Quantity.from(101) }],
  ];
  it.each(bad)("rejects %s", (_name, overrides) => {
    expect(() => order(overrides)).toThrowError(code("CORTANA_E_MODEL_INVALID"));
  });

  it("keeps expireTime only for GTD and rebuilds from events", () => {
    expect(order({ timeInForce: "DAY", expireTime: 5n }).expireTime).toBeUndefined();
    const o = order({ timeInForce: "GTD", expireTime: 9n });
    expect(o.expireTime).toBe(9n);
    accepted(o);
    o.apply(fill(o, 25, "100.00", "T1"));
    const copy = Order.fromEvents(o.events);
    expect(copy.status).toBe(o.status);
    expect(copy.filledQty.eq(o.filledQty)).toBe(true);
    expect(copy.avgPx?.eq(o.avgPx as Price)).toBe(true);
    expect(copy.previousStatus).toBe(o.previousStatus);
    expect(() => Order.fromEvents([o.events[1] as never])).toThrowError(code("CORTANA_E_MODEL_INVALID"));
  });

  it("refuses an event of another order and a second OrderInitialized", () => {
    const o = order();
    expect(() => o.apply({ ...OrderEvents.canceled(o, meta()), clientOrderId: ClientOrderId("O-2") })).toThrowError(/applied to order/);
    expect(() => o.apply(o.initEvent)).toThrowError(code("CORTANA_E_INVALID_STATE_TRIGGER"));
  });

  it("sums commissions per currency", () => {
    const o = order();
    accepted(o);
    o.apply({ ...fill(o, 50, "100.00", "T1"), commission: Money.from("1.10", USD) });
    o.apply({ ...fill(o, 50, "100.00", "T2"), commission: Money.from("0.90", EUR) });
    expect(o.commissions().map(String).sort()).toEqual(["0.90 EUR", "1.10 USD"]);
  });
});

describe("order lists and brackets", () => {
  let ids = 0;
  const params = {
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: SPY,
    orderListId: OrderListId("OL-1"),
    entryId: ClientOrderId("E-1"),
    takeProfitId: ClientOrderId("TP-1"),
    stopLossId: ClientOrderId("SL-1"),
    side: "BUY" as const,
    quantity: Quantity.from(10),
    takeProfitPrice: Price.from("110.00"),
    stopLossTriggerPrice: Price.from("95.00"),
    newEventId: () => `ev-${++ids}`,
    tsInit: 100n,
  };

  it("links entry (OTO) to take-profit and stop-loss (OUO by default), children reduce-only", () => {
    const list = buildBracket(params);
    const [entry, tp, sl] = list.orders as [Order, Order, Order];
    expect(list.id).toBe("OL-1");
    expect(list.first).toBe(entry);
    expect(list.instrumentId).toBe(SPY);
    expect(list.clientOrderIds).toEqual(["E-1", "TP-1", "SL-1"]);
    expect([entry.orderType, entry.contingencyType, entry.linkedOrderIds]).toEqual(["MARKET", "OTO", ["TP-1", "SL-1"]]);
    expect([tp.orderType, tp.side, tp.contingencyType, tp.linkedOrderIds, tp.parentOrderId, tp.reduceOnly]).toEqual([
      "LIMIT", "SELL", "OUO", ["SL-1"], "E-1", true,
    ]);
    expect([sl.orderType, sl.side, sl.triggerPrice?.toString(), sl.linkedOrderIds, sl.parentOrderId]).toEqual([
      "STOP_MARKET", "SELL", "95.00", ["TP-1"], "E-1",
    ]);
    expect(entry.isParentOrder() && tp.isChildOrder() && sl.isContingency()).toBe(true);
    expect(new Set(list.orders.map((o) => o.initId)).size).toBe(3);
  });

  it("supports OCO, a LIMIT entry and SELL brackets; refuses prices on the wrong side", () => {
    const oco = buildBracket({ ...params, contingencyType: "OCO", entryType: "LIMIT", entryPrice: Price.from("100.00") });
    expect(oco.orders[1]?.contingencyType).toBe("OCO");
    expect(oco.first.price?.toString()).toBe("100.00");
    const sell = buildBracket({ ...params, side: "SELL", takeProfitPrice: Price.from("90.00"), stopLossTriggerPrice: Price.from("105.00") });
    expect(sell.orders[2]?.side).toBe("BUY");
    expect(() => buildBracket({ ...params, takeProfitPrice: Price.from("90.00") })).toThrowError(code("CORTANA_E_MODEL_INVALID"));
    expect(() => buildBracket({ ...params, entryType: "LIMIT" })).toThrowError(code("CORTANA_E_MODEL_INVALID"));
    expect(() => buildBracket({ ...params, entryType: "LIMIT", entryPrice: Price.from("120.00") })).toThrowError(
      code("CORTANA_E_MODEL_INVALID"),
    );
    const gtd = buildBracket({ ...params, timeInForce: "GTD", childTimeInForce: "GTD", expireTime: 500n, entryType: "LIMIT", entryPrice: Price.from("100.00") });
    expect(gtd.orders.map((o) => o.expireTime)).toEqual([500n, 500n, 500n]);
  });

  it("an order list is non-empty with unique ids", () => {
    expect(() => new OrderList(OrderListId("L"), [], 1n)).toThrowError(code("CORTANA_E_MODEL_INVALID"));
    const o = order();
    expect(() => new OrderList(OrderListId("L"), [o, o], 1n)).toThrowError(code("CORTANA_E_MODEL_INVALID"));
  });
});
