/**
 * A single runtime fill report (reference §3.5 `_reconcile_fill_report_single`): a fill learnt
 * from a query (the position check's missing fills, a client's report) rather than from a mass
 * status.
 *
 * Entry point: `reconcileFillReport(input)` -> `FillOutcome`.
 * - the order is found by venue order id; unknown -> Failed "UnknownOrder" ("FillReport before
 *   OrderStatusReport": the position check retries later);
 * - a report naming another client order id than the order found (IB permId reuse) -> Skipped;
 * - otherwise the fill rules of fills.ts (duplicate trade id, before the inferred fill, overfill).
 */
import type { ClientOrderId } from "../../model/identifiers.js";
import type { OrderEvent } from "../../model/events.js";
import type { FillReport } from "../../model/reports.js";
import { planFillReport } from "./fills.js";
import { OrderPlan, PlanInvalid } from "./plan.js";
import { note, type CacheView, type EventContext, type Note } from "./types.js";

export interface FillReportInput {
  readonly view: CacheView;
  readonly fill: FillReport;
  readonly allowOverfills: boolean;
  readonly ctx: EventContext;
}

export type FillOutcome =
  | { readonly kind: "Applied"; readonly clientOrderId: ClientOrderId; readonly events: readonly OrderEvent[]; readonly notes: readonly Note[] }
  | { readonly kind: "Skipped"; readonly reason: "Duplicate" | "BeforeInferred" | "ClientOrderIdMismatch"; readonly notes: readonly Note[] }
  | { readonly kind: "Failed"; readonly reason: "UnknownOrder" | "Overfill" | "InvalidTransition"; readonly notes: readonly Note[] };

export function reconcileFillReport(input: FillReportInput): FillOutcome {
  const { view, fill, ctx } = input;
  const clientOrderId = view.clientOrderIdFor(fill.venueOrderId);
  const order = clientOrderId === undefined ? undefined : view.order(clientOrderId);
  if (order === undefined) {
    return { kind: "Failed", reason: "UnknownOrder", notes: [note("warn", `FillReport before OrderStatusReport: no cached order for venue order id ${fill.venueOrderId} (trade ${fill.tradeId})`)] };
  }
  if (fill.clientOrderId !== undefined && fill.clientOrderId !== order.clientOrderId) {
    return { kind: "Skipped", reason: "ClientOrderIdMismatch", notes: [note("warn", `Fill ${fill.tradeId} names ${fill.clientOrderId} but venue order id ${fill.venueOrderId} is ${order.clientOrderId}: skipped`)] };
  }
  const instrument = view.instrument(fill.instrumentId);
  const plan = OrderPlan.fromOrder(order, fill.accountId, ctx);
  try {
    const step = planFillReport(plan, fill, { allowOverfills: input.allowOverfills, currency: instrument?.quoteCurrency ?? fill.commission.currency });
    switch (step.kind) {
      case "Applied":
        return { kind: "Applied", clientOrderId: order.clientOrderId, events: plan.events, notes: step.notes };
      case "Duplicate":
        return { kind: "Skipped", reason: "Duplicate", notes: step.notes };
      case "BeforeInferred":
        return { kind: "Skipped", reason: "BeforeInferred", notes: step.notes };
      case "Overfill":
        return { kind: "Failed", reason: "Overfill", notes: step.notes };
      default:
        return assertNeverStep(step);
    }
  } catch (err) {
    if (err instanceof PlanInvalid) return { kind: "Failed", reason: "InvalidTransition", notes: [note("warn", `InvalidStateTrigger applying fill ${fill.tradeId}: ${err.message}`)] };
    throw err;
  }
}

function assertNeverStep(step: never): never {
  throw new Error(`unknown fill step ${JSON.stringify(step)}`);
}
