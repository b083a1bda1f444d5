/**
 * RedisCacheDatabase: the CacheDatabase on a real Redis, through ioredis, with write-behind.
 *
 * Entry point: `await openRedisCacheDatabase({ config, traderId, instanceId, logger, onDegraded })`
 * connects (CORTANA_E_REDIS_UNREACHABLE when Redis does not answer) and starts the write timer.
 * Then: `flush()` when cache.flushOnStart (and skip loading), `cache.loadCache()`, trading; at
 * stop `close()` writes the backlog (bounded by closeTimeoutMs) and releases the connection.
 *
 * Writes (key layout in keys.ts) are ops queued on the WriteBehind (write-behind.ts); they copy
 * what they need at call time (event lists are sliced), and encode when written, each record
 * straight into the batch (Batch.rpushRecords). Appends are
 * tracked per entity (events / fills / states already queued) so `update*` sends only what is
 * new; a write dropped by a full queue leaves that count unchanged, so the next update re-sends
 * it. Loads and the bad-data rule are in reader.ts.
 */
import type { Redis } from "ioredis";
import type { Logger } from "../../common/logger.js";
import type { CacheConfig, DatabaseConfig } from "../../config/schemas/cache.js";
import type { AccountState } from "../../model/events.js";
import { AccountId, ClientOrderId, PositionId, type ClientId, type InstrumentId, type OrderListId, type StrategyId } from "../../model/identifiers.js";
import type { Instrument } from "../../model/instruments.js";
import type { OrderList } from "../../model/orders/list.js";
import type { Order } from "../../model/orders/order.js";
import type { Position } from "../../model/position.js";
import type { Account } from "../account.js";
import type { CacheDatabase, OrderListRecord, OrderSnapshotRecord, PositionStateSnapshot, StrategyState } from "../database.js";
import { Batch, type BatchCommands } from "./batch.js";
import { RecordCodec } from "./codec.js";
import { closeRedis, connectRedis, createRedis } from "./connection.js";
import { flushCacheKeys } from "./flush.js";
import { CacheKeys, cachePrefix } from "./keys.js";
import { CacheReader } from "./reader.js";
import { purgeAccountStates } from "./purge-accounts.js";
import { WriteBehind, type BackpressurePolicy, type DegradedReason, type WriteBehindStats } from "./write-behind.js";

export interface RedisCacheDatabaseOptions {
  /** The node's cache config; `database` must be set. */
  readonly config: CacheConfig & { readonly database: DatabaseConfig };
  readonly traderId: string;
  /** Needed when config.useInstanceId. */
  readonly instanceId?: string | undefined;
  readonly logger: Logger;
  /** Called once when the queue fills or Redis stays away past unreachableAfterMs. */
  readonly onDegraded?: (policy: BackpressurePolicy, reason: DegradedReason) => void;
  /** Called once the backlog has landed after a degraded episode. */
  readonly onRecovered?: () => void;
  /** Most ops in one batch: one EVALSHA (default 1000). */
  readonly maxPipelineDepth?: number;
  /** How long close() waits for the backlog (default responseTimeout). */
  readonly closeTimeoutMs?: number;
  /** Milliseconds clock for the unreachable bound (default Date.now). */
  readonly now?: () => number;
}

export async function openRedisCacheDatabase(options: RedisCacheDatabaseOptions): Promise<RedisCacheDatabase> {
  const logger = options.logger.child({ component: "RedisCacheDatabase" });
  const redis = createRedis(options.config.database, `cortana-node:cache:${options.traderId}`, logger);
  await connectRedis(redis, "cache database");
  await Batch.preload(redis);
  const db = new RedisCacheDatabase(redis, { ...options, logger });
  db.start();
  return db;
}

