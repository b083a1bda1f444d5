/**
 * OrderStore: the cache's orders and every order index (Nautilus `Cache` order indexes).
 *
 * Entry points: `add(order, clientId?)`, `update(order)` (after every applied event), `get`,
 * `query(set, filter)`, `clientOrderIdFor(venueOrderId)`, `remove(clientOrderId)`.
 * Indexes: by venue order id (every venue order id an order ever had), by strategy, instrument,
 * venue, side and account; the client per order; the status sets open / closed / in-flight /
 * emulated.
 * Invariants (checked by the table tests through an order's whole life):
 * - an order is in exactly the status sets its predicates say (isOpen, isClosed, isInflight,
 *   isEmulated), and in none after removal;
 * - the strategy index follows `order.strategyId` even when a claim reassigns it.
 */
import { InstrumentId, type ClientId, type ClientOrderId, type VenueOrderId } from "../model/identifiers.js";
import type { Order } from "../model/orders/order.js";
import { IndexedCollection, type IndexFilter } from "./indexed-collection.js";
import { MultiIndex } from "./multi-index.js";

export type OrderIndex = "instrumentId" | "strategyId" | "venue" | "side" | "accountId";
export type OrderSet = "open" | "closed" | "inflight" | "emulated";
/** Narrows an order query; every given field must match. */
export type OrderFilter = IndexFilter<OrderIndex>;

const ORDER_SETS: readonly OrderSet[] = ["open", "closed", "inflight", "emulated"];

export class OrderStore {
  readonly items = new IndexedCollection<ClientOrderId, Order, OrderIndex, OrderSet>(
    {
      instrumentId: (o) => o.instrumentId,
      strategyId: (o) => o.strategyId,
      venue: (o) => InstrumentId.venue(o.instrumentId),
      side: (o) => o.side,
      accountId: (o) => o.accountId,
    },
    ORDER_SETS,
    // Instrument, venue and side never change; a claim may reassign the strategy, acceptance sets the account.
    ["strategyId", "accountId"],
  );
  private readonly byVenueOrderId = new Map<VenueOrderId, ClientOrderId>();
  /** Reverse of byVenueOrderId, so removal is O(ids of the order). */
  private readonly venueIdsOf = new MultiIndex<ClientOrderId, VenueOrderId>();
  private readonly clientIds = new Map<ClientOrderId, ClientId>();

  add(order: Order, clientId?: ClientId): void {
    this.items.add(order.clientOrderId, order);
    if (clientId !== undefined) this.clientIds.set(order.clientOrderId, clientId);
    this.refresh(order);
  }

  /** Re-derives every index of a cached order after an event was applied to it. */
  update(order: Order): void {
    this.items.reindex(order.clientOrderId, order);
    this.refresh(order);
  }

  addVenueOrderId(id: ClientOrderId, venueOrderId: VenueOrderId): void {
    const previous = this.byVenueOrderId.get(venueOrderId);
    if (previous === id) return;
    if (previous !== undefined) this.venueIdsOf.remove(previous, venueOrderId);
    this.byVenueOrderId.set(venueOrderId, id);
    this.venueIdsOf.add(id, venueOrderId);
  }

  clientOrderIdFor(venueOrderId: VenueOrderId): ClientOrderId | undefined {
    return this.byVenueOrderId.get(venueOrderId);
  }

  clientId(id: ClientOrderId): ClientId | undefined {
    return this.clientIds.get(id);
  }

  setClientId(id: ClientOrderId, clientId: ClientId): void {
    this.clientIds.set(id, clientId);
  }

  remove(id: ClientOrderId): Order | undefined {
    const order = this.items.remove(id);
    if (order === undefined) return undefined;
    for (const v of this.venueIdsOf.get(id)) this.byVenueOrderId.delete(v);
    this.venueIdsOf.delete(id);
    this.clientIds.delete(id);
    return order;
  }

  clear(): void {
    this.items.clear();
    this.byVenueOrderId.clear();
    this.venueIdsOf.clear();
    this.clientIds.clear();
  }

  private refresh(order: Order): void {
    const id = order.clientOrderId;
    for (const v of order.venueOrderIds) this.addVenueOrderId(id, v);
    if (order.venueOrderId !== undefined) this.addVenueOrderId(id, order.venueOrderId);
    this.items.setMember("open", id, order.isOpen());
    this.items.setMember("closed", id, order.isClosed());
    this.items.setMember("inflight", id, order.isInflight());
    this.items.setMember("emulated", id, order.isEmulated());
  }
}
