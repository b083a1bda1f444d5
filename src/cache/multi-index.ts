/**
 * A key -> set-of-members index (one-to-many), the building block of the cache's secondary
 * indexes (orders by strategy, positions by instrument, ...).
 *
 * Entry points: `add(key, member)`, `remove(key, member)`, `get(key)` (never undefined: an empty
 * set when the key is unknown), `delete(key)`.
 * Invariants: `keys()` and `size` count only keys with members. By default no empty set is kept
 * (removing the last member drops the key), so memory does not grow with churn. An index over a
 * small, bounded set of keys (a position's side, an order's account) may retain emptied sets
 * (`retainEmpty`): a key its members leave and re-enter all the time (a position going FLAT and
 * LONG again on every round trip) then costs no set allocation and no map insertion per move.
 */

const EMPTY: ReadonlySet<never> = new Set<never>();

export class MultiIndex<K, M> {
  private readonly map = new Map<K, Set<M>>();

  /** @param retainEmpty keep a key's set when its last member leaves (only for bounded key sets). */
  constructor(private readonly retainEmpty = false) {}

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
    if (set.size === 0 && !this.retainEmpty) this.map.delete(key);
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
    return this.retainEmpty ? this.nonEmptyKeys() : this.map.keys();
  }

  get size(): number {
    if (!this.retainEmpty) return this.map.size;
    let n = 0;
    for (const set of this.map.values()) if (set.size > 0) n++;
    return n;
  }

  private *nonEmptyKeys(): IterableIterator<K> {
    for (const [key, set] of this.map) if (set.size > 0) yield key;
  }

  clear(): void {
    this.map.clear();
  }
}
