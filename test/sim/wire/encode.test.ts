/**
 * Server -> client encoders, checked by the REAL @stoqey/ib Decoder at server version 193:
 * no error (505 = unprocessed data / underrun) and the decoded values are the ones we meant.
 */
import { describe, expect, it } from "vitest";
import * as enc from "../../../src/sim/wire/encode.js";
import { encodeContractData, encodeExecutionData, encodePortfolioValue, encodePosition, type WireContractDetails } from "../../../src/sim/wire/encode-contract.js";
import type { WireContract } from "../../../src/sim/wire/types.js";
import { decodeWithStoqey, type Decoded } from "./stoqey-harness.js";

const SPY: WireContract = { conId: 756733, symbol: "SPY", secType: "STK", lastTradeDateOrContractMonth: "", strike: 0, right: "",
  multiplier: "", exchange: "SMART", primaryExch: "ARCA", currency: "USD", localSymbol: "SPY", tradingClass: "SPY" };

function clean(frames: Buffer[]): Decoded {
  const d = decodeWithStoqey(frames);
  expect(d.errors).toEqual([]);
  return d;
}
const ev = (d: Decoded, name: string): unknown[][] => d.events.filter((e) => e.name === name).map((e) => e.args);

describe("short messages", () => {
  it("decodes ids, accounts, time and end markers", () => {
    const d = clean([enc.encodeNextValidId(42), enc.encodeManagedAccounts(["DU1", "DU2"]), enc.encodeCurrentTime(1_790_000_000.7),
      enc.encodeContractDataEnd(3), enc.encodeOpenOrderEnd(), enc.encodeExecutionDataEnd(4), enc.encodeTickSnapshotEnd(5),
      enc.encodeMarketDataType(6, 3), enc.encodePositionEnd(), enc.encodeAccountSummaryEnd(7), enc.encodeSecDefOptParamsEnd(8),
      enc.encodeCompletedOrdersEnd(), enc.encodeOrderBound(9_000_000_001, 0, 12), enc.encodeAcctUpdateTime("19:30"), enc.encodeAcctDownloadEnd("DU1")]);
    expect(ev(d, "nextValidId")).toEqual([[42]]);
    expect(ev(d, "managedAccounts")).toEqual([["DU1,DU2"]]);
    expect(ev(d, "currentTime")).toEqual([[1_790_000_000]]);
    expect(ev(d, "contractDetailsEnd")).toEqual([[3]]);
    expect(ev(d, "openOrderEnd")).toEqual([[]]);
    expect(ev(d, "execDetailsEnd")).toEqual([[4]]);
    expect(ev(d, "tickSnapshotEnd")).toEqual([[5]]);
    expect(ev(d, "marketDataType")).toEqual([[6, 3]]);
    expect(ev(d, "positionEnd")).toEqual([[]]);
    expect(ev(d, "accountSummaryEnd")).toEqual([[7]]);
    expect(ev(d, "securityDefinitionOptionParameterEnd")).toEqual([[8]]);
    expect(ev(d, "completedOrdersEnd")).toEqual([[]]);
    expect(ev(d, "orderBound")).toEqual([[9_000_000_001, 0, 12]]);
    expect(ev(d, "updateAccountTime")).toEqual([["19:30"]]);
    expect(ev(d, "accountDownloadEnd")).toEqual([["DU1"]]);
  });

  it("decodes the server version frame fields", () => {
    const f = enc.encodeServerVersion(193, "20261127 19:30:00 UTC");
    expect(f.subarray(4).toString()).toBe("193\u000020261127 19:30:00 UTC\u0000");
  });

  it("sends errors with id >= 0 as error events and id -1 as info, escaping non-ASCII", () => {
    const d = decodeWithStoqey([enc.encodeError(7, 202, "Order Canceled - reason:"), enc.encodeError(-1, 2104, "Market data farm connection is OK:usfarm"),
      enc.encodeError(8, 201, "Order rejected - reason:prix élevé", '{"k":1}')]);
    expect(d.errors).toEqual([
      { message: "Order Canceled - reason:", code: 202, reqId: 7 },
      { message: "Order rejected - reason:prix élevé", code: 201, reqId: 8, advancedOrderReject: { k: 1 } },
    ]);
    expect(d.infos).toEqual([{ message: "Market data farm connection is OK:usfarm", code: 2104 }]);
    expect(enc.encodeError(8, 201, "é").subarray(4).toString("latin1")).toContain("\\u00e9");
    expect(() => enc.encodeError(1, 201, "x", "not json")).toThrow();
  });

  it("decodes account values, summary and commission reports", () => {
    const d = clean([enc.encodeAcctValue("NetLiquidation", "100000.00", "USD", "DU1"), enc.encodeAccountSummary(3, "DU1", "BuyingPower", "400000.00", "USD"),
      enc.encodeCommissionReport({ execId: "0000e0d5.69dd7411.01.01", commission: 1.05, currency: "USD" }),
      enc.encodeCommissionReport({ execId: "x", commission: 1, currency: "USD", realizedPNL: -12.5 })]);
    expect(ev(d, "updateAccountValue")).toEqual([["NetLiquidation", "100000.00", "USD", "DU1"]]);
    expect(ev(d, "accountSummary")).toEqual([[3, "DU1", "BuyingPower", "400000.00", "USD"]]);
    const reports = ev(d, "commissionReport").map((a) => a[0]);
    expect(reports[0]).toEqual({ execId: "0000e0d5.69dd7411.01.01", commission: 1.05, currency: "USD", realizedPNL: undefined, yield: undefined, yieldRedemptionDate: 0 });
    expect(reports[1]).toMatchObject({ realizedPNL: -12.5 });
  });
});

