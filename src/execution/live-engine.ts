/**
 * LiveExecEngine: the ExecEngine behind two bounded queues (Nautilus `LiveExecutionEngine`,
 * reference §2.4): `execute()` enqueues on the command queue, `process()` / `processEvents()` on
 * the event queue; each queue runs its handler one item at a time, never inside the call that
 * enqueued. Capacity is `qsize`; above it the queue applies backpressure and never drops; a
 * handler exception follows `gracefulShutdownOnException` (one system shutdown, else exit 1).
 *
 * Entry points: as ExecEngine, plus `queueBacklog()` (what reconciliation waits on), `drain()`
 * (resolves when both queues are empty), `stopQueues()` (handle what is left, then stop).
 * Invariant: reconciliation events enter the same event queue as venue events, so both are applied
 * in arrival order by the same handler.
 */
import { EngineQueue } from "../common/queue.js";
import type { OrderEvent } from "../model/events.js";
import type { LiveExecEngineQueueConfig } from "./config.js";
import { ExecEngine, type ExecEngineOptions } from "./engine.js";
import type { TradingCommand } from "./messages.js";

export interface LiveExecEngineOptions extends ExecEngineOptions {
  readonly queueConfig: LiveExecEngineQueueConfig;
  /** What a handler exception does without gracefulShutdownOnException. Default process.exit. */
  readonly exit?: (code: number) => void;
  /** How queue batches are deferred (tests). Default setImmediate. */
  readonly schedule?: (run: () => void) => void;
}

export class LiveExecEngine extends ExecEngine {
  private readonly cmdQueue: EngineQueue<TradingCommand>;
  private readonly evtQueue: EngineQueue<OrderEvent>;

  constructor(options: LiveExecEngineOptions) {
    super(options);
    const common = {
      capacity: options.queueConfig.qsize,
      logger: this.log,
      clock: options.clock,
      gracefulShutdownOnException: options.queueConfig.gracefulShutdownOnException,
      shutdownSystem: (reason: string) => this.shutdownSystem(reason),
      exit: options.exit,
      schedule: options.schedule,
    };
    this.cmdQueue = new EngineQueue<TradingCommand>({ ...common, name: "ExecEngine.cmd", handler: (cmd) => this.executeCommand(cmd) });
    this.evtQueue = new EngineQueue<OrderEvent>({ ...common, name: "ExecEngine.evt", handler: (event) => this.handleEvent(event) });
  }

  override execute(command: TradingCommand): void {
    void this.cmdQueue.enqueue(command);
  }

  /** Receipt time counts as local activity (reference §2.4), even while the event waits in the queue. */
  override process(event: OrderEvent): void {
    this.touch(event.clientOrderId);
    void this.evtQueue.enqueue(event);
  }

  override processEvents(events: readonly OrderEvent[]): void {
    for (const event of events) this.process(event);
  }

  override queueBacklog(): number {
    return this.cmdQueue.size + this.evtQueue.size;
  }

  get cmdQueueSize(): number {
    return this.cmdQueue.size;
  }

  get evtQueueSize(): number {
    return this.evtQueue.size;
  }

  /** Resolves once both queues are empty. */
  async drain(): Promise<void> {
    await Promise.all([this.cmdQueue.drain(), this.evtQueue.drain()]);
  }

  /** Handles everything queued, then stops both queues. */
  async stopQueues(): Promise<void> {
    await Promise.all([this.cmdQueue.stop(), this.evtQueue.stop()]);
  }

  protected override onStart(): void {
    super.onStart();
    this.cmdQueue.start();
    this.evtQueue.start();
  }

  protected override onResume(): void {
    super.onResume();
    this.cmdQueue.start();
    this.evtQueue.start();
  }

  protected override onStop(): void {
    super.onStop();
    this.stopQueues().catch((err: unknown) => this.log.error({ err }, "ExecEngine queues failed to stop cleanly"));
  }
}
