/**
 * EngineQueue: the bounded queue in front of each live engine handler (Nautilus'
 * `live/enqueue.py` ThrottledEnqueuer + the engines' `_run_*_queue` loops, reference §2.4).
 *
 * Entry points: `new EngineQueue({ name, capacity, handler, ... })`, `enqueue(item)`, `start()`,
 * `stop()` (process what is left, then stop), `drain()`, `size` / `parkedCount` (reconciliation
 * defers while there is a backlog).
 *
 * Invariants:
 * - Nothing is ever dropped. Below `capacity` an item enters the queue at once and `enqueue`
 *   returns undefined. At capacity the item is parked (in order, behind the queue) and `enqueue`
 *   returns a promise that resolves when the item enters the queue: a producer that can wait
 *   awaits it (backpressure); one that cannot may ignore it, the item is kept regardless. The
 *   first parked item, then at most one a second, logs a warning (rate limit on the injected
 *   clock, the count of suppressed warnings included).
 * - Items are handled one at a time, in enqueue order, never inside `enqueue` itself (no
 *   re-entrancy: a handler that enqueues, here or on another queue, returns before that item runs),
 *   in batches of `batchSize`, so a flood never holds the event loop for more than one batch.
 * - Latency: the batch that starts an idle queue runs in a microtask, right after the code that
 *   enqueued (a setImmediate would wait behind a whole event-loop turn of socket reads and timers:
 *   on the tick-to-trade path each of the data, risk and exec hops cost up to a turn). A backlog's
 *   later batches run in their own macrotask (setImmediate), so I/O and timers run between them.
 *   Starvation guard: microtask batches of all queues together handle at most MICROTASK_BUDGET
 *   items between two turns of the event loop; beyond it a first batch also waits for
 *   setImmediate, so queues feeding each other (strategy -> risk -> exec -> events -> strategy)
 *   can never keep the loop from its I/O and timers.
 * - A custom `schedule` (tests) defers every batch, the first included.
 * - Before `start()` items accumulate; after `stop()` resolves, new items are kept for a restart.
 * - A handler that throws is logged (CORTANA_E_QUEUE_HANDLER, with the queue name). With
 *   `gracefulShutdownOnException` the queue calls `shutdownSystem(reason)` once and keeps
 *   processing (the shutdown itself travels through the queues). Without it the queue calls
 *   `exit(1)` (Nautilus: os._exit(1)) and processes nothing more; pending `drain`/`stop`
 *   promises reject.
 */
import type { Clock } from "./clock.js";
import { CortanaError } from "./errors.js";
import { Fifo } from "./fifo.js";
import type { Logger } from "./logger.js";

export interface EngineQueueOptions<T> {
  /** For logs, e.g. "ExecEngine.evt". */
  readonly name: string;
  /** qsize: items admitted before backpressure. Integer > 0. */
  readonly capacity: number;
  readonly handler: (item: T) => void;
  readonly logger: Logger;
  /** Rate-limits the backpressure warning. */
  readonly clock: Clock;
  readonly gracefulShutdownOnException: boolean;
  /** Called once on the first handler exception when gracefulShutdownOnException. */
  readonly shutdownSystem: (reason: string) => void;
  /** Called with 1 on a handler exception otherwise. Default `process.exit`. */
  readonly exit?: (code: number) => void;
  /** Items per macrotask. Default 512. */
  readonly batchSize?: number;
  /**
   * How a batch is deferred. Default: an idle queue's first batch in a microtask (within the shared
   * budget), later batches with setImmediate (lets I/O run between batches). A custom schedule
   * defers every batch.
   */
  readonly schedule?: (run: () => void) => void;
}

interface Parked<T> {
  readonly item: T;
  readonly admit: () => void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

type QueueState = "idle" | "running" | "stopping" | "exited";

const WARN_INTERVAL_MS = 1000;

/**
 * Items that microtask-started batches (of every queue in the process) may handle between two
 * event-loop turns. Queues hand items to each other, so the budget is shared, not per queue.
 */
export const MICROTASK_BUDGET = 1024;
let microtaskItems = 0;
let budgetResetScheduled = false;

const resetMicrotaskBudget = (): void => {
  microtaskItems = 0;
  budgetResetScheduled = false;
};

/** Counts items handled by a microtask batch; the count resets at the next event-loop turn. */
function chargeMicrotaskBudget(items: number): void {
  microtaskItems += items;
  if (budgetResetScheduled) return;
  budgetResetScheduled = true;
  // Runs in the next check phase: a chain of microtask batches that never yields never resets it.
  setImmediate(resetMicrotaskBudget);
}

export class EngineQueue<T> {
  readonly name: string;
  readonly capacity: number;
  private readonly opts: EngineQueueOptions<T>;
  private readonly batchSize: number;
  private readonly schedule: (run: () => void) => void;
  /** The first batch of an idle queue goes to a microtask (default scheduling only). */
  private readonly microtaskFirst: boolean;
  private readonly runBatchFn = (): void => this.runBatch(false);
  private readonly runMicrotaskBatchFn = (): void => this.runBatch(true);
  private readonly exit: (code: number) => void;
  private readonly queued = new Fifo<T>();
  private readonly parked = new Fifo<Parked<T>>();
  private readonly idleWaiters: Waiter[] = [];
  private state: QueueState = "idle";
  private scheduled = false;
  /** A batch is running: an enqueue from its handler is picked up by it or by its continuation. */
  private inBatch = false;
  private shutdownRequested = false;
  private lastWarnMs = Number.NEGATIVE_INFINITY;
  private suppressedWarnings = 0;
  /** Items handled so far (exceptions included). */
  processedCount = 0;

