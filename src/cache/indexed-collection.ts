/**
 * IndexedCollection: items by id, with secondary indexes (one key per item per index) and
 * status sets, queried by any combination of index keys. The engine behind the cache's order
 * and position stores, so both answer `ordersOpen({ instrumentId, strategyId })` and
 * `positionsOpen({ instrumentId, accountId })` the same way.
 *
 * Entry points: `add(id, item)`, `reindex(id, item)` (after the item changed), `setMember`,
 * `remove(id)`, `ids(set | "all", filter)`, `count`.
 * Invariants: an item sits in exactly one key per index (the key its extractor returns now, or
 * none for undefined); removal clears every index and set; queries scan the smallest candidate
 * set (a status set or an index set) and check the other conditions per item.
 */
import { MultiIndex } from "./multi-index.js";

export type IndexExtractors<T, K extends string> = Readonly<Record<K, (item: T) => string | undefined>>;
export type IndexFilter<K extends string> = Readonly<Partial<Record<K, string | undefined>>>;

export class IndexedCollection<Id, T, K extends string, S extends string> {
  private readonly items = new Map<Id, T>();
  private readonly indexNames: readonly K[];
  /** Indexes `reindex` recomputes; the others are fixed for an item's life and set by `add` only. */
  private readonly dynamicNames: readonly K[];
  private readonly indexes = new Map<K, MultiIndex<string, Id>>();
  private readonly keysOf = new Map<Id, Map<K, string | undefined>>();
  private readonly sets = new Map<S, Set<Id>>();

  /**
   * @param dynamic the indexes whose key may change over an item's life (default: all). Naming
   *   them spares the hot path (`reindex` after every order event) recomputing fixed keys.
   */
  constructor(
    private readonly extractors: IndexExtractors<T, K>,
    setNames: readonly S[],
    dynamic?: readonly K[],
  ) {
    this.indexNames = Object.keys(extractors) as K[];
    this.dynamicNames = dynamic ?? this.indexNames;
    for (const k of this.indexNames) this.indexes.set(k, new MultiIndex());
    for (const s of setNames) this.sets.set(s, new Set());
  }

  get size(): number {
    return this.items.size;
  }

  has(id: Id): boolean {
    return this.items.has(id);
  }

  get(id: Id): T | undefined {
    return this.items.get(id);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  add(id: Id, item: T): void {
    if (this.items.has(id)) throw new Error(`${String(id)} is already in the cache`);
    this.items.set(id, item);
    this.keysOf.set(id, new Map());
    this.updateKeys(id, item, this.indexNames);
  }

  /** Moves the item to the keys its dynamic indexes' extractors return now. */
  reindex(id: Id, item: T): void {
    if (this.items.get(id) !== item) throw new Error(`${String(id)} is not in the cache (or another object has its id)`);
    this.updateKeys(id, item, this.dynamicNames);
  }

  private updateKeys(id: Id, item: T, names: readonly K[]): void {
    const keys = this.keysOf.get(id) as Map<K, string | undefined>;
    for (const k of names) {
      const next = this.extractors[k](item);
      const prev = keys.get(k);
      if (keys.has(k) && prev === next) continue;
      const index = this.indexes.get(k) as MultiIndex<string, Id>;
      if (prev !== undefined) index.remove(prev, id);
      if (next !== undefined) index.add(next, id);
      keys.set(k, next);
    }
  }

  setMember(set: S, id: Id, member: boolean): void {
    const s = this.sets.get(set) as Set<Id>;
    if (member) s.add(id);
    else s.delete(id);
  }

  isIn(set: S, id: Id): boolean {
    return (this.sets.get(set) as Set<Id>).has(id);
  }

  remove(id: Id): T | undefined {
    const item = this.items.get(id);
    if (item === undefined) return undefined;
    const keys = this.keysOf.get(id) as Map<K, string | undefined>;
    for (const [k, key] of keys) if (key !== undefined) this.indexes.get(k)?.remove(key, id);
    for (const s of this.sets.values()) s.delete(id);
    this.keysOf.delete(id);
    this.items.delete(id);
    return item;
  }

  ids(set: S | "all", filter?: IndexFilter<K>): Id[] {
    const conditions: [K, string][] = [];
    for (const k of this.indexNames) {
      const v = filter?.[k];
      if (v !== undefined) conditions.push([k, v]);
    }
    const status = set === "all" ? undefined : (this.sets.get(set) as Set<Id>);
    let candidates: ReadonlySet<Id> | undefined = status;
    for (const [k, v] of conditions) {
      const s = (this.indexes.get(k) as MultiIndex<string, Id>).get(v);
      if (candidates === undefined || s.size < candidates.size) candidates = s;
    }
    const out: Id[] = [];
    for (const id of candidates ?? this.items.keys()) {
      if (status !== undefined && !status.has(id)) continue;
      const keys = this.keysOf.get(id) as Map<K, string | undefined>;
      if (conditions.every(([k, v]) => keys.get(k) === v)) out.push(id);
    }
    return out;
  }

  query(set: S | "all", filter?: IndexFilter<K>): T[] {
    return this.ids(set, filter).map((id) => this.items.get(id) as T);
  }

  count(set: S | "all", filter?: IndexFilter<K>): number {
    for (const k of this.indexNames) if (filter?.[k] !== undefined) return this.ids(set, filter).length;
    return set === "all" ? this.items.size : (this.sets.get(set) as Set<Id>).size;
  }

  /** The index key of an item (e.g. its strategy), as last indexed. */
  keyOf(id: Id, index: K): string | undefined {
    return this.keysOf.get(id)?.get(index);
  }

  clear(): void {
    this.items.clear();
    this.keysOf.clear();
    for (const i of this.indexes.values()) i.clear();
    for (const s of this.sets.values()) s.clear();
  }
}
