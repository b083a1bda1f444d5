/**
 * Orders between the model and IB: order types, time in force, prices, and IB's order status
 * strings to model statuses (tws-protocol.md §4.1).
 *
 * Entry points: `toIbOrder(order, fields)` (throws CORTANA_E_MODEL_INVALID for what IB cannot
 * express, which the exec client turns into an OrderRejected), `orderTypeFromIb`, `tifFromIb`,
 * `orderStatusFromIb`. Tables are exhaustive over the model's enums (assertNever).
 */
import { OrderAction, OrderStatus as IbStatus, OrderType as IbType, TimeInForce as IbTif, type Order as IbOrder } from "@stoqey/ib";
import { CortanaError, assertNever } from "../../../common/errors.js";
import { OrderSide, OrderStatus, OrderType, TimeInForce, TrailingOffsetType } from "../../../model/enums.js";
import type { Price, Quantity } from "../../../model/values.js";
import { utcRequestTime } from "./time.js";
import { toIbNumber } from "./values.js";

export const IB_ORDER_TYPE: Readonly<Record<OrderType, IbType>> = {
  MARKET: IbType.MKT,
  LIMIT: IbType.LMT,
  STOP_MARKET: IbType.STP,
  STOP_LIMIT: IbType.STP_LMT,
  MARKET_TO_LIMIT: IbType.MTL,
  MARKET_IF_TOUCHED: IbType.MIT,
  LIMIT_IF_TOUCHED: IbType.LIT,
  TRAILING_STOP_MARKET: IbType.TRAIL,
  TRAILING_STOP_LIMIT: IbType.TRAIL_LIMIT,
};

const MODEL_ORDER_TYPE = new Map<string, OrderType>(Object.entries(IB_ORDER_TYPE).map(([m, ib]) => [ib, m as OrderType]));

export function orderTypeFromIb(ibType: string): OrderType | undefined {
  return MODEL_ORDER_TYPE.get(ibType);
}

export function ibTif(tif: TimeInForce): (typeof IbTif)[keyof typeof IbTif] {
  switch (tif) {
    case TimeInForce.DAY:
      return IbTif.DAY;
    case TimeInForce.GTC:
      return IbTif.GTC;
    case TimeInForce.IOC:
      return IbTif.IOC;
    case TimeInForce.FOK:
      return IbTif.FOK;
    case TimeInForce.GTD:
      return IbTif.GTD;
    case TimeInForce.AT_THE_OPEN:
      return IbTif.OPG;
    case TimeInForce.AT_THE_CLOSE:
      throw new CortanaError("CORTANA_E_MODEL_INVALID", "time in force AT_THE_CLOSE has no IB equivalent for this order type; use a MOC/LOC order at IB");
    default:
      return assertNever(tif, "time in force");
  }
}

export function tifFromIb(tif: string | undefined): TimeInForce {
  switch (tif) {
    case "GTC":
      return TimeInForce.GTC;
    case "IOC":
      return TimeInForce.IOC;
    case "FOK":
      return TimeInForce.FOK;
    case "GTD":
      return TimeInForce.GTD;
    case "OPG":
      return TimeInForce.AT_THE_OPEN;
    default:
      return TimeInForce.DAY;
  }
}

/** The fields of a model order the mapping reads (an Order satisfies it). */
export interface OrderFields {
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  readonly timeInForce: TimeInForce;
  readonly expireTime?: bigint | undefined;
  readonly price?: Price | undefined;
  readonly triggerPrice?: Price | undefined;
  readonly limitOffset?: Price | undefined;
  readonly trailingOffset?: Price | undefined;
  readonly trailingOffsetType?: TrailingOffsetType | undefined;
  readonly displayQty?: Quantity | undefined;
}

export interface IbOrderExtras {
  /** The client order id (IB echoes it on every open order, completed order and execution). */
  readonly orderRef: string;
  /** The IB account number (without the "IB-" issuer). */
  readonly account: string;
  readonly transmit?: boolean;
  readonly parentId?: number;
  readonly ocaGroup?: string;
  readonly ocaType?: number;
  readonly outsideRth?: boolean;
}

function need(p: Price | undefined, what: string, type: OrderType): number {
  if (p === undefined) throw new CortanaError("CORTANA_E_MODEL_INVALID", `${type} order needs a ${what}`);
  return toIbNumber(p);
}

/**
 * Sets the prices of each order type on `out` (lmtPrice = limit, auxPrice = trigger or trailing
 * amount). It writes into the order rather than returning a part to spread: a spread per order
 * cost more than the conversions.
 */
