/**
 * Mass-status reconciliation (reference §3.2, §3.3): what runs at startup, after a reconnect and
 * when a mass status arrives as a report.
 *
 * Entry points: `reconcileClients(core, clients)` (startup: every client's mass status; a throw is
 * a failure, never "empty"), `reconcileClient(core, client, massStatus)`, `reconcileMassStatus`.
 * Order of work for one mass status: prepare (partial window, filters, de-duplication), order
 * reports in chunks (each chunk's events sent and applied before the next, so the event loop is
 * never held and the queue never floods), fills without an order report, then (unless
 * `filterPositionReports`) position reports against the positions those fills produced, then the
 * venue-order-id index check. Then the cached open positions of the client's account the venue did
 * not report are queried one instrument at a time: an answer without that instrument means flat
 * (the venue confirmed it), a failed query fails the pass (never assumed flat).
 */
import type { OrderEvent } from "../../model/events.js";
import { positionStatusReport, type ExecutionMassStatus, type PositionStatusReport } from "../../model/reports.js";
import type { ClientId, InstrumentId } from "../../model/identifiers.js";
import type { ExecutionClient } from "../client.js";
import type { ReconciliationCore } from "./core.js";
import { instrumentFilter, planMassStatus } from "./mass-status.js";

const CHUNK = 500;

export async function reconcileClients(core: ReconciliationCore, clients: readonly ExecutionClient[]): Promise<boolean> {
  if (clients.length === 0) return true;
  const lookback = core.deps.config.reconciliationLookbackMins;
  const results = await Promise.allSettled(clients.map((c) => c.generateMassStatus(lookback === undefined || lookback === 0 ? undefined : lookback)));
  let ok = true;
  for (let i = 0; i < clients.length; i++) {
    const client = clients[i] as ExecutionClient;
    const result = results[i] as PromiseSettledResult<ExecutionMassStatus>;
    if (result.status === "rejected") {
      const err = result.reason as Error;
      core.deps.log.error({ err, clientId: client.clientId }, `Mass status from ${client.clientId} failed: ${err?.message ?? String(err)} (the venue's state is unknown)`);
      ok = false;
      continue;
    }
    ok = (await reconcileClient(core, client, result.value)) && ok;
  }
  return ok;
}

export async function reconcileClient(core: ReconciliationCore, client: ExecutionClient, massStatus: ExecutionMassStatus): Promise<boolean> {
  const ok = await reconcileMassStatus(core, massStatus, client.clientId);
  if (core.deps.config.filterPositionReports) return ok;
  return (await reconcileUnreportedPositions(core, client, massStatus)) && ok;
}

export async function reconcileMassStatus(core: ReconciliationCore, ms: ExecutionMassStatus, clientId: ClientId | undefined): Promise<boolean> {
  const { log, config } = core.deps;
  const plan = planMassStatus({ view: core.view, massStatus: ms, config, ctx: core.ctx() });
  const addedBefore = core.ordersAdded;
  core.logNotes(plan.notes);
  for (const [instrumentId, kind] of plan.adjustments) if (kind !== "NoChange") log.info({ instrumentId, adjustment: kind }, `Partial-window adjustment on ${instrumentId}: ${kind}`);
  let ok = true;
  const sink: OrderEvent[] = [];
  for (let i = 0; i < plan.items.length; i++) {
    const item = plan.items[i];
    if (item === undefined) continue;
    ok = core.orderReport(item.report, item.fills, item.external, clientId, sink) && ok;
    if ((i + 1) % CHUNK === 0) {
      core.flush(sink);
      await core.settle();
    }
  }
  for (const fill of plan.orphanFills) if (!core.fillReport(fill, sink)) log.warn({ tradeId: fill.tradeId, venueOrderId: fill.venueOrderId }, `Fill ${fill.tradeId} has no order report and no cached order: left to the position check`);
  core.flush(sink);
  await core.settle();
  if (!config.filterPositionReports) {
    for (const psr of plan.positions) ok = core.positionReport(psr, clientId, sink) && ok;
    core.flush(sink);
    await core.settle();
  }
  checkVenueIndex(core, plan.items.map((i) => i.report));
  const added = core.ordersAdded - addedBefore;
  log.info({ accountId: ms.accountId, orders: plan.items.length, ordersAdded: added, positions: plan.positions.length, ok }, `Reconciled the mass status of ${ms.accountId}: ${plan.items.length} order reports (${added} orders added to the cache), ${plan.positions.length} position reports`);
  return ok;
}

/** Nautilus `_validate_reconciliation_state`: every reconciled venue order id resolves to one order. */
function checkVenueIndex(core: ReconciliationCore, reports: readonly { venueOrderId: string; clientOrderId?: string | undefined; instrumentId: InstrumentId }[]): void {
  const { cache, log } = core.deps;
  for (const r of reports) {
    const indexed = cache.clientOrderIdFor(r.venueOrderId as never);
    if (indexed === undefined) {
      if (cache.instrument(r.instrumentId) !== undefined && !core.deps.config.filterUnclaimedExternalOrders) log.warn({ venueOrderId: r.venueOrderId }, `Venue order id ${r.venueOrderId} is not indexed after reconciliation`);
    } else if (r.clientOrderId !== undefined && indexed !== r.clientOrderId) {
      log.warn({ venueOrderId: r.venueOrderId, indexed, reported: r.clientOrderId }, `Venue order id ${r.venueOrderId} is indexed to ${indexed}, the venue says ${r.clientOrderId}`);
    }
  }
}

/** §3.2 step 5: cached open positions of the client's account that the mass status did not mention. */
async function reconcileUnreportedPositions(core: ReconciliationCore, client: ExecutionClient, ms: ExecutionMassStatus): Promise<boolean> {
  const { cache, log, config } = core.deps;
  const included = instrumentFilter(config.reconciliationInstrumentIds);
  const instruments = new Set<InstrumentId>();
  for (const p of cache.positionsOpen({ accountId: client.accountId })) {
    if (!ms.positionReports.has(p.instrumentId) && included(p.instrumentId)) instruments.add(p.instrumentId);
  }
  let ok = true;
  const sink: OrderEvent[] = [];
  for (const instrumentId of instruments) {
    let reports: PositionStatusReport[];
    try {
      reports = (await client.generatePositionStatusReports({ instrumentId })).filter((r) => r.accountId === client.accountId && r.instrumentId === instrumentId);
    } catch (err) {
      log.error({ err, instrumentId, clientId: client.clientId }, `Position query for ${instrumentId} failed: the cached position is kept (never assumed flat)`);
      ok = false;
      continue;
    }
    if (reports.length === 0) reports = [flatReport(core, client, instrumentId)];
    for (const psr of reports) ok = core.positionReport(psr, client.clientId, sink) && ok;
  }
  core.flush(sink);
  await core.settle();
  return ok;
}

/** The venue answered and holds nothing on the instrument: a FLAT report. */
export function flatReport(core: ReconciliationCore, client: Pick<ExecutionClient, "accountId">, instrumentId: InstrumentId): PositionStatusReport {
  const now = core.deps.clock.timestampNs();
  const precision = core.deps.cache.instrument(instrumentId)?.sizePrecision ?? 0;
  return positionStatusReport({ accountId: client.accountId, instrumentId, signedQty: { raw: 0n, precision }, reportId: core.deps.uuid(), tsLast: now, tsInit: now });
}
