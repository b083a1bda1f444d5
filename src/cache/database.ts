/**
 * CacheDatabase: the persistence backend behind the Cache (Nautilus `CacheDatabaseFacade`).
 * Two implementations: `InMemoryCacheDatabase` (tests, and nodes without `cache.database`) and
 * the Redis backend (src/cache/database/, another issue). Both pass the one shared contract
 * suite `describeCacheDatabaseContract` (test/cache/database-contract.ts); callers never know
 * which backend is plugged in.
 *
 * Shape of the contract:
 * - Writes (`add*`, `update*`, `delete*`, `snapshot*`) are synchronous to call and never throw
 *   for I/O reasons: the Cache calls them on the hot path. A backend may apply them at once or
 *   queue them (write-behind, `bufferIntervalMs`); either way they are applied in call order.
 *   A backend reports its own I/O failures through its logger.
 * - `sync()` resolves once every write issued before it is durable (the contract suite calls it
 *   before each load; the node calls it at shutdown).
 * - Loads are asynchronous and return fresh objects rebuilt from what was stored (orders from
 *   their events, accounts from their states): mutating a loaded object never changes the store.
 * - Orders are stored as their event list: `addOrder` stores every event so far, `updateOrder`
 *   appends the events applied since (Nautilus appends the last event).
 */
import type { Account } from "./account.js";
import type { AccountState, OrderEvent, PositionSnapshot } from "../model/events.js";
import type { ClientId, ClientOrderId, InstrumentId, OrderListId, PositionId, StrategyId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { Order } from "../model/orders/order.js";
import type { OrderList } from "../model/orders/list.js";
import type { Position } from "../model/position.js";
import type { Money } from "../model/values.js";

/** How an order list is stored: the list, by its orders' ids (the orders are stored on their own). */
export interface OrderListRecord {
  readonly id: OrderListId;
  readonly clientOrderIds: readonly ClientOrderId[];
  readonly tsInit: bigint;
}

/** A strategy's saved state (what its `onSave` returned), string values. */
export type StrategyState = Readonly<Record<string, string>>;

/** An order as it stood at a moment (snapshotOrders): its events up to then. */
export interface OrderSnapshotRecord {
  readonly clientOrderId: ClientOrderId;
  readonly status: Order["status"];
  readonly events: readonly OrderEvent[];
  readonly tsSnapshot: bigint;
}

export interface CacheDatabase {
  // ---- lifecycle ----

  /** Resolves when every write issued before this call is durable. */
  sync(): Promise<void>;
  /** Deletes everything this backend stores for this trader (CacheConfig.flushOnStart). */
  flush(): Promise<void>;
  /** Applies pending writes, then releases connections. No call is valid after it. */
  close(): Promise<void>;

  // ---- instruments ----

  /** Stores (or replaces) an instrument definition. */
  addInstrument(instrument: Instrument): void;
  /** Removes an instrument definition; unknown ids are ignored. */
  deleteInstrument(instrumentId: InstrumentId): void;
  /** Every stored instrument. */
  loadInstruments(): Promise<Instrument[]>;
  /** One instrument, or undefined. */
  loadInstrument(instrumentId: InstrumentId): Promise<Instrument | undefined>;

  // ---- accounts ----

  /** Stores a new account with every state it holds. */
  addAccount(account: Account): void;
  /** Appends the account's states not stored yet (normally its last one). */
  updateAccount(account: Account): void;
  /** Removes account states with `tsEvent < beforeNs` except each account's latest (purgeAccountEvents). */
  deleteAccountEventsBefore(beforeNs: bigint): void;
  /** Every stored account, rebuilt from its states. */
  loadAccounts(): Promise<Account[]>;
  /** One account rebuilt from its states, or undefined. */
  loadAccount(accountId: Account["id"]): Promise<Account | undefined>;
  /** The stored states of an account, oldest first (empty when unknown). */
  loadAccountStates(accountId: Account["id"]): Promise<AccountState[]>;

  // ---- orders ----

  /**
   * Stores a new order (every event it has), with the position it belongs to and the client it
   * was routed to, when known.
   */
  addOrder(order: Order, positionId?: PositionId, clientId?: ClientId): void;
  /** Appends the order's events not stored yet. */
  updateOrder(order: Order): void;
  /** Records the position an order belongs to (the order -> position index). */
  indexOrderPosition(clientOrderId: ClientOrderId, positionId: PositionId): void;
  /** Removes an order, its events and its index entries (purge with purgeFromDatabase). */
  deleteOrder(clientOrderId: ClientOrderId): void;
  /** Every stored order, rebuilt from its events. */
  loadOrders(): Promise<Order[]>;
  /** One order rebuilt from its events, or undefined. */
  loadOrder(clientOrderId: ClientOrderId): Promise<Order | undefined>;
  /** The order -> position index. */
  loadIndexOrderPosition(): Promise<Map<ClientOrderId, PositionId>>;
  /** The order -> client index. */
  loadIndexOrderClient(): Promise<Map<ClientOrderId, ClientId>>;

  // ---- positions ----

  /** Stores a new position (its fills so far). */
  addPosition(position: Position): void;
  /** Appends the position's fills not stored yet. */
  updatePosition(position: Position): void;
  /** Removes a position (purge with purgeFromDatabase). */
  deletePosition(positionId: PositionId): void;
  /**
   * Every stored position, rebuilt from its fills with its stored instrument's multiplier and
   * precisions. Rejects when a position's instrument is not stored: a position that cannot be
   * rebuilt is unknown, and must never be taken as flat.
   */
  loadPositions(): Promise<Position[]>;
  /** One position, or undefined. */
  loadPosition(positionId: PositionId): Promise<Position | undefined>;

  // ---- order lists ----

  /** Stores an order list (by its orders' ids). */
  addOrderList(list: OrderList): void;
  /** Removes an order list; its orders are not touched. */
  deleteOrderList(orderListId: OrderListId): void;
  /** Every stored order list record. */
  loadOrderLists(): Promise<OrderListRecord[]>;

  // ---- strategies ----

  /** Replaces a strategy's saved state. */
  updateStrategy(strategyId: StrategyId, state: StrategyState): void;
  /** Removes a strategy's saved state. */
  deleteStrategy(strategyId: StrategyId): void;
  /** A strategy's saved state, or undefined when none was saved. */
  loadStrategy(strategyId: StrategyId): Promise<StrategyState | undefined>;

  // ---- snapshots (snapshotOrders / snapshotPositions; written, never loaded into the cache) ----

  /** Appends a snapshot of an order's current state. */
  snapshotOrderState(order: Order, tsSnapshot: bigint): void;
  /** Every snapshot of an order, oldest first. */
  loadOrderSnapshots(clientOrderId: ClientOrderId): Promise<OrderSnapshotRecord[]>;
  /** Appends a snapshot of a position's state with its unrealized PnL, when known. */
  snapshotPositionState(snapshot: PositionStateSnapshot): void;
  /** Every snapshot of a position, oldest first. */
  loadPositionSnapshots(positionId: PositionId): Promise<PositionStateSnapshot[]>;
}

/** A position's state at a moment (snapshotPositions), as plain data. */
export interface PositionStateSnapshot {
  readonly positionId: PositionId;
  readonly tsSnapshot: bigint;
  readonly unrealizedPnl?: Money | undefined;
  /** The position as it stood (side, quantity, prices, realized PnL). */
  readonly state: PositionSnapshot;
}