export class RedisCacheDatabase implements CacheDatabase {
  readonly keys: CacheKeys;
  private readonly codec: RecordCodec;
  private readonly writer: WriteBehind;
  private readonly reader: CacheReader;
  private readonly logger: Logger;
  private readonly closeTimeoutMs: number;
  /** Per entity, how many events / fills are queued; per account, the last state queued. */
  private readonly orderEvents = new Map<string, number>();
  private readonly positionFills = new Map<string, number>();
  private readonly accountLast = new Map<string, AccountState>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    options: RedisCacheDatabaseOptions,
  ) {
    const c = options.config;
    this.logger = options.logger;
    this.keys = new CacheKeys(cachePrefix({ traderId: options.traderId, instanceId: options.instanceId, useTraderPrefix: c.useTraderPrefix, useInstanceId: c.useInstanceId }));
    this.codec = new RecordCodec({ encoding: c.encoding, timestampsAsIso8601: c.timestampsAsIso8601 });
    this.reader = new CacheReader(redis, this.keys, this.codec, this.logger, c.bulkReadBatchSize ?? 500);
    this.closeTimeoutMs = options.closeTimeoutMs ?? c.database.responseTimeout * 1000;
    this.writer = new WriteBehind(redis, {
      logger: this.logger,
      bufferIntervalMs: c.bufferIntervalMs,
      capacity: c.writeQueueCapacity,
      unreachableAfterMs: c.unreachableAfterMs,
      policy: c.onBackpressure,
      onDegraded: options.onDegraded,
      onRecovered: options.onRecovered,
      maxPipelineDepth: options.maxPipelineDepth,
      now: options.now,
    });
  }

  start(): void {
    this.writer.start();
  }

  /** Queue and failure counters (pending, written, dropped, refused, degraded) and skipped records. */
  stats(): WriteBehindStats & { readonly skipped: number } {
    return { ...this.writer.stats(), skipped: this.reader.skipped };
  }

  // ---- lifecycle ----

  sync(): Promise<void> {
    this.checkOpen();
    return this.writer.sync();
  }

  /** Deletes this trader's cache keys (after the writes queued before it), never streams. */
  async flush(): Promise<void> {
    this.checkOpen();
    this.orderEvents.clear();
    this.positionFills.clear();
    this.accountLast.clear();
    this.writer.enqueue({ type: "task", key: `${this.keys.prefix}*`, run: async (redis) => void (await flushCacheKeys(redis, this.keys.prefix)) });
    await this.writer.sync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close(this.closeTimeoutMs);
    await closeRedis(this.redis);
  }

  // ---- writes ----

  private command(key: string, write: (p: BatchCommands) => void): boolean {
    if (this.closed) {
      this.logger.error({ key }, "cache write after close; dropped");
      return false;
    }
    return this.writer.enqueue({ type: "command", key, write });
  }

  addInstrument(instrument: Instrument): void {
    const key = this.keys.instruments;
    this.command(key, (p) => p.hset(key, instrument.id, this.codec.encodeInstrument(instrument)));
  }

  deleteInstrument(instrumentId: InstrumentId): void {
    const key = this.keys.instruments;
    this.command(key, (p) => p.hdel(key, instrumentId));
  }

  addAccount(account: Account): void {
    const key = this.keys.account(account.id);
    const states = account.events.slice();
    const ok = this.command(key, (p) => {
      p.del(key);
      p.rpushRecords(key, states, this.codec);
      p.sadd(this.keys.indexAccounts, account.id);
    });
    if (ok) this.accountLast.set(account.id, states[states.length - 1] as AccountState);
  }

  updateAccount(account: Account): void {
    const last = this.accountLast.get(account.id);
    if (last === undefined) return this.addAccount(account);
    const events = account.events;
    let from = events.lastIndexOf(last) + 1;
    // The last state queued was purged from memory since: send what is newer than it.
    if (from === 0) from = events.findIndex((s) => s.tsEvent > last.tsEvent && s.eventId !== last.eventId);
    if (from < 0 || from >= events.length) return;
    const states = events.slice(from);
    const key = this.keys.account(account.id);
    if (this.command(key, (p) => p.rpushRecords(key, states, this.codec))) {
      this.accountLast.set(account.id, states[states.length - 1] as AccountState);
    }
  }

  deleteAccountEventsBefore(beforeNs: bigint): void {
    if (this.closed) return;
    this.writer.enqueue({ type: "task", key: this.keys.indexAccounts, run: (redis) => purgeAccountStates(redis, this.keys, this.codec, beforeNs, this.logger) });
  }

  addOrder(order: Order, positionId?: PositionId, clientId?: ClientId): void {
    const id = order.clientOrderId;
    const key = this.keys.order(id);
    const events = order.events.slice();
    const ok = this.command(key, (p) => {
      p.del(key);
      p.rpushRecords(key, events, this.codec);
      p.sadd(this.keys.indexOrders, id);
      if (positionId !== undefined) p.hset(this.keys.indexOrderPosition, id, positionId);
      if (clientId !== undefined) p.hset(this.keys.indexOrderClient, id, clientId);
    });
    if (ok) this.orderEvents.set(id, events.length);
  }

  updateOrder(order: Order): void {
    const sent = this.orderEvents.get(order.clientOrderId);
    if (sent === undefined) return this.addOrder(order);
    const total = order.eventCount;
    if (total <= sent) return;
    const events = order.events.slice(sent);
    const key = this.keys.order(order.clientOrderId);
    if (this.command(key, (p) => p.rpushRecords(key, events, this.codec))) this.orderEvents.set(order.clientOrderId, total);
  }

  indexOrderPosition(clientOrderId: ClientOrderId, positionId: PositionId): void {
    const key = this.keys.indexOrderPosition;
    this.command(key, (p) => p.hset(key, clientOrderId, positionId));
  }

  deleteOrder(clientOrderId: ClientOrderId): void {
    this.orderEvents.delete(clientOrderId);
    const key = this.keys.order(clientOrderId);
    this.command(key, (p) => {
      p.unlink(key, this.keys.orderSnapshots(clientOrderId));
      p.srem(this.keys.indexOrders, clientOrderId);
      p.hdel(this.keys.indexOrderPosition, clientOrderId);
      p.hdel(this.keys.indexOrderClient, clientOrderId);
    });
  }

  addPosition(position: Position): void {
    const key = this.keys.position(position.id);
    const fills = position.fills.slice();
    const ok = this.command(key, (p) => {
      p.del(key);
      p.rpushRecords(key, fills, this.codec);
      p.sadd(this.keys.indexPositions, position.id);
    });
    if (ok) this.positionFills.set(position.id, fills.length);
  }

  updatePosition(position: Position): void {
    const sent = this.positionFills.get(position.id);
    if (sent === undefined) return this.addPosition(position);
    const total = position.fills.length;
    if (total <= sent) return;
    const fills = position.fills.slice(sent);
    const key = this.keys.position(position.id);
    if (this.command(key, (p) => p.rpushRecords(key, fills, this.codec))) this.positionFills.set(position.id, total);
  }

  deletePosition(positionId: PositionId): void {
    this.positionFills.delete(positionId);
    const key = this.keys.position(positionId);
    this.command(key, (p) => {
      p.unlink(key, this.keys.positionSnapshots(positionId));
      p.srem(this.keys.indexPositions, positionId);
    });
  }

  addOrderList(list: OrderList): void {
    const key = this.keys.orderLists;
    const record: OrderListRecord = { id: list.id, clientOrderIds: list.clientOrderIds, tsInit: list.tsInit };
    this.command(key, (p) => p.hset(key, list.id, this.codec.encode(record)));
  }

  deleteOrderList(orderListId: OrderListId): void {
    const key = this.keys.orderLists;
    this.command(key, (p) => p.hdel(key, orderListId));
  }

  updateStrategy(strategyId: StrategyId, state: StrategyState): void {
    const key = this.keys.strategy(strategyId);
    const copy = { ...state };
    this.command(key, (p) => p.set(key, this.codec.encode(copy)));
  }

  deleteStrategy(strategyId: StrategyId): void {
    const key = this.keys.strategy(strategyId);
    this.command(key, (p) => p.del(key));
  }

  snapshotOrderState(order: Order, tsSnapshot: bigint): void {
    const key = this.keys.orderSnapshots(order.clientOrderId);
    const record: OrderSnapshotRecord = { clientOrderId: order.clientOrderId, status: order.status, events: order.events.slice(), tsSnapshot };
    this.command(key, (p) => p.rpush(key, this.codec.encode(record)));
  }

  snapshotPositionState(snapshot: PositionStateSnapshot): void {
    const key = this.keys.positionSnapshots(snapshot.positionId);
    this.command(key, (p) => p.rpush(key, this.codec.encode(snapshot)));
  }

  // ---- loads ----

  loadInstruments(): Promise<Instrument[]> {
    return this.reader.instruments();
  }
  loadInstrument(instrumentId: InstrumentId): Promise<Instrument | undefined> {
    return this.reader.instrument(instrumentId);
  }

  async loadAccounts(): Promise<Account[]> {
    return this.reader.accounts(await this.reader.indexSet(this.keys.indexAccounts, AccountId));
  }
  async loadAccount(accountId: AccountId): Promise<Account | undefined> {
    return (await this.reader.accounts([accountId]))[0];
  }
  async loadAccountStates(accountId: AccountId): Promise<AccountState[]> {
    return (await this.reader.accountStates([accountId]))[0] ?? [];
  }

  async loadOrders(): Promise<Order[]> {
    return this.reader.orders(await this.reader.indexSet(this.keys.indexOrders, ClientOrderId));
  }
  async loadOrder(clientOrderId: ClientOrderId): Promise<Order | undefined> {
    return (await this.reader.orders([clientOrderId], false))[0];
  }
  async loadIndexOrderPosition(): Promise<Map<ClientOrderId, PositionId>> {
    return (await this.reader.indexOrderPosition()) as Map<ClientOrderId, PositionId>;
  }
  async loadIndexOrderClient(): Promise<Map<ClientOrderId, ClientId>> {
    return (await this.reader.indexOrderClient()) as Map<ClientOrderId, ClientId>;
  }

  async loadPositions(): Promise<Position[]> {
    return this.reader.positions(await this.reader.indexSet(this.keys.indexPositions, PositionId));
  }
  async loadPosition(positionId: PositionId): Promise<Position | undefined> {
    return (await this.reader.positions([positionId]))[0];
  }

  loadOrderLists(): Promise<OrderListRecord[]> {
    return this.reader.orderLists();
  }
  loadStrategy(strategyId: StrategyId): Promise<StrategyState | undefined> {
    return this.reader.strategy(strategyId);
  }
  loadOrderSnapshots(clientOrderId: ClientOrderId): Promise<OrderSnapshotRecord[]> {
    return this.reader.orderSnapshots(clientOrderId);
  }
  loadPositionSnapshots(positionId: PositionId): Promise<PositionStateSnapshot[]> {
    return this.reader.positionSnapshots(positionId);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the Redis cache database is closed");
  }
}
