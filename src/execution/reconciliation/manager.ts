/**
 * ReconciliationManager: the stateful side of reconciliation (reference §3.2 to §3.8).
 *
 * Entry points:
 * - `reconcile(execClients)`: the node's startup hook (the `StartupReconciler` shape of
 *   src/live/clients.ts, implemented structurally): every client's mass status; a client that
 *   throws or is unreachable makes it resolve false (never "empty"); the node enforces
 *   timeoutReconciliation around it.
 * - `reconcileAfterReconnect(client)`: the IB adapter calls it after a reconnect; one mass-status
 *   pass for that client; resolves true when strategies may trade again, false when the venue's
 *   state could not be established (the caller keeps trading halted and retries). Concurrent calls
 *   for one client share the pass.
 * - `start()`: arms the continuous checks after `reconciliationStartupDelaySecs` on the injected
 *   clock; each check then runs every interval (the first run waits a full interval): in-flight
 *   (`inflightCheckIntervalMs`, 0 = off), open orders (`openCheckIntervalSecs`), positions
 *   (`positionCheckIntervalSecs`), own-books audit (`ownBooksAuditIntervalSecs`, when an audit is
 *   given) and the recent-fills pruning (every 60 s, TTL 60 s). A check still running when its
 *   next tick comes is not started twice. `stop()` cancels every timer and pending delay.
 * - `runInflightCheck()`, `runOpenCheck()`, `runPositionCheck()`: one cycle now (tests, tools).
 * - `idle()`: resolves when no check or pass is running.
 * On construction it installs itself as the ExecEngine's report reconciler (runtime QueryOrder
 * answers, fill and position reports, mass statuses sent as reports).
 */
import type { Cache } from "../../cache/cache.js";
import type { Clock } from "../../common/clock.js";
import type { Logger } from "../../common/logger.js";
import { msToNs, secsToNs } from "../../common/time.js";
import { randomUuid, type UuidFactory } from "../../common/uuid.js";
import type { ClientId, TraderId } from "../../model/identifiers.js";
import type { ExecutionClient } from "../client.js";
import { ReconciliationCore, type ReconciliationEngine } from "./core.js";
import { OrderChecks } from "./order-checks.js";
import type { PositionKey } from "./position-check.js";
import { PositionChecks } from "./position-checks.js";
import { reconcileClient, reconcileClients, reconcileMassStatus } from "./startup.js";
import { KeyRetries, OrderTracker, RecentFills } from "./tracking.js";
import type { ReconciliationConfig } from "./types.js";

export interface ReconciliationManagerOptions {
  readonly traderId: TraderId;
  readonly engine: ReconciliationEngine;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly uuid?: UuidFactory;
  readonly config: ReconciliationConfig;
  /** Audits the own order books (manageOwnOrderBooks); run every ownBooksAuditIntervalSecs when given. */
  readonly ownBooksAudit?: () => void;
}

const PREFIX = "Reconciliation.";
export const ReconciliationTimers = Object.freeze({
  startupDelay: `${PREFIX}STARTUP_DELAY`,
  inflight: `${PREFIX}INFLIGHT_CHECK`,
  open: `${PREFIX}OPEN_CHECK`,
  position: `${PREFIX}POSITION_CHECK`,
  ownBooks: `${PREFIX}OWN_BOOKS_AUDIT`,
  pruneFills: `${PREFIX}PRUNE_RECENT_FILLS`,
});
const RECENT_FILLS_PRUNE_NS = 60_000_000_000n;

export class ReconciliationManager {
  readonly tracker = new OrderTracker();
  readonly recentFills = new RecentFills();
  readonly positionRetries = new KeyRetries<PositionKey>();
  private readonly core: ReconciliationCore;
  private readonly orderChecks: OrderChecks;
  private readonly positionChecks: PositionChecks;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly config: ReconciliationConfig;
  private readonly ownBooksAudit: (() => void) | undefined;
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly reconnects = new Map<ClientId, Promise<boolean>>();
  private readonly delays = new Map<string, () => void>();
  private readonly timers = new Set<string>();
  private delaySeq = 0;
  private started = false;
  private stopped = false;

  constructor(options: ReconciliationManagerOptions) {
    this.log = options.logger.child({ component: "Reconciliation" });
    this.clock = options.clock;
    this.config = options.config;
    this.ownBooksAudit = options.ownBooksAudit;
    this.core = new ReconciliationCore({
      traderId: options.traderId,
      engine: options.engine,
      cache: options.cache,
      clock: options.clock,
      log: this.log,
      uuid: options.uuid ?? randomUuid,
      config: options.config,
      tracker: this.tracker,
      recentFills: this.recentFills,
    });
    this.core.onMassStatus = (ms) => void this.track(`mass-status-${ms.reportId}`, () => reconcileMassStatus(this.core, ms, ms.clientId));
    const isStopped = (): boolean => this.stopped;
    this.orderChecks = new OrderChecks({ core: this.core, delay: (ms) => this.delay(ms), stopped: isStopped });
    this.positionChecks = new PositionChecks({ core: this.core, retries: this.positionRetries, stopped: isStopped });
    options.engine.setReconciler(this.core);
  }

  /** Startup reconciliation (reference §3.2); false on any failure, never "empty" for "unknown". */
  async reconcile(execClients: readonly ExecutionClient[]): Promise<boolean> {
    this.log.info({ clients: execClients.map((c) => c.clientId) }, `Startup reconciliation of ${execClients.length} execution clients`);
    try {
      const ok = await this.track("startup", () => reconcileClients(this.core, execClients));
      if (ok) this.log.info("Startup reconciliation complete: the node's state matches the venues");
      else this.log.error("Startup reconciliation FAILED: the node's state could not be aligned with every venue");
      return ok;
    } catch (err) {
      this.log.error({ err }, `Startup reconciliation threw: ${(err as Error).message}`);
      return false;
    }
  }

