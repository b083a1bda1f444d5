/**
 * Fixed-capacity ring buffer with newest-first indexed access, the storage behind the cache's
 * quotes, trades and bars (Nautilus' `deque(maxlen=tick_capacity)` with `quote(id, index)`).
 *
 * Entry points: `push(item)`, `get(index)` (0 = newest), `newest()`, `toArray()` (newest first).
 * Invariants: `length <= capacity`; pushing into a full buffer overwrites the oldest item; O(1)
 * push and get, no allocation after construction.
 */

/** A market data buffer's capacity: an integer > 0 (RangeError otherwise). */
export function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
}

export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  /** Slot of the next push. */
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    checkCapacity(capacity);
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[this.head] = item;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** The item `index` places back from the newest (0 = newest), or undefined when out of range. */
  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    let slot = this.head - 1 - index;
    if (slot < 0) slot += this.capacity;
    return this.items[slot];
  }

  newest(): T | undefined {
    return this.get(0);
  }

  /** All items, newest first (Nautilus' `quote_ticks(id)` order). */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i) as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
