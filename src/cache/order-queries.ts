/**
 * OrderQueries: the read-only order and order-list lookups of the Cache (Nautilus `Cache`
 * orders / orders_open / orders_closed / orders_inflight / orders_emulated, their counts, the
 * is_order_* checks, the venue order id / client / strategy lookups and the order lists).
 * The Cache extends it (as it extends MarketData), so these are Cache methods.
 *
 * Entry points: none of its own; every method is reached through `Cache`.
 * Invariants:
 * - Nothing here writes: `orderStore` and `orderListMap` are declared here so the queries can
 *   read them, but only the Cache writes them and keeps every index current (addOrder /
 *   updateOrder / addOrderList / purge / reset / load).
 * - Queries return fresh arrays of the cached objects (not copies), in the store's order.
 */
import { InstrumentId, type ClientId, type ClientOrderId, type OrderListId, type StrategyId, type VenueOrderId } from "../model/identifiers.js";
import type { OrderList } from "../model/orders/list.js";
import type { Order } from "../model/orders/order.js";
import { MarketData } from "./market-data.js";
import { OrderStore, type OrderFilter } from "./order-store.js";

export class OrderQueries extends MarketData {
  protected readonly orderStore = new OrderStore();
  protected readonly orderListMap = new Map<OrderListId, OrderList>();

  // ---- orders ----

  order(id: ClientOrderId): Order | undefined {
    return this.orderStore.items.get(id);
  }
  orderExists(id: ClientOrderId): boolean {
    return this.orderStore.items.has(id);
  }
  orders(filter?: OrderFilter): Order[] {
    return this.orderStore.items.query("all", filter);
  }
  ordersOpen(filter?: OrderFilter): Order[] {
    return this.orderStore.items.query("open", filter);
  }
  /**
   * The open orders as a live iterator (no array built): for a pass over every open order that
   * needs no snapshot. Orders closed before they are reached are skipped, orders opened meanwhile
   * are visited; the order is `ordersOpen()`'s.
   */
  ordersOpenIterator(): IterableIterator<Order> {
    return this.orderStore.items.setValues("open");
  }
  ordersClosed(filter?: OrderFilter): Order[] {
    return this.orderStore.items.query("closed", filter);
  }
  ordersInflight(filter?: OrderFilter): Order[] {
    return this.orderStore.items.query("inflight", filter);
  }
  ordersEmulated(filter?: OrderFilter): Order[] {
    return this.orderStore.items.query("emulated", filter);
  }
  ordersTotalCount(filter?: OrderFilter): number {
    return this.orderStore.items.count("all", filter);
  }
  ordersOpenCount(filter?: OrderFilter): number {
    return this.orderStore.items.count("open", filter);
  }
  ordersClosedCount(filter?: OrderFilter): number {
    return this.orderStore.items.count("closed", filter);
  }
  ordersInflightCount(filter?: OrderFilter): number {
    return this.orderStore.items.count("inflight", filter);
  }
  ordersEmulatedCount(filter?: OrderFilter): number {
    return this.orderStore.items.count("emulated", filter);
  }
  isOrderOpen(id: ClientOrderId): boolean {
    return this.orderStore.items.isIn("open", id);
  }
  isOrderClosed(id: ClientOrderId): boolean {
    return this.orderStore.items.isIn("closed", id);
  }
  isOrderInflight(id: ClientOrderId): boolean {
    return this.orderStore.items.isIn("inflight", id);
  }
  isOrderEmulated(id: ClientOrderId): boolean {
    return this.orderStore.items.isIn("emulated", id);
  }
  clientOrderIdFor(venueOrderId: VenueOrderId): ClientOrderId | undefined {
    return this.orderStore.clientOrderIdFor(venueOrderId);
  }
  venueOrderIdFor(clientOrderId: ClientOrderId): VenueOrderId | undefined {
    return this.order(clientOrderId)?.venueOrderId;
  }
  /** The client an order was routed to. */
  clientId(clientOrderId: ClientOrderId): ClientId | undefined {
    return this.orderStore.clientId(clientOrderId);
  }
  strategyIdForOrder(clientOrderId: ClientOrderId): StrategyId | undefined {
    return this.order(clientOrderId)?.strategyId;
  }

  // ---- order lists ----

  orderList(id: OrderListId): OrderList | undefined {
    return this.orderListMap.get(id);
  }
  orderLists(filter: OrderFilter = {}): OrderList[] {
    return [...this.orderListMap.values()].filter(
      (l) =>
        (filter.instrumentId === undefined || l.instrumentId === filter.instrumentId) &&
        (filter.strategyId === undefined || l.strategyId === filter.strategyId) &&
        (filter.venue === undefined || InstrumentId.venue(l.instrumentId) === filter.venue),
    );
  }
  orderListExists(id: OrderListId): boolean {
    return this.orderListMap.has(id);
  }
}
