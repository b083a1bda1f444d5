/**
 * EmaCross: the classic fast/slow EMA crossover on one instrument's bars, trading MARKET orders.
 *
 * Config (zod, validated at load time; unknown keys rejected): instrumentId, barType (its string
 * form, e.g. "SPY.SMART-5-SECOND-LAST-EXTERNAL", for that instrument), tradeSize (> 0, at the
 * instrument's size precision), fastPeriod < slowPeriod, allowShort (default false),
 * closePositionsOnStop (default true), plus the StrategyConfig base fields.
 *
 * Behaviour: on each bar both EMAs update; once both are initialized, a crossing acts:
 * - fast crosses above slow: close a short, then (if not already long) buy tradeSize;
 * - fast crosses below slow: close a long; with allowShort, sell tradeSize.
 * No new order while one of the strategy's orders on the instrument is still working or in flight.
 * Usage in a config: `{ strategyPath: "./src/strategies/ema-cross.ts:EmaCross", config: {...} }`.
 */
import { z } from "zod";
import { InstrumentIdString, PositiveInt } from "../config/primitives.js";
import { BarType, type Bar } from "../model/data.js";
import { OrderSide } from "../model/enums.js";
import { InstrumentId } from "../model/identifiers.js";
import type { Quantity } from "../model/values.js";
import { strategyConfigSchema } from "../trading/config.js";
import { BarTypeString, PositiveDecimal, barTypeMatchesInstrument } from "./schemas.js";
import type { ActorDeps } from "../trading/actor.js";
import { Strategy } from "../trading/strategy.js";
import { ExponentialMovingAverage } from "./indicators.js";

export const EmaCrossConfigSchema = strategyConfigSchema({
  instrumentId: InstrumentIdString,
  barType: BarTypeString,
  tradeSize: PositiveDecimal,
  fastPeriod: PositiveInt.default(10),
  slowPeriod: PositiveInt.default(20),
  allowShort: z.boolean().default(false),
  closePositionsOnStop: z.boolean().default(true),
})
  .refine((c) => c.fastPeriod < c.slowPeriod, { message: "must be less than slowPeriod", path: ["fastPeriod"] })
  .refine(barTypeMatchesInstrument, { message: "must be a bar type of instrumentId", path: ["barType"] });

export type EmaCrossConfig = z.output<typeof EmaCrossConfigSchema>;

export class EmaCross extends Strategy<EmaCrossConfig> {
  static override configSchema = EmaCrossConfigSchema;

  readonly instrumentId: InstrumentId;
  readonly barType: BarType;
  readonly fast: ExponentialMovingAverage;
  readonly slow: ExponentialMovingAverage;
  private tradeSize: Quantity | undefined;
  /** Whether fast was above slow at the last bar where they differed (undefined until known). */
  private fastAbove: boolean | undefined;

  constructor(config: EmaCrossConfig, deps: ActorDeps) {
    super(config, deps);
    this.instrumentId = InstrumentId(this.config.instrumentId);
    this.barType = BarType.parse(this.config.barType);
    this.fast = new ExponentialMovingAverage(this.config.fastPeriod);
    this.slow = new ExponentialMovingAverage(this.config.slowPeriod);
  }

  protected override onStart(): void {
    const instrument = this.cache.instrument(this.instrumentId);
    if (instrument === undefined) throw new Error(`instrument ${this.instrumentId} is not in the cache; load it before starting ${this.id}`);
    this.tradeSize = instrument.makeQty(String(this.config.tradeSize));
    this.subscribeBars(this.barType);
  }

  protected override onStop(): void {
    if (this.config.closePositionsOnStop) {
      this.cancelAllOrders(this.instrumentId);
      this.closeAllPositions(this.instrumentId);
    }
    this.unsubscribeBars(this.barType);
  }

  protected override onReset(): void {
    this.fast.reset();
    this.slow.reset();
    this.fastAbove = undefined;
  }

  override onBar(bar: Bar): void {
    if (!bar.barType.equals(this.barType)) return;
    const close = bar.close.toNumber();
    this.fast.update(close);
    this.slow.update(close);
    if (!this.fast.initialized || !this.slow.initialized || this.fast.value === this.slow.value) return;
    const above = this.fast.value > this.slow.value;
    const crossed = this.fastAbove !== undefined && this.fastAbove !== above;
    this.fastAbove = above;
    if (!crossed || this.hasWorkingOrders()) return;
    if (above) this.onCrossAbove();
    else this.onCrossBelow();
  }

  private onCrossAbove(): void {
    const net = this.netQtyRaw();
    if (net < 0n) this.closeAllPositions(this.instrumentId);
    if (net <= 0n) this.enter(OrderSide.BUY);
  }

  private onCrossBelow(): void {
    const net = this.netQtyRaw();
    if (net > 0n) this.closeAllPositions(this.instrumentId);
    if (net >= 0n && this.config.allowShort) this.enter(OrderSide.SELL);
  }

  private enter(side: OrderSide): void {
    if (this.tradeSize === undefined) return;
    this.submitOrder(this.orderFactory.market({ instrumentId: this.instrumentId, side, quantity: this.tradeSize }));
  }

  private hasWorkingOrders(): boolean {
    const filter = { strategyId: this.id, instrumentId: this.instrumentId };
    return this.cache.ordersOpenCount(filter) + this.cache.ordersInflightCount(filter) > 0;
  }

  /** This strategy's signed net quantity in the instrument (raw, scale 1e9). */
  private netQtyRaw(): bigint {
    let net = 0n;
    for (const p of this.cache.positionsOpen({ strategyId: this.id, instrumentId: this.instrumentId })) net += p.signedQtyRaw;
    return net;
  }
}
