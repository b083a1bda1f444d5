/**
 * The manager's memory between checks (reference §3.8).
 *
 * - `OrderTracker`: per client order id, the retry count (ONE counter shared by the in-flight and
 *   the open-order checks, as Nautilus), when the venue was last queried and how the last probe
 *   ended. `clear(id)` when a report for the order was reconciled (§3.4 step 3).
 * - `RecentFills`: trade ids applied by reconciliation in the last `ttlNs` (60 s), so a fill still
 *   travelling through the engine's queue is not fetched and applied a second time.
 * - `KeyRetries`: per (instrument, account) key, the position check's attempts; pruned for keys
 *   that are no longer active.
 * Plain maps; times are passed in (no clock inside).
 */
import type { ClientOrderId, TradeId } from "../../model/identifiers.js";
import type { OrderTracking } from "./inflight.js";

export class OrderTracker {
  private readonly map = new Map<ClientOrderId, { retries: number; lastQueryNs: bigint | undefined; lastProbe: "NotFound" | "Error" | undefined }>();

  get(id: ClientOrderId): OrderTracking | undefined {
    return this.map.get(id);
  }

  retries(id: ClientOrderId): number {
    return this.map.get(id)?.retries ?? 0;
  }

  lastQueryNs(id: ClientOrderId): bigint | undefined {
    return this.map.get(id)?.lastQueryNs;
  }

  private entry(id: ClientOrderId) {
    let e = this.map.get(id);
    if (e === undefined) {
      e = { retries: 0, lastQueryNs: undefined, lastProbe: undefined };
      this.map.set(id, e);
    }
    return e;
  }

  /** One more attempt without a query (an open-check sighting of a missing order). */
  increment(id: ClientOrderId): number {
    const e = this.entry(id);
    e.retries += 1;
    return e.retries;
  }

  /** A query sent at `tsNs`: counts as an attempt. */
  recordQuery(id: ClientOrderId, tsNs: bigint): void {
    const e = this.entry(id);
    e.retries += 1;
    e.lastQueryNs = tsNs;
  }

  /** Marks the venue queried at `tsNs` without counting an attempt (a deferred resolution). */
  touchQuery(id: ClientOrderId, tsNs: bigint): void {
    this.entry(id).lastQueryNs = tsNs;
  }

  recordProbe(id: ClientOrderId, result: "NotFound" | "Error"): void {
    this.entry(id).lastProbe = result;
  }

  /** Resets the retry count only (the order was seen in a venue report). */
  clearRetries(id: ClientOrderId): void {
    const e = this.map.get(id);
    if (e !== undefined) {
      e.retries = 0;
      e.lastProbe = undefined;
    }
  }

  clear(id: ClientOrderId): void {
    this.map.delete(id);
  }

  get size(): number {
    return this.map.size;
  }
}

export class RecentFills {
  private readonly map = new Map<TradeId, bigint>();

  constructor(readonly ttlNs: bigint = 60_000_000_000n) {}

  add(tradeId: TradeId, tsNs: bigint): void {
    this.map.set(tradeId, tsNs);
  }

  has(tradeId: TradeId): boolean {
    return this.map.has(tradeId);
  }

  /** Drops entries older than the TTL; returns how many were dropped. */
  prune(tsNowNs: bigint): number {
    let dropped = 0;
    for (const [id, ts] of this.map) {
      if (tsNowNs - ts >= this.ttlNs) {
        this.map.delete(id);
        dropped++;
      }
    }
    return dropped;
  }

  get size(): number {
    return this.map.size;
  }
}

export class KeyRetries<K> {
  private readonly map = new Map<K, number>();

  get(key: K): number {
    return this.map.get(key) ?? 0;
  }

  increment(key: K): number {
    const n = this.get(key) + 1;
    this.map.set(key, n);
    return n;
  }

  clear(key: K): void {
    this.map.delete(key);
  }

  /** Keeps only the keys in `active`. */
  prune(active: ReadonlySet<K>): void {
    for (const key of this.map.keys()) if (!active.has(key)) this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
