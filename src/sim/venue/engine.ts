/**
 * The order engine: new orders, modifications, staging and transmission of brackets, activation
 * (PreSubmitted / Submitted / IOC / FOK lifecycles of tws-protocol.md 4.1), matching passes,
 * API cancels with IB's errors, and DAY/GTD expiry.
 *
 * Entry points: placeOrder, cancelOrder, globalCancel, matchConIds, expireOrders, fillAndCascade.
 * Invariant: an order is matched only while live (transmitted, not terminal, not forgotten) and not
 * held (bracket child before its parent fills, or untriggered).
 */
import type { OrderEventCause, OrderRequest, VenueOrder, VenueResult } from "./api.js";
import { ZERO, type Dec } from "./decimal.js";
import { TERMINAL, TRIGGERED_TYPES, type OrderRec, type VenueCore } from "./core.js";
import { applyFill } from "./fills.js";
import { cancelRec, childrenOf, touchOf } from "./lifecycle.js";
import { fillableQty, fillPrice, isElected, isMarketable, trailLimit, updateTrail, type Touch } from "./matching.js";
import { validateOrder, type Invalid, type ValidOrder } from "./validate.js";
import { passIsNoOp } from "./passive.js";

function fail(core: VenueCore, clientId: number, orderId: number, e: Invalid): VenueResult<VenueOrder> {
  core.orderError(clientId, orderId, e.code, e.message);
  return { ok: false, reason: `${e.code} ${e.message}` };
}

export function placeOrder(core: VenueCore, req: OrderRequest, external = false): VenueResult<VenueOrder> {
  const existing = req.orderId !== 0 ? core.byClient(req.clientId, req.orderId) : undefined;
  if (existing !== undefined && !existing.forgotten) {
    if (existing.staged || core.isLive(existing)) return modifyOrder(core, existing, req);
    if (existing.status === "Filled") return fail(core, req.clientId, req.orderId, { code: 104, message: "Cannot modify a filled order." });
    return fail(core, req.clientId, req.orderId, { code: 103, message: "Duplicate order id" });
  }
  if (!external && (req.orderId <= 0 || req.orderId <= (core.maxOrderId.get(req.clientId) ?? 0))) {
    return fail(core, req.clientId, req.orderId, { code: 103, message: "Duplicate order id" });
  }
  const v = validateOrder(core, req);
  if ("code" in v) return fail(core, req.clientId, req.orderId, v);
  const parent = req.parentId !== 0 ? core.byClient(req.clientId, req.parentId) : undefined;
  const o = newRecord(core, req, v, external, parent);
  core.addOrder(o);
  const orphan = req.parentId !== 0 && parent === undefined;
  if (core.rejectNext !== null || orphan) {
    const reason = orphan ? `Parent order ${req.parentId} is not found` : (core.rejectNext ?? "");
    if (!orphan) core.rejectNext = null;
    o.staged = false;
    o.completedStatus = `Rejected: ${reason}`;
    core.setStatus(o, "Inactive");
    core.orderError(o.clientId, o.orderId, 201, `Order rejected - reason:${reason}`, o.permId);
    core.emitOrder(o, "rejected");
    return { ok: true, value: core.view(o) };
  }
  if (wantsTransmit(core, req)) transmit(core, o);
  return { ok: true, value: core.view(o) };
}

function wantsTransmit(core: VenueCore, req: OrderRequest): boolean {
  return req.transmit ?? core.options.missingTransmit === "transmit";
}

function newRecord(core: VenueCore, req: OrderRequest, v: ValidOrder, external: boolean, parent: OrderRec | undefined): OrderRec {
  const permId = core.permIdNext++;
  const autoOca = parent !== undefined && req.ocaGroup === "";
  const ocaGroup = autoOca ? String(parent.permId) : req.ocaGroup;
  const ocaType = ocaGroup === "" ? req.ocaType : autoOca || req.ocaType === 0 ? 3 : req.ocaType;
  return {
    permId,
    clientId: req.clientId,
    orderId: req.orderId,
    conId: v.conId,
    req: { ...req, contract: { ...req.contract }, account: v.account, tif: v.tif },
    type: v.type,
    tif: v.tif,
    side: v.side,
    qty: v.qty,
    filled: ZERO,
    filledValue: ZERO,
    lastFill: ZERO,
    lmt: v.lmt,
    aux: v.aux,
    trailStop: v.trailStop,
    status: "PendingSubmit",
    whyHeld: "",
    triggered: !TRIGGERED_TYPES.has(v.type),
    staged: true,
    parentPermId: parent?.permId ?? 0,
    ocaGroup,
    ocaType,
    expiresMs: v.expiresMs,
    commission: ZERO,
    createdMs: core.now,
    updatedMs: core.now,
    completedMs: null,
    completedStatus: null,
    external,
    forgotten: false,
  };
}

