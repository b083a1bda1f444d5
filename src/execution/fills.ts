/**
 * Admission of a fill before it touches an order (Nautilus `ExecutionEngine._apply_fill_to_order`
 * checks): a trade id the order already holds is a duplicate (ignored with a warning); a fill that
 * would take the order past its quantity is an overfill, logged ERROR and refused unless
 * `allowOverfills` (then a warning, and the order records its overfill quantity).
 *
 * Entry point: `admitFill(order, fill, allowOverfills, log)` -> true when the fill may be applied.
 */
import type { Logger } from "../common/logger.js";
import type { OrderFilled } from "../model/events.js";
import type { Order } from "../model/orders/index.js";

export function admitFill(order: Order, fill: OrderFilled, allowOverfills: boolean, log: Logger): boolean {
  if (order.hasTradeId(fill.tradeId)) {
    log.warn({ clientOrderId: order.clientOrderId, tradeId: fill.tradeId }, `Duplicate fill: ${order.clientOrderId} trade_id=${fill.tradeId} already applied, skipping`);
    return false;
  }
  // The common case in raw arithmetic (no Quantity built): the fill stays within the order.
  if (order.filledQty.raw + fill.lastQty.raw <= order.quantity.raw) return true;
  const overfill = order.prospectiveOverfill(fill.lastQty);
  if (!overfill.isPositive()) return true;
  const detail = {
    clientOrderId: order.clientOrderId,
    overfill: overfill.toString(),
    filled: order.filledQty.toString(),
    lastQty: fill.lastQty.toString(),
    quantity: order.quantity.toString(),
  };
  if (!allowOverfills) {
    log.error(detail, `Order overfill rejected: ${order.clientOrderId} potential_overfill=${overfill}; set allowOverfills to accept overfills`);
    return false;
  }
  log.warn(detail, `Order overfill detected: ${order.clientOrderId} potential_overfill=${overfill}`);
  return true;
}

/**
 * Runs a call into an execution client: a synchronous throw or an asynchronous rejection is logged
 * (ERROR, with the command type) and handed to `onError`; nothing propagates to the engine's caller.
 */
export function callClient(log: Logger, commandType: string, call: () => void | Promise<void>, onError?: () => void): void {
  // The failure handler is built only on a failure: this runs once per order on the submit path.
  try {
    const result = call();
    if (result instanceof Promise) result.catch((err: unknown) => clientFailed(log, commandType, err, onError));
  } catch (err) {
    clientFailed(log, commandType, err, onError);
  }
}

function clientFailed(log: Logger, commandType: string, err: unknown, onError: (() => void) | undefined): void {
  log.error({ err, command: commandType }, `${commandType} failed at the client: ${err instanceof Error ? err.message : String(err)}`);
  onError?.();
}
