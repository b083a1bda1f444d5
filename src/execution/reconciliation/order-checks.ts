/**
 * The continuous order checks (reference §3.8 A and B), run by the manager's timers.
 *
 * Entry points: `OrderChecks.inflight()` and `OrderChecks.open()`; both resolve when the cycle's
 * events are applied. Decisions are the pure functions of inflight.ts and open-orders.ts; this
 * module queries the venue, counts, and applies.
 * - In-flight: each candidate is queried (a direct `generateOrderStatusReport` probe; a report is
 *   reconciled, which clears the order's tracking) until `inflightCheckRetries`, then resolved by
 *   the documented policy (inflight.ts), deferred while the queues hold a backlog or the venue is
 *   unreachable.
 * - Open orders: every client's `generateOrderStatusReports(start, openOnly)`; a client that fails
 *   is logged and skipped. Disagreeing reports are reconciled (unless the order had local activity
 *   within the threshold); an order whose filled quantity grew gets its real fills fetched first,
 *   so an inferred fill is only the last resort. Full-history mode then handles the missing orders:
 *   count, then the targeted probe (capped per cycle, spaced by singleOrderQueryDelayMs, longest
 *   ago queried first), then the not-found table; the fill sums of the open orders are checked
 *   in the same pass over them.
 * Cost: a cycle over N open orders is O(N) (one pass over the reports, one over the live open-order
 * set, no array of the open orders built), yields to the event loop every SLICE orders,
 * and applies the disagreeing reports as one batch (one settle for the batch, not a turn per
 * order). Each slice is a plain method with no per-cycle closure, so the first cycle after startup
 * gets optimized code early and later cycles never deoptimize it.
 */
import type { Logger } from "../../common/logger.js";
import type { OrderEvent } from "../../model/events.js";
import { InstrumentId, type ClientOrderId } from "../../model/identifiers.js";
import type { FillReport, OrderStatusReport } from "../../model/reports.js";
import { Quantity } from "../../model/values.js";
import type { ExecutionClient } from "../client.js";
import type { ReconciliationCore } from "./core.js";
import { decideInflight, inflightCandidates } from "./inflight.js";
import { instrumentFilter } from "./mass-status.js";
import { decideMissing, openReportNeedsReconcile, resolveNotFound, selectProbes } from "./open-orders.js";
import { resolveClientOrderId } from "./orders.js";
import { NANOS_PER_MIN, NANOS_PER_MS, type OrderView } from "./types.js";

export interface OrderChecksDeps {
  readonly core: ReconciliationCore;
  /** Waits `ms` on the node's clock (resolves at once on stop). */
  readonly delay: (ms: number) => Promise<void>;
  readonly stopped: () => boolean;
}

/** A venue report the open-order check reconciles, with the cached order it was judged against. */
interface ToReconcile {
  readonly client: ExecutionClient;
  readonly report: OrderStatusReport;
  readonly order: OrderView | undefined;
}

/** The state of one pass over the venue's reports (reconcileOpenReports). */
interface ReportPass {
  readonly reported: Set<ClientOrderId>;
  readonly batch: ToReconcile[];
  readonly thresholdNs: bigint;
}

/** The state of one pass over the cached orders the venue may not have reported (missingOrders). */
interface MissingPass {
  readonly clientIds: ReadonlySet<string>;
  readonly reported: ReadonlySet<ClientOrderId>;
  readonly thresholdNs: bigint;
  readonly tsNow: bigint;
  readonly candidates: { clientOrderId: ClientOrderId; lastQueryNs: bigint | undefined; order: OrderView }[];
}

/**
 * Orders handled between two yields to the event loop: a cycle over 10,000s of orders runs in
 * slices of a few milliseconds, so live market data and order events are never held behind it.
 */
