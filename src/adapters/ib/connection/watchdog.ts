/**
 * Liveness watchdog: a `reqCurrentTime` round trip every `intervalMs`; no answer within
 * `timeoutMs` calls `onTimeout` (a wedged session may never report its close). Any answer
 * re-arms the next ping. `stop()` cancels both timers; a late answer after stop is ignored.
 */
import type { ClockTimers, Cancel } from "./timers.js";

export interface WatchdogOptions {
  readonly timers: ClockTimers;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Sends the ping; a throw counts as a failed ping (the timeout then fires). */
  readonly ping: () => void;
  readonly onTimeout: (timeoutMs: number) => void;
}

export class Watchdog {
  readonly #o: WatchdogOptions;
  #next: Cancel | undefined;
  #deadline: Cancel | undefined;
  #running = false;

  constructor(options: WatchdogOptions) {
    this.#o = options;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    this.stop();
    this.#running = true;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    this.#next?.();
    this.#deadline?.();
    this.#next = this.#deadline = undefined;
  }

  /** A currentTime answer arrived. */
  answered(): void {
    if (!this.#running || this.#deadline === undefined) return;
    this.#deadline();
    this.#deadline = undefined;
    this.#arm();
  }

  #arm(): void {
    this.#next = this.#o.timers.after(this.#o.intervalMs, () => {
      this.#next = undefined;
      if (!this.#running) return;
      this.#deadline = this.#o.timers.after(this.#o.timeoutMs, () => {
        this.#deadline = undefined;
        if (!this.#running) return;
        this.#running = false;
        this.#o.onTimeout(this.#o.timeoutMs);
      });
      try {
        this.#o.ping();
      } catch {
        // no session: the deadline decides
      }
    });
  }
}
