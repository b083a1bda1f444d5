/**
 * The REAL @stoqey/ib IBApiNext against the in-process Simulator (default scenario, venue clock
 * running): every request family through IBApiNext's promise / observable API. Any error with
 * code 505 and any unhandled rejection fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstValueFrom, filter, take, toArray } from "rxjs";
import {
  BarSizeSetting, ConnectionState, IBApiNext, OrderAction, OrderType, SecType, TimeInForce, WhatToShow, type IBApiNextError,
} from "@stoqey/ib";
import { Simulator } from "../../../src/sim/index.js";
import { SPY, withTimeout } from "./harness.js";

let sim: Simulator;
let api: IBApiNext;
const errors: IBApiNextError[] = [];
const unhandled: unknown[] = [];
process.on("unhandledRejection", (r) => unhandled.push(r));

beforeAll(async () => {
  sim = await Simulator.start({ tickMs: 20, maxMessagesPerSecond: null });
  api = new IBApiNext({ host: "127.0.0.1", port: sim.port, maxReqPerSec: 200, reconnectInterval: 0 });
  api.errorSubject.subscribe((e) => errors.push(e));
  api.connect(31);
  await withTimeout(firstValueFrom(api.connectionState.pipe(filter((s) => s === ConnectionState.Connected))), 3000, "IBApiNext connected");
});

afterAll(async () => {
  api.disconnect();
  await sim.stop();
  expect(errors.filter((e) => e.code === 505)).toEqual([]);
  expect(unhandled).toEqual([]);
});

describe("IBApiNext", () => {
  it("reads time, accounts, next id", async () => {
    const t = await api.getCurrentTime();
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
    expect(await api.getManagedAccounts()).toEqual(sim.venue.accounts());
    expect(await api.getNextValidOrderId()).toBeGreaterThanOrEqual(1);
  });

  it("reads contract details, option chains and errors for unknown symbols", async () => {
    const [d] = await api.getContractDetails(SPY);
    expect(d?.contract.conId).toBe(756733);
    const chain = await api.getSecDefOptParams("SPY", "", SecType.STK, 756733);
    expect(chain[0]?.expirations.length).toBeGreaterThanOrEqual(2);
    await expect(api.getContractDetails({ ...SPY, symbol: "NOPE" })).rejects.toMatchObject({ code: 200 });
  });

  it("streams market data and takes snapshots", async () => {
    const update = await withTimeout(firstValueFrom(api.getMarketData(SPY, "", false, false).pipe(
      filter((u) => u.all.has(1) && u.all.has(2) && u.all.has(0)), take(1))), 3000, "market data");
    const q = sim.venue.quote(756733)!;
    expect(Math.abs((update.all.get(1)?.value ?? 0) - q.bid)).toBeLessThan(5);
    const snap = await api.getMarketDataSnapshot(SPY, "", false);
    expect(snap.has(2)).toBe(true);
  });

  it("reads historical bars and real-time bars", async () => {
    const bars = await api.getHistoricalData(SPY, "", "1800 S", BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 0, 2);
    expect(bars.length).toBe(6);
    const rt = await withTimeout(firstValueFrom(api.getRealTimeBars(SPY, WhatToShow.MIDPOINT, false)), 12_000, "real-time bar");
    expect(Number(rt.time) % 5).toBe(0);
  }, 20_000);

  it("places, lists, executes and reports orders; positions and account summary follow", async () => {
    const id = await api.placeNewOrder(SPY, { action: OrderAction.BUY, totalQuantity: 3, orderType: OrderType.MKT, transmit: true, tif: TimeInForce.DAY });
    const execs = await withTimeout((async () => {
      for (;;) {
        const e = await api.getExecutionDetails({});
        if (e.some((x) => x.execution.orderId === id)) return e;
        await new Promise((r) => setTimeout(r, 20));
      }
    })(), 3000, "execution");
    expect(execs.find((x) => x.execution.orderId === id)?.execution.shares).toBe(3);
    const pos = await withTimeout(firstValueFrom(api.getPositions().pipe(filter((u) => (u.all.get(sim.venue.accounts()[0]!)?.length ?? 0) > 0))), 3000, "positions");
    expect(pos.all.get(sim.venue.accounts()[0]!)?.[0]?.pos).toBe(3);
    const summary = await withTimeout(firstValueFrom(api.getAccountSummary("All", "NetLiquidation")), 3000, "summary");
    expect(summary.all.size).toBe(1);
    const restingId = await api.placeNewOrder(SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 1, transmit: true, tif: TimeInForce.GTC });
    const open = await withTimeout((async () => {
      for (;;) {
        const all = await api.getAllOpenOrders();
        if (all.some((o) => o.orderId === restingId)) return all;
        await new Promise((r) => setTimeout(r, 20));
      }
    })(), 3000, "open orders");
    expect(open.find((o) => o.orderId === restingId)?.orderState.status).toBe("Submitted");
    api.cancelOrder(restingId);
    await withTimeout((async () => {
      while (sim.venue.openOrders().some((o) => o.orderId === restingId)) await new Promise((r) => setTimeout(r, 20));
    })(), 3000, "cancel");
    const truth = sim.truth();
    expect(truth.completedOrders.map((o) => o.orderId)).toEqual(expect.arrayContaining([id, restingId]));
    expect(truth.sessions.map((s) => s.clientId)).toContain(31);
  });

  it("account updates stream values and portfolio", async () => {
    const u = await withTimeout(firstValueFrom(api.getAccountUpdates(sim.venue.accounts()[0]).pipe(take(3), toArray())), 3000, "account updates");
    expect(u.at(-1)?.all.value?.size ?? 0).toBeGreaterThan(0);
  });
});
