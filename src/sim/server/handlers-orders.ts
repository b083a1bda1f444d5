/**
 * Order requests: place / modify / cancel / global cancel, open orders (own, all, auto-bind),
 * completed orders, executions, next id. The venue emits the resulting order events and errors;
 * routing.ts turns them into frames. Handlers only answer what a request itself answers
 * (lists and their end markers, ids, client-id errors).
 */
import type { ClientMessage } from "../wire/decode.js";
import type { ExecutionFilter } from "../venue/api.js";
import { encodeCommissionReport, encodeCompletedOrdersEnd, encodeError, encodeExecutionDataEnd, encodeNextValidId, encodeOpenOrderEnd } from "../wire/encode.js";
import { encodeCompletedOrder } from "../wire/encode-order.js";
import { encodeExecutionData } from "../wire/encode-contract.js";
import { completedOrderMsg, orderRequest, wireContract, wireExecution } from "./mapping.js";
import { orderFrames, orderKey, takeScoped, type ServerContext } from "./context.js";
import type { Session } from "./session.js";

type Msg<K extends ClientMessage["kind"]> = Extract<ClientMessage, { kind: K }>;

export function placeOrder(ctx: ServerContext, s: Session, m: Msg<"placeOrder">): void {
  const key = orderKey(s.clientId, m.orderId);
  const previous = ctx.sentOrders.get(key);
  // An id never seen over the wire is a new order (O(1): listing the venue's orders per placement is not).
  const isNew = previous === undefined;
  ctx.sentOrders.set(key, m.order);
  const swallow = isNew && takeScoped(ctx.faults.swallowNext, s.clientId);
  if (swallow) {
    ctx.faults.swallowed.add(key);
    ctx.silent.add(key);
    ctx.logger.warn({ clientId: s.clientId, orderId: m.orderId }, "fault: swallowing the acknowledgements of this order");
  }
  try {
    const r = ctx.venue.placeOrder(orderRequest(s.clientId, m.contract, m.order));
    if (!r.ok && previous !== undefined) ctx.sentOrders.set(key, previous);
    if (!r.ok && previous === undefined && isNew) ctx.sentOrders.delete(key);
  } finally {
    ctx.silent.delete(key);
  }
}

export function cancelOrder(ctx: ServerContext, s: Session, m: Msg<"cancelOrder">): void {
  ctx.venue.cancelOrder(s.clientId, m.orderId);
}

export function globalCancel(ctx: ServerContext, s: Session): void {
  ctx.venue.globalCancel(s.clientId);
}

/** reqOpenOrders: this client's orders; client 0 also binds TWS orders first. */
export function reqOpenOrders(ctx: ServerContext, s: Session): void {
  if (s.clientId === 0) ctx.venue.bindExternalOrders();
  for (const o of ctx.venue.openOrders({ clientId: s.clientId })) s.sendAll(orderFrames(ctx, o));
  s.send(encodeOpenOrderEnd());
}

/** reqAllOpenOrders: every open order of every client and TWS, without binding. */
export function reqAllOpenOrders(ctx: ServerContext, s: Session): void {
  for (const o of ctx.venue.openOrders()) s.sendAll(orderFrames(ctx, o));
  s.send(encodeOpenOrderEnd());
}

export function reqAutoOpenOrders(ctx: ServerContext, s: Session, m: Msg<"reqAutoOpenOrders">): void {
  if (s.clientId !== 0) {
    s.send(encodeError(-1, 327, "Only API connections with clientId set to 0 can set the auto bind TWS orders property."));
    return;
  }
  s.autoBind = m.autoBind;
  if (m.autoBind) ctx.venue.bindExternalOrders();
}

export function reqCompletedOrders(ctx: ServerContext, s: Session, m: Msg<"reqCompletedOrders">): void {
  const all = ctx.venue.completedOrders().filter((o) => !m.apiOnly || !o.external);
  for (const o of all) {
    const parent = o.request.parentId !== 0 ? ctx.venue.openOrders({ clientId: o.clientId }).concat(ctx.venue.completedOrders())
      .find((p) => p.clientId === o.clientId && p.orderId === o.request.parentId) : undefined;
    s.send(encodeCompletedOrder(completedOrderMsg(o, ctx.sentOrders.get(orderKey(o.clientId, o.orderId)), parent?.permId ?? 0)));
  }
  s.send(encodeCompletedOrdersEnd());
}

export function reqExecutions(ctx: ServerContext, s: Session, m: Msg<"reqExecutions">): void {
  const f = m.filter;
  const filter: ExecutionFilter = {};
  if (f.clientId !== undefined && f.clientId !== 0) filter.clientId = f.clientId;
  if (f.account !== "") filter.account = f.account;
  if (f.time !== "") filter.time = f.time;
  if (f.symbol !== "") filter.symbol = f.symbol;
  if (f.secType !== "") filter.secType = f.secType;
  if (f.exchange !== "") filter.exchange = f.exchange;
  if (f.side !== "") filter.side = f.side;
  for (const { execution, commission } of ctx.venue.executions(filter)) {
    s.send(encodeExecutionData(m.reqId, wireContract(execution.contract), wireExecution(execution)));
    s.send(encodeCommissionReport(commission));
  }
  s.send(encodeExecutionDataEnd(m.reqId));
}

export function reqIds(ctx: ServerContext, s: Session): void {
  s.send(encodeNextValidId(ctx.venue.nextOrderIdFor(s.clientId)));
}
