/**
 * ZeroDteBracket: the seed's CortanaBullCallStrategy in cortana-node's shape. It watches the
 * underlying's bars, scores their momentum, and when the signal fires buys a near-the-money 0DTE
 * call (BULL) or put (BEAR) with a bracket: a LIMIT entry at the option's ask, a take-profit LIMIT
 * and a stop-loss STOP_MARKET linked OCO, which the ExecEngine manages (manageContingentOrders):
 * the children wait until the entry fills, and the first exit to fill cancels the other.
 *
 * Signal over the last `lookbackBars` closes (indicators.ts `momentumScore`):
 * - BULL when score >= scoreThreshold and the share of up moves >= metaProbThreshold;
 * - BEAR when score <= 100 - scoreThreshold and the share of down moves >= metaProbThreshold;
 * - biasFilter BULL / BEAR keeps one side only, ANY both.
 * The contract: today's chain of the underlying in the cache (option-chain.ts), the strike nearest
 * the last close. Its ask comes from the cache or, if none, from a quote subscription (the entry
 * waits for the first quote). At most `maxOpenBrackets` brackets are active at once.
 * Config: zod, validated at load time (thresholds, percentages and sizes range-checked; unknown
 * keys rejected; manageContingentOrders must stay true).
 */
import { z } from "zod";
import { InstrumentIdString, PositiveInt } from "../config/primitives.js";
import { BarType, type Bar, type QuoteTick } from "../model/data.js";
import { OptionKind, OrderSide, TimeInForce } from "../model/enums.js";
import { InstrumentId } from "../model/identifiers.js";
import type { OptionContract } from "../model/instruments.js";
import type { Price } from "../model/values.js";
import type { ActorDeps } from "../trading/actor.js";
import { strategyConfigSchema } from "../trading/config.js";
import { Strategy } from "../trading/strategy.js";
import { momentumScore } from "./indicators.js";
import { nearestTheMoney, snapToTick, todaysChain } from "./option-chain.js";
import { BarTypeString, barTypeMatchesInstrument } from "./schemas.js";

export const ZeroDteBracketConfigSchema = strategyConfigSchema({
  /** The underlying, e.g. "SPY.SMART". */
  instrumentId: InstrumentIdString,
  /** The underlying's bars the signal is computed on. */
  barType: BarTypeString,
  lookbackBars: PositiveInt.min(2).default(6),
  /** The return (in %) over the lookback that maps to a score of about 88 (tanh(1)). */
  momentumScalePct: z.number().positive().finite().default(0.2),
  scoreThreshold: z.number().min(50).max(100).default(65),
  metaProbThreshold: z.number().min(0).max(1).default(0.55),
  biasFilter: z.enum(["BULL", "BEAR", "ANY"]).default("BULL"),
  /** Contracts per bracket. */
  quantity: PositiveInt.default(1),
  takeProfitPct: z.number().positive().max(1000).default(30),
  stopLossPct: z.number().positive().lt(100).default(20),
  maxOpenBrackets: PositiveInt.default(1),
  manageContingentOrders: z
    .boolean()
    .default(true)
    .refine((v) => v, { message: "must be true: the take-profit and stop-loss are an OCO pair the ExecEngine manages" }),
}).refine(barTypeMatchesInstrument, { message: "must be a bar type of instrumentId", path: ["barType"] });

export type ZeroDteBracketConfig = z.output<typeof ZeroDteBracketConfigSchema>;

export type Signal = "BULL" | "BEAR";

export class ZeroDteBracket extends Strategy<ZeroDteBracketConfig> {
  static override configSchema = ZeroDteBracketConfigSchema;

  readonly underlying: InstrumentId;
  readonly barType: BarType;
  private closes: number[] = [];
  private lastClose: Price | undefined;
  /** An entry waiting for the chosen option's first quote. */
  private pending: { option: OptionContract; signal: Signal } | undefined;

  constructor(config: ZeroDteBracketConfig, deps: ActorDeps) {
    super(config, deps);
    this.underlying = InstrumentId(config.instrumentId);
    this.barType = BarType.parse(config.barType);
  }

