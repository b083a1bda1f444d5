/**
 * Mass-status preparation (reference §3.3 `_reconcile_execution_mass_status`, steps 1-3): turns an
 * ExecutionMassStatus into the list of order reports to reconcile (with their fills), the position
 * reports to reconcile afterwards and the fills that belong to no reported order.
 *
 * Entry point: `planMassStatus(input)` -> `MassStatusPlan`. In order:
 * 1. the partial-window adjustment (window.ts) per instrument with a position report, except hedge
 *    mode, filtered or uncached instruments, and instruments the cache already holds an open
 *    position for (there the window is not the whole story: the position check aligns instead);
 * 2. filters: `reconciliationInstrumentIds` (include-list), `filteredClientOrderIds`;
 * 3. de-duplication: a repeated client order id keeps the first (warn); a cached closed order
 *    tagged RECONCILIATION is never replayed; an exact match with the cache (status, filled,
 *    instrument, side, quantity, prices) is skipped; a report without client order id whose venue
 *    order id is indexed gets it filled in; a skipped order's fills go with it; a trade id seen
 *    twice is warned about.
 */
import type { ClientOrderId, InstrumentId, TradeId, VenueOrderId } from "../../model/identifiers.js";
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from "../../model/reports.js";
import type { Price } from "../../model/values.js";
import { adjustForPartialWindow, type WindowAdjustment } from "./window.js";
import { TAG_RECONCILIATION, note, type CacheView, type EventContext, type Note, type OrderView, type ReconciliationConfig } from "./types.js";

export interface ReconcileItem {
  readonly report: OrderStatusReport;
  readonly fills: readonly FillReport[];
  /** false for the synthetic orders of the partial-window adjustment (tagged RECONCILIATION). */
  readonly external: boolean;
}

export interface MassStatusPlan {
  readonly items: readonly ReconcileItem[];
  readonly positions: readonly PositionStatusReport[];
  /** Fills whose venue order id has no order report in the mass status. */
  readonly orphanFills: readonly FillReport[];
  readonly adjustments: ReadonlyMap<InstrumentId, WindowAdjustment["kind"]>;
  readonly notes: readonly Note[];
}

export interface MassStatusInput {
  readonly view: CacheView;
  readonly massStatus: Pick<ExecutionMassStatus, "accountId" | "orderReports" | "fillReports" | "positionReports">;
  readonly config: Pick<ReconciliationConfig, "reconciliationInstrumentIds" | "filteredClientOrderIds">;
  readonly ctx: EventContext;
}

export function instrumentFilter(ids: readonly string[] | undefined): (id: InstrumentId) => boolean {
  if (ids === undefined || ids.length === 0) return () => true;
  const set = new Set<string>(ids);
  return (id) => set.has(id);
}

interface Working {
  readonly orders: Map<VenueOrderId, OrderStatusReport>;
  readonly fills: Map<VenueOrderId, FillReport[]>;
  readonly synthetic: Set<VenueOrderId>;
}

export function planMassStatus(input: MassStatusInput): MassStatusPlan {
  const included = instrumentFilter(input.config.reconciliationInstrumentIds);
  const w: Working = { orders: new Map(input.massStatus.orderReports), fills: new Map(input.massStatus.fillReports), synthetic: new Set() };
  const adjustments = adjustWindows(input, w, included);
  const notes: Note[] = [];
  const items = dedupOrders(input, w, included, notes);
  const orphanFills: FillReport[] = [];
  for (const [venueOrderId, fills] of w.fills) if (!w.orders.has(venueOrderId)) orphanFills.push(...fills.filter((f) => included(f.instrumentId)));
  const positions: PositionStatusReport[] = [];
  for (const [instrumentId, list] of input.massStatus.positionReports) if (included(instrumentId)) positions.push(...list);
  return { items, positions, orphanFills, adjustments, notes };
}

