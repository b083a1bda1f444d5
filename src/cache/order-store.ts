/**
 * OrderStore: the cache's orders and every order index (Nautilus `Cache` order indexes).
 *
 * Entry points: `add(order, clientId?)`, `update(order)` (after every applied event), `get`,
 * `query(set, filter)`, `clientOrderIdFor(venueOrderId)`, `remove(clientOrderId)`.
 * Indexes: by venue order id (every venue order id an order ever had, each pointing at the order
 * that last had an event or link with it), by strategy, instrument,
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

export type OrderIndex = "instrumentId" | "strategyId" | "venue" | "side" | "accountId";
export type OrderSet = "open" | "closed" | "inflight" | "emulated";
/** Narrows an order query; every given field must match. */
export type OrderFilter = IndexFilter<OrderIndex>;

const ORDER_SETS: readonly OrderSet[] = ["open", "closed", "inflight", "emulated"];
const OPEN = 1;
const CLOSED = 2;
const INFLIGHT = 4;
const EMULATED = 8;

/** The status sets the order belongs in now, as IndexedCollection flags (bits in ORDER_SETS order). */
function orderFlags(order: Order): number {
  return (order.isOpen() ? OPEN : 0) | (order.isClosed() ? CLOSED : 0) | (order.isInflight() ? INFLIGHT : 0) | (order.isEmulated() ? EMULATED : 0);
}

/**
 * The venue order ids pointing at one cached order (the reverse of byVenueOrderId), kept in the
 * order's collection entry so an order event finds them in the lookup that finds the order.
 */
interface VenueIds {
  readonly ids: VenueOrderId[];
  /** How many of `order.venueOrderIds` (oldest first) are known to point at the order. */
  asserted: number;
  /** Set when one of the order's ids was pointed at another order: the next update re-points them all. */
  lost: boolean;
}

export class OrderStore {
  readonly items = new IndexedCollection<ClientOrderId, Order, OrderIndex, OrderSet, VenueIds>(
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
  /** Venue order ids linked (addVenueOrderId) to an order not cached (yet): they join it when it is added. */
  private readonly uncachedVenueIds = new Map<ClientOrderId, VenueOrderId[]>();
  private readonly clientIds = new Map<ClientOrderId, ClientId>();

  add(order: Order, clientId?: ClientId): void {
    const id = order.clientOrderId;
    let ids: VenueOrderId[] = [];
    if (this.uncachedVenueIds.size > 0) {
      ids = this.uncachedVenueIds.get(id) ?? ids;
      this.uncachedVenueIds.delete(id);
    }
    const entry = this.items.add(id, order, orderFlags(order), { ids, asserted: 0, lost: false });
    if (clientId !== undefined) this.clientIds.set(id, clientId);
    this.indexVenueOrderIds(order, entry.aux as VenueIds);
  }

  /**
   * Re-derives every index of a cached order after an event was applied to it. Venue order ids:
   * each of the order's ids points at it afterwards (as if all were re-pointed on every update),
   * but only new ids, or all of them after one was taken by another order, are looked up.
   */
  update(order: Order): void {
    const entry = this.items.update(order.clientOrderId, order, orderFlags(order));
    const venueIds = entry.aux as VenueIds;
    if (venueIds.lost || venueIds.asserted !== order.venueOrderIds.length) this.indexVenueOrderIds(order, venueIds);
  }

  addVenueOrderId(id: ClientOrderId, venueOrderId: VenueOrderId): void {
    const previous = this.byVenueOrderId.get(venueOrderId);
    if (previous === id) return;
    if (previous !== undefined) this.unlinkVenueOrderId(previous, venueOrderId);
    this.byVenueOrderId.set(venueOrderId, id);
    const venueIds = this.items.entry(id)?.aux;
    if (venueIds !== undefined) {
      venueIds.ids.push(venueOrderId);
      return;
    }
    const ids = this.uncachedVenueIds.get(id);
    if (ids === undefined) this.uncachedVenueIds.set(id, [venueOrderId]);
    else ids.push(venueOrderId);
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
    const venueIds = this.items.entry(id)?.aux;
    const order = this.items.remove(id);
    if (order === undefined) return undefined;
    for (const v of venueIds?.ids ?? []) this.byVenueOrderId.delete(v);
    this.clientIds.delete(id);
    return order;
  }

  clear(): void {
    this.items.clear();
    this.byVenueOrderId.clear();
    this.uncachedVenueIds.clear();
    this.clientIds.clear();
  }

  /** Points the order's venue order ids (all when one was lost, else the new ones) at the order. */
  private indexVenueOrderIds(order: Order, venueIds: VenueIds): void {
    const ids = order.venueOrderIds;
    const from = venueIds.lost ? 0 : venueIds.asserted;
    venueIds.lost = false;
    for (let i = from; i < ids.length; i++) this.addVenueOrderId(order.clientOrderId, ids[i] as VenueOrderId);
    venueIds.asserted = ids.length;
  }

  /** `venueOrderId` no longer points at order `id` (it was pointed at another order). */
  private unlinkVenueOrderId(id: ClientOrderId, venueOrderId: VenueOrderId): void {
    const venueIds = this.items.entry(id)?.aux;
    const ids = venueIds?.ids ?? this.uncachedVenueIds.get(id);
    if (ids === undefined) return;
    const at = ids.indexOf(venueOrderId);
    if (at >= 0) ids.splice(at, 1);
    if (venueIds !== undefined) venueIds.lost = true;
    else if (ids.length === 0) this.uncachedVenueIds.delete(id);
  }
}
