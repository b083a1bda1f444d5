import { describe, expect, it } from "vitest";
import { Cache } from "../../src/cache/cache.js";
import { Account } from "../../src/cache/account.js";
import { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { ClientOrderId, OrderListId, PositionId, Venue } from "../../src/model/identifiers.js";
import { OrderList } from "../../src/model/orders/list.js";
import type { Order } from "../../src/model/orders/order.js";
import { AAPL, ACC, S1, S2, SPY, accountState, apply, fillEvent, makeOrder, openPosition, quote, trade } from "./fixtures.js";
import { BarSpecification, BarType, type Bar } from "../../src/model/data.js";
import { Price, Quantity } from "../../src/model/values.js";

const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();

describe("Cache positions", () => {
  it("keeps open / closed and every index right as positions open, change and close", () => {
    const cache = new Cache();
    const p1 = openPosition(SPY, "P1", "BUY", "100", "100.00", S1);
    const p2 = openPosition(SPY, "P2", "SELL", "50", "101.00", S2);
    const p3 = openPosition(AAPL, "P3", "BUY", "10", "200.00", S1);
    for (const p of [p1, p2, p3]) cache.addPosition(p, "HEDGING");
    expect(ids(cache.positionsOpen())).toEqual(["P1", "P2", "P3"]);
    expect(ids(cache.positionsOpen({ instrumentId: SPY.id }))).toEqual(["P1", "P2"]);
    expect(ids(cache.positionsOpen({ instrumentId: SPY.id, accountId: ACC }))).toEqual(["P1", "P2"]);
    expect(ids(cache.positionsOpen({ strategyId: S1 }))).toEqual(["P1", "P3"]);
    expect(ids(cache.positionsOpen({ side: "SHORT" }))).toEqual(["P2"]);
    expect(ids(cache.positionsOpen({ venue: Venue("NASDAQ") }))).toEqual(["P3"]);
    expect(cache.positionForOrder(p1.openingOrderId)).toBe(p1);

    // Close P1 with a sell of 100.
    const closer = makeOrder({ id: "CLOSE-P1", side: "SELL", qty: "100" });
    apply(closer, { kind: "submit" });
    apply(closer, { kind: "accept", voi: "VC" });
    p1.apply(fillEvent(closer, "100", "101.00", "T-close", 20n, "P1"));
    cache.updatePosition(p1);
    expect(ids(cache.positionsOpen())).toEqual(["P2", "P3"]);
    expect(ids(cache.positionsClosed())).toEqual(["P1"]);
    expect(cache.isPositionClosed(PositionId("P1"))).toBe(true);
    expect(ids(cache.positionsOpen({ side: "LONG" }))).toEqual(["P3"]);
    expect(ids(cache.positions({ side: "FLAT" }))).toEqual(["P1"]);
    expect(cache.positionsOpenCount({ instrumentId: SPY.id })).toBe(1);

    // A NETTING id reused: the closed state is kept as a snapshot first.
    cache.snapshotPosition(p1);
    expect(cache.positionSnapshots(PositionId("P1"))[0]?.realizedPnl.toString()).toBe("100.00 USD");
  });
});

describe("Cache purge", () => {
  function closedOrder(id: string, tsClosed: bigint, extra: Partial<Parameters<typeof makeOrder>[0]> = {}): Order {
    const o = makeOrder({ id, ...extra });
    apply(o, { kind: "submit" }, tsClosed - 1n);
    apply(o, { kind: "accept", voi: `V-${id}` }, tsClosed - 1n);
    apply(o, { kind: "cancel" }, tsClosed);
    return o;
  }

  function openOrder(id: string, extra: Partial<Parameters<typeof makeOrder>[0]> = {}): Order {
    const o = makeOrder({ id, ...extra });
    apply(o, { kind: "submit" });
    apply(o, { kind: "accept", voi: `V-${id}` });
    return o;
  }

  it.each([
    { name: "purges orders closed at least `buffer` ago", now: 100n, buffer: 10n, expected: ["OLD"] },
    { name: "keeps orders closed within the buffer", now: 95n, buffer: 10n, expected: [] },
    { name: "buffer 0 purges every closed order", now: 95n, buffer: 0n, expected: ["OLD", "RECENT"] },
  ])("$name", ({ now, buffer, expected }) => {
    const db = new InMemoryCacheDatabase();
    const cache = new Cache({ database: db });
    cache.addOrder(closedOrder("OLD", 90n));
    cache.addOrder(closedOrder("RECENT", 95n));
    cache.addOrder(openOrder("OPEN"));
    const purged = cache.purgeClosedOrders(now, buffer, true);
    expect([...purged].sort()).toEqual(expected);
    for (const id of expected) {
      expect(cache.orderExists(ClientOrderId(id))).toBe(false);
      expect(cache.clientOrderIdFor(`V-${id}` as never)).toBeUndefined();
    }
    expect(cache.orderExists(ClientOrderId("OPEN"))).toBe(true);
    expect(cache.ordersClosedCount()).toBe(2 - expected.length);
  });

  it("keeps a closed order whose linked order is still open, purges it once the link closes", () => {
    const cache = new Cache();
    const listId = OrderListId("OL-1");
    const tp = closedOrder("TP", 10n, { linked: ["SL"], orderListId: listId });
    const sl = openOrder("SL", { linked: ["TP"], orderListId: listId });
    cache.addOrder(tp);
    cache.addOrder(sl);
    cache.addOrderList(new OrderList(listId, [tp, sl], 1n));
    expect(cache.purgeClosedOrders(100n, 0n)).toEqual([]);
    expect(cache.orderListExists(listId)).toBe(true);
    apply(sl, { kind: "cancel" }, 50n);
    cache.updateOrder(sl);
    expect([...cache.purgeClosedOrders(100n, 0n)].sort()).toEqual(["SL", "TP"]);
    expect(cache.orderListExists(listId)).toBe(false);
  });

  it("drops an order list only once all of its orders are purged", () => {
    const cache = new Cache();
    const listId = OrderListId("OL-2");
    const a = closedOrder("LA", 10n, { orderListId: listId });
    const b = closedOrder("LB", 60n, { orderListId: listId });
    cache.addOrder(a);
    cache.addOrder(b);
    cache.addOrderList(new OrderList(listId, [a, b], 1n));
    expect(cache.purgeClosedOrders(50n, 10n)).toEqual(["LA"]);
    expect(cache.orderListExists(listId)).toBe(true);
    expect(cache.purgeClosedOrders(100n, 10n)).toEqual(["LB"]);
    expect(cache.orderListExists(listId)).toBe(false);
  });

  it("purges closed positions after the buffer, from the database too when asked", async () => {
    const db = new InMemoryCacheDatabase();
    const cache = new Cache({ database: db });
    cache.addInstrument(SPY);
    const p = openPosition(SPY, "PP", "BUY", "10", "100.00", S1, 10n);
    cache.addPosition(p);
    const keep = openPosition(SPY, "PK", "BUY", "10", "100.00", S1, 10n);
    cache.addPosition(keep);
    const closer = openOrder("PP-CLOSE", { side: "SELL", qty: "10" });
    p.apply(fillEvent(closer, "10", "100.00", "T-pp-close", 50n, "PP"));
    cache.updatePosition(p);
    expect(cache.purgeClosedPositions(55n, 10n, true)).toEqual([]);
    expect(cache.purgeClosedPositions(60n, 10n, false)).toEqual(["PP"]);
    expect(cache.position(PositionId("PP"))).toBeUndefined();
    expect(cache.positionIdFor(p.openingOrderId)).toBeUndefined();
    expect((await db.loadPositions()).map((x) => x.id).sort()).toEqual(["PK", "PP"]);
    const cache2 = new Cache({ database: db });
    await cache2.loadCache();
    expect(cache2.purgeClosedPositions(60n, 10n, true)).toEqual(["PP"]);
    expect((await db.loadPositions()).map((x) => x.id)).toEqual(["PK"]);
  });

  it("purges account events by lookback, keeping each account's latest", async () => {
    const db = new InMemoryCacheDatabase();
    const cache = new Cache({ database: db });
    const account = new Account(accountState(10n, "100"));
    cache.addAccount(account);
    for (const ts of [20n, 30n, 40n]) {
      account.apply(accountState(ts, `${ts}`));
      cache.updateAccount(account);
    }
    expect(cache.purgeAccountEvents(45n, 20n, true)).toBe(2);
    expect(account.events.map((e) => e.tsEvent)).toEqual([30n, 40n]);
    expect((await db.loadAccountStates(ACC)).map((e) => e.tsEvent)).toEqual([30n, 40n]);
    expect(cache.purgeAccountEvents(1000n, 0n)).toBe(1);
    expect(account.events.map((e) => e.tsEvent)).toEqual([40n]);
  });
});

describe("Cache market data", () => {
  it("keeps tickCapacity quotes and trades per instrument, newest first", () => {
    const cache = new Cache({ config: { tickCapacity: 3, barCapacity: 2 } });
    for (let i = 1; i <= 5; i++) {
      cache.addQuote(quote(SPY.id, `${100 + i}.00`, `${100 + i}.02`, BigInt(i)));
      cache.addTrade(trade(SPY.id, `${100 + i}.01`, "1", BigInt(i)));
    }
    expect(cache.quoteCount(SPY.id)).toBe(3);
    expect(cache.quote(SPY.id)?.bidPrice.toString()).toBe("105.00");
    expect(cache.quote(SPY.id, 2)?.bidPrice.toString()).toBe("103.00");
    expect(cache.quote(SPY.id, 3)).toBeUndefined();
    expect(cache.quotes(SPY.id).map((q) => q.tsEvent)).toEqual([5n, 4n, 3n]);
    expect(cache.trade(SPY.id, 1)?.price.toString()).toBe("104.01");
    expect(cache.hasQuotes(AAPL.id)).toBe(false);
    expect(cache.price(SPY.id, "BID")?.toString()).toBe("105.00");
    expect(cache.price(SPY.id, "ASK")?.toString()).toBe("105.02");
    expect(cache.price(SPY.id, "MID")?.toString()).toBe("105.01");
    expect(cache.price(SPY.id, "LAST")?.toString()).toBe("105.01");
    expect(cache.price(SPY.id, "MARK")).toBeUndefined();
    cache.addMarkPrice(SPY.id, Price.from("105.005"));
    expect(cache.price(SPY.id, "MARK")?.toString()).toBe("105.005");
  });

  it("keeps barCapacity bars per bar type", () => {
    const cache = new Cache({ config: { barCapacity: 2 } });
    const bt = new BarType(SPY.id, new BarSpecification(1, "MINUTE", "LAST"), "INTERNAL");
    const same = BarType.parse(bt.toString());
    const bar = (ts: bigint): Bar => ({ barType: bt, open: Price.from("1.00"), high: Price.from("2.00"), low: Price.from("1.00"), close: Price.from("2.00"), volume: Quantity.from("5"), tsEvent: ts, tsInit: ts });
    for (const ts of [1n, 2n, 3n]) cache.addBar(bar(ts));
    expect(cache.bars(same).map((b) => b.tsEvent)).toEqual([3n, 2n]);
    expect(cache.bar(same, 1)?.tsEvent).toBe(2n);
    cache.reset();
    expect(cache.barCount(bt)).toBe(0);
  });
});