  protected override onStart(): void {
    this.subscribeBars(this.barType);
  }

  protected override onStop(): void {
    this.unsubscribeBars(this.barType);
    if (this.pending !== undefined) this.unsubscribeQuoteTicks(this.pending.option.id);
    this.pending = undefined;
  }

  protected override onReset(): void {
    this.closes = [];
    this.lastClose = undefined;
    this.pending = undefined;
  }

  /** Brackets with an order not yet closed (entry working, exits held or working). */
  activeBrackets(): number {
    return this.cache.orderLists({ strategyId: this.id }).filter((l) => l.orders.some((o) => !o.isClosed())).length;
  }

  override onBar(bar: Bar): void {
    if (!bar.barType.equals(this.barType)) return;
    this.lastClose = bar.close;
    this.closes.push(bar.close.toNumber());
    if (this.closes.length > this.config.lookbackBars) this.closes.shift();
    if (this.closes.length < this.config.lookbackBars) return;
    const signal = this.signal();
    if (signal === undefined || this.pending !== undefined || this.activeBrackets() >= this.config.maxOpenBrackets) return;
    this.act(signal, bar.close);
  }

  override onQuoteTick(quote: QuoteTick): void {
    const pending = this.pending;
    if (pending === undefined || quote.instrumentId !== pending.option.id) return;
    this.pending = undefined;
    this.unsubscribeQuoteTicks(pending.option.id);
    this.enter(pending.option, quote.askPrice, pending.signal);
  }

  /** The signal of the current window, after the bias filter. */
  signal(): Signal | undefined {
    const m = momentumScore(this.closes, this.config.momentumScalePct);
    const { scoreThreshold: threshold, metaProbThreshold: minProb, biasFilter } = this.config;
    const signal: Signal | undefined =
      m.score >= threshold && m.upShare >= minProb ? "BULL" : m.score <= 100 - threshold && m.downShare >= minProb ? "BEAR" : undefined;
    if (signal === undefined || (biasFilter !== "ANY" && biasFilter !== signal)) return undefined;
    this.log.info({ signal, score: m.score, upShare: m.upShare, downShare: m.downShare }, `${signal} signal, score ${m.score.toFixed(1)}`);
    return signal;
  }

  private act(signal: Signal, underlyingPrice: Price): void {
    const kind = signal === "BULL" ? OptionKind.CALL : OptionKind.PUT;
    const chain = todaysChain(this.cache, InstrumentId.symbol(this.underlying), this.clock.timestampNs());
    const option = nearestTheMoney(chain, kind, underlyingPrice);
    if (option === undefined) {
      this.log.warn({ signal, chain: chain.length }, `${signal} signal but no 0DTE ${kind} on ${this.underlying} in the cache`);
      return;
    }
    const quote = this.cache.quote(option.id);
    if (quote !== undefined) return this.enter(option, quote.askPrice, signal);
    this.pending = { option, signal };
    this.subscribeQuoteTicks(option.id);
  }

  private enter(option: OptionContract, ask: Price, signal: Signal): void {
    const entry = ask.toNumber();
    const takeProfit = snapToTick(option, entry * (1 + this.config.takeProfitPct / 100));
    const stopLoss = snapToTick(option, entry * (1 - this.config.stopLossPct / 100));
    if (!stopLoss.isPositive() || !stopLoss.lt(ask) || !ask.lt(takeProfit)) {
      this.log.warn({ option: option.id, ask: ask.toString(), takeProfit: takeProfit.toString(), stopLoss: stopLoss.toString() }, `no room for a bracket around ${ask}; skipped`);
      return;
    }
    const bracket = this.orderFactory.bracket({
      instrumentId: option.id,
      side: OrderSide.BUY,
      quantity: option.makeQty(this.config.quantity),
      entryPrice: ask,
      takeProfitPrice: takeProfit,
      stopLossTriggerPrice: stopLoss,
      contingencyType: "OCO",
      timeInForce: TimeInForce.DAY,
      childTimeInForce: TimeInForce.DAY,
      tags: [signal],
    });
    this.submitOrderList(bracket);
  }
}
