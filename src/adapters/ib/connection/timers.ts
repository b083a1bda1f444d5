/**
 * One-shot timers on the injected Clock, with generated unique names (clock timer names are
 * global to a clock, and many IB connections and requests share one clock).
 *
 * Entry point: `new ClockTimers(clock, prefix)`, `after(ms, cb)` returning a cancel function,
 * `cancelAll()`. Invariant: a cancelled or fired timer never runs its callback again.
 */
import type { Clock } from "../../../common/clock.js";
import { NANOS_PER_MS } from "../../../common/clock.js";

export type Cancel = () => void;

export class ClockTimers {
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #live = new Set<string>();
  #seq = 0;

  constructor(clock: Clock, prefix: string) {
    this.#clock = clock;
    this.#prefix = prefix;
  }

  /** Runs `callback` once after `ms` milliseconds of the clock's time. */
  after(ms: number, callback: () => void): Cancel {
    const name = `${this.#prefix}#${++this.#seq}`;
    const at = this.#clock.timestampNs() + BigInt(Math.max(0, Math.ceil(ms))) * NANOS_PER_MS;
    this.#live.add(name);
    this.#clock.setTimeAlert(name, at, () => {
      if (!this.#live.delete(name)) return;
      callback();
    });
    return () => {
      if (this.#live.delete(name)) this.#clock.cancelTimer(name);
    };
  }

  get pending(): number {
    return this.#live.size;
  }

  cancelAll(): void {
    for (const name of this.#live) this.#clock.cancelTimer(name);
    this.#live.clear();
  }
}
