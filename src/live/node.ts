/**
 * TradingNode: one live node per process (reference §2, with the stricter choices of §7).
 *
 * Entry points: `TradingNode.create(config, options)` (async: logger, strategy imports), then
 * `addDataClientFactory` / `addExecClientFactory`, `build()` (once), `run()` (resolves once trading;
 * a timeout or failure stops the node and rejects with a CortanaError whose exitCode is distinct),
 * `stop()`, `dispose()` (idempotent; releases every timer, socket, worker and handle), and
 * `stopped` (resolves with the reason once the node has stopped: signal, ShutdownSystem or stop()).
 *
 * Invariants: run() only after build(); one graceful stop however many signals or ShutdownSystem
 * commands arrive; every client either connects within timeoutConnection or the node does not trade.
 */
import { CortanaError, isCortanaError } from "../common/errors.js";
import { settleYoungGeneration } from "../common/heap-settle.js";
import type { Logger } from "../common/logger.js";
import { secsToNs } from "../common/time.js";
import { Topics } from "../common/topics.js";
import type { ShutdownSystem } from "../common/component.js";
import type { TradingNodeConfig } from "../config/schemas/node.js";
import type { DataClient } from "../data/client.js";
import type { ExecutionClient } from "../execution/client.js";
import { ClientFactoryRegistry } from "./factories.js";
import type { ClientContext, DataClientFactory, ExecClientFactory, StartupReconciler } from "./clients.js";
import { Kernel, type KernelOptions } from "./kernel.js";
import { acquireNodeGuard, releaseNodeGuard } from "./process-guard.js";
import { installSignalHandlers } from "./signals.js";
import { sleep, withTimeout } from "./timeouts.js";

export type NodeState = "IDLE" | "BUILT" | "STARTING" | "RUNNING" | "STOPPING" | "STOPPED" | "DISPOSED";

export interface StopReason {
  kind: "signal" | "shutdown-system" | "stop" | "failure";
  detail: string;
  error?: CortanaError;
}

export interface TradingNodeOptions extends KernelOptions {
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
  /** Startup reconciliation; default: every exec client's mass status must be obtainable. */
  reconciler?: StartupReconciler;
}

let nodeSeq = 0;
const HEALTH_TIMER = "TradingNode.health";
const HEALTH_INTERVAL_SECS = 60;

export class TradingNode {
  readonly config: TradingNodeConfig;
  readonly kernel: Kernel;
  readonly #name = `node-${++nodeSeq}`;
  readonly #factories = new ClientFactoryRegistry<DataClientFactory, ExecClientFactory>();
  readonly #options: TradingNodeOptions;
  readonly #log: Logger;
  #state: NodeState = "IDLE";
  #dataClients: DataClient[] = [];
  #execClients: ExecutionClient[] = [];
  #uninstallSignals: (() => void) | undefined;
  #stopping: Promise<void> | undefined;
  #stopReason: StopReason | undefined;
  #resolveStopped!: (reason: StopReason) => void;
  /** Resolves with why the node stopped, once it has. */
  readonly stopped: Promise<StopReason>;

  /** Builds the kernel (reference §2.1 order); takes the one-node-per-process guard. */
  static async create(config: TradingNodeConfig, options: TradingNodeOptions = {}): Promise<TradingNode> {
    const parts = await Kernel.prepare(config, options);
    return new TradingNode(config, options, parts);
  }

