/**
 * The open-order check's decisions (reference §3.8 B).
 *
 * Entry points:
 * - `openReportNeedsReconcile(report, order)`: the venue's report disagrees with the cache (an
 *   unknown order, open vs closed, filled quantity, quantity or prices);
 * - `decideMissing(input)`: a cached open / in-flight order the venue did not report (full-history
 *   mode only): too recent or touched locally -> Skip; fewer than `openCheckMissingRetries`
 *   sightings -> Count; otherwise -> Probe (the targeted single-order query, never skipped before
 *   a terminal state);
 * - `selectProbes(candidates, max)`: at most `maxSingleOrderQueriesPerCycle`, the order queried
 *   longest ago (or never) first; the rest are deferred to the next cycle;
 * - `resolveNotFound(order)`: the probe confirmed the venue does not know the order:
 *   SUBMITTED / ACCEPTED / TRIGGERED -> REJECTED "ORDER_NOT_FOUND_AT_VENUE"; PARTIALLY_FILLED ->
 *   CANCELED (fills kept); PENDING_* -> Defer; FILLED -> Ignore; other closed -> Skip (warn).
 * In open-only mode (the default) a missing order is only logged: an open-only answer cannot
 * prove an order is gone.
 */
import { OrderStatus } from "../../model/enums.js";
import { OrderEvents, type OrderEvent } from "../../model/events.js";
import type { AccountId, ClientOrderId } from "../../model/identifiers.js";
import { isOpenStatus } from "../../model/orders/fsm.js";
import type { OrderStatusReport } from "../../model/reports.js";
import type { Price } from "../../model/values.js";
import { note, type EventContext, type Note, type OrderView } from "./types.js";

export const NOT_FOUND_REASON = "ORDER_NOT_FOUND_AT_VENUE";

const samePrice = (a: Price | undefined, b: Price | undefined): boolean => b === undefined || (a !== undefined && a.eq(b));

export function openReportNeedsReconcile(report: OrderStatusReport, order: OrderView | undefined): boolean {
  if (order === undefined) return true;
  if (isOpenStatus(report.orderStatus) !== order.isOpen()) return true;
  if (!report.filledQty.eq(order.filledQty)) return true;
  if (!order.isOpen()) return false;
  return !report.quantity.eq(order.quantity) || !samePrice(order.price, report.price) || !samePrice(order.triggerPrice, report.triggerPrice);
}

export type MissingDecision = { readonly kind: "Skip"; readonly why: "Recent" | "LocalActivity" } | { readonly kind: "Count" } | { readonly kind: "Probe" };

export interface MissingInput {
  readonly order: Pick<OrderView, "tsLast">;
  readonly retries: number;
  readonly localActivityNs: bigint | undefined;
  readonly thresholdNs: bigint;
  readonly missingRetries: number;
  readonly tsNow: bigint;
}

export function decideMissing(input: MissingInput): MissingDecision {
  if (input.tsNow - input.order.tsLast < input.thresholdNs) return { kind: "Skip", why: "Recent" };
  if (input.localActivityNs !== undefined && input.tsNow - input.localActivityNs < input.thresholdNs) return { kind: "Skip", why: "LocalActivity" };
  if (input.retries < input.missingRetries) return { kind: "Count" };
  return { kind: "Probe" };
}

export interface ProbeCandidate {
  readonly clientOrderId: ClientOrderId;
  readonly lastQueryNs: bigint | undefined;
}

/** The orders to probe this cycle (longest ago queried first) and those deferred to the next. */
export function selectProbes<T extends ProbeCandidate>(candidates: readonly T[], max: number): { probe: T[]; deferred: T[] } {
  const sorted = [...candidates].sort((a, b) => {
    if (a.lastQueryNs === b.lastQueryNs) return a.clientOrderId < b.clientOrderId ? -1 : a.clientOrderId > b.clientOrderId ? 1 : 0;
    if (a.lastQueryNs === undefined) return -1;
    if (b.lastQueryNs === undefined) return 1;
    return a.lastQueryNs < b.lastQueryNs ? -1 : 1;
  });
  return { probe: sorted.slice(0, max), deferred: sorted.slice(max) };
}

export type NotFoundResolution =
  | { readonly kind: "Resolve"; readonly event: OrderEvent; readonly note: Note }
  | { readonly kind: "Defer"; readonly note: Note }
  | { readonly kind: "Ignore" }
  | { readonly kind: "Skip"; readonly note: Note };

export function resolveNotFound(order: OrderView, accountId: AccountId, ctx: EventContext): NotFoundResolution {
  const ref = { traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, accountId: order.accountId ?? accountId };
  const meta = { eventId: ctx.uuid(), tsEvent: ctx.tsNow, tsInit: ctx.tsNow, reconciliation: true };
  const id = order.clientOrderId;
  switch (order.status) {
    case OrderStatus.SUBMITTED:
    case OrderStatus.ACCEPTED:
    case OrderStatus.TRIGGERED:
      return { kind: "Resolve", event: OrderEvents.rejected(ref, NOT_FOUND_REASON, meta), note: note("warn", `Order ${id} (${order.status}) not found at the venue: REJECTED ${NOT_FOUND_REASON}`) };
    case OrderStatus.PARTIALLY_FILLED:
      return { kind: "Resolve", event: OrderEvents.canceled(ref, meta), note: note("warn", `Order ${id} (PARTIALLY_FILLED) not found at the venue: CANCELED, fills kept`) };
    case OrderStatus.PENDING_UPDATE:
    case OrderStatus.PENDING_CANCEL:
      return { kind: "Defer", note: note("info", `Order ${id} (${order.status}) not found at the venue: left to the in-flight check`) };
    case OrderStatus.FILLED:
      return { kind: "Ignore" };
    case OrderStatus.INITIALIZED:
    case OrderStatus.DENIED:
    case OrderStatus.EMULATED:
    case OrderStatus.RELEASED:
    case OrderStatus.REJECTED:
    case OrderStatus.CANCELED:
    case OrderStatus.EXPIRED:
      return { kind: "Skip", note: note("warn", `Order ${id} (${order.status}) not found at the venue: nothing to resolve`) };
    default:
      return assertNeverStatus(order.status);
  }
}

function assertNeverStatus(status: never): never {
  throw new Error(`unknown order status ${String(status)}`);
}
