/**
 * TestClock: a Clock whose time moves only when a test (or the simulator) says so.
 *
 * Entry points: `new TestClock(startNs)`, `advanceTime(toNs)` / `advanceTimeBy(deltaNs)` (fire
 * every due timer tick and alert, in time order, and return the events), `setTime(ns)` (jump
 * without firing).
 *
 * Invariants: deterministic. Events fire in order of `tsEvent`; ties go to the timer set first.
 * While a callback runs the clock reads that event's `tsEvent`, so handlers see consistent time;
 * timers and alerts set from a callback fire in the same advance when they fall due before
 * `toNs`. A callback that throws propagates out of `advanceTime` (tests fail loudly), with the
 * clock left at that event's time and the timer already stepped past the failed tick.
 */
import type { AlertOptions, Clock, TimeEvent, TimeEventCallback, TimerOptions } from "./clock.js";
import { NANOS_PER_MS } from "./time.js";
import { makeAlert, makeTimer, stepTimer, type ScheduledTimer } from "./timer-schedule.js";

export class TestClock implements Clock {
  private nowNs: bigint;
  private readonly timers = new Map<string, ScheduledTimer>();
  private seq = 0;

  constructor(startNs: bigint = 0n) {
    this.nowNs = startNs;
  }

  timestampNs(): bigint {
    return this.nowNs;
  }

  monotonicMs(): number {
    return Number(this.timestampNs()) / 1e6;
  }

  timestampMs(): number {
    return Number(this.nowNs / NANOS_PER_MS);
  }

  utcNow(): Date {
    return new Date(this.timestampMs());
  }

  setTimer(name: string, intervalNs: bigint, callback: TimeEventCallback, options?: TimerOptions): void {
    const timer = makeTimer(name, intervalNs, callback, options, this.nowNs, this.seq++);
    this.timers.delete(name);
    this.timers.set(name, timer);
  }

  setTimeAlert(name: string, alertTimeNs: bigint, callback: TimeEventCallback, options?: AlertOptions): void {
    const alert = makeAlert(name, alertTimeNs, callback, options, this.nowNs, this.seq++);
    this.timers.delete(name);
    this.timers.set(name, alert);
  }

  cancelTimer(name: string): boolean {
    return this.timers.delete(name);
  }

  cancelTimers(): void {
    this.timers.clear();
  }

  timerNames(): string[] {
    return [...this.timers.keys()].sort();
  }

  timerCount(): number {
    return this.timers.size;
  }

  nextTimeNs(name: string): bigint | undefined {
    return this.timers.get(name)?.nextTimeNs;
  }

  /** Sets the time without firing anything (a due timer fires at the next advance). */
  setTime(toNs: bigint): void {
    this.nowNs = toNs;
  }

  advanceTimeBy(deltaNs: bigint): TimeEvent[] {
    return this.advanceTime(this.nowNs + deltaNs);
  }

  /** Fires every tick and alert due at or before `toNs`, in time order, then sets the time to `toNs`. */
  advanceTime(toNs: bigint): TimeEvent[] {
    if (toNs < this.nowNs) throw new Error(`TestClock.advanceTime: ${toNs} is before now ${this.nowNs}`);
    const fired: TimeEvent[] = [];
    for (let due = this.nextDue(toNs); due !== undefined; due = this.nextDue(toNs)) {
      const tsEvent = due.nextTimeNs;
      this.nowNs = tsEvent;
      if (!stepTimer(due)) this.timers.delete(due.name);
      const event: TimeEvent = { name: due.name, tsEvent, tsInit: tsEvent };
      fired.push(event);
      due.callback(event);
    }
    this.nowNs = toNs;
    return fired;
  }

  /** The earliest timer due at or before `limitNs` (ties: lowest seq). A linear scan: clocks hold few timers. */
  private nextDue(limitNs: bigint): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.nextTimeNs > limitNs) continue;
      if (best === undefined || t.nextTimeNs < best.nextTimeNs || (t.nextTimeNs === best.nextTimeNs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