  private constructor(config: TradingNodeConfig, options: TradingNodeOptions, parts: Awaited<ReturnType<typeof Kernel.prepare>>) {
    acquireNodeGuard(this.#name);
    try {
      this.config = config;
      this.#options = options;
      this.kernel = new Kernel(config, options, parts);
      this.#log = this.kernel.logger.child({ component: "TradingNode" });
    } catch (err) {
      releaseNodeGuard(this.#name);
      throw err;
    }
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
    this.kernel.bus.subscribe(Topics.shutdown, (cmd) => this.#onShutdownSystem(cmd as ShutdownSystem));
    if (options.handleSignals ?? true) {
      this.#uninstallSignals = installSignalHandlers((signal) => void this.#stopFor({ kind: "signal", detail: signal }), this.#log);
    }
    if (config.logging.printConfig) this.kernel.logConfig();
  }

  get state(): NodeState {
    return this.#state;
  }

  get dataClients(): readonly DataClient[] {
    return this.#dataClients;
  }

  get execClients(): readonly ExecutionClient[] {
    return this.#execClients;
  }

  addDataClientFactory(key: string, factory: DataClientFactory): void {
    this.#factories.addDataClientFactory(key, factory);
  }

  addExecClientFactory(key: string, factory: ExecClientFactory): void {
    this.#factories.addExecClientFactory(key, factory);
  }

  /** Creates every configured client through its factory; all missing factories fail together. */
  build(): void {
    this.#expectState("build", ["IDLE"], "build() may be called once");
    const { data, exec } = this.#factories.resolveAll(this.config.dataClients, this.config.execClients);
    const context = (clientKey: string, config: unknown, component: string): ClientContext => ({
      clientKey,
      config,
      traderId: this.kernel.traderId,
      bus: this.kernel.bus,
      cache: this.kernel.cache,
      clock: this.kernel.clock,
      logger: this.kernel.logger.child({ component }),
    });
    for (const c of data) {
      const client = c.factory.create(context(c.clientKey, c.config, `DataClient-${c.clientKey}`));
      this.kernel.registerDataClient(client, routingOf(c.config));
      this.#dataClients.push(client);
    }
    for (const c of exec) {
      const client = c.factory.create(context(c.clientKey, c.config, `ExecClient-${c.clientKey}`));
      this.kernel.registerExecClient(client, routingOf(c.config));
      this.#execClients.push(client);
    }
    this.#state = "BUILT";
    this.#log.info({ dataClients: data.map((c) => c.clientKey), execClients: exec.map((c) => c.clientKey) }, "node built");
  }

  /**
   * Starts engines, connects clients (timeoutConnection), reconciles (timeoutReconciliation),
   * initializes the portfolio (timeoutPortfolio), then starts the trader. Any failure stops the node
   * cleanly and rejects with the CortanaError that names it; the node never half-runs.
   */
  async run(): Promise<void> {
    this.#expectState("run", ["BUILT"], "call build() before run()");
    this.#state = "STARTING";
    const { config, kernel } = this;
    try {
      await kernel.startPersistence();
      kernel.startEngines();
      await kernel.persistence.startConsumer(kernel.bus, kernel.clock);
      await withTimeout(kernel.clock, config.timeoutConnection * 1000, this.#connectAll(), {
        code: "CORTANA_E_CONNECTION_TIMEOUT",
        message: `clients did not connect within timeoutConnection (${config.timeoutConnection} s): ${this.#unconnected().join(", ")}`,
      });
      if (config.execEngine.reconciliation) await this.#reconcile();
      kernel.initializePortfolio();
      const marks = kernel.subscribePortfolioMarks();
      if (marks.length > 0) this.#log.info({ instruments: marks.map(String) }, "subscribed quotes to mark the open positions");
      const ready = await kernel.portfolioReady(config.timeoutPortfolio * 1000);
      if (!ready) {
        const pending = kernel.portfolio.pendingInstruments().map(String).join(", ");
        throw new CortanaError(
          "CORTANA_E_PORTFOLIO_TIMEOUT",
          `the portfolio did not initialize within timeoutPortfolio (${config.timeoutPortfolio} s): no price yet for ${pending}; subscribe their quotes or raise timeoutPortfolio`,
        );
      }
      if (this.#stopReason) return; // a signal arrived while starting: do not start trading
      // Startup's objects promoted now, not by a long young collection a few seconds into trading.
      this.#log.debug(settleYoungGeneration(kernel.clock), "young generation settled before trading");
      await kernel.startTrader();
      kernel.startContinuousReconciliation();
      this.#startHealthTimer();
      this.#state = "RUNNING";
      this.#log.info({ strategies: kernel.strategyIds() }, "node running");
    } catch (err) {
      const error = isCortanaError(err) ? err : new CortanaError("CORTANA_E_NODE_STATE", `start failed: ${(err as Error).message}`, { cause: err });
      this.#log.error({ code: error.code }, `node failed to start: ${error.message}`);
      await this.#stopFor({ kind: "failure", detail: error.message, error });
      throw error;
    }
  }

  /** Graceful stop (reference §2.3). Idempotent: concurrent calls share one stop. */
  stop(): Promise<void> {
    return this.#stopFor({ kind: "stop", detail: "stop() called" });
  }

  /** Stops if needed, then releases everything. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#state === "DISPOSED") return;
    if (this.#state !== "IDLE" && this.#state !== "BUILT" && this.#state !== "STOPPED") await this.stop();
    this.#uninstallSignals?.();
    this.#uninstallSignals = undefined;
    await this.kernel.dispose();
    this.#state = "DISPOSED";
    releaseNodeGuard(this.#name);
    if (!this.#stopReason) this.#resolveStopped({ kind: "stop", detail: "disposed" });
  }

  #stopFor(reason: StopReason): Promise<void> {
    if (this.#stopping) {
      if (reason.kind !== "stop") this.#log.warn({ reason: reason.detail }, "already stopping; the stop continues");
      return this.#stopping;
    }
    if (this.#state === "IDLE" || this.#state === "BUILT" || this.#state === "DISPOSED") {
      this.#stopReason = reason;
      this.#resolveStopped(reason);
      return Promise.resolve();
    }
    this.#stopReason = reason;
    this.#state = "STOPPING";
    this.#stopping = this.#stopSequence().finally(() => {
      this.#state = "STOPPED";
      this.#resolveStopped(reason);
    });
    return this.#stopping;
  }

  /**
   * A health line every minute (event-loop delay, stalls). Its timer is also what keeps the process
   * alive while the node runs: a node with no sockets (test clients) must not exit on its own.
   */
  #startHealthTimer(): void {
    this.kernel.clock.setTimer(HEALTH_TIMER, secsToNs(HEALTH_INTERVAL_SECS), () => {
      this.#log.info({ ...this.kernel.monitor.stats(), state: this.#state }, "health");
    });
  }

  async #stopSequence(): Promise<void> {
    const { config, kernel } = this;
    kernel.clock.cancelTimer(HEALTH_TIMER);
    this.#log.info({ reason: this.#stopReason?.detail }, "stopping the node");
    if (kernel.traderRunning()) {
      kernel.stopTrader();
      await sleep(kernel.clock, config.timeoutPostStop * 1000);
      kernel.checkResiduals();
    }
    if (config.saveState) kernel.saveState();
    // The continuous checks stop before the clients disconnect: a check cut off mid-query by the
    // disconnect would wait for an answer that never comes, and the stop with it.
    kernel.reconciliation.stop();
    try {
      await withTimeout(kernel.clock, config.timeoutDisconnection * 1000, kernel.reconciliation.idle(), {
        code: "CORTANA_E_CONNECTION_TIMEOUT",
        message: `a reconciliation check still waited on the venue after timeoutDisconnection (${config.timeoutDisconnection} s)`,
      });
    } catch (err) {
      this.#log.error({ err: (err as Error).message }, "reconciliation did not finish in time; continuing the stop");
    }
    const disconnect = Promise.allSettled([...this.#dataClients, ...this.#execClients].map((c) => c.disconnect()));
    try {
      await withTimeout(kernel.clock, config.timeoutDisconnection * 1000, disconnect, {
        code: "CORTANA_E_CONNECTION_TIMEOUT",
        message: `clients did not disconnect within timeoutDisconnection (${config.timeoutDisconnection} s)`,
      });
    } catch (err) {
      this.#log.error({ err: (err as Error).message }, "disconnect timed out; continuing the stop");
    }
    await kernel.stopEngines();
    this.#log.info("node stopped");
  }

  async #connectAll(): Promise<void> {
    const clients = [...this.#dataClients, ...this.#execClients];
    await Promise.all(clients.map((c) => c.connect()));
    for (const c of this.#execClients) this.#log.info({ clientId: String(c.clientId), accountId: String(c.accountId) }, "exec client connected");
  }

  #unconnected(): string[] {
    return [...this.#dataClients, ...this.#execClients].filter((c) => !c.isConnected).map((c) => String(c.clientId));
  }

  async #reconcile(): Promise<void> {
    const { config, kernel } = this;
    const reconciler = this.#options.reconciler ?? kernel.defaultReconciler();
    const ok = await withTimeout(kernel.clock, config.timeoutReconciliation * 1000, reconciler.reconcile(this.#execClients), {
      code: "CORTANA_E_RECONCILIATION_FAILED",
      message: `startup reconciliation did not finish within timeoutReconciliation (${config.timeoutReconciliation} s)`,
    }).catch((err: unknown) => {
      if (isCortanaError(err) && err.code === "CORTANA_E_RECONCILIATION_FAILED") throw err;
      throw new CortanaError("CORTANA_E_RECONCILIATION_FAILED", `startup reconciliation failed: ${(err as Error).message}`, { cause: err });
    });
    if (!ok) throw new CortanaError("CORTANA_E_RECONCILIATION_FAILED", "execution state could not be reconciled with the venues; the trader was not started");
  }

  #onShutdownSystem(cmd: ShutdownSystem): void {
    if (cmd.traderId !== undefined && cmd.traderId !== this.kernel.traderId) return;
    if (this.#state !== "RUNNING" && this.#state !== "STARTING") return;
    const detail = `${cmd.componentId}: ${cmd.reason ?? "no reason given"}`;
    if (cmd.code !== undefined) void this.#stopFor({ kind: "failure", detail, error: new CortanaError(cmd.code, detail) });
    else void this.#stopFor({ kind: "shutdown-system", detail });
  }

  #expectState(method: string, allowed: NodeState[], hint: string): void {
    if (!allowed.includes(this.#state)) {
      throw new CortanaError("CORTANA_E_NODE_STATE", `${method}() is not allowed in state ${this.#state}: ${hint}`);
    }
  }
}

function routingOf(config: unknown): { default?: boolean; venues?: string[] } {
  return ((config as { routing?: { default?: boolean; venues?: string[] } } | null)?.routing) ?? {};
}
