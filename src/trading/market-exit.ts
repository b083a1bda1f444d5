/**
 * Market exit of one strategy (Nautilus `Strategy.market_exit`): cancel every open order, close
 * every open position, then check every `marketExitIntervalMs`; while orders or positions remain,
 * cancel what is still open and close what has no working order, up to `marketExitMaxAttempts`
 * checks; then finish (completed, or gave up) and hand the outcome to the strategy.
 *
 * Entry points: `new MarketExit(host)`, `start()`, `isExiting`, `cancel()`.
 * Invariants: one exit at a time (a second start while exiting is logged and ignored); the timer
 * is cancelled on finish; `finish` runs exactly once per exit.
 */
import type { Cache } from "../cache/cache.js";
import type { Logger } from "../common/logger.js";
import { msToNs } from "../common/time.js";
import type { TimeInForce } from "../model/enums.js";
import type { InstrumentId, StrategyId } from "../model/identifiers.js";

export interface MarketExitConfig {
  readonly marketExitIntervalMs: number;
  readonly marketExitMaxAttempts: number;
  readonly marketExitTimeInForce: TimeInForce;
  readonly marketExitReduceOnly: boolean;
}

export interface MarketExitResult {
  /** True when no open order and no open position remained. */
  readonly completed: boolean;
  /** How many interval checks ran. */
  readonly attempts: number;
  readonly openOrders: number;
  readonly openPositions: number;
}

export interface MarketExitHost {
  readonly strategyId: StrategyId;
  readonly cache: Cache;
  readonly config: MarketExitConfig;
  readonly log: Logger;
  cancelAllOrders(instrumentId: InstrumentId): void;
  closeAllPositions(instrumentId: InstrumentId, options: { timeInForce: TimeInForce; reduceOnly: boolean; tags: string[] }): void;
  setTimer(name: string, intervalNs: bigint, callback: () => void): void;
  cancelTimer(name: string): void;
  finished(result: MarketExitResult): void;
}

const TIMER = "market_exit";
const TAGS = ["MARKET_EXIT"];

export class MarketExit {
  private exiting = false;
  private attempts = 0;

  constructor(private readonly host: MarketExitHost) {}

  get isExiting(): boolean {
    return this.exiting;
  }

  start(): void {
    if (this.exiting) {
      this.host.log.warn("market exit already in progress");
      return;
    }
    this.exiting = true;
    this.attempts = 0;
    this.host.log.info("market exit: canceling all orders and closing all positions");
    const { orders, positions } = this.exposure();
    for (const id of new Set(orders.map((o) => o.instrumentId))) this.host.cancelAllOrders(id);
    for (const id of new Set(positions.map((p) => p.instrumentId))) this.closeOn(id);
    this.host.setTimer(TIMER, msToNs(this.host.config.marketExitIntervalMs), () => this.check());
  }

  /** Stops an exit in progress without calling `finished` (reset / dispose). */
  cancel(): void {
    if (!this.exiting) return;
    this.host.cancelTimer(TIMER);
    this.exiting = false;
  }

  private check(): void {
    if (!this.exiting) return;
    this.attempts += 1;
    const { orders, positions } = this.exposure();
    if (orders.length === 0 && positions.length === 0) return this.finish(true, 0, 0);
    if (this.attempts >= this.host.config.marketExitMaxAttempts) {
      this.host.log.warn({ attempts: this.attempts, openOrders: orders.length, openPositions: positions.length }, "market exit: max attempts reached");
      return this.finish(false, orders.length, positions.length);
    }
    const working = new Set(orders.map((o) => o.instrumentId));
    // Cancel what still works (not already pending cancel); re-close positions no order is closing.
    for (const id of new Set(orders.filter((o) => !o.isPendingCancel() && !o.isInflight()).map((o) => o.instrumentId))) this.host.cancelAllOrders(id);
    for (const id of new Set(positions.map((p) => p.instrumentId))) if (!working.has(id)) this.closeOn(id);
  }

  private closeOn(instrumentId: InstrumentId): void {
    const { marketExitTimeInForce: timeInForce, marketExitReduceOnly: reduceOnly } = this.host.config;
    this.host.closeAllPositions(instrumentId, { timeInForce, reduceOnly, tags: TAGS });
  }

  private exposure() {
    const filter = { strategyId: this.host.strategyId };
    const orders = [...this.host.cache.ordersOpen(filter), ...this.host.cache.ordersInflight(filter)];
    return { orders: [...new Map(orders.map((o) => [o.clientOrderId, o])).values()], positions: this.host.cache.positionsOpen(filter) };
  }

  private finish(completed: boolean, openOrders: number, openPositions: number): void {
    this.host.cancelTimer(TIMER);
    this.exiting = false;
    const result: MarketExitResult = { completed, attempts: this.attempts, openOrders, openPositions };
    this.host.log.info(result, completed ? "market exit completed" : "market exit ended with exposure left");
    this.host.finished(result);
  }
}
