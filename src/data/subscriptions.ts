/**
 * Reference counting of data subscriptions: many subscribers (strategies, actors, internal bar
 * aggregators) may subscribe to the same stream, but the data client is asked once, on the first
 * subscribe, and released once, on the last unsubscribe.
 *
 * Entry points: `acquire(key)` (true when this is the first holder: subscribe at the client),
 * `release(key)` (true when that was the last holder: unsubscribe at the client), `count`, `keys`.
 * Invariants: a count never goes negative (releasing an unknown key is a no-op returning false);
 * keys with a zero count are not kept.
 */

export class SubscriptionCounter<K> {
  private readonly counts = new Map<K, number>();

  acquire(key: K): boolean {
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    return n === 0;
  }

  release(key: K): boolean {
    const n = this.counts.get(key);
    if (n === undefined) return false;
    if (n <= 1) {
      this.counts.delete(key);
      return true;
    }
    this.counts.set(key, n - 1);
    return false;
  }

  count(key: K): number {
    return this.counts.get(key) ?? 0;
  }

  has(key: K): boolean {
    return this.counts.has(key);
  }

  keys(): K[] {
    return [...this.counts.keys()];
  }

  clear(): void {
    this.counts.clear();
  }
}
