/**
 * Cache: the node's in-memory state (Nautilus `Cache`): instruments, accounts, orders, order
 * lists, positions, strategies, external order claims and market data, with the indexes the
 * engines query, write-through to an optional `CacheDatabase`, purges and loading.
 *
 * Entry points: `new Cache({ config, database, logger })`; add / update / query methods below,
 * the order and order-list queries in order-queries.ts and the market data in market-data.ts
 * (the Cache extends both);
 * `loadCache()` fills it from the database at startup; `purgeClosedOrders`,
 * `purgeClosedPositions`, `purgeAccountEvents` (rules in purge.ts).
 * Invariants:
 * - The ExecEngine is the only writer of orders and positions: `addOrder` once, then
 *   `updateOrder(order)` after each applied event, which re-derives every index (status sets,
 *   venue order ids, strategy, side, account, position link) and persists the new events.
 *   The same holds for `addPosition` / `updatePosition` after each fill.
 * - Every write goes to the database when one is plugged in, except while loading from it.
 * - Queries return fresh arrays of the cached objects (not copies).
 */
import type { Logger } from "../common/logger.js";
import { nullLogger } from "../common/logger.js";
import type { CacheConfig } from "../config/schemas/cache.js";
import type { OmsType } from "../model/enums.js";
import {
  InstrumentId,
  accountIdIssuer,
  type AccountId,
  type ClientId,
  type ClientOrderId,
  type PositionId,
  type StrategyId,
  type Venue,
  type VenueOrderId,
} from "../model/identifiers.js";
import type { PositionSnapshot } from "../model/events.js";
import type { Instrument } from "../model/instruments.js";
import type { OrderList } from "../model/orders/list.js";
import type { Order } from "../model/orders/order.js";
import { positionSnapshot } from "../model/position-events.js";
import type { Position } from "../model/position.js";
import type { Money } from "../model/values.js";
import type { Account } from "./account.js";
import type { CacheDatabase, StrategyState } from "./database.js";
import { insertStored, readDatabase, type LoadSummary } from "./load.js";
import { OrderQueries } from "./order-queries.js";
import { PositionStore, type PositionFilter } from "./position-store.js";
import { purgeAccountEvents, purgeClosedOrders, purgeClosedPositions } from "./purge.js";

export interface CacheOptions {
  /** tickCapacity, barCapacity, dropInstrumentsOnReset, persistAccountEvents (defaults as CacheConfig). */
  readonly config?: Partial<Pick<CacheConfig, "tickCapacity" | "barCapacity" | "dropInstrumentsOnReset" | "persistAccountEvents">>;
  /** The persistence backend; none keeps everything in memory only. */
  readonly database?: CacheDatabase | undefined;
  readonly logger?: Logger;
}

export class Cache extends OrderQueries {
  readonly database: CacheDatabase | undefined;
  private readonly logger: Logger;
  private readonly dropInstrumentsOnReset: boolean;
  private readonly persistAccountEvents: boolean;
  /** False while loading from the database, so loaded state is not written back. */
  private persisting = true;

  private readonly instrumentMap = new Map<InstrumentId, Instrument>();
  private readonly accountMap = new Map<AccountId, Account>();
  private readonly positionStore = new PositionStore();
  private readonly strategySet = new Set<StrategyId>();
  private readonly strategyStates = new Map<StrategyId, StrategyState>();
  private readonly claims = new Map<InstrumentId, StrategyId>();

  constructor(options: CacheOptions = {}) {
    super(options.config?.tickCapacity ?? 10_000, options.config?.barCapacity ?? 10_000);
    this.logger = (options.logger ?? nullLogger).child({ component: "Cache" });
    this.database = options.database;
    this.dropInstrumentsOnReset = options.config?.dropInstrumentsOnReset ?? true;
    this.persistAccountEvents = options.config?.persistAccountEvents ?? true;
  }

  private get db(): CacheDatabase | undefined {
    return this.persisting ? this.database : undefined;
  }

  // ---- loading ----

  /** Fills the cache from the database (no-op without one), without writing anything back. */
  async loadCache(): Promise<LoadSummary> {
    if (this.database === undefined) return { instruments: 0, accounts: 0, orders: 0, orderLists: 0, positions: 0 };
    const stored = await readDatabase(this.database);
    this.persisting = false;
    let summary: LoadSummary;
    try {
      summary = insertStored(this, stored);
    } finally {
      this.persisting = true;
    }
    this.logger.info({ ...summary }, "cache loaded from the database");
    return summary;
  }

  // ---- instruments ----

  addInstrument(instrument: Instrument): void {
    this.instrumentMap.set(instrument.id, instrument);
    this.db?.addInstrument(instrument);
  }
  instrument(id: InstrumentId): Instrument | undefined {
    return this.instrumentMap.get(id);
  }
  instruments(venue?: Venue): Instrument[] {
    const all = [...this.instrumentMap.values()];
    return venue === undefined ? all : all.filter((i) => InstrumentId.venue(i.id) === venue);
  }
  instrumentIds(venue?: Venue): InstrumentId[] {
    return this.instruments(venue).map((i) => i.id);
  }

