/**
 * Venue-level faults and manual actions (VenueControl): price moves, orders and trades entered in
 * TWS, forgetting an order, cancelling as a TWS user, rejecting the next order, filling an order
 * now, duplicate execution reports, binding TWS orders to client 0.
 */
import type { Execution, OrderAction, OrderRequest, VenueOrder, VenueResult } from "./api.js";
import { fromNumber, parseDec, ZERO } from "./decimal.js";
import { TERMINAL, type VenueCore } from "./core.js";
import { fillAndCascade, matchConIds, placeOrder } from "./engine.js";
import { cancelRec, touchPrice } from "./lifecycle.js";

const bad = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

export function movePrice(core: VenueCore, conId: number, price: number): VenueResult {
  const inst = core.instruments.get(conId);
  if (inst === undefined) return bad(`unknown conId ${conId}`);
  if (inst.walk === undefined) return bad(`conId ${conId} is priced from its underlying; move the underlying`);
  if (!Number.isFinite(price) || price <= 0) return bad(`price must be positive, got ${price}`);
  const p = fromNumber(price);
  const tick = core.market.tick(conId);
  if (p % tick !== ZERO) return bad(`price ${price} is not a multiple of the tick ${inst.tick}`);
  const changed = core.market.setPrice(conId, Number(p / tick), core.now);
  core.emitQuotes(changed);
  matchConIds(core, changed);
  return { ok: true, value: undefined };
}

export function placeExternalOrder(core: VenueCore, req: Omit<OrderRequest, "clientId" | "orderId">): VenueResult<VenueOrder> {
  return placeOrder(core, { ...req, clientId: 0, orderId: 0, parentId: 0 }, true);
}

export function externalTrade(
  core: VenueCore,
  t: { account?: string; conId: number; action: OrderAction; quantity: string; price?: number },
): VenueResult<Execution> {
  const inst = core.instruments.get(t.conId);
  if (inst === undefined) return bad(`unknown conId ${t.conId}`);
  const held = core.rejectNext;
  core.rejectNext = null;
  const placed = placeOrder(
    core,
    { clientId: 0, orderId: 0, contract: { conId: t.conId }, action: t.action, totalQuantity: t.quantity, orderType: "MKT", tif: "DAY", goodTillDate: "", ocaGroup: "", ocaType: 0, parentId: 0, transmit: false, orderRef: "", account: t.account ?? "", outsideRth: false },
    true,
  );
  core.rejectNext = held;
  if (!placed.ok) return placed;
  const o = core.orders.get(placed.value.permId)!;
  o.staged = false;
  core.setStatus(o, "Submitted");
  core.emitOrder(o, "placed");
  return fill(core, o.permId, t.price, undefined);
}

function fill(core: VenueCore, permId: number, price: number | undefined, quantity: string | undefined): VenueResult<Execution> {
  const o = core.orders.get(permId);
  if (o === undefined || o.forgotten) return bad(`unknown permId ${permId}`);
  if (!core.isLive(o)) return bad(`order ${permId} is not live (status ${o.status}${o.staged ? ", not transmitted" : ""})`);
  const remaining = o.qty - o.filled;
  const qty = quantity === undefined ? remaining : parseDec(quantity);
  if (qty === undefined || qty <= ZERO || qty > remaining) return bad(`quantity must be in (0, ${remaining}], got ${quantity}`);
  const tick = core.market.tick(o.conId);
  const p = price === undefined ? touchPrice(core, o.conId, o.side) : fromNumber(price);
  if (p <= ZERO || p % tick !== ZERO) return bad(`price ${price} is not a positive multiple of the tick`);
  const before = core.executions.length;
  fillAndCascade(core, o, qty, p, 2);
  return { ok: true, value: core.executions[before]!.execution };
}

export function fillNow(core: VenueCore, permId: number, opts?: { price?: number; quantity?: string }): VenueResult<Execution> {
  return fill(core, permId, opts?.price, opts?.quantity);
}

export function forgetOrder(core: VenueCore, permId: number): VenueResult {
  const o = core.orders.get(permId);
  if (o === undefined || o.forgotten) return bad(`unknown permId ${permId}`);
  o.forgotten = true;
  core.reindex(o);
  return { ok: true, value: undefined };
}

export function cancelAsTwsUser(core: VenueCore, permId: number): VenueResult<VenueOrder> {
  const o = core.orders.get(permId);
  if (o === undefined || o.forgotten) return bad(`unknown permId ${permId}`);
  if (TERMINAL.has(o.status) || o.staged) return bad(`order ${permId} is not live (status ${o.status})`);
  cancelRec(core, o, "Cancelled by User", "cancelled", { notify: o.clientId });
  return { ok: true, value: core.view(o) };
}

export function duplicateExecution(core: VenueCore, execId: string): VenueResult {
  const rec = core.executions.find((e) => e.execution.execId === execId);
  if (rec === undefined) return bad(`unknown execId ${execId}`);
  core.emit({ kind: "execution", execution: { ...rec.execution, contract: { ...rec.execution.contract } }, replay: true });
  core.emit({ kind: "commission", report: { ...rec.commission }, clientId: rec.execution.clientId, replay: true });
  return { ok: true, value: undefined };
}

/** reqOpenOrders / reqAutoOpenOrders from client 0: TWS orders get negative ids, as IB binds them. */
export function bindExternalOrders(core: VenueCore): VenueOrder[] {
  const bound: VenueOrder[] = [];
  for (const o of core.orders.values()) {
    if (!o.external || o.orderId !== 0 || !core.isLive(o)) continue;
    o.orderId = core.boundIdNext--;
    o.req = { ...o.req, orderId: o.orderId };
    core.byClientOrder.set(`0:${o.orderId}`, o.permId);
    core.emit({ kind: "orderBound", permId: o.permId, clientId: 0, orderId: o.orderId });
    core.emitOrder(o, "bound");
    bound.push(core.view(o));
  }
  return bound;
}
