/**
 * Readiness: whether the Portfolio can mark every open position (Nautilus `portfolio.initialized`,
 * which the node polls after `initialize_orders()` / `initialize_positions()` until
 * `timeoutPortfolio`), and `whenInitialized(timeoutMs)`, the promise the node awaits instead.
 *
 * Entry points: `begin()` then `refresh(id)` for every instrument with an open position then
 * `complete()` (initializePositions), `refresh(instrumentId)` after a price or position change of
 * the instrument, `initialized`, `whenInitialized(timeoutMs)`, `reset()`, `dispose()`.
 *
 * Invariants:
 * - Nothing is tracked before `begin()` (refresh is then a no-op: initialization checks all).
 * - `initialized` is false until the positions were initialized; then it is true exactly when no
 *   instrument with an open position lacks a mark (`pending` is empty). Reading it re-checks the
 *   pending instruments, so a price that reached the cache without a bus message still counts.
 * - `whenInitialized` resolves true as soon as `initialized` becomes true (on the refresh that
 *   empties `pending`, or on a poll of the injected Clock every 100 ms), false when `timeoutMs`
 *   has passed on that Clock. Each waiter settles once; its alert and poll timer are cancelled.
 */
import type { Clock } from "../common/clock.js";
import { msToNs } from "../common/time.js";
import type { InstrumentId } from "../model/identifiers.js";

const POLL_NS = 100_000_000n;

interface Waiter {
  readonly resolve: (ok: boolean) => void;
  readonly alertName: string;
  readonly pollName: string;
}

export class Readiness {
  private readonly pending = new Set<InstrumentId>();
  private positionsInitialized = false;
  private readonly waiters = new Set<Waiter>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    /** True when every open position of the instrument has a mark (or none is open). */
    private readonly canMark: (instrumentId: InstrumentId) => boolean,
    private readonly timerPrefix: string,
  ) {}

  get initialized(): boolean {
    if (!this.positionsInitialized) return false;
    if (this.pending.size > 0) {
      for (const id of [...this.pending]) if (this.canMark(id)) this.pending.delete(id);
    }
    return this.pending.size === 0;
  }

  /** Instruments with an open position and no mark yet. */
  pendingInstruments(): InstrumentId[] {
    return [...this.pending];
  }

  isPending(instrumentId: InstrumentId): boolean {
    return this.pending.has(instrumentId);
  }

  /** Starts (or restarts) tracking: initializePositions then refreshes every open instrument. */
  begin(): void {
    this.pending.clear();
    this.positionsInitialized = true;
  }

  /** Called by initializePositions once every open position was checked. */
  complete(): void {
    this.settleIfReady();
  }

  /** Re-checks one instrument; returns whether it is pending afterwards (false while not tracking). */
  refresh(instrumentId: InstrumentId): boolean {
    if (!this.positionsInitialized) return false;
    if (this.canMark(instrumentId)) {
      if (this.pending.delete(instrumentId)) this.settleIfReady();
      return false;
    }
    this.pending.add(instrumentId);
    return true;
  }

  whenInitialized(timeoutMs: number): Promise<boolean> {
    if (this.initialized) return Promise.resolve(true);
    if (!(timeoutMs > 0)) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const n = ++this.seq;
      const waiter: Waiter = { resolve, alertName: `${this.timerPrefix}.${n}.timeout`, pollName: `${this.timerPrefix}.${n}.poll` };
      this.waiters.add(waiter);
      const now = this.clock.timestampNs();
      this.clock.setTimeAlert(waiter.alertName, now + msToNs(timeoutMs), () => this.settle(waiter, this.initialized));
      this.clock.setTimer(waiter.pollName, POLL_NS, () => this.settleIfReady(), { keepAlive: false });
    });
  }

  /** Forgets the pending set and the initialization (waiters keep waiting). */
  reset(): void {
    this.pending.clear();
    this.positionsInitialized = false;
  }

  /** Settles every waiter with false and cancels their timers. */
  dispose(): void {
    for (const w of [...this.waiters]) this.settle(w, false);
  }

  private settleIfReady(): void {
    if (this.waiters.size === 0 || !this.initialized) return;
    for (const w of [...this.waiters]) this.settle(w, true);
  }

  private settle(waiter: Waiter, ok: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    this.clock.cancelTimer(waiter.alertName);
    this.clock.cancelTimer(waiter.pollName);
    waiter.resolve(ok);
  }
}
