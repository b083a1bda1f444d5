/**
 * Checks that an OrderInitialized is consistent with its order type (Nautilus' per-type order
 * constructors): positive quantity; a price for limit types; a trigger for stop / touched
 * types; offsets for trailing types; an expire time for GTD (and no GTD for MARKET); post-only
 * only on limit-priced types; display quantity within the quantity. A violation raises
 * CORTANA_E_MODEL_INVALID naming the order and the rule.
 */
import { CortanaError } from "../../common/errors.js";
import { OrderType, TimeInForce, TrailingOffsetType } from "../enums.js";
import type { OrderInitialized } from "../events.js";

function fail(init: OrderInitialized, why: string): never {
  throw new CortanaError("CORTANA_E_MODEL_INVALID", `order ${init.clientOrderId} (${init.orderType}): ${why}`);
}

/** Order types that rest with a limit price. */
export function hasLimitPrice(type: OrderType): boolean {
  return (
    type === OrderType.LIMIT ||
    type === OrderType.STOP_LIMIT ||
    type === OrderType.LIMIT_IF_TOUCHED ||
    type === OrderType.TRAILING_STOP_LIMIT ||
    type === OrderType.MARKET_TO_LIMIT
  );
}

/** Order types that need a trigger price at construction (trailing ones may compute it). */
function needsTrigger(type: OrderType): boolean {
  return (
    type === OrderType.STOP_MARKET ||
    type === OrderType.STOP_LIMIT ||
    type === OrderType.MARKET_IF_TOUCHED ||
    type === OrderType.LIMIT_IF_TOUCHED
  );
}

function checkPrices(init: OrderInitialized): void {
  const t = init.orderType;
  const needsPrice = t === OrderType.LIMIT || t === OrderType.STOP_LIMIT || t === OrderType.LIMIT_IF_TOUCHED;
  if (needsPrice && init.price === undefined) fail(init, "price is required");
  if (needsTrigger(t) && init.triggerPrice === undefined) fail(init, "triggerPrice is required");
  if (t === OrderType.MARKET && (init.price !== undefined || init.triggerPrice !== undefined)) {
    fail(init, "a MARKET order takes no price or trigger price");
  }
  if (t === OrderType.TRAILING_STOP_MARKET || t === OrderType.TRAILING_STOP_LIMIT) {
    if (init.trailingOffset === undefined) fail(init, "trailingOffset is required");
    const offsetType = init.trailingOffsetType ?? TrailingOffsetType.NO_TRAILING_OFFSET;
    if (offsetType === TrailingOffsetType.NO_TRAILING_OFFSET) fail(init, "trailingOffsetType is required");
    if (t === OrderType.TRAILING_STOP_LIMIT && init.limitOffset === undefined) fail(init, "limitOffset is required");
  }
}

export function validateOrderInitialized(init: OrderInitialized): void {
  if (!init.quantity.isPositive()) fail(init, `quantity must be positive, got ${init.quantity}`);
  checkPrices(init);
  if (init.timeInForce === TimeInForce.GTD) {
    if (init.orderType === OrderType.MARKET) fail(init, "a MARKET order cannot be GTD");
    if (init.expireTime === undefined || init.expireTime <= 0n) fail(init, "GTD requires a positive expireTime");
  }
  if (init.postOnly && !hasLimitPrice(init.orderType)) fail(init, "postOnly applies to limit-priced orders only");
  if (init.displayQty !== undefined && init.displayQty.gt(init.quantity)) {
    fail(init, `displayQty ${init.displayQty} exceeds quantity ${init.quantity}`);
  }
}