  /** One reconciliation pass for `client` after a reconnect; true when strategies may trade again. */
  reconcileAfterReconnect(client: ExecutionClient): Promise<boolean> {
    const pending = this.reconnects.get(client.clientId);
    if (pending !== undefined) return pending;
    const lookback = this.config.reconciliationLookbackMins;
    const pass = this.track(`reconnect-${client.clientId}`, async () => {
      const ms = await client.generateMassStatus(lookback === undefined || lookback === 0 ? undefined : lookback);
      return reconcileClient(this.core, client, ms);
    })
      .then((ok) => {
        if (ok) this.log.info({ clientId: client.clientId }, `Reconciled ${client.clientId} after reconnect: trading may resume`);
        else this.log.error({ clientId: client.clientId }, `Reconciliation after reconnect of ${client.clientId} failed: keep trading halted`);
        return ok;
      })
      .catch((err: unknown) => {
        this.log.error({ err, clientId: client.clientId }, `Reconciliation after reconnect of ${client.clientId} failed: ${(err as Error).message}`);
        return false;
      })
      .finally(() => this.reconnects.delete(client.clientId));
    this.reconnects.set(client.clientId, pass);
    return pass;
  }

  /** Arms the continuous checks after reconciliationStartupDelaySecs. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    const at = this.clock.timestampNs() + secsToNs(this.config.reconciliationStartupDelaySecs);
    this.setAlert(ReconciliationTimers.startupDelay, at, () => this.armLoops());
    this.log.info({ delaySecs: this.config.reconciliationStartupDelaySecs }, `Continuous reconciliation starts in ${this.config.reconciliationStartupDelaySecs} s`);
  }

  /** Cancels every timer and pending delay; running checks stop before applying anything more. */
  stop(): void {
    this.stopped = true;
    this.started = false;
    for (const name of this.timers) this.clock.cancelTimer(name);
    this.timers.clear();
    for (const [name, resolve] of this.delays) {
      this.clock.cancelTimer(name);
      resolve();
    }
    this.delays.clear();
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** Resolves when no check or reconciliation pass is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  runInflightCheck(): Promise<void> {
    return this.track("inflight", () => this.orderChecks.inflight());
  }

  runOpenCheck(): Promise<void> {
    return this.track("open", () => this.orderChecks.open());
  }

  runPositionCheck(): Promise<void> {
    return this.track("position", () => this.positionChecks.run());
  }

  pruneRecentFills(): number {
    return this.recentFills.prune(this.clock.timestampNs());
  }

  private armLoops(): void {
    this.timers.delete(ReconciliationTimers.startupDelay);
    if (this.stopped) return;
    const c = this.config;
    if (c.inflightCheckIntervalMs > 0) this.setTimer(ReconciliationTimers.inflight, msToNs(c.inflightCheckIntervalMs), () => this.tick("inflight", () => this.orderChecks.inflight()));
    if (c.openCheckIntervalSecs !== undefined) this.setTimer(ReconciliationTimers.open, secsToNs(c.openCheckIntervalSecs), () => this.tick("open", () => this.orderChecks.open()));
    if (c.positionCheckIntervalSecs !== undefined) this.setTimer(ReconciliationTimers.position, secsToNs(c.positionCheckIntervalSecs), () => this.tick("position", () => this.positionChecks.run()));
    const audit = this.ownBooksAudit;
    if (c.ownBooksAuditIntervalSecs !== undefined && audit !== undefined) this.setTimer(ReconciliationTimers.ownBooks, secsToNs(c.ownBooksAuditIntervalSecs), () => this.tick("ownBooks", async () => audit()));
    this.setTimer(ReconciliationTimers.pruneFills, RECENT_FILLS_PRUNE_NS, () => void this.pruneRecentFills());
    this.log.info({ timers: [...this.timers] }, "Continuous reconciliation running");
  }

  /** A timer tick: runs the check unless the previous run of it is still going. */
  private tick(name: string, run: () => Promise<void>): void {
    if (this.stopped || this.running.has(name)) return;
    void this.track(name, run).catch((err: unknown) => this.log.error({ err, check: name }, `Reconciliation check ${name} failed: ${(err as Error).message}`));
  }

  private track<T>(name: string, run: () => Promise<T>): Promise<T> {
    const p = run().finally(() => {
      if (this.running.get(name) === p) this.running.delete(name);
    });
    this.running.set(name, p);
    return p;
  }

  private setTimer(name: string, intervalNs: bigint, callback: () => void): void {
    this.clock.setTimer(name, intervalNs, callback, { keepAlive: false });
    this.timers.add(name);
  }

  private setAlert(name: string, atNs: bigint, callback: () => void): void {
    this.clock.setTimeAlert(name, atNs, callback, { keepAlive: false });
    this.timers.add(name);
  }

  /** Waits `ms` on the node's clock; resolves at once on stop(). */
  private delay(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    const name = `${PREFIX}PROBE_DELAY-${++this.delaySeq}`;
    return new Promise<void>((resolve) => {
      this.delays.set(name, resolve);
      this.clock.setTimeAlert(name, this.clock.timestampNs() + msToNs(ms), () => {
        this.delays.delete(name);
        resolve();
      }, { keepAlive: false });
    });
  }
}
