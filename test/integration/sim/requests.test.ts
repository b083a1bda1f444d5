/**
 * Every data / account request of the §6 checklist, answered to the REAL @stoqey/ib IBApi over
 * loopback, with the values checked against the venue's truth. Any 505 fails (assertClean).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BarSizeSetting, EventName, SecType, TickByTickDataType, WhatToShow, type ContractDetails, type IBApi } from "@stoqey/ib";
import { assertClean, collectUntil, ES_CONID, SPY, SPY_CONID, sleep, startBed, waitFor, T0, type Bed } from "./harness.js";

let bed: Bed;
let ib: IBApi;
beforeEach(async () => {
  bed = await startBed();
  ib = await bed.connect(11);
});
afterEach(async () => {
  assertClean(bed);
  await bed.close();
});

describe("reference data", () => {
  it("answers contract details for a stock, a future and an option chain, and 200 for an unknown symbol", async () => {
    ib.reqContractDetails(1, SPY);
    const got = await collectUntil<[number, ContractDetails]>(ib, EventName.contractDetails, EventName.contractDetailsEnd);
    const d = got[0]![1];
    expect(d.contract).toMatchObject({ conId: SPY_CONID, symbol: "SPY", secType: "STK", primaryExch: "ARCA" });
    expect(d.minTick).toBe(0.01);
    ib.reqContractDetails(2, { symbol: "ES", secType: SecType.FUT, exchange: "CME", currency: "USD" });
    const fut = await collectUntil<[number, ContractDetails]>(ib, EventName.contractDetails, EventName.contractDetailsEnd);
    expect(fut.map(([, x]) => x.contract.conId)).toEqual([ES_CONID]);
    expect(fut[0]?.[1].contract.multiplier).toBe(50);
    ib.reqContractDetails(3, { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD" });
    const opts = await collectUntil<[number, ContractDetails]>(ib, EventName.contractDetails, EventName.contractDetailsEnd);
    expect(opts.length).toBe(2 * 7 * 2); // 2 expiries x 7 strikes x C/P
    expect(opts[0]?.[1].underConId).toBe(SPY_CONID);
    ib.reqContractDetails(4, { symbol: "NOPE", secType: SecType.STK, exchange: "SMART", currency: "USD" });
    const [err] = await waitFor<[Error, number, number]>(ib, EventName.error, (_e, code, id) => code === 200 && id === 4);
    expect(err.message).toBe("No security definition has been found for the request");
  });

  it("answers option chain parameters with today's and tomorrow's expiries", async () => {
    ib.reqSecDefOptParams(5, "SPY", "", SecType.STK, SPY_CONID);
    const rows = await collectUntil<[number, string, number, string, number, string[], number[]]>(ib, EventName.securityDefinitionOptionParameter, EventName.securityDefinitionOptionParameterEnd);
    expect(rows.length).toBeGreaterThan(0);
    const [, , underConId, tradingClass, multiplier, expirations, strikes] = rows[0]!;
    expect(underConId).toBe(SPY_CONID);
    expect(tradingClass).toBe("SPY");
    expect(multiplier).toBe(100);
    expect(expirations).toEqual(["20261127", "20261128"]);
    expect(strikes).toEqual([597, 598, 599, 600, 601, 602, 603]);
  });
});

describe("market data", () => {
  it("streams bid/ask as TICK_PRICE plus separate TICK_SIZE, only changes, and honours delayed data", async () => {
    const prices: [number, number, number][] = [];
    const sizes: [number, number, number][] = [];
    ib.on(EventName.tickPrice, (id: number, t: number, p: number) => prices.push([id, t, p]));
    ib.on(EventName.tickSize, (id: number, t?: number, s?: number) => sizes.push([id, t ?? -1, s ?? -1]));
    ib.reqMktData(7, SPY, "", false, false);
    await waitFor(ib, EventName.tickSize, (id: number, t: number) => id === 7 && t === 3);
    const q = bed.venue.quote(SPY_CONID)!;
    expect(prices).toContainEqual([7, 1, q.bid]);
    expect(prices).toContainEqual([7, 2, q.ask]);
    expect(sizes).toContainEqual([7, 0, Number(q.bidSize)]);
    bed.venue.movePrice(SPY_CONID, 605);
    await waitFor(ib, EventName.tickPrice, (id: number, t: number, p: number) => id === 7 && t === 1 && p === bed.venue.quote(SPY_CONID)!.bid);
    ib.cancelMktData(7);
    ib.reqMarketDataType(3);
    const mdt = waitFor<[number, number]>(ib, EventName.marketDataType, (id) => id === 8);
    const delayedBid = waitFor(ib, EventName.tickPrice, (id: number, t: number) => id === 8 && t === 66);
    const delayedBidSize = waitFor(ib, EventName.tickSize, (id: number, t: number) => id === 8 && t === 69);
    ib.reqMktData(8, SPY, "", false, false);
    expect((await mdt)[1]).toBe(3);
    await delayedBid;
    await delayedBidSize;
  });

  it("ends a snapshot with 57, and answers cancelling an unknown ticker with 300", async () => {
    ib.reqMktData(9, SPY, "", true, false);
    await waitFor(ib, EventName.tickSnapshotEnd, (id: number) => id === 9);
    ib.cancelMktData(99);
    await waitFor(ib, EventName.error, (_e: Error, code: number, id: number) => code === 300 && id === 99);
  });

  it("streams tick-by-tick bid/ask and midpoint", async () => {
    ib.reqTickByTickData(10, SPY, TickByTickDataType.BidAsk, 0, false);
    ib.reqTickByTickData(11, SPY, TickByTickDataType.MidPoint, 0, false);
    await waitFor(ib, EventName.tickByTickBidAsk, (id: number) => id === 10);
    const ba = waitFor<[number, string, number, number]>(ib, EventName.tickByTickBidAsk, (id, _t, b) => id === 10 && b === 610);
    const mid = waitFor<[number, string, number]>(ib, EventName.tickByTickMidPoint, (id, _t, m) => id === 11 && m === 610.005);
    bed.venue.movePrice(SPY_CONID, 610);
    const q = bed.venue.quote(SPY_CONID)!;
    expect(q.bid).toBe(610);
    expect((await ba)[3]).toBe(q.ask);
    await mid;
  });

  it("returns historical bars and real-time bars", async () => {
    ib.reqHistoricalData(12, SPY, "20261127-15:00:00", "3600 S", BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 0, 1, false);
    const bars: [number, string, number][] = [];
    const done = waitFor(ib, EventName.historicalData, (id: number, date: string) => id === 12 && date.startsWith("finished"));
    ib.on(EventName.historicalData, (id: number, date: string, open: number) => id === 12 && !date.startsWith("finished") && bars.push([id, date, open]));
    await done;
    expect(bars.length).toBe(12);
    const mins = bars.map(([, d]) => Number(d.slice(9, 11)) * 60 + Number(d.slice(12, 14)));
    expect(mins.slice(1).map((m, k) => m - mins[k]!)).toEqual(Array(11).fill(5));
    expect(mins[11]).toBeLessThanOrEqual(15 * 60);
    expect(bars[0]?.[1]).toMatch(/^20261127 \d\d:\d\d:00 UTC$/);
    ib.reqRealTimeBars(13, SPY, 5, WhatToShow.MIDPOINT, false);
    const rt = waitFor<[number, number, number]>(ib, EventName.realtimeBar, (id) => id === 13);
    await sleep(20);
    for (let k = 1; k <= 60; k++) {
      bed.venue.advance(T0 + k * 200);
      bed.gateway.onClock(T0 + k * 200);
    }
    const [, time] = await rt;
    expect(time % 5).toBe(0);
  });
});

describe("account data", () => {
  it("answers positions, account updates, account summary, ids, managed accounts and current time", async () => {
    bed.venue.externalTrade({ conId: SPY_CONID, action: "BUY", quantity: "10", price: 600 });
    ib.reqPositions();
    const pos = await collectUntil<[string, { conId: number }, number, number]>(ib, EventName.position, EventName.positionEnd);
    expect(pos.map(([a, c, p]) => [a, c.conId, p])).toEqual([["DU1234567", SPY_CONID, 10]]);
    ib.reqAccountUpdates(true, "DU1234567");
    const values = await collectUntil<[string, string, string, string]>(ib, EventName.updateAccountValue, EventName.accountDownloadEnd);
    const net = values.find(([k]) => k === "NetLiquidation");
    expect(net?.[3]).toBe("DU1234567");
    ib.reqAccountSummary(14, "All", "NetLiquidation,BuyingPower");
    const summary = await collectUntil<[number, string, string, string]>(ib, EventName.accountSummary, EventName.accountSummaryEnd);
    expect(new Set(summary.map(([, , tag]) => tag))).toEqual(new Set(["NetLiquidation", "BuyingPower"]));
    ib.reqIds(1);
    const [next] = await waitFor<[number]>(ib, EventName.nextValidId);
    expect(next).toBe(1);
    ib.reqManagedAccts();
    expect((await waitFor<[string]>(ib, EventName.managedAccounts))[0]).toBe("DU1234567");
    const live = waitFor<[string, { conId: number }, number]>(ib, EventName.position, (_a, c, p) => c.conId === SPY_CONID && p === 15);
    bed.venue.externalTrade({ conId: SPY_CONID, action: "BUY", quantity: "5", price: 600 });
    await live;
  });
});