describe("market data", () => {
  it("decodes tick price (with its implied size) and separate tick size, incl. delayed ids", () => {
    const d = clean([enc.encodeTickPrice(1, 1, 401.25, "300", 1), enc.encodeTickSize(1, 0, "300"), enc.encodeTickPrice(1, 66, 401.2, "5"),
      enc.encodeTickGeneric(1, 49, 0), enc.encodeTickString(1, 45, "1790000000"), enc.encodeTickReqParams(1, 0.01, "9c0001", 3)]);
    expect(ev(d, "tickPrice")).toEqual([[1, 1, 401.25, true], [1, 66, 401.2, false]]);
    // BID's implied BID_SIZE (0) is lost to @stoqey's truthiness test: hence the separate TICK_SIZE.
    expect(ev(d, "tickSize")).toEqual([[1, 0, 300], [1, 69, 5]]);
    expect(ev(d, "tickGeneric")).toEqual([[1, 49, 0]]);
    expect(ev(d, "tickString")).toEqual([[1, 45, "1790000000"]]);
    expect(ev(d, "tickReqParams")).toEqual([[1, 0, "9c0001", 3]]);
  });

  it("decodes every tick-by-tick type", () => {
    const d = clean([
      enc.encodeTickByTick(2, { type: "Last", time: 1790000000, price: 401.3, size: "100", pastLimit: false, unreported: true, exchange: "ARCA", specialConditions: "" }),
      enc.encodeTickByTick(2, { type: "AllLast", time: 1790000001, price: 401.4, size: "5", pastLimit: true, unreported: false, exchange: "NYSE", specialConditions: "T" }),
      enc.encodeTickByTick(3, { type: "BidAsk", time: 1790000002, bidPrice: 401.2, askPrice: 401.3, bidSize: "10", askSize: "20", bidPastLow: true, askPastHigh: false }),
      enc.encodeTickByTick(4, { type: "MidPoint", time: 1790000003, midPoint: 401.25 }),
    ]);
    expect(ev(d, "tickByTickAllLast")).toEqual([
      [2, 1, "1790000000", 401.3, 100, { pastLimit: false, unreported: true }, "ARCA", ""],
      [2, 2, "1790000001", 401.4, 5, { pastLimit: true, unreported: false }, "NYSE", "T"],
    ]);
    expect(ev(d, "tickByTickBidAsk")).toEqual([[3, "1790000002", 401.2, 401.3, 10, 20, { bidPastLow: true, askPastHigh: false }]]);
    expect(ev(d, "tickByTickMidPoint")).toEqual([[4, "1790000003", 401.25]]);
  });

  it("decodes historical bars, a keep-up-to-date update and a real-time bar", () => {
    const bar = { date: "20261127 19:30:00 UTC", open: 400, high: 402, low: 399.5, close: 401, volume: "1200", wap: "400.7", count: 31 };
    const d = clean([enc.encodeHistoricalData(5, "20261126 19:30:00 UTC", "20261127 19:31:00 UTC", [bar, { ...bar, date: "20261127 19:31:00 UTC" }]),
      enc.encodeHistoricalDataUpdate(5, bar), enc.encodeRealTimeBar(6, 1790000000, bar)]);
    const hist = ev(d, "historicalData");
    expect(hist[0]).toEqual([5, "20261127 19:30:00 UTC", 400, 402, 399.5, 401, 1200, 31, 400.7, undefined]);
    expect(hist[2]?.[1]).toBe("finished-20261126 19:30:00 UTC-20261127 19:31:00 UTC");
    expect(ev(d, "historicalDataUpdate")).toEqual([[5, "20261127 19:30:00 UTC", 400, 402, 399.5, 401, 1200, 31, 400.7]]);
    expect(ev(d, "realtimeBar")).toEqual([[6, 1790000000, 400, 402, 399.5, 401, 1200, 400.7, 31]]);
  });

  it("decodes option chain parameters", () => {
    const d = clean([enc.encodeSecDefOptParams(7, { exchange: "SMART", underlyingConId: 756733, tradingClass: "SPY", multiplier: "100",
      expirations: ["20261127", "20261130"], strikes: [399, 400, 400.5] })]);
    expect(ev(d, "securityDefinitionOptionParameter")).toEqual([[7, "SMART", 756733, "SPY", 100, ["20261127", "20261130"], [399, 400, 400.5]]]);
  });
});

