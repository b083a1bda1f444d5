/**
 * The in-flight check's decision (reference §3.8 A) and its resolution policy.
 *
 * Entry points: `inflightCandidates(orders, tsNow, thresholdNs)`, `decideInflight(input)`.
 * Candidates are SUBMITTED / PENDING_UPDATE / PENDING_CANCEL orders whose last event is older than
 * `inflightCheckThresholdMs`. For each: queried less than the threshold ago -> Wait; fewer than
 * `inflightCheckRetries` queries -> Query (the manager probes the venue and counts it);
 * otherwise resolve.
 *
 * POLICY (porting note 7.6, documented in docs of this module and tested):
 * - SUBMITTED, never acknowledged after the retries -> OrderRejected("INFLIGHT_TIMEOUT"): the order
 *   never reached a working state, and a late acknowledgement is still applied by the open check.
 * - PENDING_UPDATE / PENDING_CANCEL, unanswered after the retries -> OrderCanceled (Nautilus'
 *   code, not its docs): a cancel or a modify the venue never answered leaves an order we can no
 *   longer vouch for; treating it as canceled stops strategies from relying on it, and any late
 *   fill is still applied (CANCELED accepts fills).
 * - Deferred while the engine's queues hold a backlog (the answer may be waiting in the queue).
 * - Never taken on a failed query: when the retries are spent and the last query failed (the
 *   venue unreachable proves nothing), the order is queried again each threshold; the resolution
 *   follows only a reachable venue's "unknown order".
 */
import { OrderStatus } from "../../model/enums.js";
import { OrderEvents, type OrderEvent } from "../../model/events.js";
import type { AccountId } from "../../model/identifiers.js";
import type { EventContext, OrderView } from "./types.js";

export const INFLIGHT_TIMEOUT_REASON = "INFLIGHT_TIMEOUT";

/** What the manager remembers per order between checks (shared by the in-flight and open checks). */
export interface OrderTracking {
  readonly retries: number;
  /** When the venue was last asked about the order (UTC ns), undefined if never. */
  readonly lastQueryNs: bigint | undefined;
  /** The outcome of the last probe: the venue answered "unknown order", or the query failed. */
  readonly lastProbe?: "NotFound" | "Error" | undefined;
}

export type InflightDecision =
  | { readonly kind: "Wait" }
  | { readonly kind: "Query" }
  | { readonly kind: "Defer"; readonly why: "Backlog" }
  | { readonly kind: "Resolve"; readonly event: OrderEvent };

export function inflightCandidates<T extends Pick<OrderView, "status" | "lastEvent">>(orders: readonly T[], tsNow: bigint, thresholdNs: bigint): T[] {
  return orders.filter((o) => isInflight(o.status) && tsNow - o.lastEvent.tsEvent > thresholdNs);
}

function isInflight(s: OrderStatus): boolean {
  return s === OrderStatus.SUBMITTED || s === OrderStatus.PENDING_UPDATE || s === OrderStatus.PENDING_CANCEL;
}

export interface InflightInput {
  readonly order: OrderView;
  readonly tracking: OrderTracking | undefined;
  readonly thresholdNs: bigint;
  readonly maxRetries: number;
  readonly backlog: number;
  readonly accountId: AccountId;
  readonly ctx: EventContext;
}

export function decideInflight(input: InflightInput): InflightDecision {
  const { tracking, ctx } = input;
  if (tracking?.lastQueryNs !== undefined && ctx.tsNow - tracking.lastQueryNs < input.thresholdNs) return { kind: "Wait" };
  if ((tracking?.retries ?? 0) < input.maxRetries) return { kind: "Query" };
  if (input.backlog > 0) return { kind: "Defer", why: "Backlog" };
  // The last query failed: ask again; only a reachable venue's "unknown order" resolves.
  if (tracking?.lastProbe === "Error") return { kind: "Query" };
  return { kind: "Resolve", event: inflightResolution(input.order, input.accountId, ctx) };
}

/** The policy's event for an order stuck in flight. */
export function inflightResolution(order: OrderView, accountId: AccountId, ctx: EventContext): OrderEvent {
  const ref = { traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, accountId: order.accountId ?? accountId };
  const meta = { eventId: ctx.uuid(), tsEvent: ctx.tsNow, tsInit: ctx.tsNow, reconciliation: true };
  if (order.status === OrderStatus.SUBMITTED) return OrderEvents.rejected(ref, INFLIGHT_TIMEOUT_REASON, meta);
  return OrderEvents.canceled(ref, meta);
}
