/**
 * MarketStore: the newest market data per stream, in ring buffers of tickCapacity / barCapacity
 * (Nautilus' cache deques), newest first: `get(key, 0)` is the latest item.
 *
 * Entry points: `add(key, item)`, `get(key, index)`, `all(key)`, `count(key)`, `clear()`.
 * Invariants: at most `capacity` items per key; a buffer is created on the first add of its key
 * and lives until `clear()` (streams are few: one per subscribed instrument or bar type).
 */
import { RingBuffer } from "./ring-buffer.js";

export class MarketStore<K, T> {
  private readonly buffers = new Map<K, RingBuffer<T>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  add(key: K, item: T): void {
    let rb = this.buffers.get(key);
    if (rb === undefined) {
      rb = new RingBuffer<T>(this.capacity);
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