/** Make a staged order live together with its staged parent and siblings (bracket transmission). */
function transmit(core: VenueCore, o: OrderRec): void {
  const parent = o.parentPermId !== 0 ? core.orders.get(o.parentPermId) : undefined;
  const root = parent?.staged === true ? parent : o;
  const group = [root, ...childrenOf(core, root).filter((c) => c.staged && c !== o)];
  if (root !== o) group.push(o);
  for (const member of group) {
    member.staged = false;
    core.reindex(member);
  }
  for (const member of group) if (!TERMINAL.has(member.status)) goLive(core, member);
}

function goLive(core: VenueCore, o: OrderRec): void {
  const parent = o.parentPermId !== 0 ? core.orders.get(o.parentPermId) : undefined;
  if (parent !== undefined && TERMINAL.has(parent.status) && parent.status !== "Filled") {
    cancelRec(core, o, "Cancelled by System", "cancelled", { notify: o.clientId });
    return;
  }
  if (parent !== undefined && parent.status !== "Filled") {
    o.whyHeld = "child";
    core.setStatus(o, "PreSubmitted");
    core.emitOrder(o, "placed");
    return;
  }
  activate(core, o, "placed");
}

/** Start working an order that is no longer held by a parent. */
export function activate(core: VenueCore, o: OrderRec, cause: OrderEventCause): void {
  const t = touchOf(core, o.conId);
  o.whyHeld = "";
  if (!o.triggered) {
    updateTrail(o, t, core.market.tick(o.conId));
    if (!isElected(o, t)) {
      o.whyHeld = "trigger";
      core.setStatus(o, "PreSubmitted");
      core.emitOrder(o, cause);
      return;
    }
    elect(o);
  }
  if (o.tif === "FOK" || o.tif === "IOC") return immediate(core, o, cause);
  core.setStatus(o, o.type === "MKT" ? "PreSubmitted" : "Submitted");
  core.emitOrder(o, cause);
  matchOrder(core, o, true);
  if (core.isLive(o) && o.status === "PreSubmitted") {
    core.setStatus(o, "Submitted");
    core.emitOrder(o, cause);
  }
}

function elect(o: OrderRec): void {
  o.triggered = true;
  if (o.type === "TRAIL LIMIT" && o.trailStop !== null) o.lmt = trailLimit(o, o.trailStop);
}

/** IOC and FOK: execute what can execute now, the rest is cancelled (IOC) or nothing happens (FOK: Inactive). */
function immediate(core: VenueCore, o: OrderRec, cause: OrderEventCause): void {
  const t = touchOf(core, o.conId);
  const remaining = o.qty - o.filled;
  const available = isMarketable(o, t) ? fillableQty(remaining, t, o.side, core.options.partialFills) : ZERO;
  if (o.tif === "FOK" && available < remaining) {
    o.completedStatus = "Cancelled by System";
    core.setStatus(o, "Inactive");
    core.emitOrder(o, cause);
    return;
  }
  if (available > ZERO) {
    core.setStatus(o, "PreSubmitted");
    core.emitOrder(o, cause);
    fillAndCascade(core, o, available, fillPrice(o, t, true), 2);
  }
  if (!core.isLive(o)) return;
  core.setStatus(o, "PendingCancel");
  core.emitOrder(o, available > ZERO ? "cancelled" : cause);
  cancelRec(core, o, "Cancelled by System", "cancelled", { notify: null });
}

/** One matching pass for a live order: trail, election, then at most one fill. */
export function matchOrder(core: VenueCore, o: OrderRec, aggressive: boolean, touch?: Touch): void {
  if (!core.isLive(o) || o.whyHeld === "child") return;
  const t = touch ?? touchOf(core, o.conId);
  if (!o.triggered) {
    updateTrail(o, t, core.market.tick(o.conId));
    if (!isElected(o, t)) return;
    elect(o);
    o.whyHeld = "";
    core.setStatus(o, "Submitted");
    core.emitOrder(o, "triggered");
    aggressive = true;
  }
  if (!isMarketable(o, t)) return;
  const qty = fillableQty(o.qty - o.filled, t, o.side, core.options.partialFills);
  if (qty <= ZERO) return;
  fillAndCascade(core, o, qty, fillPrice(o, t, aggressive), aggressive ? 2 : 1);
}

/** Fill, then release bracket children once the parent is completely filled. */
export function fillAndCascade(core: VenueCore, o: OrderRec, qty: Dec, price: Dec, liquidity: number): void {
  applyFill(core, o, qty, price, liquidity);
  if (o.status !== "Filled") return;
  for (const child of childrenOf(core, o)) {
    if (core.isLive(child) && child.whyHeld === "child") activate(core, child, "activated");
  }
}

