/**
 * Tick and volume bar aggregators (Nautilus' `TickBarAggregator`, `VolumeBarAggregator`).
 *
 * Entry points: `new TickBarAggregator(step, emit)`, `new VolumeBarAggregator(step, emit)`, both
 * implementing `BarAggregator.handleUpdate(price, size, tsEvent)`.
 * Invariants:
 * - A tick bar closes on exactly `step` updates; its tsEvent and tsInit are the last update's.
 * - A volume bar closes when its volume reaches exactly `step`: an update that crosses the step
 *   is split, the remainder opening the next bar (several bars if it spans several steps). The
 *   split is exact (raw bigint arithmetic), so the sum of bar volumes equals the sum of sizes.
 */
import { Price, Quantity, FIXED_SCALAR } from "../../model/values.js";
import { BarBuilder, type BarFields } from "./builder.js";

export type BarEmit = (fields: BarFields) => void;

/** What the DataEngine drives: one aggregator per internal bar type. */
export interface BarAggregator {
  handleUpdate(price: Price, size: Quantity, tsEvent: bigint): void;
  /** Cancels timers; no bar is emitted after stop. */
  stop(): void;
}

function checkStep(step: number, kind: string): void {
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`${kind} bar step must be a positive integer, got ${step}`);
}

export class TickBarAggregator implements BarAggregator {
  private readonly builder: BarBuilder;

  constructor(
    private readonly step: number,
    private readonly emit: BarEmit,
    sizePrecision = 0,
  ) {
    checkStep(step, "tick");
    this.builder = new BarBuilder(sizePrecision);
  }

  handleUpdate(price: Price, size: Quantity, tsEvent: bigint): void {
    this.builder.update(price, size, tsEvent);
    if (this.builder.count >= this.step) {
      const bar = this.builder.build(this.builder.tsLast, this.builder.tsLast);
      if (bar !== undefined) this.emit(bar);
    }
  }

  stop(): void {}
}

export class VolumeBarAggregator implements BarAggregator {
  private readonly builder: BarBuilder;
  private readonly rawStep: bigint;

  constructor(
    step: number,
    private readonly emit: BarEmit,
    sizePrecision = 0,
  ) {
    checkStep(step, "volume");
    this.rawStep = BigInt(step) * FIXED_SCALAR;
    this.builder = new BarBuilder(sizePrecision);
  }

  handleUpdate(price: Price, size: Quantity, tsEvent: bigint): void {
    let remaining = size.raw;
    while (remaining > 0n) {
      const room = this.rawStep - this.builder.volumeRaw;
      if (remaining < room) {
        this.builder.update(price, Quantity.fromRaw(remaining, size.precision), tsEvent);
        return;
      }
      this.builder.update(price, Quantity.fromRaw(room, size.precision), tsEvent);
      const bar = this.builder.build(this.builder.tsLast, this.builder.tsLast);
      if (bar !== undefined) this.emit(bar);
      remaining -= room;
    }
  }

  stop(): void {}
}
