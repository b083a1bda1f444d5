/**
 * Client -> server decoders, fed with the bytes the REAL @stoqey/ib Encoder produces at 193.
 */
import { describe, expect, it } from "vitest";
import {
  BarSizeSetting, ConjunctionConnection, ExecutionCondition, OptionType, TickByTickDataType, MarginCondition, OrderAction, OrderType, PercentChangeCondition,
  PriceCondition, SecType, TimeCondition, TriggerMethod, VolumeCondition, type Contract, type Order,
} from "@stoqey/ib";
import type { Encoder } from "@stoqey/ib/dist/core/io/encoder.js";
import { FrameReader } from "../../../src/sim/wire/framing.js";
import { decodeClientMessage, type ClientMessage } from "../../../src/sim/wire/decode.js";
import { WireDecodeError } from "../../../src/sim/wire/reader.js";
import { clientHandshake, encodeWithStoqey } from "./stoqey-harness.js";

/** Encode with the real client, read back through our FrameReader, decode. */
function roundTrip(fn: (enc: Encoder) => void): ClientMessage[] {
  const r = new FrameReader();
  r.push(clientHandshake());
  const evs = r.push(Buffer.concat(encodeWithStoqey(fn)));
  return evs.map((e) => {
    if (e.kind !== "frame") throw new Error(`unexpected ${e.kind}`);
    return decodeClientMessage(e.tokens);
  });
}
function one<K extends ClientMessage["kind"]>(kind: K, fn: (enc: Encoder) => void): Extract<ClientMessage, { kind: K }> {
  const [m] = roundTrip(fn);
  expect(m?.kind).toBe(kind);
  return m as Extract<ClientMessage, { kind: K }>;
}

const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD", primaryExch: "ARCA" };

describe("simple requests", () => {
  it("decodes the version-only requests", () => {
    const kinds = roundTrip((e) => {
      e.reqOpenOrders();
      e.reqAllOpenOrders();
      e.reqManagedAccts();
      e.reqCurrentTime();
      e.reqPositions();
      e.cancelPositions();
    }).map((m) => m.kind);
    expect(kinds).toEqual(["reqOpenOrders", "reqAllOpenOrders", "reqManagedAccts", "reqCurrentTime", "reqPositions", "cancelPositions"]);
  });

  it("decodes ids, market data type, auto open orders, completed orders, account updates", () => {
    expect(one("reqIds", (e) => e.reqIds(3))).toEqual({ kind: "reqIds", numIds: 3 });
    expect(one("reqMarketDataType", (e) => e.reqMarketDataType(3))).toEqual({ kind: "reqMarketDataType", marketDataType: 3 });
    expect(one("reqAutoOpenOrders", (e) => e.reqAutoOpenOrders(true))).toEqual({ kind: "reqAutoOpenOrders", autoBind: true });
    expect(one("reqCompletedOrders", (e) => e.reqCompletedOrders(false))).toEqual({ kind: "reqCompletedOrders", apiOnly: false });
    expect(one("reqAccountUpdates", (e) => e.reqAccountUpdates(true, "DU1"))).toEqual({ kind: "reqAccountUpdates", subscribe: true, account: "DU1" });
  });

  it("decodes cancel order with the CME tagging fields and global cancel", () => {
    expect(one("cancelOrder", (e) => e.cancelOrder(17, {}))).toEqual({
      kind: "cancelOrder", orderId: 17, manualOrderCancelTime: "", extOperator: "", manualOrderIndicator: undefined,
    });
    expect(one("cancelOrder", (e) => e.cancelOrder(18, { manualOrderCancelTime: "20261127 10:00:00", extOperator: "op", manualOrderIndicator: 1 })))
      .toMatchObject({ orderId: 18, manualOrderCancelTime: "20261127 10:00:00", extOperator: "op", manualOrderIndicator: 1 });
    expect(one("reqGlobalCancel", (e) => e.reqGlobalCancel({}))).toEqual({ kind: "reqGlobalCancel", extOperator: "", manualOrderIndicator: undefined });
  });

  it("decodes executions with and without a filter", () => {
    expect(one("reqExecutions", (e) => e.reqExecutions(5, {})).filter).toEqual({
      clientId: undefined, account: "", time: "", symbol: "", secType: "", exchange: "", side: "",
    });
    const m = one("reqExecutions", (e) => e.reqExecutions(6, { clientId: "7", acctCode: "DU1", time: "20261127-10:00:00", symbol: "SPY", secType: SecType.STK, exchange: "SMART", side: "BUY" }));
    expect(m).toEqual({ kind: "reqExecutions", reqId: 6, filter: { clientId: 7, account: "DU1", time: "20261127-10:00:00", symbol: "SPY", secType: "STK", exchange: "SMART", side: "BUY" } });
  });

  it("decodes account summary with its tag list, and cancels", () => {
    expect(one("reqAccountSummary", (e) => e.reqAccountSummary(9, "All", "NetLiquidation,BuyingPower"))).toEqual({
      kind: "reqAccountSummary", reqId: 9, group: "All", tags: ["NetLiquidation", "BuyingPower"],
    });
    expect(one("cancelAccountSummary", (e) => e.cancelAccountSummary(9))).toEqual({ kind: "cancelAccountSummary", reqId: 9 });
    expect(one("cancelMktData", (e) => e.cancelMktData(4))).toEqual({ kind: "cancelMktData", reqId: 4 });
    expect(one("cancelTickByTickData", (e) => e.cancelTickByTickData(4))).toEqual({ kind: "cancelTickByTickData", reqId: 4 });
    expect(one("cancelHistoricalData", (e) => e.cancelHistoricalData(4))).toEqual({ kind: "cancelHistoricalData", reqId: 4 });
    expect(one("cancelRealTimeBars", (e) => e.cancelRealTimeBars(4))).toEqual({ kind: "cancelRealTimeBars", reqId: 4 });
  });
});