  // ---- accounts ----

  addAccount(account: Account): void {
    if (this.accountMap.has(account.id)) throw new Error(`account ${account.id} is already in the cache`);
    this.accountMap.set(account.id, account);
    if (this.persistAccountEvents) this.db?.addAccount(account);
  }
  /** Persists the account's new state(s) after `account.apply(state)`. */
  updateAccount(account: Account): void {
    if (this.accountMap.get(account.id) !== account) throw new Error(`account ${account.id} is not in the cache`);
    if (this.persistAccountEvents) this.db?.updateAccount(account);
  }
  account(id: AccountId): Account | undefined {
    return this.accountMap.get(id);
  }
  /**
   * The account of a venue: the account whose issuer is the venue (IB-DU123 for venue IB), else
   * the only account when there is exactly one (one IB account trades many exchange venues).
   */
  accountForVenue(venue: Venue): Account | undefined {
    for (const a of this.accountMap.values()) if (accountIdIssuer(a.id) === venue) return a;
    return this.accountMap.size === 1 ? this.accountMap.values().next().value : undefined;
  }
  accounts(): Account[] {
    return [...this.accountMap.values()];
  }
  accountIds(): AccountId[] {
    return [...this.accountMap.keys()];
  }

  // ---- orders ----

  /** Adds a new order (throws if its id is cached); links its position and client when given. */
  addOrder(order: Order, positionId?: PositionId, clientId?: ClientId): void {
    this.orderStore.add(order, clientId);
    this.strategySet.add(order.strategyId);
    this.db?.addOrder(order, positionId, clientId);
    if (positionId !== undefined) this.addPositionId(positionId, InstrumentId.venue(order.instrumentId), order.clientOrderId, order.strategyId);
  }
  /** Re-indexes an order after an event was applied to it, and persists the event. */
  updateOrder(order: Order): void {
    this.orderStore.update(order);
    this.strategySet.add(order.strategyId);
    this.db?.updateOrder(order);
    const pid = order.positionId;
    if (pid !== undefined && this.positionStore.addPositionId(pid, order.clientOrderId, order.strategyId)) {
      this.db?.indexOrderPosition(order.clientOrderId, pid);
    }
  }
  /** Indexes a venue order id (updateOrder indexes the order's own ids itself). */
  addVenueOrderId(clientOrderId: ClientOrderId, venueOrderId: VenueOrderId): void {
    this.orderStore.addVenueOrderId(clientOrderId, venueOrderId);
  }
  /** Appends a snapshot of the order's state to the database (snapshotOrders). */
  snapshotOrderState(order: Order, tsSnapshot: bigint = order.tsLast): void {
    this.db?.snapshotOrderState(order, tsSnapshot);
  }

  // ---- order lists ----

  addOrderList(list: OrderList): void {
    if (this.orderListMap.has(list.id)) throw new Error(`order list ${list.id} is already in the cache`);
    this.orderListMap.set(list.id, list);
    this.db?.addOrderList(list);
  }

  // ---- positions ----

  /** Adds a new position and links its opening order. `omsType` is kept for Nautilus parity. */
  addPosition(position: Position, _omsType?: OmsType): void {
    this.positionStore.add(position);
    this.strategySet.add(position.strategyId);
    this.addPositionId(position.id, InstrumentId.venue(position.instrumentId), position.openingOrderId, position.strategyId);
    this.db?.addPosition(position);
  }
  /** Re-indexes a position after a fill was applied to it, and persists the fill. */
  updatePosition(position: Position): void {
    this.positionStore.update(position);
    this.db?.updatePosition(position);
  }
  /** Links an order to a position (Nautilus add_position_id; `venue` kept for parity). */
  addPositionId(positionId: PositionId, _venue: Venue, clientOrderId: ClientOrderId, strategyId: StrategyId): void {
    if (this.positionStore.addPositionId(positionId, clientOrderId, strategyId)) this.db?.indexOrderPosition(clientOrderId, positionId);
  }
  position(id: PositionId): Position | undefined {
    return this.positionStore.items.get(id);
  }
  positionExists(id: PositionId): boolean {
    return this.positionStore.items.has(id);
  }
  positionIdFor(clientOrderId: ClientOrderId): PositionId | undefined {
    return this.positionStore.positionIdFor(clientOrderId);
  }
  positionForOrder(clientOrderId: ClientOrderId): Position | undefined {
    const pid = this.positionStore.positionIdFor(clientOrderId);
    return pid === undefined ? undefined : this.position(pid);
  }
  ordersForPosition(positionId: PositionId): Order[] {
    return this.positionStore.orderIdsFor(positionId).flatMap((id) => this.order(id) ?? []);
  }
  strategyIdForPosition(positionId: PositionId): StrategyId | undefined {
    return this.positionStore.strategyIdFor(positionId);
  }
  positions(filter?: PositionFilter): Position[] {
    return this.positionStore.items.query("all", filter);
  }
  positionsOpen(filter?: PositionFilter): Position[] {
    return this.positionStore.items.query("open", filter);
  }
  positionsClosed(filter?: PositionFilter): Position[] {
    return this.positionStore.items.query("closed", filter);
  }
  positionsTotalCount(filter?: PositionFilter): number {
    return this.positionStore.items.count("all", filter);
  }
  positionsOpenCount(filter?: PositionFilter): number {
    return this.positionStore.items.count("open", filter);
  }
  positionsClosedCount(filter?: PositionFilter): number {
    return this.positionStore.items.count("closed", filter);
  }
  isPositionOpen(id: PositionId): boolean {
    return this.positionStore.items.isIn("open", id);
  }
  isPositionClosed(id: PositionId): boolean {
    return this.positionStore.items.isIn("closed", id);
  }
  /** Keeps a closed position's final state in memory before its NETTING id is reused. */
  snapshotPosition(position: Position): void {
    this.positionStore.addSnapshot(positionSnapshot(position));
  }
  /** Snapshots kept by `snapshotPosition` (all, or one position's), oldest first. */
  positionSnapshots(positionId?: PositionId): PositionSnapshot[] {
    return this.positionStore.snapshots(positionId);
  }
  /** Appends the position's state and unrealized PnL to the database (snapshotPositions). */
  snapshotPositionState(position: Position, tsSnapshot: bigint, unrealizedPnl?: Money): void {
    this.db?.snapshotPositionState({ positionId: position.id, tsSnapshot, unrealizedPnl, state: positionSnapshot(position) });
  }

