/**
 * Fifo: a queue with O(1) push and shift (Array.prototype.shift is O(n)), on a ring whose
 * capacity is a power of two. It grows by doubling and shrinks back once a burst has drained to
 * a quarter, so a queue that fills and empties all the time (an engine queue handing items on one
 * by one) allocates nothing in steady state.
 */
const MIN_CAPACITY = 16;

export class Fifo<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  /** Removes and returns the oldest item; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined; // let the GC take it
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    if (this.items.length > MIN_CAPACITY && this.count <= this.items.length / 4) this.resize(this.items.length / 2);
    return item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  private resize(capacity: number): void {
    const next = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = next;
    this.head = 0;
  }
}
