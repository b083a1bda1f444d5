/**
 * The continuous position check (reference §3.8 C), run by the manager's timer.
 *
 * Entry point: `PositionChecks.run()`. Per (instrument, account) key of the cached open positions:
 * - the venue's reports come from every client; a client whose query failed makes its account's
 *   missing reports unknown: those keys are skipped (never assumed flat);
 * - no discrepancy (equal, or within one unit of the size precision) clears the key's counter;
 * - a discrepancy is skipped while the key had a fill within `positionCheckThresholdMs` or once
 *   `positionCheckRetries` attempts were spent; otherwise the venue's fills since
 *   `positionCheckLookbackMins` are fetched and those whose trade id is on no cached order (and not
 *   in the recent-fills cache) are applied; a missing fill of a venue order the node does not know
 *   first has that order queried and adopted with its fills, exactly when the open-order check
 *   would adopt it (full history: any; open-only: a working one), so a trade is never held by a
 *   venue order and a synthetic order at once; if the position still differs, every query worked
 *   and `generateMissingOrders` is on, the venue's report (or a FLAT one) is reconciled
 *   (RECONCILIATION orders); resolved clears the counter, else it counts, and at the limit logs
 *   ERROR "no further reconciliation attempts".
 * Keys only the venue holds (non-flat) go through the missing-fill step only, never synthetic
 * orders. Counters of keys no longer active are pruned.
 */
import type { OrderEvent } from "../../model/events.js";
import type { AccountId, InstrumentId, TradeId, VenueOrderId } from "../../model/identifiers.js";
import { isOpenStatus } from "../../model/orders/fsm.js";
import type { FillReport, OrderStatusReport, PositionStatusReport } from "../../model/reports.js";
import type { ExecutionClient } from "../client.js";
import type { ReconciliationCore } from "./core.js";
import { instrumentFilter } from "./mass-status.js";
import { groupOpenPositions, groupPositionReports, hasDiscrepancy, missingFills, positionKey, type PositionKey } from "./position-check.js";
import { flatReport } from "./startup.js";
import type { KeyRetries } from "./tracking.js";
import { NANOS_PER_MIN, NANOS_PER_MS } from "./types.js";

export interface PositionChecksDeps {
  readonly core: ReconciliationCore;
  readonly retries: KeyRetries<PositionKey>;
  readonly stopped: () => boolean;
}

interface KeyCheck {
  readonly key: PositionKey;
  readonly instrumentId: InstrumentId;
  readonly accountId: AccountId;
  readonly client: ExecutionClient;
  readonly reports: readonly PositionStatusReport[];
  readonly allowSynthetic: boolean;
}

export class PositionChecks {
  constructor(private readonly deps: PositionChecksDeps) {}

  private get core(): ReconciliationCore {
    return this.deps.core;
  }

