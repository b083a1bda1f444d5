/**
 * Event-loop health. Two measurements, because a trading node must notice both:
 * - `measure(component, fn)`: times one synchronous handler call (strategy and actor handlers go
 *   through it) and warns at once, naming the component, when it blocks longer than the threshold;
 * - a perf_hooks event-loop delay histogram, sampled every `reportIntervalMs`: a warning when the
 *   loop was blocked longer than the threshold since the last report, naming the slowest measured
 *   component of that window (the likely culprit).
 * Both timers are unref'ed: the monitor never keeps the process alive.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";

export interface EventLoopMonitorOptions {
  /** A handler or loop stall longer than this is logged (ms). 0 disables the warnings. */
  thresholdMs: number;
  logger: Logger;
  reportIntervalMs?: number;
  /** Times the handlers (the node's clock; a TestClock drives durations in tests). */
  clock: Clock;
}

export interface EventLoopStats {
  stalls: number;
  maxDelayMs: number;
  p99DelayMs: number;
  slowest: { component: string; ms: number } | undefined;
}

export class EventLoopMonitor {
  readonly #options: Required<EventLoopMonitorOptions>;
  #histogram: IntervalHistogram | undefined;
  #timer: NodeJS.Timeout | undefined;
  #windowSlowest: { component: string; ms: number } | undefined;
  #slowest: { component: string; ms: number } | undefined;
  #stalls = 0;
  /** Durations at or below this need no bookkeeping: not the window's slowest, not a stall. */
  #windowMaxMs = 0;

  constructor(options: EventLoopMonitorOptions) {
    this.#options = { reportIntervalMs: 1000, ...options };
  }

  start(): void {
    if (this.#histogram) return;
    this.#histogram = monitorEventLoopDelay({ resolution: 10 });
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#report(), this.#options.reportIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#histogram?.disable();
    this.#timer = undefined;
    this.#histogram = undefined;
  }

  /** Runs `fn` for `component`, warning when it blocks the loop past the threshold. */
  measure<T>(component: string, fn: () => T): T {
    const clock = this.#options.clock;
    const started = clock.monotonicMs();
    try {
      return fn();
    } finally {
      const ms = clock.monotonicMs() - started;
      if (ms > this.#windowMaxMs) this.#record(component, ms);
    }
  }

  stats(): EventLoopStats {
    const h = this.#histogram;
    return {
      stalls: this.#stalls,
      maxDelayMs: h ? h.max / 1e6 : 0,
      p99DelayMs: h ? h.percentile(99) / 1e6 : 0,
      slowest: this.#slowest,
    };
  }

  /** Only calls slower than the window's slowest so far (or the threshold) reach here: the common case costs two clock reads. */
  #record(component: string, ms: number): void {
    if (!this.#windowSlowest || ms > this.#windowSlowest.ms) this.#windowSlowest = { component, ms };
    this.#windowMaxMs = Math.min(this.#windowSlowest.ms, this.#options.thresholdMs > 0 ? this.#options.thresholdMs : Infinity);
    if (!this.#slowest || ms > this.#slowest.ms) this.#slowest = { component, ms };
    const threshold = this.#options.thresholdMs;
    if (threshold > 0 && ms > threshold) {
      this.#stalls++;
      this.#options.logger.warn(
        { component, blockedMs: Math.round(ms * 10) / 10, thresholdMs: threshold },
        `${component} blocked the event loop for ${ms.toFixed(1)} ms; move heavy work to runInExecutor()`,
      );
    }
  }

  #report(): void {
    const h = this.#histogram;
    if (!h) return;
    const maxMs = h.max / 1e6;
    const threshold = this.#options.thresholdMs;
    if (threshold > 0 && maxMs > threshold) {
      const culprit = this.#windowSlowest;
      this.#options.logger.warn(
        { maxDelayMs: Math.round(maxMs), p99DelayMs: Math.round(h.percentile(99) / 1e6), slowestComponent: culprit?.component, slowestMs: culprit?.ms },
        `event loop delayed up to ${maxMs.toFixed(0)} ms${culprit ? `; slowest handler: ${culprit.component} (${culprit.ms.toFixed(1)} ms)` : ""}`,
      );
    }
    h.reset();
    this.#windowSlowest = undefined;
    this.#windowMaxMs = 0;
  }
}
