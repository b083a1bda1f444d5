/**
 * CacheReader: the loads of the Redis cache database, with the bad-data rule.
 *
 * Entry point: `new CacheReader(redis, keys, codec, logger, batchSize)`; one method per load.
 *
 * The rule for data in Redis that does not read back (documented in the README):
 * - An index (index:* sets and hashes) that cannot be read (wrong Redis type, an invalid id in
 *   it) fails the load with CORTANA_E_REDIS_DECODE naming the key: without the index the node
 *   cannot know what it is missing, so it must not start.
 * - A position whose fills do not decode, or whose instrument is not stored, fails the load
 *   (CORTANA_E_REDIS_DECODE naming the key): a position that cannot be rebuilt is unknown, never
 *   flat.
 * - Any other record that does not decode or rebuild (an instrument, an account state, an order
 *   event, an order list, a strategy state, a snapshot) is logged at ERROR with its key and its
 *   entity is skipped (an order with one bad event is skipped whole: reconciliation with the
 *   venue then rebuilds what is still open there). `skipped` counts them.
 * Records appended twice (a pipeline retried after a partial write) are read once: events,
 * fills and account states are de-duplicated by eventId, keeping the first.
 * Loads happen at start only; nothing here runs mid-session.
 */
import type { Redis } from "ioredis";
import { CortanaError, isCortanaError } from "../../common/errors.js";
import type { Logger } from "../../common/logger.js";
import type { AccountState, OrderEvent, OrderFilled } from "../../model/events.js";
import { ClientId, ClientOrderId, PositionId, type AccountId, type InstrumentId, type StrategyId } from "../../model/identifiers.js";
import type { AnyInstrument } from "../../model/instruments.js";
import { Order } from "../../model/orders/order.js";
import { Position } from "../../model/position.js";
import { Account } from "../account.js";
import type { OrderListRecord, OrderSnapshotRecord, PositionStateSnapshot, StrategyState } from "../database.js";
import { decodeError, type RecordCodec } from "./codec.js";
import type { CacheKeys } from "./keys.js";

const ORDER_EVENT_TYPES: ReadonlySet<string> = new Set([
  "OrderInitialized", "OrderDenied", "OrderEmulated", "OrderReleased", "OrderSubmitted", "OrderAccepted", "OrderRejected",
  "OrderCanceled", "OrderExpired", "OrderTriggered", "OrderPendingUpdate", "OrderPendingCancel", "OrderModifyRejected",
  "OrderCancelRejected", "OrderUpdated", "OrderFilled",
]);
const FILL_TYPES: ReadonlySet<string> = new Set(["OrderFilled"]);
const ACCOUNT_TYPES: ReadonlySet<string> = new Set(["AccountState"]);

interface WithEventId {
  readonly eventId: string;
}

