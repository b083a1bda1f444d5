/**
 * The reconciliation seam of the ExecEngine: what `ExecEngine.reconcile_execution_report` accepts
 * and the interface the reconciliation issue implements (pure functions over the cache and
 * `tsNow` that return the events to apply; design.md "Reconciliation").
 *
 * The engine applies the returned events through `processEvents`, i.e. the same queue and handler
 * as venue events.
 */
import type { Cache } from "../cache/cache.js";
import type { OrderEvent } from "../model/events.js";
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from "../model/reports.js";

export type ExecutionReport = OrderStatusReport | FillReport | PositionStatusReport | ExecutionMassStatus;

export interface ReconcileContext {
  readonly cache: Cache;
  readonly tsNow: bigint;
}

export interface ExecutionReportReconciler {
  /** The events that align the cache with `report` (may add external orders to the cache first). */
  reconcile(report: ExecutionReport, context: ReconcileContext): readonly OrderEvent[];
}
