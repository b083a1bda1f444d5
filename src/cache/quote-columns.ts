/**
 * QuoteColumns: one instrument's cached quotes, newest first. The latest quote stays the object
 * given; older ones are kept as columns (their Price / Quantity objects, their timestamps in
 * BigInt64Arrays) and a QuoteTick is rebuilt around them when read.
 *
 * Why: the cache keeps the last tickCapacity quotes, so every cached QuoteTick and its timestamp
 * bigint lived through young-generation collections and was copied by each of them (twice: within
 * the young generation, then into the old one): at 10,000 quotes/s that was about half of every
 * scavenge's pause, the node's own tail on tick-to-trade. A quote's prices and sizes are long-lived
 * already (the IB data client interns them), so the columns hold nothing the collector copies.
 *
 * Entry points: `push(quote)`, `get(index)` (0 = newest), `toArray()` (newest first), `length`.
 * Invariants: at most `capacity` quotes; `get(0)` is the object last pushed; `get(i > 0)` is a
 * QuoteTick with the same instrument id, the same Price / Quantity objects and equal timestamps
 * as the one pushed; a quote of another instrument, or with a timestamp outside int64, is kept as
 * the object. Columns start small and double up to the capacity.
 */
import type { QuoteTick } from "../model/data.js";
import type { InstrumentId } from "../model/identifiers.js";
import type { Price, Quantity } from "../model/values.js";
import { checkCapacity } from "./ring-buffer.js";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const INITIAL_SLOTS = 64;

export class QuoteColumns {
  readonly capacity: number;
  #slots: number;
  /** bidPrice, askPrice, bidSize, askSize: 4 per slot. */
  #values: (Price | Quantity | undefined)[];
  #tsEvent: BigInt64Array;
  #tsInit: BigInt64Array;
  /** Slots whose quote could not go into the columns. */
  readonly #objects = new Map<number, QuoteTick>();
  #instrumentId: InstrumentId | undefined;
  #latest: QuoteTick | undefined;
  /** Slot of the next push. */
  #head = 0;
  #count = 0;

  constructor(capacity: number) {
    checkCapacity(capacity);
    this.capacity = capacity;
    this.#slots = Math.min(capacity, INITIAL_SLOTS);
    this.#values = new Array<Price | Quantity | undefined>(this.#slots * 4);
    this.#tsEvent = new BigInt64Array(this.#slots);
    this.#tsInit = new BigInt64Array(this.#slots);
  }

  get length(): number {
    return this.#count;
  }

  push(quote: QuoteTick): void {
    // Until the columns reach the capacity they never wrap: a full ring grows before the push.
    if (this.#count === this.#slots && this.#slots < this.capacity) this.#grow();
    const slot = this.#head;
    this.#instrumentId ??= quote.instrumentId;
    if (this.#objects.size > 0) this.#objects.delete(slot);
    if (!this.#write(slot, quote)) this.#objects.set(slot, quote);
    this.#latest = quote;
    this.#head = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.#count < this.capacity) this.#count++;
  }

  /** The quote `index` places back from the newest (0 = newest), or undefined when out of range. */
  get(index: number): QuoteTick | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) return undefined;
    if (index === 0) return this.#latest;
    let slot = this.#head - 1 - index;
    if (slot < 0) slot += this.#slots;
    return this.#objects.get(slot) ?? this.#read(slot);
  }

  /** All quotes, newest first. */
  toArray(): QuoteTick[] {
    const out: QuoteTick[] = [];
    for (let i = 0; i < this.#count; i++) out.push(this.get(i)!);
    return out;
  }

  #write(slot: number, q: QuoteTick): boolean {
    if (q.instrumentId !== this.#instrumentId) return false;
    const { tsEvent, tsInit } = q;
    if (tsEvent < INT64_MIN || tsEvent > INT64_MAX || (tsInit !== tsEvent && (tsInit < INT64_MIN || tsInit > INT64_MAX))) return false;
    const v = this.#values;
    const p = slot * 4;
    v[p] = q.bidPrice;
    v[p + 1] = q.askPrice;
    v[p + 2] = q.bidSize;
    v[p + 3] = q.askSize;
    this.#tsEvent[slot] = tsEvent;
    this.#tsInit[slot] = tsInit;
    return true;
  }

  #read(slot: number): QuoteTick {
    const v = this.#values;
    const p = slot * 4;
    return {
      instrumentId: this.#instrumentId!,
      bidPrice: v[p] as Price,
      askPrice: v[p + 1] as Price,
      bidSize: v[p + 2] as Quantity,
      askSize: v[p + 3] as Quantity,
      tsEvent: this.#tsEvent[slot]!,
      tsInit: this.#tsInit[slot]!,
    };
  }

  /** Doubles the columns (never past the capacity); the ring has not wrapped yet, so slots keep their places. */
  #grow(): void {
    const slots = Math.min(this.capacity, this.#slots * 2);
    const widen = (column: BigInt64Array): BigInt64Array => {
      const wider = new BigInt64Array(slots);
      wider.set(column);
      return wider;
    };
    this.#values.length = slots * 4;
    this.#tsEvent = widen(this.#tsEvent);
    this.#tsInit = widen(this.#tsInit);
    this.#slots = slots;
  }
}
