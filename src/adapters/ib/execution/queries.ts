/**
 * The exec client's venue queries: all open orders (with their ORDER_STATUS), completed orders,
 * executions (with their commission reports), positions. Each rejects with
 * CORTANA_E_IB_DISCONNECTED when disconnected or timed out (a failed query is unknown, never
 * empty). Id-less requests (open, completed, positions) run one at a time per connection.
 */
import { EventName, type CommissionReport, type Contract, type Execution, type ExecutionFilter, type Order as IbOrder, type OrderState } from "@stoqey/ib";
import type { IBConnection } from "../connection/connection.js";
import { ibRequest, serially } from "../connection/requests.js";
import type { ClockTimers } from "../connection/timers.js";
import type { IbOrderView } from "../parsing/reports.js";

export interface IbExecutionView {
  readonly contract: Contract;
  readonly execution: Execution;
  readonly commission?: CommissionReport | undefined;
}

export interface IbPosition {
  readonly account: string;
  readonly contract: Contract;
  readonly pos: number;
  readonly avgCost?: number | undefined;
}

export class ExecQueries {
  constructor(
    private readonly conn: IBConnection,
    private readonly timers: ClockTimers,
    private readonly timeoutMs: number,
  ) {}

  openOrders(): Promise<IbOrderView[]> {
    return serially(this.conn, "openOrders", () => {
      const views = new Map<number, { contract: Contract; order: IbOrder; orderState: OrderState; status?: IbOrderView["status"] }>();
      return ibRequest(this.conn, {
        label: "reqAllOpenOrders",
        timeoutMs: this.timeoutMs,
        send: (api) => api.reqAllOpenOrders(),
        on: [
          [EventName.openOrder, (_r, _id: number, contract: Contract, order: IbOrder, orderState: OrderState) => {
            const key = order.permId ?? 0;
            views.set(key, { ...views.get(key), contract, order, orderState });
          }],
          [EventName.orderStatus, (_r, _id: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number) => {
            const v = views.get(permId ?? 0);
            if (v !== undefined) v.status = { status, filled, remaining, avgFillPrice };
          }],
          [EventName.openOrderEnd, () => true],
        ],
        result: () => [...views.values()],
      }, this.timers);
    });
  }

  completedOrders(): Promise<IbOrderView[]> {
    return serially(this.conn, "completedOrders", () => {
      const views: IbOrderView[] = [];
      return ibRequest(this.conn, {
        label: "reqCompletedOrders",
        timeoutMs: this.timeoutMs,
        send: (api) => api.reqCompletedOrders(false),
        on: [
          [EventName.completedOrder, (_r, contract: Contract, order: IbOrder, orderState: OrderState) => void views.push({ contract, order, orderState })],
          [EventName.completedOrdersEnd, () => true],
        ],
        result: () => views,
      }, this.timers);
    });
  }

  executions(filter: ExecutionFilter = {}): Promise<IbExecutionView[]> {
    const rows: { contract: Contract; execution: Execution }[] = [];
    const commissions = new Map<string, CommissionReport>();
    return ibRequest(this.conn, {
      label: "reqExecutions",
      timeoutMs: this.timeoutMs,
      send: (api, reqId) => api.reqExecutions(reqId, filter),
      on: [
        [EventName.execDetails, (reqId, id: number, contract: Contract, execution: Execution) => void (id === reqId && rows.push({ contract, execution }))],
        [EventName.commissionReport, (_r, report: CommissionReport) => void (report.execId !== undefined && commissions.set(report.execId, report))],
        [EventName.execDetailsEnd, (reqId, id: number) => id === reqId],
      ],
      result: () => rows.map((r) => ({ ...r, commission: commissions.get(r.execution.execId ?? "") })),
    }, this.timers);
  }

  positions(): Promise<IbPosition[]> {
    return serially(this.conn, "positions", () => {
      const rows = new Map<string, IbPosition>();
      return ibRequest(this.conn, {
        label: "reqPositions",
        timeoutMs: this.timeoutMs,
        send: (api) => api.reqPositions(),
        on: [
          [EventName.position, (_r, account: string, contract: Contract, pos: number, avgCost?: number) => void rows.set(`${account}:${contract.conId ?? contract.localSymbol}`, { account, contract, pos, avgCost })],
          [EventName.positionEnd, () => true],
        ],
        cleanup: () => {
          if (this.conn.hasSession) this.conn.send("cancelPositions", (api) => api.cancelPositions());
        },
        result: () => [...rows.values()],
      }, this.timers);
    });
  }
}

export interface IbAccountValue {
  readonly tag: string;
  readonly value: string;
  readonly currency: string;
}

/** One-shot account summary of `account` (subscription cancelled once complete). */
export function accountSummary(conn: IBConnection, timers: ClockTimers, timeoutMs: number, account: string, tags: readonly string[]): Promise<IbAccountValue[]> {
  const rows: IbAccountValue[] = [];
  let id = -1;
  return ibRequest(conn, {
    label: "reqAccountSummary",
    timeoutMs,
    send: (api, reqId) => {
      id = reqId;
      api.reqAccountSummary(reqId, "All", tags.join(","));
    },
    on: [
      [EventName.accountSummary, (reqId, rid: number, acct: string, tag: string, value: string, currency: string) => void (rid === reqId && acct === account && rows.push({ tag, value, currency }))],
      [EventName.accountSummaryEnd, (reqId, rid: number) => rid === reqId],
    ],
    cleanup: () => {
      if (conn.hasSession && id !== -1) conn.send("cancelAccountSummary", (api) => api.cancelAccountSummary(id));
    },
    result: () => rows,
  }, timers);
}
