/**
 * BarBuilder: accumulates price/size updates into one bar's open, high, low, close and volume
 * (Nautilus' `BarBuilder`). Aggregators decide when a bar closes; the builder only accumulates.
 *
 * Entry points: `update(price, size, tsEvent)`, `build(tsEvent, tsInit)`, `skip()`, `count`.
 * Invariants:
 * - An update older than the last applied one (tsEvent < tsLast) is ignored, as in Nautilus.
 * - `build` resets the accumulation but keeps the close as `lastClose`, so a bar with no update
 *   (time bars with timeBarsBuildWithNoUpdates) is O=H=L=C=lastClose with volume 0. With no update
 *   ever, `build` returns undefined: there is no price to build from.
 * - Volume is exact (Quantity addition on raw bigints).
 */
import { Price, Quantity } from "../../model/values.js";

/** The values of one built bar; the engine adds the BarType. */
export interface BarFields {
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export class BarBuilder {
  private open: Price | undefined;
  private high: Price | undefined;
  private low: Price | undefined;
  private close: Price | undefined;
  private lastClose: Price | undefined;
  /** Volume as a raw at the fixed scale, and the largest size precision seen (no Quantity per update). */
  private volumeRawValue = 0n;
  private volumePrecision: number;
  /** Updates applied since the last build. */
  count = 0;
  /** tsEvent of the last applied update. */
  tsLast = 0n;

  constructor(private readonly sizePrecision = 0) {
    this.volumePrecision = sizePrecision;
  }

  get volume(): Quantity {
    return new Quantity(this.volumeRawValue, this.volumePrecision);
  }

  /** The volume accumulated so far as a raw (fixed scale 10^9). */
  get volumeRaw(): bigint {
    return this.volumeRawValue;
  }

  /** True once any update was applied (since construction, not since the last build). */
  get initialized(): boolean {
    return this.lastClose !== undefined || this.open !== undefined;
  }

  update(price: Price, size: Quantity, tsEvent: bigint): void {
    if (tsEvent < this.tsLast) return;
    if (this.open === undefined || this.high === undefined || this.low === undefined) {
      this.open = price;
      this.high = price;
      this.low = price;
    } else if (price.raw > this.high.raw) {
      this.high = price;
    } else if (price.raw < this.low.raw) {
      this.low = price;
    }
    this.close = price;
    this.volumeRawValue += size.raw;
    if (size.precision > this.volumePrecision) this.volumePrecision = size.precision;
    this.count++;
    this.tsLast = tsEvent;
  }

  /** The bar accumulated so far, then reset; undefined when no price was ever seen. */
  build(tsEvent: bigint, tsInit: bigint): BarFields | undefined {
    const close = this.close ?? this.lastClose;
    if (close === undefined) return undefined;
    const fields: BarFields = {
      open: this.open ?? close,
      high: this.high ?? close,
      low: this.low ?? close,
      close,
      volume: this.volume,
      tsEvent,
      tsInit,
    };
    this.reset();
    return fields;
  }

  /** Drop the accumulation without building (timeBarsSkipFirstNonFullBar), keeping the close. */
  skip(): void {
    this.reset();
  }

  private reset(): void {
    if (this.close !== undefined) this.lastClose = this.close;
    this.open = undefined;
    this.high = undefined;
    this.low = undefined;
    this.close = undefined;
    this.volumeRawValue = 0n;
    this.volumePrecision = this.sizePrecision;
    this.count = 0;
  }
}
