/**
 * ReconciliationCore: where the pure outcomes meet the node. It runs the pure functions against
 * the cache, adds the orders they create to the cache, hands every event to the ExecEngine's event
 * queue (`processEvents`, the same queue and handler as venue events), logs their notes, and keeps
 * the tracking state honest (a reconciled report clears its order's retries).
 *
 * Entry points: `orderReport`, `positionReport`, `fillReport` (each appends events to a sink and
 * returns whether it succeeded), `flush(sink)`, `settle()` (waits until the engine's queues have
 * applied what was sent), and `reconcile(report, context)`: the `ExecutionReportReconciler` the
 * ExecEngine calls for runtime reports (QueryOrder answers, single fills, position reports).
 * Invariant: an order created here is in the cache (status INITIALIZED, venue order id indexed)
 * before any of its events is sent, so the engine always finds it.
 */
import type { Cache } from "../../cache/cache.js";
import type { Clock } from "../../common/clock.js";
import type { Logger } from "../../common/logger.js";
import type { UuidFactory } from "../../common/uuid.js";
import type { OrderEvent, OrderInitialized } from "../../model/events.js";
import type { ClientId, ClientOrderId, TraderId, VenueOrderId } from "../../model/identifiers.js";
import { Order } from "../../model/orders/index.js";
import type { FillReport, OrderStatusReport, PositionStatusReport } from "../../model/reports.js";
import type { ExecutionClient } from "../client.js";
import type { ExecutionReport, ExecutionReportReconciler, ReconcileContext } from "../reports.js";
import { reconcileFillReport } from "./fill-report.js";
import { reconcileOrderReport, type OrderOutcome } from "./orders.js";
import { reconcilePositionReport } from "./positions.js";
import type { OrderTracker, RecentFills } from "./tracking.js";
import type { CacheView, EventContext, Note, ReconciliationConfig } from "./types.js";

/** What reconciliation needs from the ExecEngine (ExecEngine and LiveExecEngine satisfy it). */
export interface ReconciliationEngine {
  processEvents(events: readonly OrderEvent[]): void;
  queueBacklog(): number;
  lastLocalActivity(clientOrderId: ClientOrderId): bigint | undefined;
  setReconciler(reconciler: ExecutionReportReconciler): void;
  clients(): ExecutionClient[];
  client(clientId: ClientId): ExecutionClient | undefined;
  /** LiveExecEngine: resolves once its queues are empty. */
  drain?(): Promise<void>;
}

export interface CoreDeps {
  readonly traderId: TraderId;
  readonly engine: ReconciliationEngine;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly uuid: UuidFactory;
  readonly config: ReconciliationConfig;
  readonly tracker: OrderTracker;
  readonly recentFills: RecentFills;
}

export class ReconciliationCore implements ExecutionReportReconciler {
  /** Orders this core has added to the cache so far (a pass logs the difference). */
  ordersAdded = 0;

  constructor(readonly deps: CoreDeps) {}

  get view(): CacheView {
    return this.deps.cache;
  }

  ctx(tsNow: bigint = this.deps.clock.timestampNs()): EventContext {
    return { traderId: this.deps.traderId, tsNow, uuid: this.deps.uuid };
  }

  logNotes(notes: readonly Note[]): void {
    for (const n of notes) this.deps.log[n.level](n.details ?? {}, n.message);
  }

  /** Reconciles one order report (+ its fills); its events go to `sink`. False when it failed. */
  orderReport(report: OrderStatusReport, fills: readonly FillReport[], external: boolean, clientId: ClientId | undefined, sink: OrderEvent[], ctx: EventContext = this.ctx()): boolean {
    const settings = { filterUnclaimedExternalOrders: this.deps.config.filterUnclaimedExternalOrders, allowOverfills: this.deps.config.allowOverfills };
    const outcome = reconcileOrderReport({ view: this.view, report, fills, external, settings, ctx });
    return this.applyOrderOutcome(outcome, report.venueOrderId, clientId, sink);
  }

  applyOrderOutcome(outcome: OrderOutcome, venueOrderId: VenueOrderId, clientId: ClientId | undefined, sink: OrderEvent[]): boolean {
    this.logNotes(outcome.notes);
    switch (outcome.kind) {
      case "Reconciled":
        if (outcome.init !== undefined && !this.addOrder(outcome.init, venueOrderId, clientId)) return false;
        this.deps.tracker.clear(outcome.clientOrderId);
        sink.push(...outcome.events);
        return true;
      case "Skipped":
        return true;
      case "Failed":
        if (outcome.init !== undefined && !this.addOrder(outcome.init, venueOrderId, clientId)) return false;
        sink.push(...outcome.events);
        this.deps.log.error({ clientOrderId: outcome.clientOrderId, reason: outcome.reason }, `Reconciliation of order ${outcome.clientOrderId} failed: ${outcome.reason}`);
        return false;
      default:
        return assertNeverOutcome(outcome);
    }
  }

