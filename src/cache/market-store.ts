/**
 * MarketStore: the newest market data per stream, in ring buffers of tickCapacity / barCapacity
 * (Nautilus' cache deques), newest first: `get(key, 0)` is the latest item.
 *
 * Entry points: `add(key, item)`, `get(key, index)`, `all(key)`, `count(key)`, `clear()`; a
 * stream's buffer is a RingBuffer unless the store is given another (quotes: QuoteColumns).
 * Invariants: at most `capacity` items per key; a buffer is created on the first add of its key
 * and lives until `clear()` (streams are few: one per subscribed instrument or bar type).
 */
import { RingBuffer, checkCapacity } from "./ring-buffer.js";

/** What a stream's buffer offers (RingBuffer's shape). */
export interface StreamBuffer<T> {
  readonly length: number;
  push(item: T): void;
  get(index: number): T | undefined;
  toArray(): T[];
}

export class MarketStore<K, T> {
  private readonly buffers = new Map<K, StreamBuffer<T>>();

  constructor(
    readonly capacity: number,
    private readonly makeBuffer: (capacity: number) => StreamBuffer<T> = (c) => new RingBuffer<T>(c),
  ) {
    checkCapacity(capacity);
  }

  add(key: K, item: T): void {
    let rb = this.buffers.get(key);
    if (rb === undefined) {
      rb = this.makeBuffer(this.capacity);
      this.buffers.set(key, rb);
    }
    rb.push(item);
  }

  /** The item `index` places back from the newest (0 = newest). */
  get(key: K, index = 0): T | undefined {
    return this.buffers.get(key)?.get(index);
  }

  /** All items of a stream, newest first. */
  all(key: K): T[] {
    return this.buffers.get(key)?.toArray() ?? [];
  }

  count(key: K): number {
    return this.buffers.get(key)?.length ?? 0;
  }

  keys(): K[] {
    return [...this.buffers.keys()];
  }

  clear(): void {
    this.buffers.clear();
  }
}
