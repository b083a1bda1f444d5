/**
 * The reconciliation seam of the ExecEngine: what `ExecEngine.reconcile_execution_report` accepts
 * and the interface the reconciliation issue implements (pure functions over the cache and
 * `tsNow` that return the events to apply; design.md "Reconciliation").
 *
 * `ExecutionReport` tags the model's report types (which carry no discriminant of their own) so the
 * reconciler can switch exhaustively; build them with `ExecutionReports.*`.
 * The engine applies the returned events through `processEvents`, i.e. the same queue and handler
 * as venue events.
 */
import type { Cache } from "../cache/cache.js";
import type { OrderEvent } from "../model/events.js";
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from "../model/reports.js";

export type ExecutionReport =
  | { readonly type: "OrderStatusReport"; readonly report: OrderStatusReport }
  | { readonly type: "FillReport"; readonly report: FillReport }
  | { readonly type: "PositionStatusReport"; readonly report: PositionStatusReport }
  | { readonly type: "ExecutionMassStatus"; readonly report: ExecutionMassStatus };

export const ExecutionReports = {
  order: (report: OrderStatusReport): ExecutionReport => ({ type: "OrderStatusReport", report }),
  fill: (report: FillReport): ExecutionReport => ({ type: "FillReport", report }),
  position: (report: PositionStatusReport): ExecutionReport => ({ type: "PositionStatusReport", report }),
  massStatus: (report: ExecutionMassStatus): ExecutionReport => ({ type: "ExecutionMassStatus", report }),
} as const;

export interface ReconcileContext {
  readonly cache: Cache;
  readonly tsNow: bigint;
}

export interface ExecutionReportReconciler {
  /** The events that align the cache with `report` (may add external orders to the cache first). */
  reconcile(report: ExecutionReport, context: ReconcileContext): readonly OrderEvent[];
}
