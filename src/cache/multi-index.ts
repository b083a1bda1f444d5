/**
 * A key -> set-of-members index (one-to-many), the building block of the cache's secondary
 * indexes (orders by strategy, positions by instrument, ...).
 *
 * Entry points: `add(key, member)`, `remove(key, member)`, `get(key)` (never undefined: an empty
 * set when the key is unknown), `delete(key)`.
 * Invariants: no empty sets are kept (removing the last member drops the key), so `keys()` lists
 * only keys with members and memory does not grow with churn.
 */

const EMPTY: ReadonlySet<never> = new Set<never>();

export class MultiIndex<K, M> {
  private readonly map = new Map<K, Set<M>>();

  add(key: K, member: M): void {
    let set = this.map.get(key);
    if (set === undefined) {
      set = new Set<M>();
      this.map.set(key, set);
    }
    set.add(member);
  }

  remove(key: K, member: M): void {
    const set = this.map.get(key);
    if (set === undefined) return;
    set.delete(member);
    if (set.size === 0) this.map.delete(key);
  }

  get(key: K): ReadonlySet<M> {
    return this.map.get(key) ?? EMPTY;
  }

  has(key: K, member: M): boolean {
    return this.map.get(key)?.has(member) ?? false;
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}
