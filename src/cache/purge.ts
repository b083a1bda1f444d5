/**
 * Purge rules of the cache (reference §3.8 D, Nautilus `purge_closed_orders`,
 * `purge_closed_positions`, `purge_account_events`), as functions over the cache's stores.
 *
 * - Closed orders: an order closed at `tsClosed` is purged once `tsClosed + buffer <= now`,
 *   unless one of its linked orders (contingencies) is still cached and open. Its position link
 *   goes with it. An order list is dropped once none of its orders is cached any more.
 * - Closed positions: purged once `tsClosed + buffer <= now`; their order links go with them.
 * - Account events: each account keeps states from `now - lookback` on, and always its latest.
 * With a database (purgeFromDatabase), the same records are deleted there too.
 */
import type { Logger } from "../common/logger.js";
import type { ClientOrderId, OrderListId, PositionId } from "../model/identifiers.js";
import type { OrderList } from "../model/orders/list.js";
import type { Account } from "./account.js";
import type { CacheDatabase } from "./database.js";
import type { OrderStore } from "./order-store.js";
import type { PositionStore } from "./position-store.js";

export interface PurgeTarget {
  readonly orders: OrderStore;
  readonly positions: PositionStore;
  readonly orderLists: Map<OrderListId, OrderList>;
  readonly accounts: Iterable<Account>;
  /** Set when purging from the database too. */
  readonly database: CacheDatabase | undefined;
  readonly logger: Logger;
}

export function purgeClosedOrders(t: PurgeTarget, tsNowNs: bigint, bufferNs: bigint): ClientOrderId[] {
  const purged: ClientOrderId[] = [];
  const lists = new Set<OrderListId>();
  for (const order of t.orders.items.query("closed")) {
    if (!order.isClosed() || order.tsClosed + bufferNs > tsNowNs) continue;
    const openLinked = order.linkedOrderIds.find((id) => t.orders.items.get(id)?.isOpen() === true);
    if (openLinked !== undefined) continue;
    t.orders.remove(order.clientOrderId);
    t.positions.removeOrder(order.clientOrderId);
    t.database?.deleteOrder(order.clientOrderId);
    if (order.orderListId !== undefined) lists.add(order.orderListId);
    purged.push(order.clientOrderId);
  }
  for (const listId of lists) {
    const list = t.orderLists.get(listId);
    if (list !== undefined && list.orders.every((o) => !t.orders.items.has(o.clientOrderId))) {
      t.orderLists.delete(listId);
      t.database?.deleteOrderList(listId);
    }
  }
  if (purged.length > 0) t.logger.debug({ count: purged.length }, "purged closed orders");
  return purged;
}

export function purgeClosedPositions(t: PurgeTarget, tsNowNs: bigint, bufferNs: bigint): PositionId[] {
  const purged: PositionId[] = [];
  for (const p of t.positions.items.query("closed")) {
    const closedAt = p.tsClosed;
    if (!p.isClosed() || closedAt === undefined || closedAt + bufferNs > tsNowNs) continue;
    t.positions.remove(p.id);
    t.database?.deletePosition(p.id);
    purged.push(p.id);
  }
  if (purged.length > 0) t.logger.debug({ count: purged.length }, "purged closed positions");
  return purged;
}

export function purgeAccountEvents(t: PurgeTarget, tsNowNs: bigint, lookbackNs: bigint): number {
  let dropped = 0;
  for (const account of t.accounts) dropped += account.purgeEvents(tsNowNs, lookbackNs);
  t.database?.deleteAccountEventsBefore(tsNowNs - lookbackNs);
  if (dropped > 0) t.logger.debug({ count: dropped }, "purged account events");
  return dropped;
}
