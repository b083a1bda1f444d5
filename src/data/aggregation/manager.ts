/**
 * BarAggregationManager: the DataEngine's internally aggregated bar types (AggregationSource
 * INTERNAL): builds the aggregator a bar type needs, feeds it from quotes or trades, and emits
 * finished bars as model `Bar`s.
 *
 * Entry points: `start(barType)` (returns which tick stream it needs: "quotes" for BID / ASK /
 * MID bars, "trades" for LAST), `stop(barType)`, `onQuote(q)`, `onTrade(t)`, `has(barType)`.
 * Invariants: one aggregator per bar type string; a stopped aggregator is dropped from the feed
 * maps at once and emits nothing more; MARK bars and VALUE / WEEK / MONTH aggregations are
 * refused at `start` with a clear error (no silent no-op subscription).
 */
import type { Clock } from "../../common/clock.js";
import { msToNs } from "../../common/time.js";
import type { LiveDataEngineConfig } from "../../config/schemas/engines.js";
import { minimalPrecision } from "../../model/decimal.js";
import { quotePrice, type Bar, type BarType, type QuoteTick, type TradeTick } from "../../model/data.js";
import type { InstrumentId } from "../../model/identifiers.js";
import { Quantity } from "../../model/values.js";
import type { BarFields } from "./builder.js";
import { TickBarAggregator, VolumeBarAggregator, type BarAggregator } from "./count-bars.js";
import { TimeBarAggregator, isTimeAggregation } from "./time-bars.js";

export type TickSource = "quotes" | "trades";

interface Entry {
  readonly barType: BarType;
  readonly source: TickSource;
  readonly aggregator: BarAggregator;
}

export interface BarAggregationManagerOptions {
  readonly clock: Clock;
  readonly config: LiveDataEngineConfig;
  /** The size precision of an instrument (volumes), when known. */
  readonly sizePrecision: (instrumentId: InstrumentId) => number | undefined;
  readonly emit: (bar: Bar) => void;
}

/** The size a quote contributes for a price type (MID: the mean of both sides, exact). */
function quoteSize(q: QuoteTick, priceType: BarType["spec"]["priceType"]): Quantity {
  if (priceType === "BID") return q.bidSize;
  if (priceType === "ASK") return q.askSize;
  const raw = (q.bidSize.raw + q.askSize.raw) / 2n;
  return new Quantity(raw, Math.max(q.bidSize.precision, q.askSize.precision, minimalPrecision(raw)));
}

export class BarAggregationManager {
  private readonly entries = new Map<string, Entry>();
  private readonly byQuotes = new Map<InstrumentId, Entry[]>();
  private readonly byTrades = new Map<InstrumentId, Entry[]>();

  constructor(private readonly o: BarAggregationManagerOptions) {}

  has(barType: BarType): boolean {
    return this.entries.has(barType.toString());
  }

  /** Starts aggregating `barType`; returns the tick stream it needs. Throws for unsupported specs. */
  start(barType: BarType): TickSource {
    const key = barType.toString();
    const existing = this.entries.get(key);
    if (existing !== undefined) return existing.source;
    const { priceType } = barType.spec;
    if (priceType === "MARK") throw new Error(`cannot aggregate ${key}: MARK bars have no tick source`);
    const source: TickSource = priceType === "LAST" ? "trades" : "quotes";
    const entry: Entry = { barType, source, aggregator: this.makeAggregator(barType) };
    this.entries.set(key, entry);
    const feed = source === "quotes" ? this.byQuotes : this.byTrades;
    feed.set(barType.instrumentId, [...(feed.get(barType.instrumentId) ?? []), entry]);
    return source;
  }

  /** Stops aggregating `barType`; returns the tick stream it used, or undefined if not running. */
  stop(barType: BarType): TickSource | undefined {
    const key = barType.toString();
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.aggregator.stop();
    this.entries.delete(key);
    const feed = entry.source === "quotes" ? this.byQuotes : this.byTrades;
    const rest = (feed.get(barType.instrumentId) ?? []).filter((e) => e !== entry);
    if (rest.length === 0) feed.delete(barType.instrumentId);
    else feed.set(barType.instrumentId, rest);
    return entry.source;
  }

  stopAll(): void {
    for (const e of [...this.entries.values()]) this.stop(e.barType);
  }

  onQuote(q: QuoteTick): void {
    const entries = this.byQuotes.get(q.instrumentId);
    if (entries === undefined) return;
    for (const e of entries) {
      const pt = e.barType.spec.priceType;
      e.aggregator.handleUpdate(quotePrice(q, pt), quoteSize(q, pt), q.tsEvent);
    }
  }

  onTrade(t: TradeTick): void {
    const entries = this.byTrades.get(t.instrumentId);
    if (entries === undefined) return;
    for (const e of entries) e.aggregator.handleUpdate(t.price, t.size, t.tsEvent);
  }

  private makeAggregator(barType: BarType): BarAggregator {
    const { step, aggregation } = barType.spec;
    const sizePrecision = this.o.sizePrecision(barType.instrumentId) ?? 0;
    const emit = (f: BarFields): void => this.o.emit({ barType, ...f });
    if (aggregation === "TICK") return new TickBarAggregator(step, emit, sizePrecision);
    if (aggregation === "VOLUME") return new VolumeBarAggregator(step, emit, sizePrecision);
    if (!isTimeAggregation(aggregation)) throw new Error(`cannot aggregate ${barType}: ${aggregation} bars are not supported`);
    const c = this.o.config;
    const offsetMs = c.timeBarsOriginOffset?.[aggregation] ?? 0;
    return new TimeBarAggregator({
      clock: this.o.clock,
      timerName: barType.toString(),
      step,
      aggregation,
      emit,
      intervalType: c.timeBarsIntervalType,
      timestampOnClose: c.timeBarsTimestampOnClose,
      buildWithNoUpdates: c.timeBarsBuildWithNoUpdates,
      skipFirstNonFullBar: c.timeBarsSkipFirstNonFullBar,
      buildDelayNs: BigInt(c.timeBarsBuildDelay) * 1_000n,
      originOffsetNs: msToNs(offsetMs),
      sizePrecision,
    });
  }
}
