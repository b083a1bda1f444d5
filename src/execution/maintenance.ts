/**
 * The ExecEngine's housekeeping timers (reference §1.2): position state snapshots every
 * `snapshotPositionsIntervalSecs`, and purges of closed orders, closed positions and account events
 * every `purge*IntervalMins` with their buffer / lookback (`purgeFromDatabase` deletes the
 * database records too).
 *
 * Entry points: `start()` (arms the configured timers, unref'ed so they never hold the process),
 * `stop()`, and the actions themselves (`snapshotOpenPositions`, `purgeClosedOrders`,
 * `purgeClosedPositions`, `purgeAccountEvents`) for tests and manual use. Purged client order ids
 * are handed to `forget` so the engine drops its own per-order records (local activity, GTD timers).
 */
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import { secsToNs } from "../common/time.js";
import type { ClientOrderId, InstrumentId } from "../model/identifiers.js";
import { roundRaw } from "../model/decimal.js";
import { Price } from "../model/values.js";
import type { ExecEngineConfig } from "./config.js";

const NANOS_PER_MIN = 60_000_000_000n;

export const TIMER_SNAPSHOT_POSITIONS = "ExecEngine.SNAPSHOT_POSITIONS";
export const TIMER_PURGE_ORDERS = "ExecEngine.PURGE_CLOSED_ORDERS";
export const TIMER_PURGE_POSITIONS = "ExecEngine.PURGE_CLOSED_POSITIONS";
export const TIMER_PURGE_ACCOUNT_EVENTS = "ExecEngine.PURGE_ACCOUNT_EVENTS";

export interface MaintenanceDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: ExecEngineConfig;
  readonly forget: (ids: readonly ClientOrderId[]) => void;
}

export class Maintenance {
  private readonly timers: string[] = [];

  constructor(private readonly deps: MaintenanceDeps) {}

  start(): void {
    const c = this.deps.config;
    if (c.snapshotPositionsIntervalSecs !== undefined) this.every(TIMER_SNAPSHOT_POSITIONS, secsToNs(c.snapshotPositionsIntervalSecs), () => this.snapshotOpenPositions());
    if (c.purgeClosedOrdersIntervalMins !== undefined) this.every(TIMER_PURGE_ORDERS, BigInt(c.purgeClosedOrdersIntervalMins) * NANOS_PER_MIN, () => this.purgeClosedOrders());
    if (c.purgeClosedPositionsIntervalMins !== undefined) this.every(TIMER_PURGE_POSITIONS, BigInt(c.purgeClosedPositionsIntervalMins) * NANOS_PER_MIN, () => this.purgeClosedPositions());
    if (c.purgeAccountEventsIntervalMins !== undefined) this.every(TIMER_PURGE_ACCOUNT_EVENTS, BigInt(c.purgeAccountEventsIntervalMins) * NANOS_PER_MIN, () => this.purgeAccountEvents());
  }

  stop(): void {
    for (const name of this.timers.splice(0)) this.deps.clock.cancelTimer(name);
  }

  /** Writes the state of every open position (with unrealized PnL when a price is known) to the database. */
  snapshotOpenPositions(): number {
    const ts = this.deps.clock.timestampNs();
    const open = this.deps.cache.positionsOpen();
    for (const position of open) {
      const price = this.markPrice(position.instrumentId);
      this.deps.cache.snapshotPositionState(position, ts, price === undefined ? undefined : position.unrealizedPnl(price));
    }
    return open.length;
  }

  purgeClosedOrders(): readonly ClientOrderId[] {
    const bufferNs = BigInt(this.deps.config.purgeClosedOrdersBufferMins ?? 0) * NANOS_PER_MIN;
    const purged = this.deps.cache.purgeClosedOrders(this.deps.clock.timestampNs(), bufferNs, this.deps.config.purgeFromDatabase);
    this.deps.forget(purged);
    if (purged.length > 0) this.deps.log.info({ count: purged.length }, `Purged ${purged.length} closed order(s)`);
    return purged;
  }

  purgeClosedPositions(): number {
    const bufferNs = BigInt(this.deps.config.purgeClosedPositionsBufferMins ?? 0) * NANOS_PER_MIN;
    const purged = this.deps.cache.purgeClosedPositions(this.deps.clock.timestampNs(), bufferNs, this.deps.config.purgeFromDatabase);
    if (purged.length > 0) this.deps.log.info({ count: purged.length }, `Purged ${purged.length} closed position(s)`);
    return purged.length;
  }

  purgeAccountEvents(): number {
    const lookbackNs = BigInt(this.deps.config.purgeAccountEventsLookbackMins ?? 0) * NANOS_PER_MIN;
    const purged = this.deps.cache.purgeAccountEvents(this.deps.clock.timestampNs(), lookbackNs, this.deps.config.purgeFromDatabase);
    if (purged > 0) this.deps.log.info({ count: purged }, `Purged ${purged} account event(s)`);
    return purged;
  }

  private every(name: string, intervalNs: bigint, action: () => unknown): void {
    this.deps.clock.setTimer(name, intervalNs, () => {
      try {
        action();
      } catch (err) {
        this.deps.log.error({ err, timer: name }, `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, { keepAlive: false });
    this.timers.push(name);
  }

  /** Mid of the last quote, else the last trade. */
  private markPrice(instrumentId: InstrumentId): Price | undefined {
    const quote = this.deps.cache.quote(instrumentId);
    if (quote !== undefined) {
      const precision = Math.min(Math.max(quote.bidPrice.precision, quote.askPrice.precision) + 1, 9);
      return Price.fromRaw(roundRaw((quote.bidPrice.raw + quote.askPrice.raw) / 2n, precision), precision);
    }
    return this.deps.cache.trade(instrumentId)?.price;
  }
}
