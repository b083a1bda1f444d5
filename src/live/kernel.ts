/**
 * The kernel of a TradingNode: every component, built in Nautilus' order (reference §2.1): clock,
 * logging, message bus, cache (+ its database when configured), portfolio, data / risk / exec
 * engines, cache load, trader with its actors and strategies, executor, event-loop monitor.
 *
 * `Kernel.prepare()` does the asynchronous part (the logger's file, strategy and actor imports)
 * so the constructor can build synchronously, in order.
 */
import { randomUUID } from "node:crypto";
import { Cache } from "../cache/cache.js";
import { LiveClock, type Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import { MessageBus } from "../common/msgbus.js";
import { Persistence } from "./persistence.js";
import { createLogger, type BuiltLogger } from "../config/logging.js";
import { toPrintable } from "../config/redact.js";
import type { TradingNodeConfig } from "../config/schemas/node.js";
import type { DataClient } from "../data/client.js";
import { LiveDataEngine } from "../data/live-engine.js";
import type { ExecutionClient } from "../execution/client.js";
import { LiveExecEngine } from "../execution/live-engine.js";
import { ReconciliationManager } from "../execution/reconciliation/manager.js";
import { TraderId, type InstrumentId } from "../model/identifiers.js";
import { Portfolio } from "../portfolio/portfolio.js";
import { RiskEngine } from "../risk/engine.js";
import { loadActors, loadStrategies, type LoadedActor, type LoadedStrategy } from "../trading/loader.js";
import { Trader } from "../trading/trader.js";
import type { StartupReconciler } from "./clients.js";
import { EventLoopMonitor } from "./event-loop-monitor.js";
import { Executor } from "./executor.js";

export interface KernelOptions {
  /** Default: a LiveClock. Tests pass a TestClock. */
  clock?: Clock;
  /** Default: a pino logger from config.logging. */
  logger?: Logger;
  /** What an engine queue exception does without gracefulShutdownOnException (default process.exit). */
  exit?: (code: number) => void;
  /** Worker threads of the executor (default: cores - 1). */
  executorThreads?: number;
}

export interface PreparedParts {
  clock: Clock;
  logger: Logger;
  builtLogger: BuiltLogger | undefined;
  strategies: LoadedStrategy[];
  actors: LoadedActor[];
  instanceId: string;
  persistence: Persistence;
}

export class Kernel {
  readonly traderId: TraderId;
  readonly instanceId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly portfolio: Portfolio;
  readonly dataEngine: LiveDataEngine;
  readonly riskEngine: RiskEngine;
  readonly execEngine: LiveExecEngine;
  /** Startup and continuous reconciliation with the venues (reference §3). */
  readonly reconciliation: ReconciliationManager;
  readonly trader: Trader;
  readonly executor: Executor;
  readonly monitor: EventLoopMonitor;
  /** Redis: the cache database and the external stream bus (no-ops when not configured). */
  readonly persistence: Persistence;
  readonly #config: TradingNodeConfig;
  readonly #builtLogger: BuiltLogger | undefined;
  #disposed = false;

  static async prepare(config: TradingNodeConfig, options: KernelOptions): Promise<PreparedParts> {
    const clock = options.clock ?? new LiveClock();
    const instanceId = config.instanceId ?? randomUUID();
    const builtLogger = options.logger ? undefined : await createLogger(config.logging, { clock, traderId: config.traderId, instanceId: config.instanceId });
    const logger = options.logger ?? builtLogger!.logger;
    const strategies = await loadStrategies(config.strategies);
    const actors = await loadActors(config.actors);
    const persistence = await Persistence.open(config, { instanceId, logger });
    return { clock, logger, builtLogger, strategies, actors, instanceId, persistence };
  }

  constructor(config: TradingNodeConfig, options: KernelOptions, parts: PreparedParts) {
    this.#config = config;
    this.traderId = TraderId(config.traderId);
    this.instanceId = parts.instanceId;
    this.persistence = parts.persistence;
    this.clock = parts.clock;
    this.#builtLogger = parts.builtLogger;
    this.logger = parts.logger.child({ traderId: config.traderId });
    const common = { traderId: this.traderId, clock: this.clock, logger: this.logger };
    this.bus = new MessageBus({ logger: this.logger.child({ component: "MessageBus" }), clock: this.clock });
    this.cache = new Cache({ config: config.cache, logger: this.logger, database: this.persistence.database });
    this.portfolio = new Portfolio({ ...common, bus: this.bus, cache: this.cache, config: config.portfolio });
    const queue = { exit: options.exit };
    this.dataEngine = new LiveDataEngine({ ...common, bus: this.bus, cache: this.cache, config: config.dataEngine, ...queue });
    this.riskEngine = new RiskEngine({ ...common, bus: this.bus, cache: this.cache, config: config.riskEngine });
    this.persistence.bindRiskEngine(this.riskEngine);
    this.execEngine = new LiveExecEngine({ ...common, bus: this.bus, cache: this.cache, config: config.execEngine, queueConfig: config.execEngine, ...queue });
    this.reconciliation = new ReconciliationManager({
      traderId: this.traderId,
      engine: this.execEngine,
      cache: this.cache,
      clock: this.clock,
      logger: this.logger,
      config: config.execEngine,
    });
    this.monitor = new EventLoopMonitor({ thresholdMs: config.eventLoopStallThresholdMs, logger: this.logger.child({ component: "EventLoop" }), clock: this.clock });
    this.executor = new Executor(this.bus, { maxThreads: options.executorThreads });
    this.trader = new Trader({
      ...common,
      bus: this.bus,
      cache: this.cache,
      portfolio: this.portfolio,
      execEngine: this.execEngine,
      measure: (component, fn) => this.monitor.measure(component, fn),
      executor: this.executor,
    });
    this.trader.addLoaded({ actors: parts.actors, strategies: parts.strategies });
  }

  registerDataClient(client: DataClient, routing: { default?: boolean; venues?: string[] }): void {
    this.dataEngine.registerClient(client, routing);
  }

  registerExecClient(client: ExecutionClient, routing: { default?: boolean; venues?: string[] }): void {
    this.execEngine.registerClient(client, routing);
  }

  /** Loads (or flushes) the persisted cache and starts the stream publisher, before the engines. */
  async startPersistence(): Promise<void> {
    await this.persistence.load(this.cache);
    await this.persistence.startPublisher(this.bus, this.clock, this.instanceId);
  }

  startEngines(): void {
    this.monitor.start();
    this.dataEngine.start();
    this.riskEngine.start();
    this.execEngine.start();
  }

  initializePortfolio(): void {
    this.portfolio.initializeOrders();
    this.portfolio.initializePositions();
  }

  portfolioReady(timeoutMs: number): Promise<boolean> {
    return this.portfolio.whenInitialized(timeoutMs);
  }

  /**
   * Subscribes the quotes of every instrument the portfolio cannot mark yet: open positions found
   * at startup (reconciled from the venue or loaded from the cache) belong to instruments no
   * strategy has subscribed before the trader starts, so without this the portfolio waits for a
   * price that never comes. The subscriptions are the node's own and last while it runs (the
   * portfolio marks those positions from them). Returns the instruments subscribed.
   */
  subscribePortfolioMarks(): InstrumentId[] {
    const pending = this.portfolio.pendingInstruments();
    for (const instrumentId of pending) {
      this.dataEngine.execute({ type: "SubscribeQuoteTicks", instrumentId, commandId: randomUUID(), tsInit: this.clock.timestampNs() });
    }
    return pending;
  }

  defaultReconciler(): StartupReconciler {
    return this.reconciliation;
  }

  /** The continuous checks (in-flight, open orders, positions) after reconciliationStartupDelaySecs. */
  startContinuousReconciliation(): void {
    this.reconciliation.start();
  }

  async startTrader(): Promise<void> {
    if (this.#config.loadState) await this.trader.loadState();
    this.trader.start();
  }

  traderRunning(): boolean {
    return this.trader.isRunning;
  }

  stopTrader(): void {
    this.trader.stop();
  }

  strategyIds(): string[] {
    return this.trader.strategyIds().map(String);
  }

  checkResiduals(): void {
    this.trader.checkResiduals();
  }

  saveState(): void {
    this.trader.saveState();
  }

  /** Stops the engines. The reconciliation checks were stopped (and awaited) before the clients disconnected. */
  async stopEngines(): Promise<void> {
    this.reconciliation.stop();
    this.dataEngine.stop();
    this.riskEngine.stop();
    this.execEngine.stop();
    await this.execEngine.stopQueues();
    await this.persistence.stop();
    this.monitor.stop();
  }

  logConfig(): void {
    this.logger.info({ config: toPrintable(this.#config) }, "effective config (secrets redacted)");
  }

  /** Releases every timer, worker and file handle. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.trader.dispose();
    for (const engine of [this.dataEngine, this.riskEngine, this.execEngine, this.portfolio]) engine.dispose();
    this.monitor.stop();
    await this.executor.dispose();
    await this.persistence.close();
    this.clock.cancelTimers();
    await this.#builtLogger?.close();
  }
}
