import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/common/test-clock.js";
import { UUID_V4_RE, sequentialUuids } from "../../src/common/uuid.js";
import { StrategyId } from "../../src/model/identifiers.js";
import { Price, Quantity } from "../../src/model/values.js";
import { OrderFactory } from "../../src/trading/order-factory.js";
import { AAPL, T0, TRADER } from "./fixtures.js";

function factory(extra: { useUuidClientOrderIds?: boolean; useHyphensInClientOrderIds?: boolean } = {}) {
  return new OrderFactory({ traderId: TRADER, strategyId: StrategyId("EmaCross-007"), clock: new TestClock(T0), uuid: sequentialUuids(), ...extra });
}

const base = { instrumentId: AAPL.id, side: "BUY", quantity: Quantity.from("10") } as const;
const px = (s: string) => Price.from(s);

describe("OrderFactory", () => {
  it("builds every order type as INITIALIZED with Nautilus-format client order ids", () => {
    const f = factory();
    const orders = [
      f.market(base),
      f.limit({ ...base, price: px("99.50"), postOnly: true }),
      f.stopMarket({ ...base, triggerPrice: px("101.00") }),
      f.stopLimit({ ...base, price: px("101.50"), triggerPrice: px("101.00") }),
      f.marketIfTouched({ ...base, triggerPrice: px("98.00") }),
      f.limitIfTouched({ ...base, price: px("98.10"), triggerPrice: px("98.00") }),
      f.trailingStopMarket({ ...base, trailingOffset: px("0.50"), trailingOffsetType: "PRICE" }),
      f.trailingStopLimit({ ...base, trailingOffset: px("0.50"), trailingOffsetType: "PRICE", limitOffset: px("0.10") }),
      f.marketToLimit(base),
    ];
    expect(orders.map((o) => o.orderType)).toEqual([
      "MARKET", "LIMIT", "STOP_MARKET", "STOP_LIMIT", "MARKET_IF_TOUCHED", "LIMIT_IF_TOUCHED", "TRAILING_STOP_MARKET", "TRAILING_STOP_LIMIT", "MARKET_TO_LIMIT",
    ]);
    expect(orders.every((o) => o.status === "INITIALIZED" && o.strategyId === "EmaCross-007" && o.traderId === TRADER)).toBe(true);
    expect(orders.map((o) => o.clientOrderId)).toEqual(orders.map((_, i) => `O-20231114-221320-001-007-${i + 1}`));
    expect(orders[1]?.price?.toString()).toBe("99.50");
    expect(orders[1]?.postOnly).toBe(true);
    expect(orders[0]?.postOnly).toBe(false);
    expect(orders[3]?.triggerPrice?.toString()).toBe("101.00");
    expect(orders[3]?.triggerType).toBe("DEFAULT");
    expect(orders[6]?.trailingOffset?.toString()).toBe("0.50");
    expect(orders[7]?.limitOffset?.toString()).toBe("0.10");
    expect(orders[0]?.timeInForce).toBe("GTC");
    expect(orders[0]?.initEvent.tsInit).toBe(T0);
  });

  it("carries time in force, GTD expiry, reduce-only and tags", () => {
    const f = factory();
    const o = f.limit({ ...base, price: px("1.00"), timeInForce: "GTD", expireTime: T0 + 60n, reduceOnly: true, tags: ["EXIT"] });
    expect([o.timeInForce, o.expireTime, o.reduceOnly, o.tags]).toEqual(["GTD", T0 + 60n, true, ["EXIT"]]);
    expect(f.limit({ ...base, price: px("1.00"), expireTime: T0 }).expireTime).toBeUndefined();
  });

  it("rejects inconsistent orders through the model (CORTANA_E_MODEL_INVALID)", () => {
    const f = factory();
    expect(() => f.market({ ...base, timeInForce: "GTD", expireTime: T0 })).toThrow(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
    expect(() => f.limit({ ...base, quantity: Quantity.from("0"), price: px("1") })).toThrow(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
  });

  it("uses UUIDs, or strips hyphens, as the strategy config says", () => {
    expect(factory({ useUuidClientOrderIds: true }).market(base).clientOrderId).toMatch(UUID_V4_RE);
    const f = factory({ useHyphensInClientOrderIds: false });
    expect(f.market(base).clientOrderId).toBe("O20231114221320001007" + "1");
    expect(f.nextOrderListId()).toBe("OL20231114221320001007" + "1");
  });

  it("resumes counting after a restart", () => {
    const f = factory();
    f.setClientOrderIdCount(41);
    f.setOrderListIdCount(3);
    expect(f.market(base).clientOrderId).toBe("O-20231114-221320-001-007-42");
    expect(f.nextOrderListId()).toBe("OL-20231114-221320-001-007-4");
    expect([f.clientOrderIdCount, f.orderListIdCount]).toEqual([42, 4]);
    f.reset();
    expect([f.clientOrderIdCount, f.orderListIdCount]).toEqual([0, 0]);
  });

  it("bracket: OTO entry linked to both children; take-profit LIMIT and stop-loss STOP_MARKET linked OUO by default", () => {
    const list = factory().bracket({ ...base, takeProfitPrice: px("110.00"), stopLossTriggerPrice: px("95.00") });
    const [entry, tp, sl] = list.orders;
    expect(list.id).toBe("OL-20231114-221320-001-007-1");
    expect([entry?.orderType, tp?.orderType, sl?.orderType]).toEqual(["MARKET", "LIMIT", "STOP_MARKET"]);
    expect(entry?.contingencyType).toBe("OTO");
    expect(entry?.linkedOrderIds).toEqual([tp?.clientOrderId, sl?.clientOrderId]);
    expect([tp?.contingencyType, sl?.contingencyType]).toEqual(["OUO", "OUO"]);
    expect(tp?.linkedOrderIds).toEqual([sl?.clientOrderId]);
    expect(sl?.linkedOrderIds).toEqual([tp?.clientOrderId]);
    expect([tp?.parentOrderId, sl?.parentOrderId]).toEqual([entry?.clientOrderId, entry?.clientOrderId]);
    expect([tp?.side, sl?.side, tp?.reduceOnly, sl?.reduceOnly]).toEqual(["SELL", "SELL", true, true]);
    expect(list.orders.every((o) => o.orderListId === list.id)).toBe(true);
  });

  it("bracket: LIMIT entry with OCO children; bad price order is refused", () => {
    const f = factory();
    const list = f.bracket({ ...base, side: "SELL", entryPrice: px("100.00"), takeProfitPrice: px("90.00"), stopLossTriggerPrice: px("105.00"), contingencyType: "OCO" });
    const [entry, tp, sl] = list.orders;
    expect([entry?.orderType, entry?.price?.toString(), tp?.side]).toEqual(["LIMIT", "100.00", "BUY"]);
    expect([tp?.contingencyType, sl?.contingencyType]).toEqual(["OCO", "OCO"]);
    expect(() => f.bracket({ ...base, takeProfitPrice: px("90.00"), stopLossTriggerPrice: px("95.00") })).toThrow(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
  });

  it("orderList groups built orders under a fresh list id", () => {
    const f = factory();
    const a = f.market(base);
    const b = f.market(base);
    const list = f.orderList([a, b]);
    expect(list.clientOrderIds).toEqual([a.clientOrderId, b.clientOrderId]);
    expect(list.id).toBe("OL-20231114-221320-001-007-1");
  });
});
