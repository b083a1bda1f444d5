/**
 * One reqMktData stream -> QuoteTicks and TradeTicks.
 *
 * Sizes are taken from TICK_SIZE events only: @stoqey/ib drops BID_SIZE derived from a TICK_PRICE
 * (tick type 0 is falsy) and repeats ASK / LAST sizes; a repeated size changes nothing here.
 * A quote goes out once bid, ask and both sizes are known, coalesced per decoded batch (one
 * microtask), so a price tick and its size tick make ONE quote. A trade goes out on the LAST_SIZE
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

export class MarketDataStream {
  quotes = false;
  trades = false;
  #bid: Price | undefined;
  #ask: Price | undefined;
  #bidSize: Quantity | undefined;
  #askSize: Quantity | undefined;
  #last: Price | undefined;
  #tradePending = false;
  #dirty = false;
  #tradeSeq = 0;

  constructor(
    readonly instrumentId: InstrumentId,
    private readonly pricePrecision: number,
    private readonly sizePrecision: number,
    private readonly sinks: TickSinks,
    private readonly nowNs: () => bigint,
    /** ignoreQuoteTickSizeUpdates: sizes alone never make a quote. */
    private readonly ignoreSizeOnly = false,
  ) {}

  onPrice(tickType: number, value: number): void {
    const f = FIELD[tickType];
    if (f === undefined || isUnset(value) || value <= 0) return;
    const p = Price.parse(decimalText(value), this.pricePrecision);
    if (f === "bid" || f === "ask") {
      const prev = f === "bid" ? this.#bid : this.#ask;
      if (prev !== undefined && prev.eq(p)) return;
      if (f === "bid") this.#bid = p;
      else this.#ask = p;
      this.#markQuote();
    } else if (f === "last") {
      this.#last = p;
      this.#tradePending = true;
    }
  }

  onSize(tickType: number, value: number | undefined): void {
    const f = FIELD[tickType];
    if (f === undefined || value === undefined || isUnset(value) || value < 0) return;
    const q = Quantity.parse(decimalText(value), this.sizePrecision);
    if (f === "bidSize" || f === "askSize") {
      const prev = f === "bidSize" ? this.#bidSize : this.#askSize;
      if (prev !== undefined && prev.eq(q)) return;
      if (f === "bidSize") this.#bidSize = q;
      else this.#askSize = q;
      if (!this.ignoreSizeOnly) this.#markQuote();
    } else if (f === "lastSize" && this.#tradePending && this.#last !== undefined) {
      this.#tradePending = false;
      if (!this.trades || q.isZero()) return;
      const ts = this.nowNs();
      this.sinks.onTrade({ instrumentId: this.instrumentId, price: this.#last, size: q, aggressorSide: AggressorSide.NO_AGGRESSOR, tradeId: TradeId(`${ts}-${++this.#tradeSeq}`), tsEvent: ts, tsInit: ts });
    }
  }

  #markQuote(): void {
    if (!this.quotes || this.#dirty) return;
    this.#dirty = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#dirty = false;
    if (!this.quotes || this.#bid === undefined || this.#ask === undefined || this.#bidSize === undefined || this.#askSize === undefined) return;
    const ts = this.nowNs();
    this.sinks.onQuote({ instrumentId: this.instrumentId, bidPrice: this.#bid, askPrice: this.#ask, bidSize: this.#bidSize, askSize: this.#askSize, tsEvent: ts, tsInit: ts });
  }
}
