/**
 * Venue events -> frames to the sessions that must hear them (tws-protocol.md §4.4 "where order
 * messages go"): order events and errors to the owning client (and the requester when another
 * client acted on it), executions as EXECUTION_DATA(-1) + COMMISSION_REPORT, quotes to market-data,
 * tick-by-tick and bar subscribers, positions / account values to their subscribers, ORDER_BOUND
 * to client 0. Connection-level faults apply here: swallowed acknowledgements, duplicated
 * executions, and the hold of order traffic while connectivity is lost (1100).
 */
import { assertNever } from "../../common/errors.js";
import type { Quote, VenueEvent, VenueOrder } from "../venue/api.js";
import { encodeCommissionReport, encodeError, encodeHistoricalDataUpdate, encodeOrderBound, encodeRealTimeBar } from "../wire/encode.js";
import { encodeOrderStatus } from "../wire/encode-order.js";
import { encodeExecutionData } from "../wire/encode-contract.js";
import { orderStatusMsg, wireContract, wireExecution } from "./mapping.js";
import { orderFrames, orderKey, sessionsOfClient, takeScoped, type ServerContext } from "./context.js";
import { quoteTicks, tickByTickFrame } from "./market-data.js";
import { accountFrames, portfolioFrame, positionFrame, summaryFrames } from "./handlers-account.js";
import { barDate } from "./handlers-data.js";
import { toWireBar, type OpenBar } from "./bars.js";
import type { BarSub, Session } from "./session.js";

export interface Router {
  route(e: VenueEvent): void;
  /** Release order traffic held while connectivity was lost. */
  releaseHeld(): void;
  /** Close bars that ended by `nowMs` and push keepUpToDate updates. */
  onClock(nowMs: number): void;
}

export function createRouter(ctx: ServerContext, bindExternal: () => void): Router {
  const held: (() => void)[] = [];
  const duplicatedExecIds = new Set<string>();
  const orderTraffic = (fn: () => void): void => {
    if (ctx.faults.connectivityLost) held.push(fn);
    else fn();
  };

  const recipients = (clientId: number, requestedBy: number | undefined): Session[] => {
    const out = sessionsOfClient(ctx, clientId);
    if (requestedBy !== undefined && requestedBy !== clientId) out.push(...sessionsOfClient(ctx, requestedBy));
    return out;
  };

  const routeOrder = (o: VenueOrder, cause: string, requestedBy: number | undefined): void => {
    if (ctx.silent.has(orderKey(o.clientId, o.orderId))) return;
    if (o.external && o.orderId === 0 && [...ctx.sessions()].some((s) => s.clientId === 0 && s.autoBind)) {
      queueMicrotask(bindExternal);
      return;
    }
    const frames = cause === "cancelled" ? [encodeOrderStatus(orderStatusMsg(o))] : orderFrames(ctx, o);
    for (const s of recipients(o.clientId, requestedBy)) s.sendAll(frames);
  };

  const route = (e: VenueEvent): void => {
    switch (e.kind) {
      case "order":
        return orderTraffic(() => routeOrder(e.order, e.cause, e.requestedBy));
      case "execution":
        return orderTraffic(() => {
          const frame = encodeExecutionData(-1, wireContract(e.execution.contract), wireExecution(e.execution));
          let times = 1;
          if (!e.replay && takeScoped(ctx.faults.duplicateNext, e.execution.clientId)) {
            duplicatedExecIds.add(e.execution.execId);
            times = 2;
          }
          for (const s of sessionsOfClient(ctx, e.execution.clientId)) for (let k = 0; k < times; k++) s.send(frame);
        });
      case "commission":
        return orderTraffic(() => {
          const times = duplicatedExecIds.delete(e.report.execId) ? 2 : 1;
          const frame = encodeCommissionReport(e.report);
          for (const s of sessionsOfClient(ctx, e.clientId)) for (let k = 0; k < times; k++) s.send(frame);
        });
      case "orderError":
        return orderTraffic(() => {
          if (ctx.silent.has(orderKey(e.clientId, e.orderId))) return;
          const frame = encodeError(e.orderId, e.code, e.message);
          for (const s of sessionsOfClient(ctx, e.clientId)) s.send(frame);
        });
      case "quote":
        if (!ctx.faults.connectivityLost) routeQuote(ctx, e.quote);
        return;
      case "position":
        return routePosition(ctx, e.row.account, e.row.contract.conId, positionFrame(e.row));
      case "account":
        return routeAccount(ctx, e.account);
      case "orderBound":
        return orderTraffic(() => {
          for (const s of sessionsOfClient(ctx, 0)) s.send(encodeOrderBound(e.permId, e.clientId, e.orderId));
        });
      default:
        return assertNever(e, "venue event");
    }
  };

  return {
    route,
    releaseHeld: () => {
      for (const fn of held.splice(0)) fn();
    },
    onClock: (nowMs) => {
      for (const s of ctx.sessions()) for (const b of s.bars.values()) rollBar(ctx, s, b, nowMs);
    },
  };
}

function routeQuote(ctx: ServerContext, q: Quote): void {
  for (const s of ctx.sessions()) {
    if (s.phase !== "ready") continue;
    for (const sub of s.mktData.values()) if (sub.conId === q.conId) s.sendAll(quoteTicks(sub, q, s.marketDataType, false));
    for (const sub of s.tickByTick.values()) {
      if (sub.conId !== q.conId) continue;
      const f = tickByTickFrame(sub, q);
      if (f !== undefined) s.send(f);
    }
    for (const b of s.bars.values()) {
      if (b.conId !== q.conId) continue;
      const closed = b.acc.update(q);
      if (closed !== undefined) sendBar(ctx, s, b, closed);
    }
  }
}

function sendBar(ctx: ServerContext, s: Session, b: BarSub, bar: OpenBar): void {
  if (b.kind === "realTime") {
    s.send(encodeRealTimeBar(b.reqId, Math.floor(bar.startMs / 1000), toWireBar(bar, "")));
  } else {
    s.send(encodeHistoricalDataUpdate(b.reqId, toWireBar(bar, barDate(bar.startMs, b.barSecs, b.formatDate, ctx.timeZone))));
  }
}

function rollBar(ctx: ServerContext, s: Session, b: BarSub, nowMs: number): void {
  const closed = b.acc.roll(nowMs);
  if (closed !== undefined) {
    sendBar(ctx, s, b, closed);
    return;
  }
  if (b.kind === "keepUpToDate") {
    const open = b.acc.takeChanged();
    if (open !== undefined) sendBar(ctx, s, b, open);
  }
}

function routePosition(ctx: ServerContext, account: string, conId: number, frame: Buffer): void {
  let row: ReturnType<ServerContext["venue"]["portfolio"]>[number] | undefined;
  for (const s of ctx.sessions()) {
    if (s.phase !== "ready") continue;
    if (s.positions) s.send(frame);
    if (s.accountUpdates === account) {
      row ??= ctx.venue.portfolio(account).find((p) => p.contract.conId === conId);
      if (row !== undefined) s.send(portfolioFrame(row));
    }
  }
}

function routeAccount(ctx: ServerContext, account: string): void {
  for (const s of ctx.sessions()) {
    if (s.phase !== "ready") continue;
    if (s.accountUpdates === account) s.sendAll(accountFrames(ctx, account, false));
    for (const [reqId, tags] of s.accountSummary) s.sendAll(summaryFrames(ctx, reqId, tags, account));
  }
}