  // ---- strategies and claims ----

  addStrategy(strategyId: StrategyId): void {
    this.strategySet.add(strategyId);
  }
  strategyIds(): StrategyId[] {
    return [...this.strategySet];
  }
  /** Saves a strategy's state (its onSave) in memory and to the database. */
  updateStrategyState(strategyId: StrategyId, state: StrategyState): void {
    this.strategySet.add(strategyId);
    this.strategyStates.set(strategyId, state);
    this.db?.updateStrategy(strategyId, state);
  }
  /** The last saved state: from this run, else from the database. */
  async loadStrategyState(strategyId: StrategyId): Promise<StrategyState | undefined> {
    return this.strategyStates.get(strategyId) ?? (await this.database?.loadStrategy(strategyId));
  }
  /** A strategy claims the external orders of an instrument; a second strategy's claim throws. */
  addExternalOrderClaim(instrumentId: InstrumentId, strategyId: StrategyId): void {
    const owner = this.claims.get(instrumentId);
    if (owner !== undefined && owner !== strategyId) {
      throw new Error(`external orders of ${instrumentId} are already claimed by ${owner}; ${strategyId} cannot claim them too`);
    }
    this.claims.set(instrumentId, strategyId);
  }
  externalOrderClaim(instrumentId: InstrumentId): StrategyId | undefined {
    return this.claims.get(instrumentId);
  }
  externalOrderClaims(): ReadonlyMap<InstrumentId, StrategyId> {
    return this.claims;
  }

  // ---- purge ----

  /**
   * Removes closed orders closed at least `bufferNs` ago, except those with a linked order still
   * open; drops order lists once none of their orders is cached. Returns the purged ids.
   */
  purgeClosedOrders(tsNowNs: bigint, bufferNs: bigint, purgeFromDatabase = false): ClientOrderId[] {
    return purgeClosedOrders(this.purgeTarget(purgeFromDatabase), tsNowNs, bufferNs);
  }
  /** Removes positions closed at least `bufferNs` ago. Returns the purged ids. */
  purgeClosedPositions(tsNowNs: bigint, bufferNs: bigint, purgeFromDatabase = false): PositionId[] {
    return purgeClosedPositions(this.purgeTarget(purgeFromDatabase), tsNowNs, bufferNs);
  }
  /** Drops account states older than the lookback (each account keeps its latest). Returns how many. */
  purgeAccountEvents(tsNowNs: bigint, lookbackNs: bigint, purgeFromDatabase = false): number {
    return purgeAccountEvents(this.purgeTarget(purgeFromDatabase), tsNowNs, lookbackNs);
  }

  private purgeTarget(purgeFromDatabase: boolean) {
    return {
      orders: this.orderStore,
      positions: this.positionStore,
      orderLists: this.orderListMap,
      accounts: this.accountMap.values(),
      database: purgeFromDatabase ? this.db : undefined,
      logger: this.logger,
    };
  }

  // ---- reset ----

  /** Clears the state (instruments too when dropInstrumentsOnReset). The database is untouched. */
  reset(): void {
    if (this.dropInstrumentsOnReset) this.instrumentMap.clear();
    this.accountMap.clear();
    this.orderStore.clear();
    this.positionStore.clear();
    this.orderListMap.clear();
    this.strategySet.clear();
    this.strategyStates.clear();
    this.claims.clear();
    this.clearMarketData();
  }

  /** Sets the client of a loaded order (load.ts). */
  setOrderClientId(clientOrderId: ClientOrderId, clientId: ClientId): void {
    this.orderStore.setClientId(clientOrderId, clientId);
  }
}
