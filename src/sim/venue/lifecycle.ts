/**
 * Small order-lifecycle steps shared by the engine, fills and control operations: the touch of an
 * instrument, cancelling an order (and, for a bracket parent, its children), and OCA siblings.
 */
import { fromInt, type Dec } from "./decimal.js";
import { TERMINAL, type OrderRec, type VenueCore } from "./core.js";
import type { Touch } from "./matching.js";
import type { OrderEventCause } from "./api.js";

export function touchOf(core: VenueCore, conId: number): Touch {
  const s = core.market.state(conId);
  const tick = core.market.tick(conId);
  if (s === undefined) return { bid: 0n, ask: 0n, bidSize: 0n, askSize: 0n };
  return { bid: BigInt(s.bid) * tick, ask: BigInt(s.ask) * tick, bidSize: fromInt(s.bidSize), askSize: fromInt(s.askSize) };
}

export function touchPrice(core: VenueCore, conId: number, side: 1 | -1): Dec {
  const t = touchOf(core, conId);
  return side === 1 ? t.ask : t.bid;
}

export interface CancelNotice {
  /** Who gets the 202 (requester for API cancels, owner otherwise); null: no 202. */
  notify: number | null;
  requestedBy?: number;
}

/**
 * Cancel an order that is not terminal: status Cancelled, an order event, an optional 202, and the
 * same for its bracket children that are not terminal.
 */
export function cancelRec(core: VenueCore, o: OrderRec, completedStatus: string, cause: OrderEventCause, notice: CancelNotice): void {
  if (TERMINAL.has(o.status)) return;
  o.completedStatus = completedStatus;
  core.setStatus(o, "Cancelled");
  if (!o.forgotten) {
    core.emitOrder(o, cause, notice.requestedBy);
    if (notice.notify !== null) core.orderError(notice.notify, o.orderId, 202, "Order Canceled - reason:", o.permId);
  }
  for (const child of childrenOf(core, o)) {
    cancelRec(core, child, completedStatus, cause, { notify: notice.notify === null ? null : child.clientId });
  }
}

export function childrenOf(core: VenueCore, parent: OrderRec): OrderRec[] {
  const out: OrderRec[] = [];
  for (const permId of core.childrenByParent.get(parent.permId) ?? []) {
    const o = core.orders.get(permId);
    if (o !== undefined) out.push(o);
  }
  return out;
}

/** Non-terminal, reported orders of the same account and OCA group, other than `o`. */
export function ocaSiblings(core: VenueCore, o: OrderRec): OrderRec[] {
  if (o.ocaGroup === "") return [];
  const out: OrderRec[] = [];
  for (const s of core.orders.values()) {
    if (s.permId === o.permId || s.ocaGroup !== o.ocaGroup || s.req.account !== o.req.account) continue;
    if (TERMINAL.has(s.status) || s.forgotten || s.staged) continue;
    out.push(s);
  }
  return out;
}
