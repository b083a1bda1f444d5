/**
 * IB order callbacks -> model order events, for the orders the exec client tracks.
 *
 * - openOrder / orderStatus: the first working status (PreSubmitted, Submitted, PendingCancel,
 *   Filled) gives OrderAccepted with venueOrderId = permId; an echo while a modify is pending gives
 *   OrderUpdated; Cancelled / ApiCancelled give OrderCanceled; Inactive before acceptance gives
 *   OrderRejected (reason: the last IB error for the order).
 * - execDetails (reqId -1) starts a fill, de-duplicated by execId through the ExecutionLedger (IB
 *   repeats executions after reconnects); commissionReport completes it and the OrderFilled goes
 *   out with its commission. A fill whose commission does not come within `commissionWaitMs`
 *   goes out with zero commission (logged). An order's later status events wait behind its
 *   pending fills.
 * - error(id = orderId): rejections, modify and cancel rejections by code.
 */
import type { CommissionReport, Contract, Execution, Order as IbOrder, OrderState } from "@stoqey/ib";
import type { Logger } from "../../../common/logger.js";
import { VenueOrderId, TradeId } from "../../../model/identifiers.js";
import { OrderSide } from "../../../model/enums.js";
import type { ExecutionClientBase } from "../../../execution/client.js";
import type { ClockTimers, Cancel } from "../connection/timers.js";
import { ExecutionLedger } from "../parsing/executions.js";
import { commissionMoney, liquidityFromIb, sideFromIb } from "../parsing/executions.js";
import { ibTimeToNs } from "../parsing/time.js";
import { decimalText } from "../parsing/values.js";
import { Price, Quantity } from "../../../model/values.js";
import type { OrderTracker, TrackedOrder } from "./tracker.js";

const WORKING = new Set(["PreSubmitted", "Submitted", "PendingCancel", "Filled"]);
const CANCEL_REJECT_CODES = new Set([161, 10147, 10148]);
const MODIFY_REJECT_CODES = new Set([104, 10326, 201, 321, 103]);
const ORDER_REJECT_CODES = new Set([103, 200, 201, 203, 321, 322, 399, 404, 434, 110]);

interface PendingFill {
  readonly tracked: TrackedOrder;
  readonly contract: Contract;
  readonly execution: Execution;
  readonly cancelTimer: Cancel;
}

export class ExecEventRouter {
  readonly ledger = new ExecutionLedger();
  readonly #pending = new Map<string, PendingFill>();

  constructor(
    private readonly client: ExecutionClientBase,
    private readonly tracker: OrderTracker,
    private readonly timers: ClockTimers,
    private readonly log: Logger,
    private readonly commissionWaitMs = 2000,
  ) {}