function adjustWindows(input: MassStatusInput, w: Working, included: (id: InstrumentId) => boolean): Map<InstrumentId, WindowAdjustment["kind"]> {
  const result = new Map<InstrumentId, WindowAdjustment["kind"]>();
  const byInstrument = new Map<InstrumentId, OrderStatusReport[]>();
  for (const r of w.orders.values()) {
    const list = byInstrument.get(r.instrumentId);
    if (list === undefined) byInstrument.set(r.instrumentId, [r]);
    else list.push(r);
  }
  for (const [instrumentId, psrs] of input.massStatus.positionReports) {
    const psr = psrs[0];
    const instrument = input.view.instrument(instrumentId);
    if (psr === undefined || psrs.length !== 1 || psr.venuePositionId !== undefined || !included(instrumentId) || instrument === undefined) continue;
    if (input.view.positionsOpen({ instrumentId, accountId: psr.accountId }).length > 0) continue;
    const orders = byInstrument.get(instrumentId) ?? [];
    const fills: FillReport[] = []; // a loop, not flatMap: flatMap is several times slower on V8
    for (const o of orders) {
      const list = w.fills.get(o.venueOrderId);
      if (list !== undefined) for (const f of list) fills.push(f);
    }
    const adjustment = adjustForPartialWindow({ instrument, position: psr, orders, fills, ctx: input.ctx });
    applyAdjustment(w, orders, adjustment);
    result.set(instrumentId, adjustment.kind);
  }
  return result;
}

function applyAdjustment(w: Working, orders: readonly OrderStatusReport[], a: WindowAdjustment): void {
  switch (a.kind) {
    case "NoChange":
      return;
    case "Filter":
    case "Replace":
      for (const o of orders) {
        if (a.keep.has(o.venueOrderId)) continue;
        w.orders.delete(o.venueOrderId);
        w.fills.delete(o.venueOrderId);
      }
      if (a.kind === "Replace" && a.report !== undefined && a.fill !== undefined) addSynthetic(w, a.report, a.fill);
      return;
    case "AddOpening":
      addSynthetic(w, a.report, a.fill);
      return;
    default:
      return assertNeverAdjustment(a);
  }
}

function assertNeverAdjustment(a: never): never {
  throw new Error(`unknown window adjustment ${JSON.stringify(a)}`);
}

function addSynthetic(w: Working, report: OrderStatusReport, fill: FillReport): void {
  w.orders.set(report.venueOrderId, report);
  w.fills.set(report.venueOrderId, [fill]);
  w.synthetic.add(report.venueOrderId);
}

const samePrice = (a: Price | undefined, b: Price | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.eq(b));

/** The cache already holds exactly what the venue reports: nothing to do. */
export function isExactMatch(order: OrderView, report: OrderStatusReport): boolean {
  return (
    order.status === report.orderStatus &&
    order.filledQty.eq(report.filledQty) &&
    order.instrumentId === report.instrumentId &&
    order.side === report.orderSide &&
    order.quantity.eq(report.quantity) &&
    (report.price === undefined || samePrice(order.price, report.price)) &&
    (report.triggerPrice === undefined || samePrice(order.triggerPrice, report.triggerPrice))
  );
}

function dedupOrders(input: MassStatusInput, w: Working, included: (id: InstrumentId) => boolean, notes: Note[]): ReconcileItem[] {
  const { view } = input;
  const filtered = new Set<string>(input.config.filteredClientOrderIds ?? []);
  const seen = new Set<ClientOrderId>();
  const tradeIds = new Set<TradeId>();
  const items: ReconcileItem[] = [];
  for (const [venueOrderId, raw] of w.orders) {
    if (!included(raw.instrumentId)) continue;
    const indexed = raw.clientOrderId === undefined ? view.clientOrderIdFor(venueOrderId) : undefined;
    const report = indexed === undefined ? raw : { ...raw, clientOrderId: indexed };
    const coid = report.clientOrderId;
    if (coid !== undefined) {
      if (filtered.has(coid)) continue;
      if (seen.has(coid)) {
        notes.push(note("warn", `Duplicate client order id ${coid} in the mass status (venue order id ${venueOrderId}): keeping the first report`));
        continue;
      }
      seen.add(coid);
      const cached = view.order(coid);
      if (cached !== undefined && cached.isClosed() && cached.tags.includes(TAG_RECONCILIATION)) continue;
      if (cached !== undefined && isExactMatch(cached, report)) continue;
    }
    const fills = w.fills.get(venueOrderId) ?? [];
    for (const f of fills) {
      if (tradeIds.has(f.tradeId)) notes.push(note("warn", `Duplicate trade id ${f.tradeId} in the mass status (venue order id ${venueOrderId})`));
      tradeIds.add(f.tradeId);
    }
    items.push({ report, fills, external: !w.synthetic.has(venueOrderId) });
  }
  return items;
}
