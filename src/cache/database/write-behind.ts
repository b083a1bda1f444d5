/**
 * WriteBehind: the bounded queue between the Cache's synchronous writes and Redis.
 *
 * Entry points: `new WriteBehind(redis, options)`, `start()`, `enqueue(op)`, `sync()`,
 * `close(timeoutMs)`; `stats()` for tests and metrics.
 *
 * How it works:
 * - `enqueue` never blocks and never throws for I/O: the op joins an in-memory FIFO. With
 *   `bufferIntervalMs` the FIFO is written every interval by a timer (even when no new write
 *   comes); without it a write is scheduled for the next turn of the event loop ("at once",
 *   without making the caller wait). Ops are encoded only when written.
 * - A flush takes up to `maxPipelineDepth` ops from the head, sends them as one batch (a single
 *   EVALSHA running their commands in order, atomically: batch.ts), and removes them only when
 *   the reply came back; while a batch is on the wire the next one is encoded and sent (two at
 *   most), and replies land in order. A transport failure (connection lost,
 *   command timeout) keeps them at the head and the next tick (or `ready`) retries: nothing is
 *   lost while Redis is away, and order is kept. A batch whose reply was lost may be re-applied
 *   whole: every op is either an absolute assignment (SET, HSET, SADD, DEL...) or an
 *   append of records with ids (RPUSH of events), which the loader de-duplicates by event id.
 *   A command Redis refuses (a ReplyError such as WRONGTYPE) is logged with its key and dropped.
 * - Bounded: past `capacity` queued ops a write is dropped and counted (the database re-sends
 *   appends it dropped with the entity's next update). Queue full, or Redis not ready for
 *   `unreachableAfterMs`, puts the queue in the degraded state once: ERROR, then
 *   `onDegraded(policy, reason)`. When the backlog has landed with Redis ready it leaves that
 *   state: INFO, then `onRecovered()`.
 * - Only one flush runs at a time, so ops reach Redis in enqueue order.
 */
import type { Redis } from "ioredis";
import type { Logger } from "../../common/logger.js";
import { Batch, type BatchCommands } from "./batch.js";

/** Adds an op's commands to a batch (encoding its records there). */
export interface CommandOp {
  readonly type: "command";
  readonly key: string;
  readonly write: (batch: BatchCommands) => void;
}

/** A read-modify-write run alone, between batches (account state purges). */
export interface TaskOp {
  readonly type: "task";
  readonly key: string;
  readonly run: (redis: Redis) => Promise<void>;
}

export type WriteOp = CommandOp | TaskOp;

export type BackpressurePolicy = "continue" | "reducing" | "halted";
export type DegradedReason = "queue_full" | "unreachable";

export interface WriteBehindOptions {
  readonly logger: Logger;
  /** Write-behind interval; undefined writes at once. */
  readonly bufferIntervalMs?: number | undefined;
  readonly capacity: number;
  readonly unreachableAfterMs: number;
  readonly policy: BackpressurePolicy;
  readonly onDegraded?: (policy: BackpressurePolicy, reason: DegradedReason) => void;
  readonly onRecovered?: () => void;
  /** Most ops in one batch (default 1000). */
  readonly maxPipelineDepth?: number;
  /** Milliseconds, for the unreachable bound (default Date.now). */
  readonly now?: () => number;
}

export interface WriteBehindStats {
  readonly pending: number;
  readonly written: number;
  readonly dropped: number;
  readonly refused: number;
  readonly degraded: boolean;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

const HEALTH_TICK_MS = 50;
/** Batches on the wire at once: the next is encoded while Redis runs the previous. */
const MAX_IN_FLIGHT = 2;

interface Span {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

type Outcome =
  | { readonly kind: "written"; readonly refused: readonly { index: number; message: string }[] }
  | { readonly kind: "refused"; readonly err: unknown }
  | { readonly kind: "failed"; readonly err: unknown };

/** A batch on the wire: its ops (the n from the head, once those before it landed) and its reply. */
interface Sent {
  readonly n: number;
  readonly spans: readonly Span[];
  readonly reply: Promise<Outcome>;
}

export class WriteBehind {
  private readonly o: WriteBehindOptions;
  private readonly now: () => number;
  private readonly depth: number;
  private items: (WriteOp | undefined)[] = [];
  private head = 0;
  private enqueued = 0;
  private flushed = 0;
  private written = 0;
  private dropped = 0;
  private refused = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private again = false;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unreachableSince: number | undefined;
  private degraded = false;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    options: WriteBehindOptions,
  ) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.depth = options.maxPipelineDepth ?? 1000;
    redis.on("ready", this.onReady);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.o.bufferIntervalMs ?? HEALTH_TICK_MS);
    this.timer.unref();
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  stats(): WriteBehindStats {
    return { pending: this.pending, written: this.written, dropped: this.dropped, refused: this.refused, degraded: this.degraded };
  }

