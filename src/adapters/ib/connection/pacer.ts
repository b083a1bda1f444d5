/**
 * Outgoing message pacing for one IB connection: at most `limit` messages in any sliding window of
 * `windowMs` (IB rejects more than 50 messages/s with error 100 and drops the message).
 *
 * Entry points: `submit(message)`, `pause()` / `resume()` (no sending while the session is not
 * ready), `failQueued(error)` (a lost session: queued messages are failed, never sent late),
 * `tighten(untilMs)` after an error 100, `queued`.
 *
 * Invariants: FIFO; a message is never dropped silently (it is sent, or `fail` is called with the
 * reason); when the budget allows and nothing waits, `submit` sends synchronously (no timer hop
 * on the order path). @stoqey/ib's own throttle is set far above this limit by the connection, so
 * this pacer is the only one that ever holds a message.
 */
import type { Clock } from "../../../common/clock.js";
import type { Logger } from "../../../common/logger.js";
import { Fifo } from "../../../common/fifo.js";
import { ClockTimers, type Cancel } from "./timers.js";

export interface PacedMessage {
  /** What the message is, for logs. */
  readonly label: string;
  /** Writes the message (called once, when the budget allows). */
  run(): void;
  /** Called instead of `run` when the message can no longer be sent. */
  fail(error: Error): void;
}

export interface PacerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Messages allowed per window (default 45: a margin under IB's 50/s). */
  readonly limit?: number;
  /**
   * Default 1100: the gateway counts arrivals in fixed one-second windows, and network jitter can
   * pull sends from a slightly longer interval into one of them; 100 ms of slack absorbs it.
   */
  readonly windowMs?: number;
  /** Name prefix of the pacer's clock alerts. */
  readonly name: string;
}

export const DEFAULT_PACING_LIMIT = 45;

export class OutboundPacer {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #timers: ClockTimers;
  readonly #queue = new Fifo<PacedMessage>();
  /** Send times (ms) inside the current window, oldest first. */
  readonly #sent = new Fifo<number>();
  #paused = true;
  #drainTimer: Cancel | undefined;
  #tightUntilMs = 0;

  constructor(options: PacerOptions) {
    this.limit = options.limit ?? DEFAULT_PACING_LIMIT;
    this.windowMs = options.windowMs ?? 1100;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#timers = new ClockTimers(options.clock, `${options.name}.pacer`);
  }

  get queued(): number {
    return this.#queue.length;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The budget now: halved for one window after a pacing violation. */
  get effectiveLimit(): number {
    return this.#limitAt(this.#clock.timestampMs());
  }

  submit(message: PacedMessage): void {
    if (!this.#paused && this.#queue.length === 0) {
      // One clock reading serves the budget check and the send's stamp (it was three per order).
      const now = this.#clock.timestampMs();
      if (this.#hasBudget(now)) {
        this.#send(message, now);
        return;
      }
    }
    this.#queue.push(message);
    this.#scheduleDrain();
  }

  pause(): void {
    this.#paused = true;
    this.#cancelDrain();
  }

  resume(): void {
    this.#paused = false;
    this.#drain();
  }

  /** Fails every queued message (the session they were meant for is gone). */
  failQueued(error: Error): void {
    this.#cancelDrain();
    for (let m = this.#queue.shift(); m !== undefined; m = this.#queue.shift()) {
      try {
        m.fail(error);
      } catch (err) {
        this.#log.error({ err, label: m.label }, "a paced message's failure handler threw");
      }
    }
  }

  /** After an error 100 (the gateway dropped a message): half the budget for a few windows. */
  tighten(windows = 5): void {
    this.#tightUntilMs = this.#clock.timestampMs() + windows * this.windowMs;
  }

  dispose(): void {
    this.#timers.cancelAll();
    this.#drainTimer = undefined;
  }

  #limitAt(nowMs: number): number {
    return nowMs < this.#tightUntilMs ? Math.max(1, Math.floor(this.limit / 2)) : this.limit;
  }

  #hasBudget(nowMs: number): boolean {
    while (this.#sent.length > 0 && nowMs - (this.#sent.peek() as number) >= this.windowMs) this.#sent.shift();
    return this.#sent.length < this.#limitAt(nowMs);
  }

  #send(message: PacedMessage, nowMs: number): void {
    this.#sent.push(nowMs);
    try {
      message.run();
    } catch (err) {
      this.#log.error({ err, label: message.label }, "sending a paced message threw");
      message.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #drain(): void {
    this.#cancelDrain();
    if (this.#paused) return;
    const now = this.#clock.timestampMs();
    while (this.#queue.length > 0 && this.#hasBudget(now)) this.#send(this.#queue.shift() as PacedMessage, now);
    this.#scheduleDrain();
  }

  #scheduleDrain(): void {
    if (this.#paused || this.#drainTimer !== undefined || this.#queue.length === 0) return;
    const oldest = this.#sent.peek();
    const waitMs = oldest === undefined ? 0 : Math.max(1, oldest + this.windowMs - this.#clock.timestampMs());
    this.#drainTimer = this.#timers.after(waitMs, () => {
      this.#drainTimer = undefined;
      this.#drain();
    });
  }

  #cancelDrain(): void {
    this.#drainTimer?.();
    this.#drainTimer = undefined;
  }
}