  constructor(options: EngineQueueOptions<T>) {
    if (!Number.isInteger(options.capacity) || options.capacity <= 0) throw new Error(`EngineQueue ${options.name}: capacity must be an integer > 0`);
    const batchSize = options.batchSize ?? 512;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`EngineQueue ${options.name}: batchSize must be an integer > 0`);
    this.name = options.name;
    this.capacity = options.capacity;
    this.opts = options;
    this.batchSize = batchSize;
    this.schedule = options.schedule ?? ((run) => void setImmediate(run));
    this.microtaskFirst = options.schedule === undefined;
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Items waiting: queued plus parked. */
  get size(): number {
    return this.queued.length + this.parked.length;
  }

  /** Items waiting above capacity (backpressure in effect when > 0). */
  get parkedCount(): number {
    return this.parked.length;
  }

  get isRunning(): boolean {
    return this.state === "running" || this.state === "stopping";
  }

  /** Admits `item`; returns undefined when queued at once, or a promise resolved when a parked item is admitted. */
  enqueue(item: T): Promise<void> | undefined {
    if (item === undefined || item === null) throw new Error(`EngineQueue ${this.name}: cannot enqueue ${String(item)}`);
    if (this.parked.length === 0 && this.queued.length < this.capacity) {
      this.queued.push(item);
      this.kick();
      return undefined;
    }
    const admitted = new Promise<void>((resolve) => this.parked.push({ item, admit: resolve }));
    this.warnBackpressure();
    this.kick();
    return admitted;
  }

  /** Starts (or restarts) processing. */
  start(): void {
    if (this.state === "exited") throw new Error(`EngineQueue ${this.name}: exited after a handler exception`);
    this.state = "running"; // also cancels a stop() in progress: it resolves once empty, the queue keeps running
    this.kick();
  }

  /** Resolves once every waiting item (parked included) has been handled. Requires a started queue. */
  drain(): Promise<void> {
    if (this.state === "exited") return Promise.reject(this.exitedError());
    if (this.size === 0) return Promise.resolve();
    if (this.state === "idle") return Promise.reject(new Error(`EngineQueue ${this.name}: drain() on a queue that is not started`));
    return new Promise<void>((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  /** Handles everything left (parked included, and what arrives meanwhile), then stops. */
  async stop(): Promise<void> {
    if (this.state === "exited") throw this.exitedError();
    this.state = "stopping";
    this.kick();
    if (this.size > 0) await new Promise<void>((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
    if (this.state === "stopping") this.state = "idle";
  }

  private kick(): void {
    if (this.scheduled || this.inBatch || this.state === "idle" || this.state === "exited" || this.size === 0) return;
    this.scheduled = true;
    if (this.microtaskFirst && microtaskItems < MICROTASK_BUDGET) queueMicrotask(this.runMicrotaskBatchFn);
    else this.schedule(this.runBatchFn);
  }

  private runBatch(inMicrotask: boolean): void {
    this.scheduled = false;
    this.inBatch = true;
    let handled = 0;
    try {
      for (; handled < this.batchSize && this.state !== "idle" && this.state !== "exited"; handled++) {
        if (this.queued.length === 0) this.admitParked();
        const item = this.queued.shift();
        if (item === undefined) break;
        this.admitParked();
        this.handle(item);
      }
    } finally {
      this.inBatch = false;
      if (inMicrotask) chargeMicrotaskBudget(handled);
    }
    if (this.size === 0) this.notifyIdle();
    else if (this.state !== "idle" && this.state !== "exited") {
      // A backlog: the next batch waits for the event loop's next turn (I/O and timers first).
      this.scheduled = true;
      this.schedule(this.runBatchFn);
    }
  }

  private handle(item: T): void {
    this.processedCount++;
    try {
      this.opts.handler(item);
    } catch (err) {
      this.onHandlerError(err);
    }
  }

  /** Moves parked items into the queue while there is room, resolving their producers' promises. */
  private admitParked(): void {
    while (this.queued.length < this.capacity) {
      const next = this.parked.shift();
      if (next === undefined) return;
      this.queued.push(next.item);
      next.admit();
    }
  }

  private onHandlerError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const reason = `${this.name} handler threw: ${message}`;
    this.opts.logger.error({ err, queue: this.name, code: "CORTANA_E_QUEUE_HANDLER" }, reason);
    if (this.opts.gracefulShutdownOnException) {
      if (this.shutdownRequested) return;
      this.shutdownRequested = true;
      try {
        this.opts.shutdownSystem(reason);
      } catch (shutdownErr) {
        this.opts.logger.error({ err: shutdownErr, queue: this.name }, "shutdownSystem threw");
      }
      return;
    }
    this.state = "exited";
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w.reject(this.exitedError());
    this.exit(1);
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0) return; // the common case: no array copy per batch
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w.resolve();
  }

  private warnBackpressure(): void {
    const nowMs = this.opts.clock.timestampMs();
    if (nowMs - this.lastWarnMs < WARN_INTERVAL_MS) {
      this.suppressedWarnings++;
      return;
    }
    this.opts.logger.warn(
      { queue: this.name, capacity: this.capacity, queued: this.queued.length, parked: this.parked.length, suppressed: this.suppressedWarnings },
      `${this.name} queue at capacity (${this.capacity}): backpressure, ${this.parked.length} item(s) parked`,
    );
    this.lastWarnMs = nowMs;
    this.suppressedWarnings = 0;
  }

  private exitedError(): CortanaError {
    return new CortanaError("CORTANA_E_QUEUE_HANDLER", `Queue ${this.name} stopped: a handler threw and the process was told to exit(1).`);
  }
}