function setPriceFields(out: IbOrder, o: OrderFields): void {
  const t = o.orderType;
  switch (t) {
    case OrderType.MARKET:
    case OrderType.MARKET_TO_LIMIT:
      return;
    case OrderType.LIMIT:
      out.lmtPrice = need(o.price, "price", t);
      return;
    case OrderType.STOP_MARKET:
    case OrderType.MARKET_IF_TOUCHED:
      out.auxPrice = need(o.triggerPrice, "trigger price", t);
      return;
    case OrderType.STOP_LIMIT:
    case OrderType.LIMIT_IF_TOUCHED:
      out.lmtPrice = need(o.price, "price", t);
      out.auxPrice = need(o.triggerPrice, "trigger price", t);
      return;
    case OrderType.TRAILING_STOP_MARKET:
    case OrderType.TRAILING_STOP_LIMIT:
      setTrailingFields(out, o);
      return;
    default:
      return assertNever(t, "order type");
  }
}

function setTrailingFields(out: IbOrder, o: OrderFields): void {
  const offset = need(o.trailingOffset, "trailing offset", o.orderType);
  switch (o.trailingOffsetType ?? TrailingOffsetType.PRICE) {
    case TrailingOffsetType.PRICE:
      out.auxPrice = offset;
      break;
    case TrailingOffsetType.BASIS_POINTS:
      out.trailingPercent = offset / 100;
      break;
    default:
      throw new CortanaError("CORTANA_E_MODEL_INVALID", `IB trailing orders take a PRICE or BASIS_POINTS offset, not ${o.trailingOffsetType}`);
  }
  if (o.triggerPrice !== undefined) out.trailStopPrice = toIbNumber(o.triggerPrice);
  if (o.orderType === OrderType.TRAILING_STOP_LIMIT) {
    if (o.limitOffset !== undefined) out.lmtPriceOffset = toIbNumber(o.limitOffset);
    else out.lmtPrice = need(o.price, "price or limit offset", o.orderType);
  }
}

/** The IB order for a model order. Throws CORTANA_E_MODEL_INVALID when IB cannot express it. */
export function toIbOrder(o: OrderFields, x: IbOrderExtras): IbOrder {
  if (o.side !== OrderSide.BUY && o.side !== OrderSide.SELL) throw new CortanaError("CORTANA_E_MODEL_INVALID", `order side ${o.side} cannot be sent`);
  const order: IbOrder = {
    action: o.side === OrderSide.BUY ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: toIbNumber(o.quantity),
    orderType: IB_ORDER_TYPE[o.orderType],
    tif: ibTif(o.timeInForce),
    orderRef: x.orderRef,
    account: x.account,
    transmit: x.transmit ?? true,
    outsideRth: x.outsideRth ?? false,
  };
  setPriceFields(order, o);
  if (o.timeInForce === TimeInForce.GTD) {
    if (o.expireTime === undefined) throw new CortanaError("CORTANA_E_MODEL_INVALID", "GTD order needs an expire time");
    order.goodTillDate = utcRequestTime(o.expireTime);
  }
  if (o.displayQty !== undefined) order.displaySize = toIbNumber(o.displayQty);
  if (x.parentId !== undefined && x.parentId !== 0) order.parentId = x.parentId;
  if (x.ocaGroup !== undefined && x.ocaGroup !== "") {
    order.ocaGroup = x.ocaGroup;
    order.ocaType = x.ocaType ?? 1;
  }
  return order;
}

/** IB status -> model status; `filled` > 0 makes a working order PARTIALLY_FILLED. */
export function orderStatusFromIb(status: string, filled: number): OrderStatus | undefined {
  switch (status) {
    case IbStatus.ApiPending:
    case IbStatus.PendingSubmit:
      return OrderStatus.SUBMITTED;
    case IbStatus.PreSubmitted:
    case IbStatus.Submitted:
      return filled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
    case IbStatus.PendingCancel:
      return OrderStatus.PENDING_CANCEL;
    case IbStatus.ApiCancelled:
    case IbStatus.Cancelled:
      return OrderStatus.CANCELED;
    case IbStatus.Filled:
      return OrderStatus.FILLED;
    case IbStatus.Inactive:
      return OrderStatus.REJECTED;
    default:
      return undefined;
  }
}

/** True for IB statuses after which the order never works again. */
export function isTerminalIbStatus(status: string): boolean {
  return status === IbStatus.Cancelled || status === IbStatus.ApiCancelled || status === IbStatus.Filled || status === IbStatus.Inactive;
}