  /** Queues an op; false when it was dropped because the queue is full. */
  enqueue(op: WriteOp): boolean {
    if (this.closed) throw new Error("the Redis cache database is closed");
    if (this.pending >= this.o.capacity) {
      this.dropped++;
      if (!this.degraded) this.degrade("queue_full");
      return false;
    }
    this.items.push(op);
    this.enqueued++;
    if (this.o.bufferIntervalMs === undefined && this.immediate === undefined) {
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        void this.flush();
      });
    }
    return true;
  }

  /** Resolves once every op enqueued before the call has been written (or refused by Redis). */
  sync(): Promise<void> {
    const seq = this.enqueued;
    if (this.flushed >= seq) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ seq, resolve }));
    void this.flush();
    return done;
  }

  /** Writes the backlog (waiting up to `timeoutMs`), then stops the timer. False when ops were left. */
  async close(timeoutMs: number): Promise<boolean> {
    if (this.closed) return this.pending === 0;
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timeout = setTimeout(() => resolve(false), timeoutMs);
    });
    const synced = await Promise.race([this.sync().then(() => true as const), expired]);
    clearTimeout(timeout);
    this.closed = true;
    this.stopTimers();
    this.redis.off("ready", this.onReady);
    if (!synced) this.o.logger.error({ pending: this.pending }, "Redis cache database closed with writes not persisted (Redis unreachable)");
    return synced;
  }

  /** Runs one flush (or joins the running one, then runs again). */
  flush(): Promise<void> {
    if (this.flushing !== undefined) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      if (this.again) {
        this.again = false;
        if (this.pending > 0 && this.redis.status === "ready") void this.flush();
      }
    });
    return this.flushing;
  }

  private readonly onReady = (): void => {
    if (this.pending > 0) void this.flush();
  };

  private tick(): void {
    if (this.redis.status === "ready") this.unreachableSince = undefined;
    else this.unreachableSince ??= this.now();
    if (!this.degraded && this.unreachableSince !== undefined && this.now() - this.unreachableSince >= this.o.unreachableAfterMs) {
      this.degrade("unreachable");
    }
    if (this.pending > 0) void this.flush();
    else this.maybeRecover();
  }

  /**
   * Writes from the head: up to MAX_IN_FLIGHT batches on the wire at once (the next one is
   * encoded while Redis runs the previous), landed strictly in order; a task runs alone once the
   * batches before it landed. After a transport failure the batches still on the wire are waited
   * out and their ops stay queued: all of them go again, in order, on the next flush (an op
   * re-applied is harmless, see the header).
   */
  private async drain(): Promise<void> {
    const window: Sent[] = [];
    let ahead = 0; // ops past the head already on the wire
    let failed = false;
    while (!failed) {
      const op = this.items[this.head + ahead];
      const ready = this.redis.status === "ready";
      if (op !== undefined && op.type === "command" && ready && window.length < MAX_IN_FLIGHT) {
        const sent = this.send(this.head + ahead);
        window.push(sent);
        ahead += sent.n;
      } else if (window.length > 0) {
        const sent = window.shift() as Sent;
        const outcome = await sent.reply;
        if (outcome.kind === "failed") {
          this.transportFailure(outcome.err);
          failed = true;
        } else {
          this.landed(sent, outcome);
          ahead -= sent.n;
        }
      } else if (op !== undefined && ready) {
        if (!(await this.runTask(op as TaskOp))) return;
      } else break;
    }
    for (const sent of window) await sent.reply;
    if (!failed) this.maybeRecover();
  }

  private async runTask(op: TaskOp): Promise<boolean> {
    try {
      await op.run(this.redis);
    } catch (err) {
      if (!isReplyError(err)) return this.transportFailure(err);
      this.refuse(op.key, err);
    }
    this.remove(1);
    return true;
  }

  /** Encodes the command ops from index `from` (up to depth, stopping at a task) and sends them. */
  private send(from: number): Sent {
    const batch = new Batch();
    const spans: Span[] = [];
    let n = 0;
    for (let i = from; i < this.items.length && n < this.depth; i++, n++) {
      const op = this.items[i] as WriteOp;
      if (op.type === "task") break;
      const start = batch.length;
      const mark = batch.mark();
      try {
        op.write(batch);
      } catch (err) {
        // An op that cannot be encoded is a bug in the caller: report it, never retry it, and
        // send none of its commands (they are all or nothing, as the op's own batch would be).
        batch.rollback(mark);
        this.o.logger.error({ key: op.key, err: err instanceof Error ? err.message : String(err) }, "cache write cannot be encoded; dropped");
        this.refused++;
      }
      spans.push({ key: op.key, from: start, to: batch.length });
    }
    const reply = batch.exec(this.redis).then(
      (refused): Outcome => ({ kind: "written", refused }),
      (err: unknown): Outcome => (isReplyError(err) ? { kind: "refused", err } : { kind: "failed", err }),
    );
    return { n, spans, reply };
  }

  /** A batch's reply came back: log what Redis refused, drop its ops from the head. */
  private landed(sent: Sent, outcome: Exclude<Outcome, { kind: "failed" }>): void {
    if (outcome.kind === "refused") {
      // The whole batch was refused (e.g. OOM, READONLY): log it against every op, drop it.
      for (const span of sent.spans) this.refuse(span.key, outcome.err);
    } else {
      for (const r of outcome.refused) {
        const span = sent.spans.find((s) => r.index >= s.from && r.index < s.to);
        this.refuse(span?.key ?? "?", new Error(r.message));
      }
    }
    this.written += sent.n;
    this.remove(sent.n);
    this.unreachableSince = undefined;
  }

  private transportFailure(err: unknown): false {
    this.unreachableSince ??= this.now();
    this.o.logger.debug({ err: err instanceof Error ? err.message : String(err), pending: this.pending }, "cache writes kept for retry");
    return false;
  }

  private refuse(key: string, err: unknown): void {
    this.refused++;
    this.o.logger.error({ key, err: err instanceof Error ? err.message : String(err) }, "Redis refused a cache write; dropped");
  }

  private remove(n: number): void {
    for (let i = 0; i < n; i++) this.items[this.head + i] = undefined;
    this.head += n;
    this.flushed += n;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.waiters.length > 0) {
      const done = this.waiters.filter((w) => w.seq <= this.flushed);
      this.waiters = this.waiters.filter((w) => w.seq > this.flushed);
      for (const w of done) w.resolve();
    }
  }

  private degrade(reason: DegradedReason): void {
    this.degraded = true;
    this.o.logger.error(
      { reason, policy: this.o.policy, pending: this.pending, capacity: this.o.capacity, dropped: this.dropped },
      reason === "queue_full" ? "cache write queue is full: new writes are dropped" : "Redis unreachable past unreachableAfterMs",
    );
    try {
      this.o.onDegraded?.(this.o.policy, reason);
    } catch (err) {
      this.o.logger.error({ err: err instanceof Error ? err.message : String(err) }, "onDegraded callback threw");
    }
  }

  private maybeRecover(): void {
    if (!this.degraded || this.pending > 0 || this.redis.status !== "ready") return;
    this.degraded = false;
    this.o.logger.info({ dropped: this.dropped }, "cache write backlog landed; Redis persistence healthy again");
    try {
      this.o.onRecovered?.();
    } catch (err) {
      this.o.logger.error({ err: err instanceof Error ? err.message : String(err) }, "onRecovered callback threw");
    }
  }

  private stopTimers(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}

/** An error Redis replied with (the command reached Redis and was refused). */
export function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === "ReplyError";
}
