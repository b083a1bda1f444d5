/**
 * Clock: the one source of time for the node (Nautilus' `Clock`, `LiveClock`, `TestClock`).
 *
 * Entry points: the `Clock` interface; `LiveClock` (real time, Node timers) and `TestClock`
 * (time moved by hand with `advanceTime`, deterministic). Both keep named timers (repeating)
 * and time alerts (one-shot) with the same semantics.
 *
 * Invariants:
 * - Timestamps are UTC nanoseconds since the epoch as `bigint`; `LiveClock` is the ONLY place in
 *   the code base that reads the system time. Everything else receives a `Clock`.
 * - A timer or alert name is unique per clock: setting a name that exists replaces (cancels) the
 *   old one, so re-arming a timer is idempotent.
 * - A timer first fires at `startTimeNs + intervalNs` (or at `startTimeNs` with `fireImmediately`),
 *   then every `intervalNs`; it fires for the last time at the last tick <= `stopTimeNs`.
 *   Ticks whose time has already passed fire at once, in order (catch-up), each with its own
 *   `tsEvent`: bar aggregation needs every interval.
 * - An alert in the past fires as soon as possible with `tsEvent` = now.
 * - Callbacks receive a `TimeEvent` whose `tsEvent` is the scheduled time and `tsInit` the time
 *   the event was created.
 */

export { LiveClock, type LiveClockOptions } from "./live-clock.js";
export { TestClock } from "./test-clock.js";
export { NANOS_PER_MS, NANOS_PER_SEC, msToNs, nsToMs, secsToNs, nsToIso } from "./time.js";

/** A timer tick or an alert, handed to the callback that was registered with it. */
export interface TimeEvent {
  /** The timer or alert name. */
  readonly name: string;
  /** When it was scheduled to fire (UTC ns). */
  readonly tsEvent: bigint;
  /** When the event object was created (UTC ns); >= tsEvent unless fired early by the OS timer. */
  readonly tsInit: bigint;
}

export type TimeEventCallback = (event: TimeEvent) => void;

export interface TimerOptions {
  /** Reference start (UTC ns); default now. The first tick is at start + interval. */
  readonly startTimeNs?: bigint;
  /** Last instant a tick may fire at (UTC ns, inclusive); default never. */
  readonly stopTimeNs?: bigint;
  /** Fire a first tick at startTimeNs itself. Default false. */
  readonly fireImmediately?: boolean;
  /**
   * LiveClock only. true (default): the pending Node timer keeps the process alive, like any
   * ordinary work (a reconnect back-off must not let the process exit). false: the Node timer is
   * unref'ed, for housekeeping (purges, snapshots, stall probes) that must never by itself hold
   * the process. Either way `cancelTimers()` / `dispose()` clear every handle.
   */
  readonly keepAlive?: boolean;
}

export interface AlertOptions {
  /** LiveClock only; see `TimerOptions.keepAlive`. */
  readonly keepAlive?: boolean;
}

export interface Clock {
  /** Now, UTC nanoseconds. LiveClock: strictly increasing between calls. */
  timestampNs(): bigint;
  /** Now, UTC milliseconds (integer). */
  timestampMs(): number;
  /**
   * A monotonic stopwatch in milliseconds (fractional), for measuring durations on hot paths
   * (handler timing): cheaper than timestampNs and never a point in time. TestClock: its time in ms.
   */
  monotonicMs(): number;
  /** Now as a Date (millisecond precision). */
  utcNow(): Date;
  /** A repeating timer every `intervalNs` (> 0). Replaces a timer or alert of the same name. */
  setTimer(name: string, intervalNs: bigint, callback: TimeEventCallback, options?: TimerOptions): void;
  /** A one-shot alert at `alertTimeNs`. Replaces a timer or alert of the same name. */
  setTimeAlert(name: string, alertTimeNs: bigint, callback: TimeEventCallback, options?: AlertOptions): void;
  /** Cancels the timer or alert; returns false when no such name is set. */
  cancelTimer(name: string): boolean;
  /** Cancels every timer and alert. */
  cancelTimers(): void;
  /** Names of the active timers and alerts, sorted. */
  timerNames(): string[];
  /** How many timers and alerts are active. */
  timerCount(): number;
  /** The next time (UTC ns) the named timer or alert fires, or undefined when not set. */
  nextTimeNs(name: string): bigint | undefined;
}