describe("contract-carrying requests", () => {
  it("decodes reqMktData (20 fields for a stock)", () => {
    const m = one("reqMktData", (e) => e.reqMktData(11, SPY, "233", false, false));
    expect(m).toMatchObject({ reqId: 11, genericTickList: "233", snapshot: false, regulatorySnapshot: false, comboLegs: [] });
    expect(m.contract).toMatchObject({ symbol: "SPY", secType: "STK", exchange: "SMART", primaryExch: "ARCA", currency: "USD", conId: 0 });
  });

  it("decodes reqMktData for a BAG with legs and a delta-neutral contract", () => {
    const bag: Contract = { symbol: "SPY", secType: SecType.BAG, exchange: "SMART", currency: "USD",
      comboLegs: [{ conId: 1, ratio: 1, action: OrderAction.BUY, exchange: "SMART" }, { conId: 2, ratio: 2, action: OrderAction.SELL, exchange: "SMART" }],
      deltaNeutralContract: { conId: 9, delta: 0.5, price: 100 } };
    const m = one("reqMktData", (e) => e.reqMktData(12, bag, "", true, false));
    expect(m.comboLegs).toEqual([{ conId: 1, ratio: 1, action: "BUY", exchange: "SMART" }, { conId: 2, ratio: 2, action: "SELL", exchange: "SMART" }]);
    expect(m.deltaNeutralContract).toEqual({ conId: 9, delta: 0.5, price: 100 });
    expect(m.snapshot).toBe(true);
  });

  it("decodes reqContractDetails for an option (19 fields)", () => {
    const opt: Contract = { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20261127", strike: 600.5, right: OptionType.Call, multiplier: 100 };
    const m = one("reqContractDetails", (e) => e.reqContractDetails(3, opt));
    expect(m.reqId).toBe(3);
    expect(m.contract).toMatchObject({ symbol: "SPY", secType: "OPT", lastTradeDateOrContractMonth: "20261127", strike: 600.5, right: "C", multiplier: "100", includeExpired: false });
  });

  it("decodes reqHistoricalData, reqRealTimeBars, reqTickByTickData, reqSecDefOptParams", () => {
    const h = one("reqHistoricalData", (e) => e.reqHistoricalData(20, SPY, "20261127-16:00:00", "1 D", BarSizeSetting.MINUTES_ONE, "TRADES", 1, 1, true));
    expect(h).toMatchObject({ reqId: 20, endDateTime: "20261127-16:00:00", duration: "1 D", barSize: "1 min", whatToShow: "TRADES", useRTH: true, formatDate: 1, keepUpToDate: true });
    const rt = one("reqRealTimeBars", (e) => e.reqRealTimeBars(21, SPY, 5, "MIDPOINT", false, []));
    expect(rt).toMatchObject({ reqId: 21, barSize: 5, whatToShow: "MIDPOINT", useRTH: false });
    const t = one("reqTickByTickData", (e) => e.reqTickByTickData(22, SPY, TickByTickDataType.BidAsk, 0, false));
    expect(t).toMatchObject({ reqId: 22, tickType: "BidAsk", numberOfTicks: 0, ignoreSize: false });
    const s = one("reqSecDefOptParams", (e) => e.reqSecDefOptParams(23, "SPY", "", "STK", 756733));
    expect(s).toEqual({ kind: "reqSecDefOptParams", reqId: 23, underlyingSymbol: "SPY", futFopExchange: "", underlyingSecType: "STK", underlyingConId: 756733 });
  });
});

describe("PLACE_ORDER", () => {
  it("decodes a plain limit order (118 fields) with transmit and every scalar", () => {
    const order: Order = { action: OrderAction.BUY, totalQuantity: 10, orderType: OrderType.LMT, lmtPrice: 401.25, tif: "GTC",
      transmit: true, orderRef: "ref-1", account: "DU1", outsideRth: true, ocaGroup: "g1", ocaType: 2, parentId: 0 };
    const frames = encodeWithStoqey((e) => e.placeOrder(5, SPY, order));
    expect((frames[0]?.subarray(4).toString("utf8").split("\0").length ?? 0) - 1).toBe(118);
    const m = one("placeOrder", (e) => e.placeOrder(5, SPY, order));
    expect(m.orderId).toBe(5);
    expect(m.contract).toMatchObject({ symbol: "SPY", exchange: "SMART", primaryExch: "ARCA" });
    expect(m.order).toMatchObject({ action: "BUY", totalQuantity: "10", orderType: "LMT", lmtPrice: 401.25, auxPrice: undefined, tif: "GTC",
      transmit: true, orderRef: "ref-1", account: "DU1", outsideRth: true, ocaGroup: "g1", ocaType: 2, conditions: [], algoParams: [] });
  });

  it("keeps an unset transmit apart from false (a real gateway stages it)", () => {
    const m = one("placeOrder", (e) => e.placeOrder(6, SPY, { action: OrderAction.SELL, totalQuantity: 0.5, orderType: OrderType.MKT }));
    expect(m.order.transmit).toBeUndefined();
    expect(m.order.totalQuantity).toBe("0.5");
    const f = one("placeOrder", (e) => e.placeOrder(7, SPY, { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.MKT, transmit: false }));
    expect(f.order.transmit).toBe(false);
  });

  it("decodes every conditional block: BAG legs, delta-neutral, scale, hedge, dn contract, algo, conditions", () => {
    const bag: Contract = { symbol: "SPY", secType: SecType.BAG, exchange: "SMART", currency: "USD",
      comboLegs: [{ conId: 11, ratio: 1, action: OrderAction.BUY, exchange: "SMART", openClose: 0, shortSaleSlot: 0, designatedLocation: "", exemptCode: -1 }],
      deltaNeutralContract: { conId: 77, delta: 0.4, price: 99.5 } };
    const order: Order = {
      action: OrderAction.BUY, totalQuantity: 2, orderType: OrderType.LMT, lmtPrice: 1.5, transmit: true,
      orderComboLegs: [{ price: 1.25 }], smartComboRoutingParams: [{ tag: "NonGuaranteed", value: "1" }],
      deltaNeutralOrderType: "LMT", deltaNeutralAuxPrice: 2, deltaNeutralConId: 55, deltaNeutralSettlingFirm: "F",
      deltaNeutralClearingAccount: "CA", deltaNeutralClearingIntent: "IB", deltaNeutralOpenClose: "O", deltaNeutralShortSale: true,
      deltaNeutralShortSaleSlot: 1, deltaNeutralDesignatedLocation: "L",
      scaleInitLevelSize: 100, scaleSubsLevelSize: 50, scalePriceIncrement: 0.05, scalePriceAdjustValue: 0.01, scalePriceAdjustInterval: 60,
      scaleProfitOffset: 0.2, scaleAutoReset: true, scaleInitPosition: 5, scaleInitFillQty: 6, scaleRandomPercent: true,
      hedgeType: "D", hedgeParam: "0.5",
      algoStrategy: "Adaptive", algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
      conditions: [
        new PriceCondition(400.5, TriggerMethod.Last, 756733, "SMART", true, ConjunctionConnection.AND),
        new TimeCondition("20261127 15:00:00 UTC", false, ConjunctionConnection.OR),
        new MarginCondition(30, true, ConjunctionConnection.AND),
        new ExecutionCondition("SMART", SecType.STK, "SPY", ConjunctionConnection.AND),
        new VolumeCondition(1000, 756733, "SMART", true, ConjunctionConnection.AND),
        new PercentChangeCondition(2.5, 756733, "SMART", false, ConjunctionConnection.AND),
      ],
      conditionsIgnoreRth: true, conditionsCancelOrder: true,
    };
    const m = one("placeOrder", (e) => e.placeOrder(8, bag, order));
    const o = m.order;
    expect(o.comboLegs).toEqual([{ conId: 11, ratio: 1, action: "BUY", exchange: "SMART", openClose: 0, shortSaleSlot: 0, designatedLocation: "", exemptCode: -1 }]);
    expect(o.orderComboLegPrices).toEqual([1.25]);
    expect(o.smartComboRoutingParams).toEqual([{ tag: "NonGuaranteed", value: "1" }]);
    expect(o).toMatchObject({ deltaNeutralOrderType: "LMT", deltaNeutralAuxPrice: 2, deltaNeutralConId: 55, deltaNeutralSettlingFirm: "F",
      deltaNeutralClearingAccount: "CA", deltaNeutralClearingIntent: "IB", deltaNeutralOpenClose: "O", deltaNeutralShortSale: true,
      deltaNeutralShortSaleSlot: 1, deltaNeutralDesignatedLocation: "L" });
    expect(o).toMatchObject({ scaleInitLevelSize: 100, scaleSubsLevelSize: 50, scalePriceIncrement: 0.05, scalePriceAdjustValue: 0.01,
      scalePriceAdjustInterval: 60, scaleProfitOffset: 0.2, scaleAutoReset: true, scaleInitPosition: 5, scaleInitFillQty: 6, scaleRandomPercent: true });
    expect(o).toMatchObject({ hedgeType: "D", hedgeParam: "0.5", algoStrategy: "Adaptive", conditionsIgnoreRth: true, conditionsCancelOrder: true });
    expect(o.deltaNeutralContract).toEqual({ conId: 77, delta: 0.4, price: 99.5 });
    expect(o.algoParams).toEqual([{ tag: "adaptivePriority", value: "Normal" }]);
    expect(o.conditions).toEqual([
      { type: 1, conjunction: "a", isMore: true, value: "400.5", conId: 756733, exchange: "SMART", triggerMethod: 2 },
      { type: 3, conjunction: "o", isMore: false, value: "20261127 15:00:00 UTC" },
      { type: 4, conjunction: "a", isMore: true, value: "30" },
      { type: 5, conjunction: "a", secType: "STK", exchange: "SMART", symbol: "SPY" },
      { type: 6, conjunction: "a", isMore: true, value: "1000", conId: 756733, exchange: "SMART" },
      { type: 7, conjunction: "a", isMore: false, value: "2.5", conId: 756733, exchange: "SMART" },
    ]);
  });

  it("decodes PEG BENCH, PEG BEST with compete-against-mid, PEG MID, and IBKRATS min trade qty", () => {
    const bench = one("placeOrder", (e) => e.placeOrder(9, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.PEG_BENCH,
      referenceContractId: 123, isPeggedChangeAmountDecrease: true, peggedChangeAmount: 0.1, referenceChangeAmount: 0.2, referenceExchangeId: "ARCA" }));
    expect(bench.order).toMatchObject({ referenceContractId: 123, isPeggedChangeAmountDecrease: true, peggedChangeAmount: 0.1, referenceChangeAmount: 0.2, referenceExchangeId: "ARCA" });
    const ats: Contract = { ...SPY, exchange: "IBKRATS" };
    const best = one("placeOrder", (e) => e.placeOrder(10, ats, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.PEG_BEST,
      minTradeQty: 3, minCompeteSize: 4, competeAgainstBestOffset: Infinity, midOffsetAtWhole: 0.01, midOffsetAtHalf: 0.005 }));
    expect(best.order).toMatchObject({ minTradeQty: 3, minCompeteSize: 4, competeAgainstBestOffset: Infinity, midOffsetAtWhole: 0.01, midOffsetAtHalf: 0.005 });
    const mid = one("placeOrder", (e) => e.placeOrder(11, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.PEG_MID,
      midOffsetAtWhole: 0.02, midOffsetAtHalf: 0.01 }));
    expect(mid.order).toMatchObject({ minTradeQty: undefined, midOffsetAtWhole: 0.02, midOffsetAtHalf: 0.01 });
  });
});

describe("malformed and unknown messages", () => {
  it("reports unknown ids without throwing", () => {
    expect(decodeClientMessage(["24", "1"])).toEqual({ kind: "unknown", msgId: 24 });
  });
  it("throws WireDecodeError on underrun, trailing fields and non-numeric ints", () => {
    expect(() => decodeClientMessage(["8", "1"])).toThrow(WireDecodeError);
    expect(() => decodeClientMessage(["8", "1", "1", "extra"])).toThrow(/trailing/);
    expect(() => decodeClientMessage(["8", "1", "abc"])).toThrow(/not an integer/);
    expect(() => decodeClientMessage(["x"])).toThrow(WireDecodeError);
    expect(() => decodeClientMessage([])).toThrow(WireDecodeError);
  });
  it("rejects a PLACE_ORDER whose count field exceeds the frame", () => {
    const tokens = ["3", "1", "0", "SPY", "BAG", "", "", "", "", "SMART", "", "USD", "", "", "", "", "BUY", "1", "LMT", "1", "",
      "", "", "", "", "0", "", "1", "0", "0", "0", "", "0", "0", "0", "999999"];
    expect(() => decodeClientMessage(tokens)).toThrow(/count/);
  });
});
