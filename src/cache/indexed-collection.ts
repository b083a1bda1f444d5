/**
 * IndexedCollection: items by id, with secondary indexes (one key per item per index) and
 * status sets, queried by any combination of index keys. The engine behind the cache's order
 * and position stores, so both answer `ordersOpen({ instrumentId, strategyId })` and
 * `positionsOpen({ instrumentId, accountId })` the same way.
 *
 * Entry points: `add(id, item, flags, aux?)`, `update(id, item, flags)` (after the item changed;
 * both return the item's entry with the owner's `aux` slot), `entry(id)`, `remove(id)`,
 * `ids(set | "all", filter)`, `query`, `count`, `isIn`, `keyOf`.
 * Status sets are addressed by flags: bit i of `flags` is membership of the i-th set name given
 * to the constructor.
 * Invariants: an item sits in exactly one key per index (the key its extractor returns now, or
 * none for undefined) and in exactly the sets its last flags name; removal clears every index
 * and set; queries scan the smallest candidate set (a status set or an index set) and check the
 * other conditions per item.
 * Hot path (`update`, after every order event): one lookup of the item's entry, its dynamic keys
 * compared with the extractors' values, and only the sets whose flag changed are touched.
 */
import { MultiIndex } from "./multi-index.js";

export type IndexExtractors<T, K extends string> = Readonly<Record<K, (item: T) => string | undefined>>;
export type IndexFilter<K extends string> = Readonly<Partial<Record<K, string | undefined>>>;

/** What the owner of a collection sees of an item's entry: the item and its own per-item slot. */
export interface CollectionEntry<T, A> {
  readonly item: T;
  /** The owner's per-item bookkeeping (found with the item, in the same lookup). */
  aux: A | undefined;
}

/** An item with its index keys (by index position) and its status-set flags, as last indexed. */
interface Entry<T, A> extends CollectionEntry<T, A> {
  readonly keys: (string | undefined)[];
  flags: number;
}

export class IndexedCollection<Id, T, K extends string, S extends string, A = undefined> {
  private readonly entries = new Map<Id, Entry<T, A>>();
  private readonly indexNames: readonly K[];
  private readonly extractorList: readonly ((item: T) => string | undefined)[];
  private readonly indexList: readonly MultiIndex<string, Id>[];
  /** Positions (in indexNames) of the indexes `update` recomputes; the others are set by `add` only. */
  private readonly dynamicPositions: readonly number[];
  private readonly setNames: readonly S[];
  // Each status set maps its members' ids to their items, so iterating a set (the open orders)
  // needs no lookup per member in `entries`.
  private readonly setList: readonly Map<Id, T>[];
  // The entry last looked up: an order's events come in runs (find, then update), so most lookups
  // are answered here without probing the (large) map. Cleared when that item is removed.
  private memoId: Id | undefined;
  private memoEntry: Entry<T, A> | undefined;

  /**
   * @param setNames the status sets; the i-th is addressed by bit i of the flags.
   * @param dynamic the indexes whose key may change over an item's life (default: all). Naming
   *   them spares the hot path (`update` after every order event) recomputing fixed keys; their
   *   keys must come from a small bounded set (emptied sets are kept for the next item).
   */
  constructor(extractors: IndexExtractors<T, K>, setNames: readonly S[], dynamic?: readonly K[]) {
    this.indexNames = Object.keys(extractors) as K[];
    this.extractorList = this.indexNames.map((k) => extractors[k]);
    this.dynamicPositions = (dynamic ?? this.indexNames).map((k) => this.indexNames.indexOf(k));
    // Only explicitly named dynamic indexes (bounded keys: side, account, strategy) keep emptied
    // sets: their items move between a few keys on every update (see MultiIndex).
    const retain = (i: number): boolean => dynamic !== undefined && this.dynamicPositions.includes(i);
    this.indexList = this.indexNames.map((_, i) => new MultiIndex<string, Id>(retain(i)));
    if (setNames.length > 30) throw new Error("IndexedCollection: at most 30 status sets");
    this.setNames = setNames;
    this.setList = setNames.map(() => new Map<Id, T>());
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: Id): boolean {
    return this.lookup(id) !== undefined;
  }

  get(id: Id): T | undefined {
    return this.lookup(id)?.item;
  }

  entry(id: Id): CollectionEntry<T, A> | undefined {
    return this.lookup(id);
  }

  *values(): IterableIterator<T> {
    for (const e of this.entries.values()) yield e.item;
  }

  /**
   * A live iterator over the items of a status set, in insertion order (as `query(set)`), without
   * building an array: an item that leaves the set before it is reached is skipped, one that joins
   * it is visited at the end.
   */
  setValues(set: S): IterableIterator<T> {
    return this.statusSet(set).values();
  }

  /** The flag bit of a status set. */
  flag(set: S): number {
    const i = this.setNames.indexOf(set);
    if (i < 0) throw new Error(`unknown status set ${set}`);
    return 1 << i;
  }

  add(id: Id, item: T, flags = 0, aux?: A): CollectionEntry<T, A> {
    if (this.entries.has(id)) throw new Error(`${String(id)} is already in the cache`);
    const n = this.indexNames.length;
    const keys = new Array<string | undefined>(n);
    for (let i = 0; i < n; i++) {
      const key = (this.extractorList[i] as (item: T) => string | undefined)(item);
      keys[i] = key;
      if (key !== undefined) (this.indexList[i] as MultiIndex<string, Id>).add(key, id);
    }
    const entry: Entry<T, A> = { item, aux, keys, flags: 0 };
    this.entries.set(id, entry);
    this.applyFlags(id, entry, flags);
    return entry;
  }

