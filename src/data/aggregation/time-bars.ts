/**
 * Time bar aggregator (Nautilus' `TimeBarAggregator`), driven by a named clock timer.
 *
 * Entry point: `new TimeBarAggregator(options)`; it arms the timer at once; `handleUpdate`,
 * `stop`. Config flags (reference §1.3, LiveDataEngineConfig.timeBars*):
 * - boundaries: aligned to the enclosing unit (see time-math.ts), shifted by `originOffsetNs`.
 * - `intervalType`: "left-open" bars cover (open, close], "right-open" [open, close). An update
 *   whose tsEvent lies past the current bar (an update stamped on or after the close while the
 *   timer has not fired yet, e.g. during `buildDelayNs`) first closes the bar(s) it is past, so
 *   membership follows the update's timestamp, never the order timer vs data arrive in.
 * - `timestampOnClose`: bar tsEvent = close (default) or open. tsInit = the clock when built.
 * - `buildWithNoUpdates`: an interval without updates emits O=H=L=C=previous close, volume 0
 *   (nothing before the first update ever: there is no price).
 * - `skipFirstNonFullBar`: the first bar is dropped if aggregation started after its open.
 * - `buildDelayNs`: the timer fires that long after each close, so late updates still land.
 * Invariants: each interval is closed exactly once (timer catch-up and data-driven closes never
 * double-emit); bars come out in time order; nothing is emitted after `stop()`.
 */
import type { Clock, TimeEvent } from "../../common/clock.js";
import type { BarAggregation } from "../../model/enums.js";
import type { Price, Quantity } from "../../model/values.js";
import type { TimeBarsIntervalType } from "../config.js";
import { BarBuilder } from "./builder.js";
import type { BarAggregator, BarEmit } from "./count-bars.js";
import { alignedStartNs, NS_PER_DAY, NS_PER_HOUR, NS_PER_MINUTE, NS_PER_MS, NS_PER_SECOND } from "./time-math.js";

/** Length of one unit and the unit bars align to, per time aggregation. */
const TIME_UNITS: Readonly<Partial<Record<BarAggregation, { unit: bigint; anchor: bigint }>>> = {
  MILLISECOND: { unit: NS_PER_MS, anchor: NS_PER_SECOND },
  SECOND: { unit: NS_PER_SECOND, anchor: NS_PER_MINUTE },
  MINUTE: { unit: NS_PER_MINUTE, anchor: NS_PER_HOUR },
  HOUR: { unit: NS_PER_HOUR, anchor: NS_PER_DAY },
  DAY: { unit: NS_PER_DAY, anchor: 0n },
};

export function isTimeAggregation(aggregation: BarAggregation): boolean {
  return TIME_UNITS[aggregation] !== undefined;
}

export interface TimeBarOptions {
  readonly clock: Clock;
  /** The clock timer's name (the bar type's string, as in Nautilus). */
  readonly timerName: string;
  readonly step: number;
  readonly aggregation: BarAggregation;
  readonly emit: BarEmit;
  readonly intervalType: TimeBarsIntervalType;
  readonly timestampOnClose: boolean;
  readonly buildWithNoUpdates: boolean;
  readonly skipFirstNonFullBar: boolean;
  readonly buildDelayNs: bigint;
  readonly originOffsetNs: bigint;
  readonly sizePrecision?: number;
}

export class TimeBarAggregator implements BarAggregator {
  readonly intervalNs: bigint;
  private readonly builder: BarBuilder;
  private openNs: bigint;
  private closeNs: bigint;
  private skipNext: boolean;
  private stopped = false;

  constructor(private readonly o: TimeBarOptions) {
    const units = TIME_UNITS[o.aggregation];
    if (units === undefined) throw new RangeError(`aggregation ${o.aggregation} is not time based`);
    if (!Number.isInteger(o.step) || o.step <= 0) throw new RangeError(`time bar step must be a positive integer, got ${o.step}`);
    if (o.buildDelayNs < 0n) throw new RangeError(`timeBarsBuildDelay must be >= 0`);
    this.intervalNs = BigInt(o.step) * units.unit;
    this.builder = new BarBuilder(o.sizePrecision ?? 0);
    const now = o.clock.timestampNs();
    this.openNs = alignedStartNs(now, this.intervalNs, units.anchor, o.originOffsetNs);
    this.closeNs = this.openNs + this.intervalNs;
    this.skipNext = o.skipFirstNonFullBar && this.openNs < now;
    o.clock.setTimer(o.timerName, this.intervalNs, (ev) => this.onTimer(ev), {
      startTimeNs: this.openNs + o.buildDelayNs,
    });
  }

  /** Close of the bar currently accumulating (UTC ns). */
  get nextCloseNs(): bigint {
    return this.closeNs;
  }

  handleUpdate(price: Price, size: Quantity, tsEvent: bigint): void {
    if (this.stopped) return;
    if (this.o.intervalType === "left-open" ? tsEvent > this.closeNs : tsEvent >= this.closeNs) {
      // Bars closing strictly before tsEvent (left-open) or at/before it (right-open).
      this.closeThrough(this.o.intervalType === "left-open" ? tsEvent - 1n : tsEvent, this.o.clock.timestampNs());
    }
    this.builder.update(price, size, tsEvent);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.o.clock.cancelTimer(this.o.timerName);
  }

  private onTimer(event: TimeEvent): void {
    if (this.stopped) return;
    this.closeThrough(event.tsEvent - this.o.buildDelayNs, event.tsInit);
  }

  /** Closes every bar whose close is <= boundaryNs, in order. */
  private closeThrough(boundaryNs: bigint, tsInit: bigint): void {
    while (this.closeNs <= boundaryNs) {
      this.closeCurrent(tsInit);
      this.openNs = this.closeNs;
      this.closeNs += this.intervalNs;
    }
  }

  private closeCurrent(tsInit: bigint): void {
    if (this.skipNext) {
      this.skipNext = false;
      this.builder.skip();
      return;
    }
    if (this.builder.count === 0 && !this.o.buildWithNoUpdates) return;
    const bar = this.builder.build(this.o.timestampOnClose ? this.closeNs : this.openNs, tsInit);
    if (bar !== undefined) this.o.emit(bar);
  }
}
