/**
 * MarketData: the market-data half of the Cache: the latest quotes, trades and bars per stream
 * in ring buffers of tickCapacity / barCapacity, newest first (`quote(id, 0)` is the latest,
 * as Nautilus' `quote_tick(instrument_id, index)`), mark prices, and `price(id, priceType)`.
 * `quote(id, 0)` is the object added; an older quote is rebuilt around the same prices and sizes
 * (quote-columns.ts).
 *
 * Invariants: at most tickCapacity quotes and trades per instrument and barCapacity bars per bar
 * type; bars are keyed by the bar type's string, so equal bar types share one buffer.
 */
import type { PriceType } from "../model/enums.js";
import { quoteMid, type Bar, type BarType, type QuoteTick, type TradeTick } from "../model/data.js";
import type { InstrumentId } from "../model/identifiers.js";
import type { Price } from "../model/values.js";
import { MarketStore } from "./market-store.js";
import { QuoteColumns } from "./quote-columns.js";

export class MarketData {
  private readonly quoteStore: MarketStore<InstrumentId, QuoteTick>;
  private readonly tradeStore: MarketStore<InstrumentId, TradeTick>;
  private readonly barStore: MarketStore<string, Bar>;
  private readonly markPrices = new Map<InstrumentId, Price>();

  constructor(
    readonly tickCapacity: number,
    readonly barCapacity: number,
  ) {
    // Quotes are the densest stream: their history is kept in columns, not objects (quote-columns.ts).
    this.quoteStore = new MarketStore(tickCapacity, (c) => new QuoteColumns(c));
    this.tradeStore = new MarketStore(tickCapacity);
    this.barStore = new MarketStore(barCapacity);
  }

  addQuote(quote: QuoteTick): void {
    this.quoteStore.add(quote.instrumentId, quote);
  }
  /** The quote `index` places back from the latest (0 = latest). */
  quote(instrumentId: InstrumentId, index = 0): QuoteTick | undefined {
    return this.quoteStore.get(instrumentId, index);
  }
  /** Cached quotes, newest first. */
  quotes(instrumentId: InstrumentId): QuoteTick[] {
    return this.quoteStore.all(instrumentId);
  }
  quoteCount(instrumentId: InstrumentId): number {
    return this.quoteStore.count(instrumentId);
  }
  hasQuotes(instrumentId: InstrumentId): boolean {
    return this.quoteStore.count(instrumentId) > 0;
  }

  addTrade(trade: TradeTick): void {
    this.tradeStore.add(trade.instrumentId, trade);
  }
  trade(instrumentId: InstrumentId, index = 0): TradeTick | undefined {
    return this.tradeStore.get(instrumentId, index);
  }
  trades(instrumentId: InstrumentId): TradeTick[] {
    return this.tradeStore.all(instrumentId);
  }
  tradeCount(instrumentId: InstrumentId): number {
    return this.tradeStore.count(instrumentId);
  }
  hasTrades(instrumentId: InstrumentId): boolean {
    return this.tradeStore.count(instrumentId) > 0;
  }

  addBar(bar: Bar): void {
    this.barStore.add(bar.barType.toString(), bar);
  }
  bar(barType: BarType, index = 0): Bar | undefined {
    return this.barStore.get(barType.toString(), index);
  }
  bars(barType: BarType): Bar[] {
    return this.barStore.all(barType.toString());
  }
  barCount(barType: BarType): number {
    return this.barStore.count(barType.toString());
  }
  hasBars(barType: BarType): boolean {
    return this.barStore.count(barType.toString()) > 0;
  }

  addMarkPrice(instrumentId: InstrumentId, price: Price): void {
    this.markPrices.set(instrumentId, price);
  }

  /**
   * The latest price of a kind: BID / ASK / MID from the latest quote, LAST from the latest
   * trade, MARK from the latest mark price; undefined when there is none.
   */
  price(instrumentId: InstrumentId, priceType: PriceType): Price | undefined {
    switch (priceType) {
      case "BID":
        return this.quote(instrumentId)?.bidPrice;
      case "ASK":
        return this.quote(instrumentId)?.askPrice;
      case "MID": {
        const q = this.quote(instrumentId);
        return q === undefined ? undefined : quoteMid(q);
      }
      case "LAST":
        return this.trade(instrumentId)?.price;
      case "MARK":
        return this.markPrices.get(instrumentId);
    }
  }

  protected clearMarketData(): void {
    this.quoteStore.clear();
    this.tradeStore.clear();
    this.barStore.clear();
    this.markPrices.clear();
  }
}
