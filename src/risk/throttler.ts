/**
 * A sliding-window throttler in drop mode (Nautilus `Throttler` with `output_drop`).
 *
 * Entry points: `new Throttler({ name, rate, now, onSend, onDrop })`, `send(item)`, `used()`,
 * `reset()`. It keeps the timestamps of the last `limit` items sent; an item is sent when fewer
 * than `limit` were sent within the last interval, otherwise it is handed to `onDrop` and leaves
 * no timestamp (a dropped item does not consume capacity). Time comes from the injected `now`
 * (a clock's nanosecond timestamp), never from the system.
 */
import { parseRate } from "../config/primitives.js";

/** A throttle rate: at most `limit` items per `intervalNs`. */
export interface Rate {
  readonly limit: number;
  readonly intervalNs: bigint;
}

/**
 * The config's `limit/HH:MM:SS` string as a Rate. Parsing (and its CORTANA_E_RATE_INVALID errors)
 * is the config layer's `parseRate`, so the validator and the engine accept exactly the same strings.
 */
export function rateFromString(text: string): Rate {
  const { limit, intervalMs } = parseRate(text);
  return { limit, intervalNs: BigInt(intervalMs) * 1_000_000n };
}

export interface ThrottlerOptions<T> {
  readonly name: string;
  readonly rate: Rate;
  /** Current time in UTC nanoseconds (the node's clock). */
  readonly now: () => bigint;
  readonly onSend: (item: T) => void;
  readonly onDrop: (item: T) => void;
}

export class Throttler<T> {
  readonly name: string;
  readonly limit: number;
  readonly intervalNs: bigint;
  private readonly now: () => bigint;
  private readonly onSend: (item: T) => void;
  private readonly onDrop: (item: T) => void;
  /**
   * Ring of the send timestamps; `count` valid entries ending before `head`. It grows with the
   * sends up to `limit` entries (a rate of 1,000,000/s must not cost a million-entry array per
   * engine before the first order): while `count < limit` it holds exactly `count` entries.
   */
  private readonly stamps: bigint[] = [];
  private head = 0;
  private count = 0;
  private sentTotal = 0;
  private droppedTotal = 0;

  constructor(options: ThrottlerOptions<T>) {
    this.name = options.name;
    this.limit = options.rate.limit;
    this.intervalNs = options.rate.intervalNs;
    this.now = options.now;
    this.onSend = options.onSend;
    this.onDrop = options.onDrop;
  }

  /** Sends the item now if the window has room, else drops it. Returns true when sent. */
  send(item: T): boolean {
    const now = this.now();
    if (this.nanosUntilNext(now) > 0n) {
      this.droppedTotal += 1;
      this.onDrop(item);
      return false;
    }
    if (this.stamps.length < this.limit) this.stamps.push(now);
    else this.stamps[this.head] = now;
    this.head = (this.head + 1) % this.limit;
    if (this.count < this.limit) this.count += 1;
    this.sentTotal += 1;
    this.onSend(item);
    return true;
  }

  /** Nanoseconds until the next item may be sent (0 when it may be sent now). */
  nanosUntilNext(now: bigint = this.now()): bigint {
    if (this.count < this.limit) return 0n;
    const oldest = this.stamps[this.head] ?? 0n; // when full, head points at the oldest entry
    const wait = this.intervalNs - (now - oldest);
    return wait > 0n ? wait : 0n;
  }

  /** Fraction (0..1) of the window's capacity used by sends within the last interval. */
  used(): number {
    const now = this.now();
    let inWindow = 0;
    for (let i = 0; i < this.count; i++) {
      const stamp = this.stamps[(this.head - 1 - i + this.limit) % this.limit] ?? 0n;
      if (now - stamp < this.intervalNs) inWindow += 1;
    }
    return inWindow / this.limit;
  }

  get sent(): number {
    return this.sentTotal;
  }

  get dropped(): number {
    return this.droppedTotal;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.sentTotal = 0;
    this.droppedTotal = 0;
    this.stamps.length = 0;
  }
}