const SLICE = 2_000;
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class OrderChecks {
  /**
   * reconciliationInstrumentIds as a predicate, undefined when every instrument is included. Made
   * once: a fresh closure per cycle would be a new call target each time, and the optimized check
   * code that inlined the last one would be thrown away (deoptimized) on every cycle.
   */
  private readonly included: ((id: InstrumentId) => boolean) | undefined;

  constructor(private readonly deps: OrderChecksDeps) {
    const ids = deps.core.deps.config.reconciliationInstrumentIds;
    this.included = ids === undefined || ids.length === 0 ? undefined : instrumentFilter(ids);
  }

  private get core(): ReconciliationCore {
    return this.deps.core;
  }

  private get log(): Logger {
    return this.core.deps.log;
  }

  /** The client that trades `order`: the one it was routed to, else by account, venue, or the only one. */
  clientFor(order: OrderView): ExecutionClient | undefined {
    const { engine, cache } = this.core.deps;
    const routed = cache.clientId(order.clientOrderId);
    const byId = routed === undefined ? undefined : engine.client(routed);
    if (byId !== undefined) return byId;
    const clients = engine.clients();
    const venue = InstrumentId.venue(order.instrumentId);
    return clients.find((c) => c.accountId === order.accountId) ?? clients.find((c) => c.venue === venue) ?? (clients.length === 1 ? clients[0] : undefined);
  }

  async inflight(): Promise<void> {
    const { cache, config, engine, tracker } = this.core.deps;
    const ctx = this.core.ctx();
    const thresholdNs = BigInt(config.inflightCheckThresholdMs) * NANOS_PER_MS;
    const backlog = engine.queueBacklog();
    const sink: OrderEvent[] = [];
    const toQuery: OrderView[] = [];
    for (const order of inflightCandidates(cache.ordersInflight(), ctx.tsNow, thresholdNs)) {
      const accountId = order.accountId ?? this.clientFor(order)?.accountId;
      if (accountId === undefined) continue;
      const decision = decideInflight({ order, tracking: tracker.get(order.clientOrderId), thresholdNs, maxRetries: config.inflightCheckRetries, backlog, accountId, ctx });
      switch (decision.kind) {
        case "Wait":
          break;
        case "Query":
          toQuery.push(order);
          break;
        case "Defer":
          this.log.info({ clientOrderId: order.clientOrderId, why: decision.why }, `In-flight order ${order.clientOrderId} resolution deferred (${decision.why})`);
          break;
        case "Resolve":
          this.log.warn({ clientOrderId: order.clientOrderId, status: order.status, resolution: decision.event.type }, `In-flight order ${order.clientOrderId} unanswered after ${config.inflightCheckRetries} queries: ${decision.event.type}`);
          tracker.clear(order.clientOrderId);
          sink.push(decision.event);
          break;
        default:
          return assertNever(decision);
      }
    }
    this.core.flush(sink);
    await Promise.all(toQuery.map((o) => this.probe(o)));
    await this.core.settle();
  }

  /** Queries one order at the venue; a report is reconciled. Returns "NotFound" / "Error" / "Found". */
  async probe(order: OrderView): Promise<"Found" | "NotFound" | "Error"> {
    const { tracker, clock } = this.core.deps;
    const client = this.clientFor(order);
    const id = order.clientOrderId;
    tracker.recordQuery(id, clock.timestampNs());
    if (client === undefined) {
      tracker.recordProbe(id, "Error");
      this.log.warn({ clientOrderId: id }, `No execution client for ${id}: cannot query it`);
      return "Error";
    }
    let report: OrderStatusReport | undefined;
    try {
      report = await client.generateOrderStatusReport({ instrumentId: order.instrumentId, clientOrderId: id, venueOrderId: order.venueOrderId });
    } catch (err) {
      tracker.recordProbe(id, "Error");
      this.log.warn({ err, clientOrderId: id }, `Order status query for ${id} failed: ${(err as Error).message}`);
      return "Error";
    }
    if (report === undefined) {
      tracker.recordProbe(id, "NotFound");
      return "NotFound";
    }
    if (this.deps.stopped()) return "Found";
    await this.reconcileReport(client, report, cachedOrUndefined(this.core, id));
    return "Found";
  }

  /** Reconciles a report, first fetching the order's fills when the venue filled more than cached. */
  private reconcileReport(client: ExecutionClient, report: OrderStatusReport, order: OrderView | undefined): Promise<void> {
    return this.reconcileReports([{ client, report, order }]);
  }

  /**
   * Reconciles a batch of reports (distinct orders as a rule): fetches the fills of the orders the
   * venue filled more than cached, lets the live events that came with those answers be applied,
   * then reconciles every report against the order as it is now (skipping one the live events
   * already aligned) and applies all their events at once: one settle per batch, not per order.
   */
  private async reconcileReports(batch: readonly ToReconcile[]): Promise<void> {
    if (batch.length === 0) return;
    const fills = new Map<ToReconcile, FillReport[]>();
    for (const item of batch) {
      const { client, report, order } = item;
      const grew = order === undefined ? report.filledQty.isPositive() : report.filledQty.gt(order.filledQty);
      if (!grew) continue;
      try {
        fills.set(item, await client.generateFillReports({ instrumentId: report.instrumentId, venueOrderId: report.venueOrderId }));
      } catch (err) {
        this.log.warn({ err, venueOrderId: report.venueOrderId }, `Fill query for ${report.venueOrderId} failed: the missing quantity will be inferred`);
      }
      if (this.deps.stopped()) return;
    }
    // Live events that came with the venue's answers (IB sends the order's OPEN_ORDER while answering
    // a query) are applied first: each decision is made against the order as it is now, never a
    // step behind (which would re-send the acceptance the live path just applied).
    await this.core.settle();
    if (this.deps.stopped()) return;
    const { cache } = this.core.deps;
    const sink: OrderEvent[] = [];
    const inBatch = new Set<ClientOrderId>();
    for (const item of batch) {
      const id = resolveClientOrderId(cache, item.report);
      if (inBatch.has(id)) {
        // The same order twice in one answer: the second report is judged after the first applied.
        this.core.flush(sink);
        await this.core.settle();
        inBatch.clear();
      }
      inBatch.add(id);
      if (batch.length > 1 && !openReportNeedsReconcile(item.report, cache.order(id))) continue;
      this.core.orderReport(item.report, fills.get(item) ?? [], true, item.client.clientId, sink);
    }
    this.core.flush(sink);
    await this.core.settle();
  }

  async open(): Promise<void> {
    const { config, clock } = this.core.deps;
    const start = clock.timestampNs() - BigInt(config.openCheckLookbackMins) * NANOS_PER_MIN;
    const answered: { client: ExecutionClient; reports: OrderStatusReport[] }[] = [];
    for (const client of this.core.deps.engine.clients()) {
      try {
        answered.push({ client, reports: await client.generateOrderStatusReports({ start, openOnly: config.openCheckOpenOnly }) });
      } catch (err) {
        this.log.warn({ err, clientId: client.clientId }, `Open-order check: ${client.clientId} failed (${(err as Error).message}); skipped this cycle`);
      }
    }
    if (this.deps.stopped()) return;
    const reported = await this.reconcileOpenReports(answered);
    if (config.openCheckOpenOnly) {
      this.logUnreported(reported);
      return;
    }
    await this.missingOrders(new Set(answered.map((a) => a.client.clientId)), reported);
  }

  private async reconcileOpenReports(answered: readonly { client: ExecutionClient; reports: OrderStatusReport[] }[]): Promise<Set<ClientOrderId>> {
    const pass: ReportPass = { reported: new Set(), batch: [], thresholdNs: BigInt(this.core.deps.config.openCheckThresholdMs) * NANOS_PER_MS };
    let first = true;
    for (const { client, reports } of answered) {
      for (let from = 0; from < reports.length; from += SLICE) {
        if (!first) await yieldTurn();
        first = false;
        this.judgeReports(client, reports, from, Math.min(from + SLICE, reports.length), pass);
      }
    }
    if (this.deps.stopped()) return pass.reported;
    await this.reconcileReports(pass.batch);
    return pass.reported;
  }

  /**
   * One slice of the venue's answer: notes every reported order and batches those that disagree
   * with the cache. A plain method over stable objects (no closure made per cycle), so the JIT
   * optimizes it within the first cycle and keeps it optimized for the next ones.
   */
  private judgeReports(client: ExecutionClient, reports: readonly OrderStatusReport[], from: number, to: number, pass: ReportPass): void {
    const { cache, engine, tracker, clock } = this.core.deps;
    const included = this.included;
    for (let i = from; i < to; i++) {
      const report = reports[i] as OrderStatusReport;
      const id = resolveClientOrderId(cache, report);
      pass.reported.add(id);
      tracker.clearRetries(id);
      if (included !== undefined && !included(report.instrumentId)) continue;
      const order = cache.order(id);
      if (!openReportNeedsReconcile(report, order)) continue;
      const activity = engine.lastLocalActivity(id);
      if (activity !== undefined && clock.timestampNs() - activity < pass.thresholdNs) continue;
      pass.batch.push({ client, report, order });
    }
  }

  private logUnreported(reported: ReadonlySet<ClientOrderId>): void {
    let count = 0;
    const sample: ClientOrderId[] = [];
    for (const o of this.core.deps.cache.ordersOpenIterator()) {
      if (reported.has(o.clientOrderId)) continue;
      if (++count <= 5) sample.push(o.clientOrderId);
    }
    if (count > 0) this.log.info({ count, sample }, `Open-order check (open-only): ${count} cached open orders not in the venue's answer; only logged (an open-only answer proves nothing)`);
  }

  private async missingOrders(clientIds: ReadonlySet<string>, reported: ReadonlySet<ClientOrderId>): Promise<void> {
    const { cache, config, tracker } = this.core.deps;
    const pass: MissingPass = { clientIds, reported, thresholdNs: BigInt(config.openCheckThresholdMs) * NANOS_PER_MS, tsNow: this.core.ctx().tsNow, candidates: [] };
    // The open orders live (no array of them per cycle; their fill sums checked in the same pass),
    // then the in-flight ones that are not open (few: SUBMITTED), taken after the open pass so an
    // order accepted meanwhile is judged once.
    const open = cache.ordersOpenIterator();
    while (!this.judgeMissing(open, pass, SLICE, true)) await yieldTurn();
    const inflightOnly = cache.ordersInflight().filter((o) => !o.isOpen());
    this.judgeMissing(inflightOnly.values(), pass, Infinity, false);
    const { probe, deferred } = selectProbes(pass.candidates, config.maxSingleOrderQueriesPerCycle);
    for (const d of deferred) tracker.increment(d.clientOrderId);
    if (deferred.length > 0) this.log.warn({ deferred: deferred.length, cap: config.maxSingleOrderQueriesPerCycle }, `Open-order check: ${deferred.length} single-order queries deferred to the next cycle (maxSingleOrderQueriesPerCycle=${config.maxSingleOrderQueriesPerCycle})`);
    for (let i = 0; i < probe.length; i++) {
      if (i > 0) await this.deps.delay(config.singleOrderQueryDelayMs);
      if (this.deps.stopped()) return;
      await this.resolveMissing((probe[i] as (typeof probe)[number]).order);
    }
  }

  /**
   * Judges up to `limit` cached orders the venue did not report (counts a sighting, or makes the
   * order a probe candidate), and with `fillSums` checks every order's fill sum; true when `orders`
   * is exhausted. One slice between two yields.
   */
  private judgeMissing(orders: Iterator<OrderView>, pass: MissingPass, limit: number, fillSums: boolean): boolean {
    const { config, engine, tracker } = this.core.deps;
    const included = this.included;
    for (let k = 0; k < limit; k++) {
      const next = orders.next();
      if (next.done === true) return true;
      const order = next.value;
      const id = order.clientOrderId;
      if (fillSums) this.checkFillSum(order);
      if (pass.reported.has(id) || (included !== undefined && !included(order.instrumentId))) continue;
      const client = this.clientFor(order);
      if (client === undefined || !pass.clientIds.has(client.clientId)) continue;
      const d = decideMissing({ order, retries: tracker.retries(id), localActivityNs: engine.lastLocalActivity(id), thresholdNs: pass.thresholdNs, missingRetries: config.openCheckMissingRetries, tsNow: pass.tsNow });
      if (d.kind === "Count") tracker.increment(id);
      else if (d.kind === "Probe") pass.candidates.push({ clientOrderId: id, lastQueryNs: tracker.lastQueryNs(id), order });
    }
    return false;
  }

  /** The targeted probe, then (venue confirmed unknown) the not-found table. */
  private async resolveMissing(order: OrderView): Promise<void> {
    const result = await this.probe(order);
    if (result !== "NotFound") return;
    const current = cachedOrUndefined(this.core, order.clientOrderId) ?? order;
    const accountId = current.accountId ?? this.clientFor(current)?.accountId;
    if (accountId === undefined) return;
    const resolution = resolveNotFound(current, accountId, this.core.ctx());
    switch (resolution.kind) {
      case "Resolve":
        this.core.logNotes([resolution.note]);
        this.core.deps.tracker.clear(current.clientOrderId);
        this.core.flush([resolution.event]);
        await this.core.settle();
        return;
      case "Defer":
      case "Skip":
        this.core.logNotes([resolution.note]);
        return;
      case "Ignore":
        return;
      default:
        return assertNever(resolution);
    }
  }

  /**
   * §3.8 B step 5: an open order whose fills do not add up to its filled quantity is logged. Run
   * in the missing-order pass (before its probes) rather than in a third pass over the open orders.
   */
  private checkFillSum(order: OrderView): void {
    // lastTradeId, not tradeIds (a fresh array per call): most open orders have no fill.
    if (!order.isOpen() || (order.filledQty.isZero() && order.lastTradeId === undefined)) return;
    let sum = Quantity.zero(order.filledQty.precision);
    for (const e of order.events) if (e.type === "OrderFilled") sum = sum.add(e.lastQty);
    if (!sum.eq(order.filledQty)) this.log.error({ clientOrderId: order.clientOrderId, sum: sum.toString(), filled: order.filledQty.toString() }, `Order ${order.clientOrderId}: fills sum to ${sum}, filled quantity is ${order.filledQty}`);
  }
}

function cachedOrUndefined(core: ReconciliationCore, id: ClientOrderId): OrderView | undefined {
  return core.deps.cache.order(id);
}

function assertNever(x: never): never {
  throw new Error(`unknown decision ${JSON.stringify(x)}`);
}