  private addOrder(init: OrderInitialized, venueOrderId: VenueOrderId, clientId: ClientId | undefined): boolean {
    const { cache, log } = this.deps;
    if (cache.orderExists(init.clientOrderId)) return true;
    try {
      cache.addOrder(new Order(init), undefined, clientId);
      cache.addVenueOrderId(init.clientOrderId, venueOrderId);
    } catch (err) {
      log.error({ err, clientOrderId: init.clientOrderId }, `Cannot add reconciled order ${init.clientOrderId}: ${(err as Error).message}`);
      return false;
    }
    // DEBUG, not INFO: a startup pass adds one order per venue order (10,000s); the pass logs the
    // count at INFO once (`ordersAdded`).
    this.ordersAdded += 1;
    const tag = init.tags?.[0] ?? "claimed";
    log.debug({ clientOrderId: init.clientOrderId, venueOrderId, strategyId: init.strategyId, tag }, `Reconciled order ${init.clientOrderId} (${venueOrderId}) added for ${init.strategyId} [${tag}]`);
    return true;
  }

  /** Reconciles one position report; alignment orders (RECONCILIATION) go to `sink`. */
  positionReport(report: PositionStatusReport, clientId: ClientId | undefined, sink: OrderEvent[], ctx: EventContext = this.ctx()): boolean {
    const outcome = reconcilePositionReport({ view: this.view, report, generateMissingOrders: this.deps.config.generateMissingOrders, ctx });
    this.logNotes(outcome.notes);
    switch (outcome.kind) {
      case "InSync":
        return true;
      case "Mismatch":
        return outcome.ok;
      case "Failed":
        return false;
      case "Align": {
        let ok = true;
        for (const r of outcome.reports) ok = this.orderReport(r, [], false, clientId, sink, ctx) && ok;
        return ok;
      }
      default:
        return assertNeverOutcome(outcome);
    }
  }

  /** Reconciles one runtime fill report; true when applied or rightly skipped. */
  fillReport(fill: FillReport, sink: OrderEvent[], ctx: EventContext = this.ctx()): boolean {
    const outcome = reconcileFillReport({ view: this.view, fill, allowOverfills: this.deps.config.allowOverfills, ctx });
    this.logNotes(outcome.notes);
    switch (outcome.kind) {
      case "Applied":
        this.deps.recentFills.add(fill.tradeId, ctx.tsNow);
        sink.push(...outcome.events);
        return true;
      case "Skipped":
        return true;
      case "Failed":
        return false;
      default:
        return assertNeverOutcome(outcome);
    }
  }

  /** Sends the sink's events to the engine's event queue and empties it. */
  flush(sink: OrderEvent[]): void {
    if (sink.length === 0) return;
    this.deps.engine.processEvents(sink.splice(0, sink.length));
  }

  /** Resolves once the engine has applied everything sent so far. */
  async settle(): Promise<void> {
    if (this.deps.engine.drain !== undefined) await this.deps.engine.drain();
  }

  /** ExecutionReportReconciler: the ExecEngine applies what this returns through its queue. */
  reconcile(report: ExecutionReport, context: ReconcileContext): readonly OrderEvent[] {
    const sink: OrderEvent[] = [];
    const ctx = this.ctx(context.tsNow);
    switch (report.type) {
      case "OrderStatusReport":
        this.orderReport(report.report, [], true, this.clientIdForAccount(report.report.accountId), sink, ctx);
        return sink;
      case "FillReport":
        this.fillReport(report.report, sink, ctx);
        return sink;
      case "PositionStatusReport":
        this.positionReport(report.report, this.clientIdForAccount(report.report.accountId), sink, ctx);
        return sink;
      case "ExecutionMassStatus":
        this.onMassStatus?.(report.report);
        return sink;
      default:
        return assertNeverOutcome(report);
    }
  }

  /** Set by the manager: a mass status that arrives as a report is reconciled asynchronously. */
  onMassStatus: ((ms: Extract<ExecutionReport, { type: "ExecutionMassStatus" }>["report"]) => void) | undefined;

  clientIdForAccount(accountId: string): ClientId | undefined {
    return this.deps.engine.clients().find((c) => c.accountId === accountId)?.clientId;
  }
}

function assertNeverOutcome(x: never): never {
  throw new Error(`unknown reconciliation outcome ${JSON.stringify(x)}`);
}
