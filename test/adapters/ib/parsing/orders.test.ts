/** Model orders -> IB orders (every type and TIF), IB types / TIFs / statuses -> model. */
import { describe, expect, it } from "vitest";
import { OrderSide, OrderStatus, OrderType, TimeInForce, TrailingOffsetType, type OrderType as OT, type TimeInForce as TIF } from "../../../../src/model/enums.js";
import { Price, Quantity } from "../../../../src/model/values.js";
import { orderStatusFromIb, orderTypeFromIb, tifFromIb, toIbOrder, type OrderFields } from "../../../../src/adapters/ib/parsing/orders.js";
import { isCortanaError } from "../../../../src/common/errors.js";

const base = (orderType: OT, extra: Partial<OrderFields> = {}): OrderFields => ({
  side: OrderSide.BUY, orderType, quantity: Quantity.from("10"), timeInForce: TimeInForce.DAY, ...extra,
});
const X = { orderRef: "O-1", account: "DU1234567" };
const P = (s: string) => Price.from(s);

describe("toIbOrder: order types", () => {
  it.each([
    ["MARKET", {}, { orderType: "MKT" }],
    ["LIMIT", { price: P("600.25") }, { orderType: "LMT", lmtPrice: 600.25 }],
    ["STOP_MARKET", { triggerPrice: P("590.5") }, { orderType: "STP", auxPrice: 590.5 }],
    ["STOP_LIMIT", { price: P("589"), triggerPrice: P("590") }, { orderType: "STP LMT", lmtPrice: 589, auxPrice: 590 }],
    ["MARKET_IF_TOUCHED", { triggerPrice: P("610") }, { orderType: "MIT", auxPrice: 610 }],
    ["LIMIT_IF_TOUCHED", { price: P("611"), triggerPrice: P("610") }, { orderType: "LIT", lmtPrice: 611, auxPrice: 610 }],
    ["TRAILING_STOP_MARKET", { trailingOffset: P("1.5"), trailingOffsetType: TrailingOffsetType.PRICE }, { orderType: "TRAIL", auxPrice: 1.5 }],
    ["TRAILING_STOP_MARKET", { trailingOffset: P("50"), trailingOffsetType: TrailingOffsetType.BASIS_POINTS, triggerPrice: P("590") }, { orderType: "TRAIL", trailingPercent: 0.5, trailStopPrice: 590 }],
    ["TRAILING_STOP_LIMIT", { trailingOffset: P("1"), limitOffset: P("0.1"), trailingOffsetType: TrailingOffsetType.PRICE }, { orderType: "TRAIL LIMIT", auxPrice: 1, lmtPriceOffset: 0.1 }],
    ["MARKET_TO_LIMIT", {}, { orderType: "MTL" }],
  ] as const)("%s", (type, extra, expected) => {
    const o = toIbOrder(base(type as OT, extra as Partial<OrderFields>), X);
    expect(o).toMatchObject({ action: "BUY", totalQuantity: 10, orderRef: "O-1", account: "DU1234567", transmit: true, ...expected });
  });

  it("refuses a LIMIT without a price and a trailing order in TICKS with CORTANA_E_MODEL_INVALID", () => {
    for (const f of [base("LIMIT"), base("TRAILING_STOP_MARKET", { trailingOffset: P("2"), trailingOffsetType: TrailingOffsetType.TICKS })]) {
      const err = (() => { try { toIbOrder(f, X); } catch (e) { return e; } })();
      expect(isCortanaError(err) && err.code).toBe("CORTANA_E_MODEL_INVALID");
    }
  });

  it("round-trips every order type through IB's names", () => {
    for (const t of Object.values(OrderType)) expect(orderTypeFromIb(toIbOrder(base(t, { price: P("1"), triggerPrice: P("1"), trailingOffset: P("1") }), X).orderType)).toBe(t);
  });
});

describe("toIbOrder: time in force, brackets, OCA", () => {
  it.each([["DAY", "DAY"], ["GTC", "GTC"], ["IOC", "IOC"], ["FOK", "FOK"], ["AT_THE_OPEN", "OPG"]] as const)("%s -> %s", (tif, ib) => {
    expect(toIbOrder(base("MARKET", { timeInForce: tif as TIF }), X).tif).toBe(ib);
    expect(tifFromIb(ib)).toBe(tif);
  });

  it("GTD carries goodTillDate in UTC dash form", () => {
    const expireTime = BigInt(Date.UTC(2026, 10, 27, 20, 30, 5)) * 1_000_000n;
    const o = toIbOrder(base("LIMIT", { price: P("1"), timeInForce: TimeInForce.GTD, expireTime }), X);
    expect([o.tif, o.goodTillDate]).toEqual(["GTD", "20261127-20:30:05"]);
  });

  it("sets parentId, transmit and the OCA group and type", () => {
    const o = toIbOrder(base("LIMIT", { price: P("1"), side: OrderSide.SELL }), { ...X, parentId: 7, transmit: false, ocaGroup: "G1", ocaType: 1 });
    expect(o).toMatchObject({ action: "SELL", parentId: 7, transmit: false, ocaGroup: "G1", ocaType: 1 });
  });
});

describe("IB order status -> model", () => {
  it.each([
    ["ApiPending", 0, OrderStatus.SUBMITTED], ["PendingSubmit", 0, OrderStatus.SUBMITTED],
    ["PreSubmitted", 0, OrderStatus.ACCEPTED], ["Submitted", 0, OrderStatus.ACCEPTED], ["Submitted", 3, OrderStatus.PARTIALLY_FILLED],
    ["PendingCancel", 0, OrderStatus.PENDING_CANCEL], ["ApiCancelled", 0, OrderStatus.CANCELED], ["Cancelled", 2, OrderStatus.CANCELED],
    ["Filled", 10, OrderStatus.FILLED], ["Inactive", 0, OrderStatus.REJECTED], ["Unknown", 0, undefined],
  ] as const)("%s (filled %d) -> %s", (ib, filled, model) => {
    expect(orderStatusFromIb(ib, filled)).toBe(model);
  });
});
