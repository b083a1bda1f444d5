/**
 * Loading the cache from its database at startup (Nautilus `cache_all` + `build_index`):
 * instruments, accounts, orders (with their position and client links), order lists, positions.
 *
 * Entry points: `readDatabase(db)` (async, reads everything) then `insertStored(cache, state)`
 * (synchronous; `Cache.loadCache()` turns writes to the database off only around it, so nothing
 * loaded is written back and nothing written meanwhile by others is lost).
 * Invariants: orders are added before order lists (a list is rebuilt from its cached orders; a
 * list keeps the orders still stored, and one with none left is skipped); positions are
 * added after orders so order -> position links resolve either way.
 */
import { InstrumentId } from "../model/identifiers.js";
import type { Order } from "../model/orders/order.js";
import { OrderList } from "../model/orders/list.js";
import type { Cache } from "./cache.js";
import type { Account } from "./account.js";
import type { CacheDatabase, OrderListRecord } from "./database.js";
import type { ClientId, ClientOrderId, PositionId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { Position } from "../model/position.js";

export interface LoadSummary {
  readonly instruments: number;
  readonly accounts: number;
  readonly orders: number;
  readonly orderLists: number;
  readonly positions: number;
}

/** Everything the database holds for the cache, read in one go. */
export interface StoredState {
  readonly instruments: Instrument[];
  readonly accounts: Account[];
  readonly orders: Order[];
  readonly orderPositions: Map<ClientOrderId, PositionId>;
  readonly orderClients: Map<ClientOrderId, ClientId>;
  readonly lists: OrderListRecord[];
  readonly positions: Position[];
}

export async function readDatabase(db: CacheDatabase): Promise<StoredState> {
  const [instruments, accounts, orders, orderPositions, orderClients, lists, positions] = await Promise.all([
    db.loadInstruments(),
    db.loadAccounts(),
    db.loadOrders(),
    db.loadIndexOrderPosition(),
    db.loadIndexOrderClient(),
    db.loadOrderLists(),
    db.loadPositions(),
  ]);
  return { instruments, accounts, orders, orderPositions, orderClients, lists, positions };
}

/** Inserts what was read into the cache, synchronously (the caller turns persistence off around it). */
export function insertStored(cache: Cache, state: StoredState): LoadSummary {
  const { instruments, accounts, orders, orderPositions, orderClients, lists, positions } = state;
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
