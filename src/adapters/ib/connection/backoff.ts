/**
 * Reconnect delays: capped exponential backoff with "equal jitter" (half the step fixed, half
 * random), so many nodes restarting after a gateway's nightly restart do not reconnect in step,
 * and no delay collapses to zero. The random source is injected (tests pass a fixed one).
 */
export interface BackoffOptions {
  /** First delay before jitter (ms). */
  readonly initialMs: number;
  /** Upper bound of any delay (ms). */
  readonly maxMs: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** Uniform [0, 1). */
  readonly random: () => number;
}

export class Backoff {
  readonly #o: BackoffOptions;
  #attempt = 0;

  constructor(options: BackoffOptions) {
    this.#o = options;
  }

  get attempts(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt; each call counts one attempt. */
  next(): number {
    const step = Math.min(this.#o.maxMs, this.#o.initialMs * (this.#o.factor ?? 2) ** this.#attempt);
    this.#attempt++;
    const half = step / 2;
    return Math.round(half + this.#o.random() * half);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
