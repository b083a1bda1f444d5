/**
 * The contract every CacheDatabase backend passes (unstorage-style): the in-memory database runs
 * it in memory-database.test.ts, the Redis backend runs it against a real redis-server.
 *
 * Usage: `describeCacheDatabaseContract("redis", async () => backend, async (db) => cleanup)`.
 * `makeDb` must return an empty database each time. Every load is preceded by `sync()`, the only
 * point where a write-behind backend must have applied what was written.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Account } from "../../src/cache/account.js";
import { Cache } from "../../src/cache/cache.js";
import type { CacheDatabase } from "../../src/cache/database.js";
import { positionSnapshot } from "../../src/model/position-events.js";
import { ClientId, ClientOrderId, OrderListId, PositionId, StrategyId } from "../../src/model/identifiers.js";
import { OrderList } from "../../src/model/orders/list.js";
import { Money } from "../../src/model/values.js";
import { USD } from "../../src/model/currency.js";
import { ACC, SPY, SPY_CALL, accountState, apply, fillEvent, makeOrder, openPosition } from "./fixtures.js";

export function describeCacheDatabaseContract(
  name: string,
  makeDb: () => Promise<CacheDatabase>,
  destroy: (db: CacheDatabase) => Promise<void> = (db) => db.close(),
): void {
  describe(`CacheDatabase contract: ${name}`, () => {
    let db: CacheDatabase;
    beforeEach(async () => {
      db = await makeDb();
    });
    afterEach(async () => {
      await destroy(db);
    });

    it("starts empty", async () => {
      await db.sync();
      expect(await db.loadInstruments()).toEqual([]);
      expect(await db.loadAccounts()).toEqual([]);
      expect(await db.loadOrders()).toEqual([]);
      expect(await db.loadPositions()).toEqual([]);
      expect(await db.loadOrderLists()).toEqual([]);
      expect(await db.loadOrder(ClientOrderId("nope"))).toBeUndefined();
      expect(await db.loadStrategy(StrategyId("S-001"))).toBeUndefined();
    });

    it("stores, replaces and deletes instruments, keeping their fields", async () => {
      db.addInstrument(SPY);
      db.addInstrument(SPY_CALL);
      db.addInstrument(SPY);
      await db.sync();
      const loaded = await db.loadInstruments();
      expect(loaded.map((i) => i.id).sort()).toEqual([SPY.id, SPY_CALL.id].sort());
      const call = await db.loadInstrument(SPY_CALL.id);
      expect(call?.multiplier.toString()).toBe("100");
      expect(call?.priceIncrement.toString()).toBe("0.01");
      expect(call?.type).toBe("OptionContract");
      db.deleteInstrument(SPY.id);
      await db.sync();
      expect(await db.loadInstrument(SPY.id)).toBeUndefined();
    });

    it("stores an order as its events: add, then each update appends; loads rebuild it", async () => {
      const o = makeOrder({ id: "DB-1", qty: "100" });
      db.addOrder(o, PositionId("P-1"), ClientId("IB"));
      apply(o, { kind: "submit" });
      db.updateOrder(o);
      apply(o, { kind: "accept", voi: "V-DB-1" });
      db.updateOrder(o);
      apply(o, { kind: "fill", qty: "30", px: "100.05", tradeId: "T-DB-1" });
      db.updateOrder(o);
      await db.sync();
      const loaded = await db.loadOrder(o.clientOrderId);
      expect(loaded).toBeDefined();
      expect(loaded).not.toBe(o);
      expect(loaded?.status).toBe("PARTIALLY_FILLED");
      expect(loaded?.filledQty.toString()).toBe("30");
      expect(loaded?.avgPx?.toString()).toBe("100.05");
      expect(loaded?.venueOrderId).toBe("V-DB-1");
      expect(loaded?.events.map((e) => e.type)).toEqual(o.events.map((e) => e.type));
      expect((await db.loadIndexOrderPosition()).get(o.clientOrderId)).toBe("P-1");
      expect((await db.loadIndexOrderClient()).get(o.clientOrderId)).toBe("IB");
      // A loaded order is independent of the store.
      apply(loaded!, { kind: "cancel" });
      await db.sync();
      expect((await db.loadOrder(o.clientOrderId))?.status).toBe("PARTIALLY_FILLED");
    });

    it("indexes order -> position and deletes orders with their index entries", async () => {
      const a = makeOrder({ id: "DB-A" });
      const b = makeOrder({ id: "DB-B" });
      db.addOrder(a);
      db.addOrder(b, undefined, ClientId("IB"));
      db.indexOrderPosition(a.clientOrderId, PositionId("P-A"));
      db.deleteOrder(b.clientOrderId);
      await db.sync();
      expect((await db.loadOrders()).map((o) => o.clientOrderId)).toEqual(["DB-A"]);
      expect([...(await db.loadIndexOrderPosition())]).toEqual([["DB-A", "P-A"]]);
      expect((await db.loadIndexOrderClient()).size).toBe(0);
    });

    it("stores accounts as their states; purges old states but each account's latest", async () => {
      const acc = new Account(accountState(10n, "100"));
      db.addAccount(acc);
      for (const ts of [20n, 30n]) {
        acc.apply(accountState(ts, `${ts}`));
        db.updateAccount(acc);
      }
      await db.sync();
      const loaded = await db.loadAccount(ACC);
      expect(loaded?.eventCount).toBe(3);
      expect(loaded?.balanceFree(USD)?.toString()).toBe("30.00 USD");
      expect((await db.loadAccounts()).map((a) => a.id)).toEqual([ACC]);
      db.deleteAccountEventsBefore(25n);
      await db.sync();
      expect((await db.loadAccountStates(ACC)).map((s) => s.tsEvent)).toEqual([30n]);
      db.deleteAccountEventsBefore(1000n);
      await db.sync();
      expect((await db.loadAccountStates(ACC)).map((s) => s.tsEvent)).toEqual([30n]);
    });

    it("stores positions as their fills and rebuilds them with the instrument's multiplier", async () => {
      db.addInstrument(SPY_CALL);
      const p = openPosition(SPY_CALL, "DB-P", "BUY", "2", "3.50");
      db.addPosition(p);
      const closer = makeOrder({ id: "DB-P-CLOSE", instrumentId: SPY_CALL.id, side: "SELL", qty: "1" });
      apply(closer, { kind: "submit" });
      apply(closer, { kind: "accept", voi: "V-DB-P-CLOSE" });
      p.apply(fillEvent(closer, "1", "4.00", "T-DB-P-2", 20n, "DB-P"));
      db.updatePosition(p);
      await db.sync();
      const loaded = await db.loadPosition(p.id);
      expect(loaded?.signedQtyString()).toBe("1");
      expect(loaded?.realizedPnl.toString()).toBe("50.00 USD");
      expect(loaded?.fills.length).toBe(2);
      expect((await db.loadPositions()).map((x) => x.id)).toEqual([p.id]);
      db.deletePosition(p.id);
      await db.sync();
      expect(await db.loadPosition(p.id)).toBeUndefined();
    });

    it("refuses to load a position whose instrument is not stored (unknown, never flat)", async () => {
      db.addPosition(openPosition(SPY, "DB-ORPHAN", "BUY", "1", "100.00"));
      await db.sync();
      await expect(db.loadPositions()).rejects.toThrow(/instrument/);
    });

    it("stores order lists by their orders' ids", async () => {
      const a = makeOrder({ id: "L-A" });
      const b = makeOrder({ id: "L-B" });
      db.addOrderList(new OrderList(OrderListId("OL-DB"), [a, b], 5n));
      db.addOrderList(new OrderList(OrderListId("OL-DB2"), [a], 6n));
      db.deleteOrderList(OrderListId("OL-DB2"));
      await db.sync();
      expect(await db.loadOrderLists()).toEqual([{ id: "OL-DB", clientOrderIds: ["L-A", "L-B"], tsInit: 5n }]);
    });

    it("saves, replaces and deletes strategy state", async () => {
      const s = StrategyId("EMACross-001");
      db.updateStrategy(s, { fast: "10", slow: "20" });
      db.updateStrategy(s, { fast: "12" });
      await db.sync();
      expect(await db.loadStrategy(s)).toEqual({ fast: "12" });
      db.deleteStrategy(s);
      await db.sync();
      expect(await db.loadStrategy(s)).toBeUndefined();
    });

    it("appends order and position snapshots in order", async () => {
      const o = makeOrder({ id: "SNAP-1" });
      db.snapshotOrderState(o, 1n);
      apply(o, { kind: "submit" });
      db.snapshotOrderState(o, 2n);
      const p = openPosition(SPY, "SNAP-P", "BUY", "5", "10.00");
      db.snapshotPositionState({ positionId: p.id, tsSnapshot: 3n, unrealizedPnl: Money.from("1.5", USD), state: positionSnapshot(p) });
      await db.sync();
      const snaps = await db.loadOrderSnapshots(o.clientOrderId);
      expect(snaps.map((s) => [s.status, s.tsSnapshot, s.events.length])).toEqual([
        ["INITIALIZED", 1n, 1],
        ["SUBMITTED", 2n, 2],
      ]);
      const ps = await db.loadPositionSnapshots(p.id);
      expect(ps.map((s) => [s.tsSnapshot, s.unrealizedPnl?.toString(), s.state.quantity.toString()])).toEqual([[3n, "1.50 USD", "5"]]);
    });

    it("flush deletes everything", async () => {
      db.addInstrument(SPY);
      db.addOrder(makeOrder({ id: "F-1" }));
      db.updateStrategy(StrategyId("EMACross-001"), { a: "1" });
      await db.flush();
      await db.sync();
      expect(await db.loadInstruments()).toEqual([]);
      expect(await db.loadOrders()).toEqual([]);
      expect(await db.loadStrategy(StrategyId("EMACross-001"))).toBeUndefined();
    });

    it("round-trips a whole cache through loadCache with every index rebuilt", async () => {
      const cache = new Cache({ database: db });
      cache.addInstrument(SPY);
      cache.addAccount(new Account(accountState(1n)));
      const open = makeOrder({ id: "RT-OPEN" });
      cache.addOrder(open, undefined, ClientId("IB"));
      apply(open, { kind: "submit" });
      cache.updateOrder(open);
      apply(open, { kind: "accept", voi: "V-RT-OPEN" });
      cache.updateOrder(open);
      const filled = makeOrder({ id: "RT-FILLED", qty: "10" });
      cache.addOrder(filled);
      apply(filled, { kind: "submit" });
      apply(filled, { kind: "accept", voi: "V-RT-FILLED" });
      const fill = fillEvent(filled, "10", "100.00", "T-RT", 10n, "RT-POS");
      filled.apply(fill);
      cache.updateOrder(filled);
      const pos = openPosition(SPY, "RT-POS", "BUY", "10", "100.00");
      cache.addPosition(pos);
      cache.addOrderList(new OrderList(OrderListId("RT-OL"), [open, filled], 1n));
      await db.sync();

      const restored = new Cache({ database: db });
      const summary = await restored.loadCache();
      expect(summary).toEqual({ instruments: 1, accounts: 1, orders: 2, orderLists: 1, positions: 1 });
      expect(restored.ordersOpen().map((o) => o.clientOrderId)).toEqual(["RT-OPEN"]);
      expect(restored.ordersClosed().map((o) => o.clientOrderId)).toEqual(["RT-FILLED"]);
      expect(restored.clientOrderIdFor(open.venueOrderId!)).toBe("RT-OPEN");
      expect(restored.clientId(open.clientOrderId)).toBe("IB");
      expect(restored.positionIdFor(filled.clientOrderId)).toBe("RT-POS");
      expect(restored.positionsOpen({ instrumentId: SPY.id, accountId: ACC }).map((p) => p.id)).toEqual(["RT-POS"]);
      expect(restored.orderList(OrderListId("RT-OL"))?.clientOrderIds).toEqual(["RT-OPEN", "RT-FILLED"]);
      expect(restored.account(ACC)?.balanceFree(USD)?.toString()).toBe("1000000.00 USD");
      // Loading wrote nothing back: the stored events are exactly the original ones.
      await db.sync();
      expect((await db.loadOrder(open.clientOrderId))?.eventCount).toBe(open.eventCount);
    });
  });
}