describe("contract-carrying messages", () => {
  const details: WireContractDetails = { ...SPY, lastTradeDate: "", marketName: "SPY", minTick: 0.01, orderTypes: "LMT,MKT,STP",
    validExchanges: "SMART,ARCA", priceMagnifier: 1, underConId: 0, longName: "SPDR S&P 500 ETF TRUST", contractMonth: "", industry: "",
    category: "", subcategory: "", timeZoneId: "US/Eastern", tradingHours: "20261127:0400-20261127:2000", liquidHours: "20261127:0930-20261127:1600",
    evRule: "", evMultiplier: undefined, secIdList: [{ tag: "ISIN", value: "US78462F1030" }], aggGroup: 1, underSymbol: "", underSecType: "",
    marketRuleIds: "26,26", realExpirationDate: "", stockType: "ETF", minSize: "1", sizeIncrement: "1", suggestedSizeIncrement: "100" };

  it("decodes CONTRACT_DATA for a stock, an option and a fund", () => {
    const opt: WireContractDetails = { ...details, conId: 1001, secType: "OPT", lastTradeDateOrContractMonth: "20261127", lastTradeDate: "20261127",
      strike: 400, right: "C", multiplier: "100", underConId: 756733, localSymbol: "SPY   261127C00400000" };
    const d = clean([encodeContractData(1, details), encodeContractData(2, opt), encodeContractData(3, { ...details, secType: "FUND" })]);
    const [a, b] = ev(d, "contractDetails");
    expect(a?.[0]).toBe(1);
    expect(a?.[1]).toMatchObject({ minTick: 0.01, longName: "SPDR S&P 500 ETF TRUST", timeZoneId: "US/Eastern", marketRuleIds: "26,26",
      stockType: "ETF", sizeIncrement: 1, secIdList: [{ tag: "ISIN", value: "US78462F1030" }],
      contract: { conId: 756733, symbol: "SPY", secType: "STK", exchange: "SMART", primaryExch: "ARCA", currency: "USD" } });
    expect(b?.[1]).toMatchObject({ underConId: 756733, contract: { secType: "OPT", lastTradeDateOrContractMonth: "20261127", strike: 400, right: "C", multiplier: 100 } });
    expect(ev(d, "contractDetails")).toHaveLength(3);
  });

  it("decodes EXECUTION_DATA (32 fields)", () => {
    const f = encodeExecutionData(-1, SPY, { orderId: 5, execId: "0000e0d5.69dd7411.01.01", time: "20261127-19:30:00", account: "DU1", exchange: "ARCA",
      side: "BOT", shares: "10", price: 401.25, permId: 1000000002, clientId: 7, liquidation: 0, cumQty: "10", avgPrice: 401.25, orderRef: "r",
      modelCode: "", lastLiquidity: 2 });
    expect(f.subarray(4).toString().split("\0").length - 1).toBe(32);
    const [args] = ev(clean([f]), "execDetails");
    expect(args?.[0]).toBe(-1);
    expect(args?.[1]).toMatchObject({ conId: 756733, symbol: "SPY", exchange: "SMART" });
    expect(args?.[2]).toMatchObject({ orderId: 5, execId: "0000e0d5.69dd7411.01.01", side: "BOT", shares: 10, price: 401.25, permId: 1000000002,
      clientId: 7, cumQty: 10, avgPrice: 401.25, orderRef: "r", lastLiquidity: 2, pendingPriceRevision: false });
  });

  it("decodes POSITION and PORTFOLIO_VALUE", () => {
    const d = clean([encodePosition("DU1", SPY, "-5", 400.5), encodePortfolioValue(SPY, { position: "10", marketPrice: 401, marketValue: 4010,
      averageCost: 400, unrealizedPNL: 10, realizedPNL: 0, account: "DU1" })]);
    const [pos] = ev(d, "position");
    expect(pos?.[0]).toBe("DU1");
    expect(pos?.[2]).toBe(-5);
    expect(pos?.[3]).toBe(400.5);
    const [pv] = ev(d, "updatePortfolio");
    expect(pv?.[0]).toMatchObject({ conId: 756733, primaryExch: "ARCA" });
    expect(pv?.slice(1)).toEqual([10, 401, 4010, 400, 10, 0, "DU1"]);
  });
});