  async run(): Promise<void> {
    const { cache, engine, log, config } = this.core.deps;
    const included = instrumentFilter(config.reconciliationInstrumentIds);
    const reports: PositionStatusReport[] = [];
    const failed = new Set<AccountId>();
    const byAccount = new Map<AccountId, ExecutionClient>();
    for (const client of engine.clients()) {
      byAccount.set(client.accountId, client);
      try {
        reports.push(...(await client.generatePositionStatusReports({})).filter((r) => r.accountId === client.accountId));
      } catch (err) {
        failed.add(client.accountId);
        log.warn({ err, clientId: client.clientId }, `Position check: ${client.clientId} failed (${(err as Error).message}); its positions are unknown, skipped`);
      }
    }
    if (this.deps.stopped()) return;
    const cachedKeys = groupOpenPositions(cache.positionsOpen());
    const venueKeys = groupPositionReports(reports);
    const active = new Set<PositionKey>();
    // The reports per key, grouped once (not one scan of every report per key: O(keys x reports)).
    const byKey = new Map<PositionKey, PositionStatusReport[]>();
    for (const r of reports) {
      const key = positionKey(r.instrumentId, r.accountId);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [r]);
      else list.push(r);
    }
    const reportsOf = (key: PositionKey): readonly PositionStatusReport[] => byKey.get(key) ?? [];
    for (const [key, cached] of cachedKeys) {
      const client = byAccount.get(cached.accountId);
      if (!included(cached.instrumentId) || client === undefined) continue;
      active.add(key);
      if (!venueKeys.has(key) && failed.has(cached.accountId)) continue;
      // In sync on this cycle's snapshot (the common case): no per-key await. A discrepancy is
      // re-judged by checkKey on the cache as it is then.
      if (!hasDiscrepancy(cached.signedRaw, venueKeys.get(key)?.signedRaw ?? 0n, this.sizePrecision(cached.instrumentId))) {
        this.deps.retries.clear(key);
        continue;
      }
      await this.checkKey({ key, instrumentId: cached.instrumentId, accountId: cached.accountId, client, reports: reportsOf(key), allowSynthetic: true });
    }
    for (const [key, venue] of venueKeys) {
      const client = byAccount.get(venue.accountId);
      if (cachedKeys.has(key) || venue.signedRaw === 0n || !included(venue.instrumentId) || client === undefined) continue;
      active.add(key);
      await this.checkKey({ key, instrumentId: venue.instrumentId, accountId: venue.accountId, client, reports: reportsOf(key), allowSynthetic: false });
    }
    this.deps.retries.prune(active);
  }

  private sizePrecision(instrumentId: InstrumentId): number {
    return this.core.deps.cache.instrument(instrumentId)?.sizePrecision ?? 0;
  }

  /** The signed sum of the key's open positions (no average: only the quantity is compared). */
  private cachedRaw(k: KeyCheck): bigint {
    let raw = 0n;
    for (const p of this.core.deps.cache.positionsOpen({ instrumentId: k.instrumentId, accountId: k.accountId })) raw += p.signedQtyRaw;
    return raw;
  }

  private discrepant(k: KeyCheck): boolean {
    const venueRaw = k.reports.reduce((sum, r) => sum + r.signedQtyRaw, 0n);
    return hasDiscrepancy(this.cachedRaw(k), venueRaw, this.sizePrecision(k.instrumentId));
  }

  private recentlyFilled(k: KeyCheck): boolean {
    const { cache, clock, config } = this.core.deps;
    const thresholdNs = BigInt(config.positionCheckThresholdMs) * NANOS_PER_MS;
    const now = clock.timestampNs();
    return cache.positionsOpen({ instrumentId: k.instrumentId, accountId: k.accountId }).some((p) => now - p.tsLast < thresholdNs);
  }

  private async checkKey(k: KeyCheck): Promise<void> {
    const { log, config } = this.core.deps;
    if (!this.discrepant(k)) {
      this.deps.retries.clear(k.key);
      return;
    }
    if (this.recentlyFilled(k) || this.deps.retries.get(k.key) >= config.positionCheckRetries) return;
    const fillsOk = await this.applyMissingFills(k);
    if (this.deps.stopped()) return;
    if (this.discrepant(k) && fillsOk && k.allowSynthetic && config.generateMissingOrders) await this.align(k);
    if (!this.discrepant(k)) {
      log.info({ instrumentId: k.instrumentId, accountId: k.accountId }, `Position check: ${k.instrumentId} (${k.accountId}) aligned with the venue`);
      this.deps.retries.clear(k.key);
      return;
    }
    const n = this.deps.retries.increment(k.key);
    const detail = { instrumentId: k.instrumentId, accountId: k.accountId, attempt: n, cached: this.cachedRaw(k).toString() };
    if (n >= config.positionCheckRetries) log.error(detail, `Position check: ${k.instrumentId} (${k.accountId}) still differs from the venue after ${n} attempts; no further reconciliation attempts`);
    else log.warn(detail, `Position check: ${k.instrumentId} (${k.accountId}) differs from the venue (attempt ${n})`);
  }

  /** Fetches the venue's recent fills and applies those the node does not hold; false when the query failed. */
  private async applyMissingFills(k: KeyCheck): Promise<boolean> {
    const { cache, clock, config, log, recentFills } = this.core.deps;
    const start = clock.timestampNs() - BigInt(config.positionCheckLookbackMins) * NANOS_PER_MIN;
    let fills;
    try {
      fills = (await k.client.generateFillReports({ instrumentId: k.instrumentId, start })).filter((f) => f.accountId === k.accountId);
    } catch (err) {
      log.warn({ err, instrumentId: k.instrumentId }, `Position check: fill query for ${k.instrumentId} failed: ${(err as Error).message}`);
      return false;
    }
    // Fills the venue sent live while the query ran are applied first, so they count as known.
    await this.core.settle();
    const known = new Set<TradeId>();
    for (const o of cache.orders({ instrumentId: k.instrumentId })) for (const t of o.tradeIds) known.add(t);
    const missing = missingFills(fills, (t) => known.has(t) || recentFills.has(t)).sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
    if (missing.length === 0) return true;
    log.warn({ instrumentId: k.instrumentId, missing: missing.map((f) => f.tradeId) }, `Position check: ${missing.length} fills on ${k.instrumentId} missing from the cache; applying them`);
    const { adopted, ok } = await this.adoptUnknownOrders(k, missing);
    if (this.deps.stopped()) return false;
    const sink: OrderEvent[] = [];
    for (const f of missing) if (!adopted.has(f.venueOrderId)) this.core.fillReport(f, sink);
    this.core.flush(sink);
    await this.core.settle();
    return ok;
  }

  /**
   * Missing fills on venue orders the node does not know (a trade placed by hand): the order is
   * asked for first (Nautilus: the order report before its fills) and adopted with its real fills,
   * as the open-order check would adopt it, so the trade is held by its venue order and never ALSO
   * by a synthetic alignment order (the open check's later adoption would then count it twice).
   * Open-only mode adopts a working order only: there the open check never adopts a closed order,
   * and the synthetic alignment stays the trade's one record. A venue that does not know the order
   * leaves the trade to the alignment; a query that fails makes `ok` false, so no synthetic order
   * is made this cycle (it could double the order adopted later).
   */
  private async adoptUnknownOrders(k: KeyCheck, missing: readonly FillReport[]): Promise<{ adopted: Set<VenueOrderId>; ok: boolean }> {
    const { cache, config, log } = this.core.deps;
    const unknown = new Map<VenueOrderId, FillReport[]>();
    for (const f of missing) {
      if (cache.clientOrderIdFor(f.venueOrderId) !== undefined) continue;
      const list = unknown.get(f.venueOrderId);
      if (list === undefined) unknown.set(f.venueOrderId, [f]);
      else list.push(f);
    }
    const adopted = new Set<VenueOrderId>();
    let ok = true;
    for (const [venueOrderId, fills] of unknown) {
      let report: OrderStatusReport | undefined;
      try {
        report = await k.client.generateOrderStatusReport({ instrumentId: k.instrumentId, venueOrderId, clientOrderId: fills[0]?.clientOrderId });
      } catch (err) {
        ok = false;
        log.warn({ err, venueOrderId }, `Position check: order query for ${venueOrderId} (fills ${fills.map((f) => f.tradeId).join(", ")}) failed: ${(err as Error).message}; no alignment this cycle`);
        continue;
      }
      if (this.deps.stopped()) return { adopted, ok: false };
      if (report === undefined || (config.openCheckOpenOnly && !isOpenStatus(report.orderStatus))) continue;
      // Live events (and an open check) may have brought the order meanwhile: then its fills are
      // applied one by one like any other (a trade id already held is skipped).
      await this.core.settle();
      if (cache.clientOrderIdFor(venueOrderId) !== undefined) continue;
      const sink: OrderEvent[] = [];
      const done = this.core.orderReport(report, fills, true, k.client.clientId, sink);
      this.core.flush(sink);
      await this.core.settle();
      if (!done) continue;
      adopted.add(venueOrderId);
      log.info({ venueOrderId, instrumentId: k.instrumentId }, `Position check: venue order ${venueOrderId} of the missing fills adopted with its ${fills.length} fills`);
    }
    return { adopted, ok };
  }

  private async align(k: KeyCheck): Promise<void> {
    const reports = k.reports.length > 0 ? k.reports : [flatReport(this.core, k.client, k.instrumentId)];
    const sink: OrderEvent[] = [];
    for (const psr of reports) this.core.positionReport(psr, k.client.clientId, sink);
    this.core.flush(sink);
    await this.core.settle();
  }
}
