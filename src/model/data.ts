/**
 * Market data types: QuoteTick, TradeTick, Bar, and the bar identity (BarSpecification, BarType)
 * with Nautilus' string form `SPY.SMART-1-MINUTE-LAST-EXTERNAL` (the bus topic `data.bars.{barType}`).
 *
 * Ticks and bars are plain readonly objects (the DataEngine handles hundreds of thousands a
 * second). BarSpecification and BarType are small immutable classes that build their string once.
 * `BarType.parse` splits from the right (the instrument id may hold hyphens and dots).
 * `createBar` checks the OHLC invariants (high is the highest, low the lowest).
 * Malformed specs or bars raise CORTANA_E_MODEL_INVALID.
 */
import { CortanaError } from "../common/errors.js";
import { AggregationSource, BarAggregation, PriceType, type AggressorSide } from "./enums.js";
import { divRoundHalfEven, minimalPrecision } from "./decimal.js";
import { InstrumentId, type TradeId } from "./identifiers.js";
import { Price, type Quantity } from "./values.js";

export interface QuoteTick {
  readonly instrumentId: InstrumentId;
  readonly bidPrice: Price;
  readonly askPrice: Price;
  readonly bidSize: Quantity;
  readonly askSize: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface TradeTick {
  readonly instrumentId: InstrumentId;
  readonly price: Price;
  readonly size: Quantity;
  readonly aggressorSide: AggressorSide;
  readonly tradeId: TradeId;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

function invalid(why: string): CortanaError {
  return new CortanaError("CORTANA_E_MODEL_INVALID", why);
}

const AGGREGATIONS = new Set<string>(Object.values(BarAggregation));
const PRICE_TYPES = new Set<string>(Object.values(PriceType));
const SOURCES = new Set<string>(Object.values(AggregationSource));

const NS_PER: Partial<Record<BarAggregation, bigint>> = {
  MILLISECOND: 1_000_000n,
  SECOND: 1_000_000_000n,
  MINUTE: 60_000_000_000n,
  HOUR: 3_600_000_000_000n,
  DAY: 86_400_000_000_000n,
};

export class BarSpecification {
  private readonly str: string;

  constructor(
    readonly step: number,
    readonly aggregation: BarAggregation,
    readonly priceType: PriceType,
  ) {
    if (!Number.isSafeInteger(step) || step <= 0) throw invalid(`bar step must be a positive integer, got ${step}`);
    if (!AGGREGATIONS.has(aggregation)) throw invalid(`unknown bar aggregation ${JSON.stringify(aggregation)}`);
    if (!PRICE_TYPES.has(priceType)) throw invalid(`unknown price type ${JSON.stringify(priceType)}`);
    this.str = `${step}-${aggregation}-${priceType}`;
  }

  /** "1-MINUTE-LAST". */
  static parse(text: string): BarSpecification {
    const parts = text.split("-");
    if (parts.length !== 3) throw invalid(`bar specification ${JSON.stringify(text)} must be STEP-AGGREGATION-PRICE_TYPE`);
    const [step, aggregation, priceType] = parts as [string, string, string];
    if (!/^\d+$/.test(step)) throw invalid(`bar specification ${JSON.stringify(text)}: step must be a positive integer`);
    return new BarSpecification(Number(step), aggregation as BarAggregation, priceType as PriceType);
  }

  /** True for MILLISECOND..DAY (bars closed by the clock), false for TICK, VOLUME, VALUE, WEEK, MONTH. */
  isTimeAggregated(): boolean {
    return NS_PER[this.aggregation] !== undefined;
  }

  /** The bar interval in ns for clock-driven aggregations, else undefined. */
  timedeltaNs(): bigint | undefined {
    const unit = NS_PER[this.aggregation];
    return unit === undefined ? undefined : unit * BigInt(this.step);
  }

  equals(other: BarSpecification): boolean {
    return this.str === other.str;
  }

  toString(): string {
    return this.str;
  }

  toJSON(): string {
    return this.str;
  }
}

export class BarType {
  private readonly str: string;

  constructor(
    readonly instrumentId: InstrumentId,
    readonly spec: BarSpecification,
    readonly aggregationSource: AggregationSource = AggregationSource.EXTERNAL,
  ) {
    if (!SOURCES.has(aggregationSource)) throw invalid(`unknown aggregation source ${JSON.stringify(aggregationSource)}`);
    this.str = `${instrumentId}-${spec.toString()}-${aggregationSource}`;
  }

  /** "SPY.SMART-1-MINUTE-LAST-EXTERNAL" (the instrument id may itself contain hyphens). */
  static parse(text: string): BarType {
    const parts = text.split("-");
    if (parts.length < 5) {
      throw invalid(`bar type ${JSON.stringify(text)} must be INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE`);
    }
    const source = parts.pop() as string;
    const priceType = parts.pop() as string;
    const aggregation = parts.pop() as string;
    const step = parts.pop() as string;
    const spec = BarSpecification.parse(`${step}-${aggregation}-${priceType}`);
    if (!SOURCES.has(source)) throw invalid(`bar type ${JSON.stringify(text)}: unknown aggregation source ${source}`);
    let id: InstrumentId;
    try {
      id = InstrumentId(parts.join("-"));
    } catch (e) {
      throw invalid(`bar type ${JSON.stringify(text)}: ${(e as Error).message}`);
    }
    return new BarType(id, spec, source as AggregationSource);
  }

  isExternallyAggregated(): boolean {
    return this.aggregationSource === AggregationSource.EXTERNAL;
  }

  isInternallyAggregated(): boolean {
    return this.aggregationSource === AggregationSource.INTERNAL;
  }

  equals(other: BarType): boolean {
    return this.str === other.str;
  }

  toString(): string {
    return this.str;
  }

  toJSON(): string {
    return this.str;
  }
}

export interface Bar {
  readonly barType: BarType;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** A Bar, checked: high >= open, close, low; low <= open, close. */
export function createBar(bar: Bar): Bar {
  const { open, high, low, close } = bar;
  if (high.lt(open) || high.lt(low) || high.lt(close) || low.gt(open) || low.gt(close)) {
    throw invalid(`bar ${bar.barType} at ${bar.tsEvent} is not consistent: O=${open} H=${high} L=${low} C=${close}`);
  }
  return bar;
}

/** The mid price (bid + ask) / 2, exact (one more decimal than the quote when the sum is odd). */
export function quoteMid(q: QuoteTick): Price {
  const raw = divRoundHalfEven(q.bidPrice.raw + q.askPrice.raw, 2n);
  const precision = Math.max(q.bidPrice.precision, q.askPrice.precision, minimalPrecision(raw));
  return new Price(raw, precision);
}

/** The quote price of `priceType` (BID, ASK or MID); LAST / MARK are not in a quote. */
export function quotePrice(q: QuoteTick, priceType: PriceType): Price {
  switch (priceType) {
    case PriceType.BID:
      return q.bidPrice;
    case PriceType.ASK:
      return q.askPrice;
    case PriceType.MID:
      return quoteMid(q);
    default:
      throw invalid(`a quote has no ${priceType} price`);
  }
}
