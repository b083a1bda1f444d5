/**
 * Open and completed IB orders -> OrderStatusReports, IB positions -> PositionStatusReports.
 *
 * Identity: venueOrderId = permId (stable across sessions); clientOrderId = orderRef (absent for
 * orders placed outside the node); IB's orderId is never used (0 for TWS orders, reissued after
 * a gateway restart). Filled quantity and average price come from ORDER_STATUS for open orders
 * (OPEN_ORDER leaves them unset) and from the completed order itself for completed ones.
 */
import type { Contract, Order as IbOrder, OrderState } from "@stoqey/ib";
import { ContingencyType, OrderStatus, OrderType, TrailingOffsetType, TriggerType } from "../../../model/enums.js";
import { ClientOrderId, VenueOrderId, type AccountId, type InstrumentId } from "../../../model/identifiers.js";
import { positionStatusReport, type OrderStatusReport, type PositionStatusReport } from "../../../model/reports.js";
import { Quantity } from "../../../model/values.js";
import { sideFromIb } from "./executions.js";
import { orderStatusFromIb, orderTypeFromIb, tifFromIb } from "./orders.js";
import { ibTimeToNs } from "./time.js";
import { decimalText, isUnset, priceOf, qtyOf } from "./values.js";

/** The last ORDER_STATUS of an order. */
export interface IbOrderStatus {
  readonly status: string;
  readonly filled: number;
  readonly remaining: number;
  readonly avgFillPrice: number;
}

export interface ReportContext {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Undefined: as IB wrote it. */
  readonly pricePrecision?: number | undefined;
  readonly sizePrecision?: number | undefined;
  readonly reportId: string;
  readonly tsInit: bigint;
}

export interface IbOrderView {
  readonly contract: Contract;
  readonly order: IbOrder;
  readonly orderState: OrderState;
  /** The order's ORDER_STATUS (open orders); completed orders carry their own fill state. */
  readonly status?: IbOrderStatus | undefined;
}

function statusOf(v: IbOrderView): { status: string; filled: number; avgPx: number | undefined } {
  if (v.status !== undefined) return { status: v.status.status, filled: v.status.filled, avgPx: v.status.avgFillPrice };
  const filled = isUnset(v.order.filledQuantity) ? 0 : (v.order.filledQuantity ?? 0);
  return { status: v.orderState.status ?? "", filled, avgPx: undefined };
}

/** The report of one IB order; undefined for an IB status the model has no name for. */
export function orderStatusReportFrom(v: IbOrderView, ctx: ReportContext): OrderStatusReport | undefined {
  const o = v.order;
  const s = statusOf(v);
  const orderStatus = orderStatusFromIb(s.status, s.filled);
  const orderType = orderTypeFromIb(o.orderType ?? "");
  if (orderStatus === undefined || orderType === undefined) return undefined;
  const quantity = Quantity.parse(decimalText(o.totalQuantity ?? 0), ctx.sizePrecision);
  const filledQty = Quantity.parse(decimalText(s.filled), ctx.sizePrecision);
  const isTrail = orderType === OrderType.TRAILING_STOP_MARKET || orderType === OrderType.TRAILING_STOP_LIMIT;
  const hasLimit = orderType === OrderType.LIMIT || orderType === OrderType.STOP_LIMIT || orderType === OrderType.LIMIT_IF_TOUCHED;
  const hasTrigger = orderType === OrderType.STOP_MARKET || orderType === OrderType.STOP_LIMIT || orderType === OrderType.MARKET_IF_TOUCHED || orderType === OrderType.LIMIT_IF_TOUCHED;
  const completedNs = ibTimeToNs(v.orderState.completedTime);
  return {
    accountId: ctx.accountId,
    instrumentId: ctx.instrumentId,
    clientOrderId: o.orderRef ? ClientOrderId(o.orderRef) : undefined,
    venueOrderId: VenueOrderId(String(o.permId ?? 0)),
    orderSide: sideFromIb(o.action),
    orderType,
    contingencyType: o.ocaGroup ? ContingencyType.OCO : (o.parentId ?? 0) !== 0 ? ContingencyType.OTO : ContingencyType.NO_CONTINGENCY,
    timeInForce: tifFromIb(o.tif),
    expireTime: o.tif === "GTD" ? ibTimeToNs(o.goodTillDate) : undefined,
    orderStatus,
    price: hasLimit || (orderType === OrderType.TRAILING_STOP_LIMIT && !isUnset(o.lmtPrice)) ? priceOf(o.lmtPrice, ctx.pricePrecision) : undefined,
    triggerPrice: hasTrigger ? priceOf(o.auxPrice, ctx.pricePrecision) : isTrail ? priceOf(o.trailStopPrice, ctx.pricePrecision) : undefined,
    triggerType: hasTrigger || isTrail ? TriggerType.DEFAULT : undefined,
    limitOffset: orderType === OrderType.TRAILING_STOP_LIMIT ? priceOf(o.lmtPriceOffset, ctx.pricePrecision) : undefined,
    trailingOffset: isTrail ? (isUnset(o.trailingPercent) ? priceOf(o.auxPrice, ctx.pricePrecision) : priceOf((o.trailingPercent ?? 0) * 100)) : undefined,
    trailingOffsetType: isTrail ? (isUnset(o.trailingPercent) ? TrailingOffsetType.PRICE : TrailingOffsetType.BASIS_POINTS) : undefined,
    quantity,
    filledQty,
    displayQty: isUnset(o.displaySize) || o.displaySize === 0 ? undefined : qtyOf(o.displaySize, ctx.sizePrecision),
    avgPx: s.filled > 0 && s.avgPx !== undefined && !isUnset(s.avgPx) && s.avgPx > 0 ? priceOf(s.avgPx) : undefined,
    postOnly: false,
    reduceOnly: false,
    cancelReason: orderStatus === OrderStatus.CANCELED || orderStatus === OrderStatus.REJECTED ? v.orderState.completedStatus || undefined : undefined,
    reportId: ctx.reportId,
    tsAccepted: 0n,
    tsTriggered: 0n,
    tsLast: completedNs ?? ctx.tsInit,
    tsInit: ctx.tsInit,
  };
}

/** IB avgCost includes the multiplier for derivatives; the report's avgPxOpen is per unit. */
export function positionReportFrom(
  p: { readonly account: string; readonly contract: Contract; readonly pos: number; readonly avgCost?: number | undefined },
  ctx: ReportContext & { readonly multiplier?: number },
): PositionStatusReport {
  const qty = Quantity.parse(decimalText(Math.abs(p.pos)), ctx.sizePrecision);
  const mult = ctx.multiplier !== undefined && ctx.multiplier > 0 ? ctx.multiplier : 1;
  const avg = p.avgCost !== undefined && !isUnset(p.avgCost) && p.pos !== 0 ? priceOf(p.avgCost / mult) : undefined;
  return positionStatusReport({
    accountId: ctx.accountId,
    instrumentId: ctx.instrumentId,
    signedQty: { raw: p.pos < 0 ? -qty.raw : qty.raw, precision: qty.precision },
    avgPxOpen: avg,
    reportId: ctx.reportId,
    tsLast: ctx.tsInit,
    tsInit: ctx.tsInit,
  });
}
