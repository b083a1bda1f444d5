/**
 * One reqMktData stream -> QuoteTicks and TradeTicks.
 *
 * Sizes are taken from TICK_SIZE events only: @stoqey/ib drops BID_SIZE derived from a TICK_PRICE
 * (tick type 0 is falsy) and repeats ASK / LAST sizes; a repeated size changes nothing here.
 * A quote goes out once bid, ask and both sizes are known, coalesced per decoded batch (one
 * microtask), so a price tick and its size tick make ONE quote; it goes out when one of its values
 * (prices only with ignoreQuoteTickSizeUpdates) differs from what the previous batch left, so a
 * batch whose ticks cancel out (A -> B -> A) sends nothing. Quote values are kept as IB's doubles
 * and parsed once per batch, only those that changed: at 10k quotes/s a socket read carries ~10
 * quotes, and parsing each tick cost more than the rest of the stream. A trade goes out on the LAST_SIZE
 * that follows a LAST price (the repeated LAST_SIZE is ignored). Delayed tick types (66-71) map
 * onto the live ones.
 */
import { AggressorSide } from "../../../model/enums.js";
import { TradeId, type InstrumentId } from "../../../model/identifiers.js";
import type { QuoteTick, TradeTick } from "../../../model/data.js";
import { Price, Quantity } from "../../../model/values.js";
import { decimalText, isUnset } from "../parsing/values.js";

const FIELD: Readonly<Record<number, "bid" | "ask" | "last" | "bidSize" | "askSize" | "lastSize">> = {
  1: "bid", 2: "ask", 4: "last", 0: "bidSize", 3: "askSize", 5: "lastSize",
  66: "bid", 67: "ask", 68: "last", 69: "bidSize", 70: "askSize", 71: "lastSize",
};

export interface TickSinks {
  onQuote(q: QuoteTick): void;
  onTrade(t: TradeTick): void;
}

/** How many parsed values a quote field keeps for reuse before it starts over. */
const INTERNED_MAX = 512;

/**
 * One quote field: IB's double as decoded, and its parse (refreshed at the flush, only when stale).
 * Parsed values are interned per field (IB's double -> the immutable Price / Quantity): prices and
 * sizes revisit a narrow range, so successive quotes share value objects instead of each carrying
 * four new ones (plus their bigints). The cache keeps the last tickCapacity quotes alive, so every
 * value object a quote brings survives a scavenge: sharing them is what keeps the young-generation
 * pauses short at 10k quotes/s. Bounded: the table starts over after INTERNED_MAX values.
 */
class QuoteField<V extends { eq(other: V): boolean }> {
  raw = Number.NaN;
  value: V | undefined = undefined;
  #parsedRaw = Number.NaN;
  readonly #interned = new Map<number, V>();

  constructor(private readonly parse: (raw: number) => V) {}

  /** Records a new double; false when it is the one already held. */
  set(raw: number): boolean {
    if (raw === this.raw) return false;
    this.raw = raw;
    return true;
  }

  /** Parses a stale raw; true when the parsed value changed. */
  refresh(): boolean {
    const raw = this.raw;
    if (raw === this.#parsedRaw || Number.isNaN(raw)) return false;
    this.#parsedRaw = raw;
    let next = this.#interned.get(raw);
    if (next === undefined) {
      next = this.parse(raw);
      if (this.#interned.size >= INTERNED_MAX) this.#interned.clear();
      this.#interned.set(raw, next);
    }
    const changed = this.value === undefined || !this.value.eq(next);
    this.value = next;
    return changed;
  }
}

export class MarketDataStream {
  quotes = false;
  trades = false;
  readonly #bid: QuoteField<Price>;
  readonly #ask: QuoteField<Price>;
  readonly #bidSize: QuoteField<Quantity>;
  readonly #askSize: QuoteField<Quantity>;
  #last: Price | undefined;
  #tradePending = false;
  #dirty = false;
  /** A quote value changed since the last quote went out (or none went out yet). */
  #changed = false;
  #tradeSeq = 0;
  readonly #flushFn = (): void => this.#flush();

  constructor(
    readonly instrumentId: InstrumentId,
    private readonly pricePrecision: number,
    private readonly sizePrecision: number,
    private readonly sinks: TickSinks,
    private readonly nowNs: () => bigint,
    /** ignoreQuoteTickSizeUpdates: sizes alone never make a quote. */
    private readonly ignoreSizeOnly = false,
  ) {
    const price = (raw: number): Price => Price.parse(decimalText(raw), pricePrecision);
    const size = (raw: number): Quantity => Quantity.parse(decimalText(raw), sizePrecision);
    this.#bid = new QuoteField(price);
    this.#ask = new QuoteField(price);
    this.#bidSize = new QuoteField(size);
    this.#askSize = new QuoteField(size);
  }

  onPrice(tickType: number, value: number): void {
    const f = FIELD[tickType];
    if (f === undefined || isUnset(value) || value <= 0) return;
    if (f === "bid" || f === "ask") {
      if ((f === "bid" ? this.#bid : this.#ask).set(value)) this.#markQuote();
    } else if (f === "last") {
      this.#last = Price.parse(decimalText(value), this.pricePrecision);
      this.#tradePending = true;
    }
  }

  onSize(tickType: number, value: number | undefined): void {
    const f = FIELD[tickType];
    if (f === undefined || value === undefined || isUnset(value) || value < 0) return;
    if (f === "bidSize" || f === "askSize") {
      // A new size is always recorded; with ignoreSizeOnly it rides along with the next price change.
      if ((f === "bidSize" ? this.#bidSize : this.#askSize).set(value) && !this.ignoreSizeOnly) this.#markQuote();
    } else if (f === "lastSize" && this.#tradePending && this.#last !== undefined) {
      this.#tradePending = false;
      const q = Quantity.parse(decimalText(value), this.sizePrecision);
      if (!this.trades || q.isZero()) return;
      const ts = this.nowNs();
      this.sinks.onTrade({ instrumentId: this.instrumentId, price: this.#last, size: q, aggressorSide: AggressorSide.NO_AGGRESSOR, tradeId: TradeId(`${ts}-${++this.#tradeSeq}`), tsEvent: ts, tsInit: ts });
    }
  }

  #markQuote(): void {
    if (!this.quotes || this.#dirty) return;
    this.#dirty = true;
    queueMicrotask(this.#flushFn);
  }

  #flush(): void {
    this.#dirty = false;
    if (!this.quotes) return;
    // Bitwise | on purpose: every stale field is parsed, none skipped by short-circuit.
    const prices = +this.#bid.refresh() | +this.#ask.refresh();
    const sizes = +this.#bidSize.refresh() | +this.#askSize.refresh();
    if (prices === 1 || (sizes === 1 && !this.ignoreSizeOnly)) this.#changed = true;
    const bid = this.#bid.value;
    const ask = this.#ask.value;
    const bidSize = this.#bidSize.value;
    const askSize = this.#askSize.value;
    if (!this.#changed || bid === undefined || ask === undefined || bidSize === undefined || askSize === undefined) return;
    this.#changed = false;
    const ts = this.nowNs();
    this.sinks.onQuote({ instrumentId: this.instrumentId, bidPrice: bid, askPrice: ask, bidSize, askSize, tsEvent: ts, tsInit: ts });
  }
}