/** Passive matching of the live orders on instruments whose quote changed. */
export function matchConIds(core: VenueCore, conIds: Iterable<number>): void {
  for (const conId of conIds) {
    const live = core.liveByConId.get(conId);
    if (live === undefined || live.size === 0) continue;
    // The touch changes only when something fills (prints never move bid/ask), so compute it once.
    const t = touchOf(core, conId);
    if (passIsNoOp(core, conId, live, t)) continue;
    for (const permId of [...live]) {
      const o = core.orders.get(permId);
      if (o !== undefined) matchOrder(core, o, false, t);
    }
  }
}

/** Cancel DAY / GTD orders whose time has come. */
export function expireOrders(core: VenueCore): void {
  if (core.now < core.nextExpiryMs) return;
  let next = Infinity;
  for (const set of core.liveByConId.values()) {
    for (const permId of set) {
      const e = core.orders.get(permId)?.expiresMs ?? null;
      if (e !== null && e > core.now && e < next) next = e;
    }
  }
  for (const set of core.liveByConId.values()) {
    for (const permId of [...set]) {
      const o = core.orders.get(permId);
      if (o !== undefined && o.expiresMs !== null && o.expiresMs <= core.now && core.isLive(o)) {
        cancelRec(core, o, "Expired", "expired", { notify: null });
      }
    }
  }
  core.nextExpiryMs = next;
}

function modifyOrder(core: VenueCore, o: OrderRec, req: OrderRequest): VenueResult<VenueOrder> {
  const v = validateOrder(core, req);
  if ("code" in v) return fail(core, req.clientId, req.orderId, v);
  if (v.conId !== o.conId) return fail(core, req.clientId, req.orderId, { code: 321, message: "Error validating request.-'bC' : cause - The contract of an order cannot be changed" });
  if (v.qty < o.filled) return fail(core, req.clientId, req.orderId, { code: 321, message: "Error validating request.-'bQ' : cause - The order size cannot be reduced below the filled quantity" });
  const typeChanged = v.type !== o.type;
  const keepExpiry = v.tif === "DAY" && o.tif === "DAY";
  o.req = { ...req, contract: { ...req.contract }, account: o.req.account, tif: v.tif };
  o.type = v.type;
  o.tif = v.tif;
  o.qty = v.qty;
  o.lmt = v.lmt;
  o.aux = v.aux;
  if (typeChanged || v.trailStop !== null) o.trailStop = v.trailStop;
  if (typeChanged) o.triggered = !TRIGGERED_TYPES.has(v.type);
  if (!keepExpiry) o.expiresMs = v.expiresMs;
  core.noteExpiry(o.expiresMs);
  if (req.ocaGroup !== "") o.ocaGroup = req.ocaGroup;
  o.updatedMs = core.now;
  if (o.staged) {
    if (wantsTransmit(core, req)) transmit(core, o);
    return { ok: true, value: core.view(o) };
  }
  if (o.filled === o.qty) {
    o.completedStatus = "Filled";
    core.setStatus(o, "Filled");
  }
  if (!o.triggered && o.whyHeld !== "child" && core.isLive(o)) {
    o.whyHeld = "trigger";
    core.setStatus(o, "PreSubmitted");
  }
  core.emitOrder(o, "modified", req.clientId);
  if (o.whyHeld !== "child") matchOrder(core, o, true);
  return { ok: true, value: core.view(o) };
}

/** Resolve a cancel: the requester's own order first, else a unique live order of another client with that id. */
function findForCancel(core: VenueCore, clientId: number, orderId: number): OrderRec | undefined {
  const own = core.byClient(clientId, orderId);
  if (own !== undefined && !own.forgotten) return own;
  if (orderId === 0) return undefined;
  const others = [...core.orders.values()].filter((o) => o.orderId === orderId && core.isLive(o));
  return others.length === 1 ? others[0] : undefined;
}

export function cancelOrder(core: VenueCore, clientId: number, orderId: number): VenueResult<VenueOrder> {
  const o = findForCancel(core, clientId, orderId);
  if (o === undefined) return fail(core, clientId, orderId, { code: 10147, message: `OrderId ${orderId} that needs to be cancelled is not found.` });
  if (o.status === "Inactive") {
    return fail(core, clientId, orderId, { code: 161, message: `Cancel attempted when order is not in a cancellable state.  Order permId =${o.permId}` });
  }
  if (TERMINAL.has(o.status) || o.status === "PendingCancel") {
    return fail(core, clientId, orderId, { code: 10148, message: `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${o.status}.` });
  }
  o.staged = false;
  cancelRec(core, o, "Cancelled by Trader", "cancelled", { notify: clientId, requestedBy: clientId });
  return { ok: true, value: core.view(o) };
}

export function globalCancel(core: VenueCore, requestedBy: number): void {
  for (const o of [...core.orders.values()]) {
    if (o.forgotten || TERMINAL.has(o.status)) continue;
    o.staged = false;
    cancelRec(core, o, "Cancelled by Trader", "cancelled", { notify: o.clientId, requestedBy });
  }
}

