/**
 * LiveClock: real UTC time and real (Node) timers. THE single place of the code base that reads
 * the system time (`Date.now()` and `process.hrtime`); both sources can be injected for tests.
 *
 * Entry points: `new LiveClock({ logger })`, the `Clock` methods, `dispose()`.
 *
 * Invariants:
 * - `timestampNs()` is wall-clock UTC with sub-millisecond resolution: a monotonic high-resolution
 *   reading anchored on the wall clock, re-anchored every `resyncIntervalNs` so it follows NTP
 *   steps, and strictly increasing between calls (a step back returns last + 1 ns, as Nautilus'
 *   AtomicTime does).
 * - Each timer or alert owns at most one pending Node timeout, armed for its next tick only
 *   (no setInterval: no drift, no overlapping ticks). A tick that fires more than 1 ms early
 *   (Node clamps delays above ~24.8 days, or the wall clock stepped) is re-armed, not fired.
 * - Process lifetime, explicitly: a pending timeout is ref'ed (keeps the process alive) unless
 *   the timer was set with `keepAlive: false`, in which case it is unref'ed. `cancelTimer`,
 *   `cancelTimers` and `dispose` clear the handles, so after `dispose()` no timeout of this clock
 *   is pending and nothing of it can keep the process alive; setting a timer after dispose throws.
 * - A callback that throws is logged (error, with the timer name) and the timer keeps running:
 *   an exception must not escape into Node's uncaughtException from a timer.
 */
import { performance } from "node:perf_hooks";
import type { AlertOptions, Clock, TimeEventCallback, TimerOptions } from "./clock.js";
import { nullLogger, type Logger } from "./logger.js";
import { NANOS_PER_MS, NANOS_PER_SEC } from "./time.js";
import { makeAlert, makeTimer, stepTimer, type ScheduledTimer } from "./timer-schedule.js";

export interface LiveClockOptions {
  /** Where exceptions thrown by timer callbacks are reported. Default: discarded (pass one!). */
  readonly logger?: Logger;
  /** Wall clock in ms since the epoch. Default `Date.now`. */
  readonly wallMs?: () => number;
  /** Monotonic high-resolution ns. Default `process.hrtime.bigint`. */
  readonly monotonicNs?: () => bigint;
  /** How often the monotonic reading is re-anchored on the wall clock. Default 1 s. */
  readonly resyncIntervalNs?: bigint;
}

/** Node clamps a timeout above 2^31-1 ms to 1 ms: longer waits are armed in steps of this. */
const MAX_TIMEOUT_MS = 2_147_483_647;
const EARLY_TOLERANCE_NS = NANOS_PER_MS;

interface Armed {
  readonly timer: ScheduledTimer;
  handle: NodeJS.Timeout | undefined;
}

export class LiveClock implements Clock {
  private readonly logger: Logger;
  private readonly wallMs: () => number;
  private readonly monotonicNs: () => bigint;
  private readonly resyncIntervalNs: bigint;
  private anchorWallNs = 0n;
  private anchorMonoNs = 0n;
  private lastNs = 0n;
  private readonly armed = new Map<string, Armed>();
  private seq = 0;
  private disposed = false;

  constructor(options: LiveClockOptions = {}) {
    this.logger = options.logger ?? nullLogger;
    this.wallMs = options.wallMs ?? (() => Date.now());
    this.monotonicNs = options.monotonicNs ?? (() => process.hrtime.bigint());
    this.resyncIntervalNs = options.resyncIntervalNs ?? NANOS_PER_SEC;
    this.anchor(this.monotonicNs());
  }

  timestampNs(): bigint {
    const mono = this.monotonicNs();
    if (mono - this.anchorMonoNs >= this.resyncIntervalNs) this.anchor(mono);
    let now = this.anchorWallNs + (mono - this.anchorMonoNs);
    if (now <= this.lastNs) now = this.lastNs + 1n;
    this.lastNs = now;
    return now;
  }

  timestampMs(): number {
    return Number(this.timestampNs() / NANOS_PER_MS);
  }

  monotonicMs(): number {
    return performance.now();
  }

  utcNow(): Date {
    return new Date(this.timestampMs());
  }

  setTimer(name: string, intervalNs: bigint, callback: TimeEventCallback, options?: TimerOptions): void {
    this.checkAlive(name);
    this.install(makeTimer(name, intervalNs, callback, options, this.timestampNs(), this.seq++));
  }

  setTimeAlert(name: string, alertTimeNs: bigint, callback: TimeEventCallback, options?: AlertOptions): void {
    this.checkAlive(name);
    this.install(makeAlert(name, alertTimeNs, callback, options, this.timestampNs(), this.seq++));
  }

  cancelTimer(name: string): boolean {
    const entry = this.armed.get(name);
    if (entry === undefined) return false;
    clearTimeout(entry.handle);
    this.armed.delete(name);
    return true;
  }

  cancelTimers(): void {
    for (const entry of this.armed.values()) clearTimeout(entry.handle);
    this.armed.clear();
  }

  timerNames(): string[] {
    return [...this.armed.keys()].sort();
  }

  timerCount(): number {
    return this.armed.size;
  }

  nextTimeNs(name: string): bigint | undefined {
    return this.armed.get(name)?.timer.nextTimeNs;
  }

  /** Cancels every timer; afterwards no timeout of this clock is pending and new timers throw. Idempotent. */
  dispose(): void {
    this.cancelTimers();
    this.disposed = true;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private anchor(mono: bigint): void {
    this.anchorWallNs = BigInt(Math.trunc(this.wallMs())) * NANOS_PER_MS;
    this.anchorMonoNs = mono;
  }

  private checkAlive(name: string): void {
    if (this.disposed) throw new Error(`LiveClock is disposed: cannot set timer ${name}`);
  }

  private install(timer: ScheduledTimer): void {
    this.cancelTimer(timer.name);
    const entry: Armed = { timer, handle: undefined };
    this.armed.set(timer.name, entry);
    this.arm(entry);
  }

  private arm(entry: Armed): void {
    const waitNs = entry.timer.nextTimeNs - this.timestampNs();
    const delayMs = waitNs <= 0n ? 0 : Math.min(MAX_TIMEOUT_MS, Math.ceil(Number(waitNs) / 1e6));
    const handle = setTimeout(() => this.fire(entry), delayMs);
    if (!entry.timer.keepAlive) handle.unref();
    entry.handle = handle;
  }

  private fire(entry: Armed): void {
    entry.handle = undefined;
    if (this.armed.get(entry.timer.name) !== entry) return; // cancelled or replaced meanwhile
    const timer = entry.timer;
    const now = this.timestampNs();
    if (now < timer.nextTimeNs - EARLY_TOLERANCE_NS) {
      this.arm(entry);
      return;
    }
    const tsEvent = timer.nextTimeNs;
    const more = stepTimer(timer);
    if (!more) this.armed.delete(timer.name);
    try {
      timer.callback({ name: timer.name, tsEvent, tsInit: now });
    } catch (err) {
      this.logger.error({ err, timer: timer.name, tsEvent: tsEvent.toString() }, `timer callback threw: ${timer.name}`);
    }
    // The callback may have cancelled or replaced this timer, or disposed the clock.
    if (more && this.armed.get(timer.name) === entry) this.arm(entry);
  }
}
