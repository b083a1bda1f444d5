/**
 * MarkPrices: the price the Portfolio marks a position at (Nautilus `Portfolio._get_price`).
 *
 * Entry points: `markFor(instrumentId, side)` (the price for a LONG or SHORT position, or
 * undefined when there is none), `hasMark`, `onBar(bar)` (keeps the last bar close per
 * instrument and price type when `barUpdates` is on), `clear()`.
 *
 * The chain, first price found wins:
 *   1. MARK from the cache, when `useMarkPrices`;
 *   2. the quote side a position would close at: BID for a LONG, ASK for a SHORT;
 *   3. LAST (the latest trade);
 *   4. the close of the latest bar of the same price type (BID / ASK), then LAST, MID, MARK bars.
 * A long is never marked at an ask (nor a short at a bid): that would overstate PnL by the spread.
 * Quotes, trades and mark prices are read from the Cache (the DataEngine caches each before
 * publishing it); bar closes are kept here because the cache indexes bars by bar type only.
 */
import type { Cache } from "../cache/cache.js";
import type { Bar } from "../model/data.js";
import { PositionSide, PriceType } from "../model/enums.js";
import type { InstrumentId } from "../model/identifiers.js";
import type { Price } from "../model/values.js";

/** The side a position is marked for (a FLAT position is never marked). */
export type MarkSide = typeof PositionSide.LONG | typeof PositionSide.SHORT;

const BAR_CHAIN: Readonly<Record<MarkSide, readonly PriceType[]>> = {
  LONG: [PriceType.BID, PriceType.LAST, PriceType.MID, PriceType.MARK],
  SHORT: [PriceType.ASK, PriceType.LAST, PriceType.MID, PriceType.MARK],
};

export interface MarkOptions {
  readonly useMarkPrices: boolean;
  readonly barUpdates: boolean;
}

export class MarkPrices {
  private readonly barCloses = new Map<InstrumentId, Map<PriceType, Price>>();

  constructor(
    private readonly cache: Cache,
    private readonly options: MarkOptions,
  ) {}

  /** Records the bar's close as a mark candidate; returns false when bar updates are off. */
  onBar(bar: Bar): boolean {
    if (!this.options.barUpdates) return false;
    const id = bar.barType.instrumentId;
    let closes = this.barCloses.get(id);
    if (closes === undefined) {
      closes = new Map();
      this.barCloses.set(id, closes);
    }
    closes.set(bar.barType.spec.priceType, bar.close);
    return true;
  }

  markFor(instrumentId: InstrumentId, side: MarkSide): Price | undefined {
    const cache = this.cache;
    if (this.options.useMarkPrices) {
      const mark = cache.price(instrumentId, PriceType.MARK);
      if (mark !== undefined) return mark;
    }
    const quoted = cache.price(instrumentId, side === PositionSide.LONG ? PriceType.BID : PriceType.ASK);
    if (quoted !== undefined) return quoted;
    const last = cache.price(instrumentId, PriceType.LAST);
    if (last !== undefined) return last;
    const closes = this.barCloses.get(instrumentId);
    if (closes === undefined) return undefined;
    for (const priceType of BAR_CHAIN[side]) {
      const close = closes.get(priceType);
      if (close !== undefined) return close;
    }
    return undefined;
  }

  hasMark(instrumentId: InstrumentId, side: MarkSide): boolean {
    return this.markFor(instrumentId, side) !== undefined;
  }

  clear(): void {
    this.barCloses.clear();
  }
}
