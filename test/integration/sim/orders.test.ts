/**
 * Order lifecycles with the REAL @stoqey/ib IBApi over loopback against the venue: market fill,
 * limit rests then fills, cancel, modify, reject, bracket with OCA cancel on fill, partial fill then
 * cancel, fills during a disconnect found by reqExecutions after reconnect, gateway restart
 * persistence, and the connection-level order faults. Venue truth is checked alongside.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, TimeInForce, type Contract, type Execution, type IBApi, type Order } from "@stoqey/ib";
import { assertClean, collectUntil, SPY, SPY_CONID, sleep, startBed, waitFor, type Bed } from "./harness.js";

let bed: Bed;
let ib: IBApi;
beforeEach(async () => {
  bed = await startBed();
  ib = await bed.connect(21);
});
afterEach(async () => {
  assertClean(bed);
  await bed.close();
});

const SMART_SPY: Contract = { ...SPY };
const mkt = (action: OrderAction, qty: number): Order => ({ action, totalQuantity: qty, orderType: OrderType.MKT, transmit: true });
const lmt = (action: OrderAction, qty: number, price: number, extra: Partial<Order> = {}): Order =>
  ({ action, totalQuantity: qty, orderType: OrderType.LMT, lmtPrice: price, tif: TimeInForce.GTC, transmit: true, ...extra });
const status = (id: number, s: string): Promise<unknown[]> => waitFor(ib, EventName.orderStatus, (oid: number, st: string) => oid === id && st === s);

describe("lifecycles", () => {
  it("fills a market order at the touch: exec, openOrder, orderStatus Filled, commission", async () => {
    const ask = bed.venue.quote(SPY_CONID)!.ask;
    const exec = waitFor<[number, Contract, Execution]>(ib, EventName.execDetails, (reqId, _c, e) => reqId === -1 && e.orderId === 1);
    const filled = waitFor<[number, string, number, number, number]>(ib, EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled");
    const commission = waitFor<[{ execId: string; commission: number }]>(ib, EventName.commissionReport);
    ib.placeOrder(1, SMART_SPY, mkt(OrderAction.BUY, 10));
    const [, contract, e] = await exec;
    expect(contract.conId).toBe(SPY_CONID);
    expect(e).toMatchObject({ side: "BOT", shares: 10, price: ask, clientId: 21, acctNumber: "DU1234567" });
    expect(e.execId).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.\d{2}\.\d{2}$/);
    const [, , filledQty, remaining, avg] = await filled;
    expect([filledQty, remaining, avg]).toEqual([10, 0, ask]);
    const [c] = await commission;
    expect(c.execId).toBe(e.execId);
    expect(c.commission).toBe(1);
    expect(bed.venue.positions().find((p) => p.contract.conId === SPY_CONID)?.position).toBe("10");
  });

  it("rests a limit order, then fills it when the market crosses", async () => {
    const submitted = status(2, "Submitted");
    ib.placeOrder(2, SMART_SPY, lmt(OrderAction.BUY, 5, 590));
    await submitted;
    expect(bed.venue.openOrders({ clientId: 21 }).map((o) => o.orderId)).toEqual([2]);
    const filled = status(2, "Filled");
    bed.venue.movePrice(SPY_CONID, 589);
    const [, , qty, rem, avg] = (await filled) as [number, string, number, number, number];
    expect([qty, rem]).toEqual([5, 0]);
    expect(avg).toBeLessThanOrEqual(590);
  });

  it("cancels a resting order: Cancelled then 202", async () => {
    const submitted = status(3, "Submitted");
    ib.placeOrder(3, SMART_SPY, lmt(OrderAction.SELL, 1, 700));
    await submitted;
    const cancelled = status(3, "Cancelled");
    const notice = waitFor(ib, EventName.error, (_e: Error, code: number, id: number) => code === 202 && id === 3);
    ib.cancelOrder(3);
    await cancelled;
    await notice;
    expect(bed.venue.openOrders()).toEqual([]);
    ib.cancelOrder(3);
    await waitFor(ib, EventName.error, (_e: Error, code: number, id: number) => code === 10148 && id === 3);
  });

  it("modifies a resting order in place (same id): new price echoed in OPEN_ORDER", async () => {
    const first = waitFor<[number, Contract, Order]>(ib, EventName.openOrder, (id) => id === 4);
    ib.placeOrder(4, SMART_SPY, lmt(OrderAction.BUY, 2, 580, { orderRef: "mod-me" }));
    expect((await first)[2]).toMatchObject({ lmtPrice: 580, orderRef: "mod-me", clientId: 21 });
    const permId = bed.venue.openOrders()[0]!.permId;
    const second = waitFor<[number, Contract, Order]>(ib, EventName.openOrder, (id, _c, o) => id === 4 && o.lmtPrice === 581);
    ib.placeOrder(4, SMART_SPY, lmt(OrderAction.BUY, 3, 581, { orderRef: "mod-me" }));
    const [, , o] = await second;
    expect(o).toMatchObject({ totalQuantity: 3, permId });
    expect(bed.venue.openOrders().map((x) => [x.permId, x.request.lmtPrice])).toEqual([[permId, 581]]);
  });

  it("rejects: unknown symbol (200), bad order type (321), venue reject (201 + Inactive), duplicate id (103)", async () => {
    ib.placeOrder(5, { ...SPY, symbol: "NOPE" }, mkt(OrderAction.BUY, 1));
    await waitFor(ib, EventName.error, (_e: Error, code: number, id: number) => code === 200 && id === 5);
    ib.placeOrder(6, SMART_SPY, { ...mkt(OrderAction.BUY, 1), orderType: "BOGUS" as OrderType });
    await waitFor(ib, EventName.error, (_e: Error, code: number, id: number) => code === 321 && id === 6);
    bed.venue.rejectNextOrder("Simulated rejection");
    const inactive = status(7, "Inactive");
    ib.placeOrder(7, SMART_SPY, lmt(OrderAction.BUY, 1, 590));
    const [err] = await waitFor<[Error, number, number]>(ib, EventName.error, (_e, code, id) => code === 201 && id === 7);
    expect(err.message).toContain("Order rejected - reason:");
    await inactive;
    ib.placeOrder(7, SMART_SPY, lmt(OrderAction.BUY, 1, 590));
    await waitFor(ib, EventName.error, (_e: Error, code: number, id: number) => code === 103 && id === 7);
  });

  it("bracket: children wait for the parent, take-profit fill cancels the OCA stop", async () => {
    const parent = { ...lmt(OrderAction.BUY, 1, 600.01), transmit: false };
    const tp = { ...lmt(OrderAction.SELL, 1, 610), parentId: 10, transmit: false };
    const sl: Order = { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.STP, auxPrice: 590, parentId: 10, tif: TimeInForce.GTC, transmit: true };
    const parentFilled = status(10, "Filled");
    ib.placeOrder(10, SMART_SPY, parent);
    ib.placeOrder(11, SMART_SPY, tp);
    ib.placeOrder(12, SMART_SPY, sl);
    await parentFilled;
    await sleep(50);
    const live = bed.venue.openOrders({ clientId: 21 });
    expect(live.map((o) => o.orderId).sort()).toEqual([11, 12]);
    const tpFilled = status(11, "Filled");
    const slCancelled = status(12, "Cancelled");
    bed.venue.movePrice(SPY_CONID, 611);
    await tpFilled;
    await slCancelled;
    expect(bed.venue.openOrders()).toEqual([]);
    expect(bed.venue.positions().find((p) => p.contract.conId === SPY_CONID)?.position).toBe("0");
  });

  it("partial fill then cancel: Submitted with filled > 0, then Cancelled with the remainder", async () => {
    bed.venue.setPartialFillMode({ kind: "chunks", qty: "3" });
    const submitted = status(13, "Submitted");
    ib.placeOrder(13, SMART_SPY, lmt(OrderAction.BUY, 10, 590));
    await submitted;
    const permId = bed.venue.openOrders()[0]!.permId;
    const partial = waitFor<[number, string, number, number]>(ib, EventName.orderStatus, (id, _s, filled) => id === 13 && filled === 3);
    bed.venue.fillNow(permId, { quantity: "3", price: 590 });
    const [, st, , rem] = await partial;
    expect([st, rem]).toEqual(["Submitted", 7]);
    const cancelled = waitFor<[number, string, number, number]>(ib, EventName.orderStatus, (id, s) => id === 13 && s === "Cancelled");
    ib.cancelOrder(13);
    const [, , filled] = await cancelled;
    expect(filled).toBe(3);
  });
});

describe("reconnects and faults", () => {
  it("fills during a disconnect are found through reqExecutions after reconnect", async () => {
    const submitted = status(20, "Submitted");
    ib.placeOrder(20, SMART_SPY, lmt(OrderAction.BUY, 4, 595));
    await submitted;
    const gone = waitFor(ib, EventName.disconnected);
    bed.gateway.dropConnections(21);
    await gone;
    bed.venue.movePrice(SPY_CONID, 590);
    expect(bed.venue.completedOrders().map((o) => o.status)).toEqual(["Filled"]);
    const again = await bed.connect(21);
    again.reqExecutions(77, {});
    const execs = await collectUntil<[number, Contract, Execution]>(again, EventName.execDetails, EventName.execDetailsEnd);
    expect(execs.map(([reqId, , e]) => [reqId, e.orderId, e.shares])).toEqual([[77, 20, 4]]);
    again.reqCompletedOrders(false);
    const done = await collectUntil<[Contract, Order, { status: string }]>(again, EventName.completedOrder, EventName.completedOrdersEnd);
    expect(done.map(([, o, s]) => [o.permId, s.status])).toEqual([[bed.venue.completedOrders()[0]!.permId, "Filled"]]);
  });

  it("gateway restart: connections refused while down, orders persist, reconnect sees them at bootstrap", async () => {
    const submitted = status(30, "Submitted");
    ib.placeOrder(30, SMART_SPY, lmt(OrderAction.BUY, 1, 500));
    await submitted;
    const gone = waitFor(ib, EventName.disconnected);
    const restarted = bed.gateway.restart(400);
    await gone;
    const refused = await bed.connect(22, { expectNextValidId: false });
    const [, code] = await waitFor<[Error, number]>(refused, EventName.error, (_e, c) => c === 502);
    expect(code).toBe(502);
    await restarted;
    const back = new (ib.constructor as new (o: object) => IBApi)({ host: "127.0.0.1", port: bed.port, clientId: 21, maxReqPerSec: 1000 });
    bed.clients.push(back);
    const boot = waitFor<[number, Contract, Order, { status: string }]>(back, EventName.openOrder, (id) => id === 30);
    const next = waitFor<[number]>(back, EventName.nextValidId);
    back.connect();
    expect((await boot)[3].status).toBe("Submitted");
    expect((await next)[0]).toBe(31);
  });

  it("swallows the acknowledgements of the next order while it is live at the venue", async () => {
    bed.gateway.swallowNextOrderAcks(1);
    const heard: number[] = [];
    ib.on(EventName.openOrder, (id: number) => heard.push(id));
    ib.placeOrder(40, SMART_SPY, lmt(OrderAction.BUY, 1, 500));
    ib.placeOrder(41, SMART_SPY, lmt(OrderAction.BUY, 1, 501));
    await waitFor(ib, EventName.openOrder, (id: number) => id === 41);
    expect(heard).toEqual([41]);
    expect(bed.venue.openOrders({ clientId: 21 }).map((o) => o.orderId).sort()).toEqual([40, 41]);
    expect(bed.gateway.swallowedOrders()).toEqual(["21:40"]);
    ib.reqOpenOrders();
    const all = await collectUntil<[number]>(ib, EventName.openOrder, EventName.openOrderEnd);
    expect(all.map(([id]) => id).sort()).toEqual([40, 41]);
  });

  it("duplicates execution messages on demand (same execId twice)", async () => {
    bed.gateway.duplicateNextExecutions(1);
    const ids: string[] = [];
    ib.on(EventName.execDetails, (_r: number, _c: Contract, e: Execution) => ids.push(e.execId!));
    const reports: string[] = [];
    ib.on(EventName.commissionReport, (r) => reports.push(r.execId ?? ""));
    ib.placeOrder(50, SMART_SPY, mkt(OrderAction.BUY, 1));
    await status(50, "Filled");
    await sleep(50);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(reports).toEqual(ids);
  });

  it("1100 holds order traffic until 1102; 2110 and farm codes reach the client as info", async () => {
    const infos: number[] = [];
    ib.on(EventName.info, (_m: string, code: number) => infos.push(code));
    bed.gateway.systemMessage(1100);
    const heard: string[] = [];
    ib.on(EventName.orderStatus, (_id: number, s: string) => heard.push(s));
    ib.placeOrder(60, SMART_SPY, lmt(OrderAction.BUY, 1, 500));
    await sleep(100);
    expect(heard).toEqual([]);
    expect(bed.venue.openOrders({ clientId: 21 })).toHaveLength(1);
    bed.gateway.systemMessage(1102);
    await status(60, "Submitted");
    bed.gateway.systemMessage(2103);
    bed.gateway.systemMessage(2110);
    await sleep(50);
    expect(infos).toEqual([1100, 1102, 2103, 2110]);
  });

  it("delays responses by the configured time", async () => {
    bed.gateway.setResponseDelay(150);
    const t0 = performance.now();
    ib.reqCurrentTime();
    await waitFor(ib, EventName.currentTime);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    bed.gateway.setResponseDelay(0);
  });
});
