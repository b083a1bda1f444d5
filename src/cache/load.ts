/**
 * Loading the cache from its database at startup (Nautilus `cache_all` + `build_index`):
 * instruments, accounts, orders (with their position and client links), order lists, positions.
 *
 * Entry point: `loadInto(cache, database)` (called by `Cache.loadCache()`, which turns writes
 * to the database off meanwhile so nothing loaded is written back).
 * Invariants: orders are added before order lists (a list is rebuilt from its cached orders; a
 * list keeps the orders still stored, and one with none left is skipped); positions are
 * added after orders so order -> position links resolve either way.
 */
import { InstrumentId } from "../model/identifiers.js";
import type { Order } from "../model/orders/order.js";
import { OrderList } from "../model/orders/list.js";
import type { Cache } from "./cache.js";
import type { CacheDatabase } from "./database.js";

export interface LoadSummary {
  readonly instruments: number;
  readonly accounts: number;
  readonly orders: number;
  readonly orderLists: number;
  readonly positions: number;
}

export async function loadInto(cache: Cache, db: CacheDatabase): Promise<LoadSummary> {
  const [instruments, accounts, orders, orderPositions, orderClients, lists, positions] = await Promise.all([
    db.loadInstruments(),
    db.loadAccounts(),
    db.loadOrders(),
    db.loadIndexOrderPosition(),
    db.loadIndexOrderClient(),
    db.loadOrderLists(),
    db.loadPositions(),
  ]);
  for (const i of instruments) cache.addInstrument(i);
  for (const a of accounts) cache.addAccount(a);
  for (const o of orders) cache.addOrder(o, undefined, orderClients.get(o.clientOrderId));
  for (const [coid, pid] of orderPositions) {
    const order = cache.order(coid);
    if (order !== undefined) cache.addPositionId(pid, InstrumentId.venue(order.instrumentId), coid, order.strategyId);
  }
  let loadedLists = 0;
  for (const rec of lists) {
    // Orders of a list may have been purged one by one; the list holds whichever remain.
    const members = rec.clientOrderIds.flatMap((id): Order[] => {
      const o = cache.order(id);
      return o === undefined ? [] : [o];
    });
    if (members.length === 0) continue;
    cache.addOrderList(new OrderList(rec.id, members, rec.tsInit));
    loadedLists++;
  }
  for (const p of positions) cache.addPosition(p);
  return { instruments: instruments.length, accounts: accounts.length, orders: orders.length, orderLists: loadedLists, positions: positions.length };
}