export class CacheReader {
  /** Records skipped by the bad-data rule since construction. */
  skipped = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: CacheKeys,
    private readonly codec: RecordCodec,
    private readonly logger: Logger,
    private readonly batchSize: number,
  ) {}

  // ---- indexes (unreadable: the load fails) ----

  async indexSet(key: string, check: (id: string) => unknown): Promise<string[]> {
    const ids = await this.indexRead(key, () => this.redis.smembers(key));
    for (const id of ids) this.checkId(key, id, check);
    return ids.sort();
  }

  async indexHash(key: string, check: (id: string) => unknown): Promise<Map<string, string>> {
    const hash = await this.indexRead(key, () => this.redis.hgetall(key));
    for (const [field, value] of Object.entries(hash)) {
      this.checkId(key, field, ClientOrderId);
      this.checkId(key, value, check);
    }
    return new Map(Object.entries(hash));
  }

  indexOrderPosition(): Promise<Map<string, string>> {
    return this.indexHash(this.keys.indexOrderPosition, PositionId);
  }

  indexOrderClient(): Promise<Map<string, string>> {
    return this.indexHash(this.keys.indexOrderClient, ClientId);
  }

  // ---- instruments ----

  async instruments(): Promise<AnyInstrument[]> {
    const key = this.keys.instruments;
    const hash = await this.indexRead(key, () => this.redis.hgetallBuffer(key));
    const out: AnyInstrument[] = [];
    for (const field of Object.keys(hash).sort()) {
      const i = this.orSkip(`${key}[${field}]`, () => this.codec.decodeInstrument(`${key}[${field}]`, hash[field] as Buffer));
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  async instrument(id: InstrumentId): Promise<AnyInstrument | undefined> {
    const key = this.keys.instruments;
    const bytes = await this.redis.hgetBuffer(key, id);
    return bytes === null ? undefined : this.orSkip(`${key}[${id}]`, () => this.codec.decodeInstrument(`${key}[${id}]`, bytes));
  }

  // ---- lists of records ----

  /** The decoded records of each list key (undecodable lists: undefined, or thrown when `strict`). */
  async lists<T extends WithEventId>(keys: readonly string[], types: ReadonlySet<string>, strict: boolean): Promise<(T[] | undefined)[]> {
    const out: (T[] | undefined)[] = [];
    for (let i = 0; i < keys.length; i += this.batchSize) {
      const batch = keys.slice(i, i + this.batchSize);
      const pipeline = this.redis.pipeline();
      for (const key of batch) pipeline.lrangeBuffer(key, 0, -1);
      const results = (await pipeline.exec()) ?? [];
      batch.forEach((key, j) => {
        const [err, raw] = results[j] ?? [new Error("no reply"), undefined];
        const decode = (): T[] => {
          if (err) throw decodeError(key, err);
          return dedupe((raw as Buffer[]).map((b, n) => this.codec.decodeRecord<T>(`${key}#${n}`, b, types)));
        };
        out.push(strict ? decode() : this.orSkip(key, decode));
      });
    }
    return out;
  }

  async orders(ids: readonly string[], warnMissing = true): Promise<Order[]> {
    const lists = await this.lists<OrderEvent>(ids.map((id) => this.keys.order(id)), ORDER_EVENT_TYPES, false);
    const out: Order[] = [];
    lists.forEach((events, i) => {
      const key = this.keys.order(ids[i] as string);
      if (events === undefined) return;
      if (events.length === 0) {
        if (warnMissing) this.logger.warn({ key }, "order indexed but not stored; skipped");
        return;
      }
      const order = this.orSkip(key, () => Order.fromEvents(events));
      if (order !== undefined) out.push(order);
    });
    return out.sort((a, b) => (a.tsInit < b.tsInit ? -1 : a.tsInit > b.tsInit ? 1 : a.clientOrderId < b.clientOrderId ? -1 : 1));
  }

  async accountStates(ids: readonly string[]): Promise<(AccountState[] | undefined)[]> {
    return this.lists<AccountState>(ids.map((id) => this.keys.account(id)), ACCOUNT_TYPES, false);
  }

  async accounts(ids: readonly string[]): Promise<Account[]> {
    const lists = await this.accountStates(ids);
    const out: Account[] = [];
    lists.forEach((states, i) => {
      const first = states?.[0];
      if (states === undefined || first === undefined) return;
      const account = this.orSkip(this.keys.account(ids[i] as AccountId), () => {
        const a = new Account(first);
        for (let n = 1; n < states.length; n++) a.apply(states[n] as AccountState);
        return a;
      });
      if (account !== undefined) out.push(account);
    });
    return out;
  }

  /** Positions, strictly: any fill that does not decode or a missing instrument fails. */
  async positions(ids: readonly string[]): Promise<Position[]> {
    const keys = ids.map((id) => this.keys.position(id));
    const lists = await this.lists<OrderFilled>(keys, FILL_TYPES, true);
    const out: Position[] = [];
    for (let i = 0; i < ids.length; i++) {
      const fills = lists[i] as OrderFilled[];
      const key = keys[i] as string;
      const first = fills[0];
      if (first === undefined) continue;
      const instrument = await this.instrument(first.instrumentId);
      if (instrument === undefined) {
        throw new CortanaError("CORTANA_E_REDIS_DECODE", `position ${ids[i]} (key ${key}) cannot be rebuilt: its instrument ${first.instrumentId} is not stored`, { details: { key } });
      }
      try {
        out.push(Position.fromFills(instrument, fills, PositionId(ids[i] as string)));
      } catch (err) {
        throw decodeError(key, err);
      }
    }
    return out;
  }

  // ---- single records ----

  async orderLists(): Promise<OrderListRecord[]> {
    const key = this.keys.orderLists;
    const hash = await this.indexRead(key, () => this.redis.hgetallBuffer(key));
    const out: OrderListRecord[] = [];
    for (const field of Object.keys(hash).sort()) {
      const rec = this.orSkip(`${key}[${field}]`, () => {
        const r = this.codec.decodeRecord<OrderListRecord>(`${key}[${field}]`, hash[field] as Buffer);
        if (!Array.isArray(r.clientOrderIds) || typeof r.id !== "string") throw decodeError(`${key}[${field}]`, new Error("not an order list record"));
        return r;
      });
      if (rec !== undefined) out.push(rec);
    }
    return out;
  }

  async strategy(id: StrategyId): Promise<StrategyState | undefined> {
    const key = this.keys.strategy(id);
    const bytes = await this.redis.getBuffer(key).catch((err: unknown) => {
      this.skip(key, err);
      return null;
    });
    return bytes === null ? undefined : this.orSkip(key, () => this.codec.decodeRecord<StrategyState>(key, bytes));
  }

  async snapshots<T>(key: string): Promise<T[]> {
    const raw = await this.redis.lrangeBuffer(key, 0, -1);
    const out: T[] = [];
    raw.forEach((b, n) => {
      const rec = this.orSkip(`${key}#${n}`, () => this.codec.decodeRecord<T>(`${key}#${n}`, b));
      if (rec !== undefined) out.push(rec);
    });
    return out;
  }

  orderSnapshots(id: ClientOrderId): Promise<OrderSnapshotRecord[]> {
    return this.snapshots<OrderSnapshotRecord>(this.keys.orderSnapshots(id));
  }

  positionSnapshots(id: PositionId): Promise<PositionStateSnapshot[]> {
    return this.snapshots<PositionStateSnapshot>(this.keys.positionSnapshots(id));
  }

  // ---- the rule ----

  private async indexRead<T>(key: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof Error && err.name === "ReplyError") {
        throw new CortanaError("CORTANA_E_REDIS_DECODE", `index ${JSON.stringify(key)} is unreadable: ${err.message}`, { cause: err, details: { key } });
      }
      throw err;
    }
  }

  private checkId(key: string, id: string, check: (id: string) => unknown): void {
    try {
      check(id);
    } catch (err) {
      throw new CortanaError("CORTANA_E_REDIS_DECODE", `index ${JSON.stringify(key)} is unreadable: ${err instanceof Error ? err.message : String(err)}`, { cause: err, details: { key } });
    }
  }

  private orSkip<T>(key: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (err) {
      this.skip(key, err);
      return undefined;
    }
  }

  private skip(key: string, err: unknown): void {
    this.skipped++;
    const code = isCortanaError(err) ? err.code : "CORTANA_E_REDIS_DECODE";
    this.logger.error({ key, code, err: err instanceof Error ? err.message : String(err) }, "record in Redis does not decode; skipped");
  }
}

/** Records in first-seen order, each eventId once (a retried append may have written it twice). */
export function dedupe<T extends WithEventId>(records: T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const r of records) {
    if (seen.has(r.eventId)) continue;
    seen.add(r.eventId);
    out.push(r);
  }
  return out;
}