  /** Moves the item to the keys its dynamic indexes' extractors return now, and to the sets of `flags`. */
  update(id: Id, item: T, flags: number): CollectionEntry<T, A> {
    const entry = this.lookup(id);
    if (entry === undefined || entry.item !== item) throw new Error(`${String(id)} is not in the cache (or another object has its id)`);
    const keys = entry.keys;
    const dynamic = this.dynamicPositions;
    for (let d = 0; d < dynamic.length; d++) {
      const i = dynamic[d] as number;
      const next = (this.extractorList[i] as (item: T) => string | undefined)(item);
      const prev = keys[i];
      if (prev === next) continue;
      const index = this.indexList[i] as MultiIndex<string, Id>;
      if (prev !== undefined) index.remove(prev, id);
      if (next !== undefined) index.add(next, id);
      keys[i] = next;
    }
    if (entry.flags !== flags) this.applyFlags(id, entry, flags);
    return entry;
  }

  isIn(set: S, id: Id): boolean {
    return this.statusSet(set).has(id);
  }

  remove(id: Id): T | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    for (let i = 0; i < entry.keys.length; i++) {
      const key = entry.keys[i];
      if (key !== undefined) (this.indexList[i] as MultiIndex<string, Id>).remove(key, id);
    }
    for (const s of this.setList) s.delete(id);
    this.entries.delete(id);
    if (this.memoEntry === entry) this.forgetMemo();
    return entry.item;
  }

  ids(set: S | "all", filter?: IndexFilter<K>): Id[] {
    const positions: number[] = [];
    const values: string[] = [];
    if (filter !== undefined) {
      for (let i = 0; i < this.indexNames.length; i++) {
        const v = filter[this.indexNames[i] as K];
        if (v !== undefined) {
          positions.push(i);
          values.push(v);
        }
      }
    }
    const status = set === "all" ? undefined : this.statusSet(set);
    let candidates: ReadonlySet<Id> | undefined;
    for (let c = 0; c < positions.length; c++) {
      const s = (this.indexList[positions[c] as number] as MultiIndex<string, Id>).get(values[c] as string);
      if (candidates === undefined || s.size < candidates.size) candidates = s;
    }
    if (candidates === undefined || (status !== undefined && status.size <= candidates.size)) {
      if (status !== undefined && positions.length === 0) return Array.from(status.keys());
      if (status !== undefined) candidates = undefined;
    }
    const out: Id[] = [];
    for (const id of candidates ?? status?.keys() ?? this.entries.keys()) {
      if (status !== undefined && !status.has(id)) continue;
      if (positions.length > 0 && !this.matches((this.entries.get(id) as Entry<T, A>).keys, positions, values)) continue;
      out.push(id);
    }
    return out;
  }

  query(set: S | "all", filter?: IndexFilter<K>): T[] {
    // The common unfiltered status query: the set's own items, no lookup per member.
    if (set !== "all" && (filter === undefined || this.noFilter(filter))) return Array.from(this.statusSet(set).values());
    const ids = this.ids(set, filter);
    const out = new Array<T>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = (this.entries.get(ids[i] as Id) as Entry<T, A>).item;
    return out;
  }

  count(set: S | "all", filter?: IndexFilter<K>): number {
    if (filter !== undefined) for (const k of this.indexNames) if (filter[k] !== undefined) return this.ids(set, filter).length;
    return set === "all" ? this.entries.size : this.statusSet(set).size;
  }

  /** The index key of an item (e.g. its strategy), as last indexed. */
  keyOf(id: Id, index: K): string | undefined {
    return this.entries.get(id)?.keys[this.indexNames.indexOf(index)];
  }

  clear(): void {
    this.forgetMemo();
    this.entries.clear();
    for (const i of this.indexList) i.clear();
    for (const s of this.setList) s.clear();
  }

  private lookup(id: Id): Entry<T, A> | undefined {
    if (id === this.memoId && this.memoEntry !== undefined) return this.memoEntry;
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      this.memoId = id;
      this.memoEntry = entry;
    }
    return entry;
  }

  private statusSet(set: S): Map<Id, T> {
    const i = this.setNames.indexOf(set);
    if (i < 0) throw new Error(`unknown status set ${set}`);
    return this.setList[i] as Map<Id, T>;
  }

  private noFilter(filter: IndexFilter<K>): boolean {
    for (const k of this.indexNames) if (filter[k] !== undefined) return false;
    return true;
  }

  private forgetMemo(): void {
    this.memoId = undefined;
    this.memoEntry = undefined;
  }

  private matches(keys: readonly (string | undefined)[], positions: readonly number[], values: readonly string[]): boolean {
    for (let c = 0; c < positions.length; c++) if (keys[positions[c] as number] !== values[c]) return false;
    return true;
  }

  /** Adds the item to / removes it from exactly the sets whose flag changed. */
  private applyFlags(id: Id, entry: Entry<T, A>, flags: number): void {
    const changed = entry.flags ^ flags;
    for (let i = 0; i < this.setList.length; i++) {
      const bit = 1 << i;
      if ((changed & bit) === 0) continue;
      const s = this.setList[i] as Map<Id, T>;
      if ((flags & bit) !== 0) s.set(id, entry.item);
      else s.delete(id);
    }
    entry.flags = flags;
  }
}