  onOpenOrder(orderId: number, _contract: Contract, order: IbOrder, state: OrderState): void {
    const t = this.tracker.find(order.orderRef, order.permId, orderId);
    if (t === undefined) return;
    this.#whenFree(t, () => {
      this.#status(t, state.status ?? "");
      if (t.pendingModify && t.accepted && !t.closed && WORKING.has(state.status ?? "")) this.#updated(t, order);
    });
  }

  onOrderStatus(orderId: number, status: string, _filled: number, _remaining: number, _avg: number, permId?: number): void {
    const t = this.tracker.find(undefined, permId, orderId);
    if (t !== undefined) this.#whenFree(t, () => this.#status(t, status));
  }

  onExecDetails(reqId: number, contract: Contract, execution: Execution): void {
    if (reqId !== -1) return; // answers to reqExecutions go to the query that asked
    this.applyExecution(contract, execution, undefined);
  }

  onCommissionReport(report: CommissionReport): void {
    const p = this.#pending.get(report.execId ?? "");
    if (p === undefined) return;
    this.#pending.delete(report.execId ?? "");
    p.cancelTimer();
    this.#emitFill(p, report);
  }

  /** A live or replayed execution. Returns false when it is not ours or already applied. */
  applyExecution(contract: Contract, execution: Execution, commission: CommissionReport | undefined): boolean {
    const t = this.tracker.find(execution.orderRef, execution.permId, undefined);
    const execId = execution.execId ?? "";
    if (t === undefined) return false;
    const verdict = this.ledger.observe(execId);
    if (verdict === "duplicate" || verdict === "superseded") {
      this.log.debug({ execId, verdict }, "IB execution already applied");
      return false;
    }
    if (verdict === "correction") {
      const original = [...this.#pending.entries()].find(([id]) => id.slice(0, id.lastIndexOf(".")) === execId.slice(0, execId.lastIndexOf(".")));
      if (original === undefined) {
        this.log.error({ execId, clientOrderId: t.ref.clientOrderId }, "IB corrected a fill that was already applied; the position will be reconciled");
        return false;
      }
      original[1].cancelTimer();
      this.#pending.delete(original[0]);
      t.pendingFills--;
    }
    t.pendingFills++;
    const pending: PendingFill = { tracked: t, contract, execution, cancelTimer: () => undefined };
    if (commission !== undefined) {
      this.#emitFill(pending, commission);
      return true;
    }
    const cancelTimer = this.timers.after(this.commissionWaitMs, () => {
      if (this.#pending.get(execId) !== entry) return;
      this.#pending.delete(execId);
      this.log.warn({ execId }, "no IB commission report for a fill; applying it with zero commission");
      this.#emitFill(entry, undefined);
    });
    const entry: PendingFill = { ...pending, cancelTimer };
    this.#pending.set(execId, entry);
    return true;
  }

  onError(id: number, code: number, message: string): void {
    const t = this.tracker.byOrderId(id);
    if (t === undefined || t.closed) return;
    t.lastError = `${code}: ${message}`;
    if (t.pendingCancel && CANCEL_REJECT_CODES.has(code)) {
      t.pendingCancel = false;
      this.client.generateOrderCancelRejected(this.#ref(t), `IB ${code}: ${message}`);
    } else if (t.pendingModify && t.accepted && MODIFY_REJECT_CODES.has(code)) {
      t.pendingModify = false;
      this.client.generateOrderModifyRejected(this.#ref(t), `IB ${code}: ${message}`);
    } else if (!t.accepted && ORDER_REJECT_CODES.has(code) && code !== 399) {
      t.closed = true;
      this.client.generateOrderRejected(this.#ref(t), `IB ${code}: ${message}`);
    } else {
      this.log.info({ code, clientOrderId: t.ref.clientOrderId }, `IB order message: ${message}`);
    }
  }

  dispose(): void {
    for (const p of this.#pending.values()) p.cancelTimer();
    this.#pending.clear();
  }

  #ref(t: TrackedOrder) {
    return { ...t.ref, venueOrderId: t.permId !== undefined ? VenueOrderId(String(t.permId)) : undefined };
  }

  #status(t: TrackedOrder, status: string): void {
    if (t.closed) return;
    if (!t.accepted && WORKING.has(status) && t.permId !== undefined) {
      t.accepted = true;
      this.client.generateOrderAccepted(t.ref, VenueOrderId(String(t.permId)));
    }
    if (status === "Cancelled" || status === "ApiCancelled") {
      t.closed = true;
      t.pendingCancel = false;
      if (!t.accepted) this.client.generateOrderRejected(this.#ref(t), t.lastError ?? "cancelled by IB before acceptance");
      else this.client.generateOrderCanceled(this.#ref(t));
    } else if (status === "Inactive") {
      t.closed = true;
      if (!t.accepted) this.client.generateOrderRejected(this.#ref(t), t.lastError ?? "IB: order inactive");
      else this.client.generateOrderCanceled(this.#ref(t));
    } else if (status === "Filled") {
      t.closed = true;
    }
  }

  #updated(t: TrackedOrder, order: IbOrder): void {
    t.pendingModify = false;
    const qty = Quantity.parse(decimalText(order.totalQuantity ?? 0), t.sizePrecision);
    const px = (v: number | undefined) => (v === undefined || !Number.isFinite(v) || v >= 1e300 || v === 0 ? undefined : Price.parse(decimalText(v), t.pricePrecision));
    const hasLimit = t.fields.price !== undefined;
    const hasTrigger = t.fields.triggerPrice !== undefined;
    this.client.generateOrderUpdated(this.#ref(t), {
      quantity: qty,
      price: hasLimit ? px(order.lmtPrice) : undefined,
      triggerPrice: hasTrigger ? px(order.auxPrice) : undefined,
    });
  }

  #emitFill(p: PendingFill, commission: CommissionReport | undefined): void {
    const t = p.tracked;
    const e = p.execution;
    t.pendingFills = Math.max(0, t.pendingFills - 1);
    const side = sideFromIb(e.side);
    this.client.generateOrderFilled(this.#ref(t), {
      venueOrderId: VenueOrderId(String(e.permId ?? t.permId ?? 0)),
      tradeId: TradeId(e.execId ?? ""),
      orderSide: side === OrderSide.NO_ORDER_SIDE ? t.fields.side : side,
      orderType: t.orderType,
      lastQty: Quantity.parse(decimalText(e.shares ?? 0), t.sizePrecision),
      lastPx: Price.parse(decimalText(e.price ?? 0), t.pricePrecision),
      currency: t.currency,
      commission: commissionMoney(commission, t.currency),
      liquiditySide: liquidityFromIb(e.lastLiquidity),
    }, ibTimeToNs(e.time));
    if (t.pendingFills === 0) this.#drain(t);
  }

  #whenFree(t: TrackedOrder, action: () => void): void {
    if (t.pendingFills > 0) t.deferred.push(action);
    else action();
  }

  #drain(t: TrackedOrder): void {
    while (t.pendingFills === 0 && t.deferred.length > 0) (t.deferred.shift() as () => void)();
  }
}
