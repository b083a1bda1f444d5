/**
 * LiveRiskEngine: the RiskEngine behind a bounded command queue (Nautilus `LiveRiskEngine`,
 * reference §2.4): `execute()` enqueues and returns; the queue runs the checks one command at a
 * time. Capacity `qsize`, backpressure without drops, and a handler exception follows
 * `gracefulShutdownOnException` (one system shutdown, else exit 1).
 *
 * Entry points: as RiskEngine, plus `queueBacklog()`, `drain()`, `stopQueue()`.
 */
import { EngineQueue } from "../common/queue.js";
import type { LiveRiskEngineConfig } from "../config/schemas/engines.js";
import type { TradingCommand } from "../execution/messages.js";
import { RiskEngine, type RiskEngineOptions } from "./engine.js";

export interface LiveRiskEngineOptions extends RiskEngineOptions {
  readonly queueConfig: Pick<LiveRiskEngineConfig, "qsize" | "gracefulShutdownOnException">;
  /** What a handler exception does without gracefulShutdownOnException. Default process.exit. */
  readonly exit?: (code: number) => void;
}

export class LiveRiskEngine extends RiskEngine {
  private readonly cmdQueue: EngineQueue<TradingCommand>;

  constructor(options: LiveRiskEngineOptions) {
    super(options);
    this.cmdQueue = new EngineQueue<TradingCommand>({
      name: "RiskEngine.cmd",
      capacity: options.queueConfig.qsize,
      handler: (cmd) => super.execute(cmd),
      logger: this.log,
      clock: options.clock,
      gracefulShutdownOnException: options.queueConfig.gracefulShutdownOnException,
      shutdownSystem: (reason) => this.shutdownSystem(reason),
      exit: options.exit,
    });
  }

  override execute(command: TradingCommand): void {
    void this.cmdQueue.enqueue(command);
  }

  queueBacklog(): number {
    return this.cmdQueue.size;
  }

  drain(): Promise<void> {
    return this.cmdQueue.drain();
  }

  stopQueue(): Promise<void> {
    return this.cmdQueue.stop();
  }

  protected override onStart(): void {
    this.cmdQueue.start();
  }

  protected override onResume(): void {
    this.cmdQueue.start();
  }

  protected override onStop(): void {
    this.stopQueue().catch((err: unknown) => this.log.error({ err }, "RiskEngine queue failed to stop cleanly"));
  }
}
