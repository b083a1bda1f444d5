/**
 * The RiskEngine's static pre-trade checks (reference §4 steps 4-6), as pure functions that return
 * the denial reason, or undefined when the check passes.
 *
 * Entry points: `checkPrice`, `checkQuantity`, `checkOrderStatic` (price, trigger, quantity, GTD
 * expiry, in that order). Reasons use Nautilus' wording so logs and tests read the same.
 * Quote-quantity orders skip the min/max quantity bounds here (their quantity is in the quote
 * currency); the notional checks convert and bound them instead (see notional.ts).
 */
import { nsToIso } from "../common/time.js";
import type { Instrument } from "../model/instruments.js";
import type { Order } from "../model/orders/index.js";
import type { Price, Quantity } from "../model/values.js";

export function checkPrice(instrument: Instrument, price: Price | undefined): string | undefined {
  if (price === undefined) return undefined;
  if (price.precision > instrument.pricePrecision) {
    return `price ${price} invalid (precision ${price.precision} > ${instrument.pricePrecision})`;
  }
  if (!instrument.allowsNegativePrice && !price.isPositive()) return `price ${price} invalid (not positive)`;
  return undefined;
}

export function checkQuantity(instrument: Instrument, quantity: Quantity | undefined, isQuoteQuantity = false): string | undefined {
  if (quantity === undefined) return undefined;
  if (quantity.precision > instrument.sizePrecision) {
    return `quantity ${quantity} invalid (precision ${quantity.precision} > ${instrument.sizePrecision})`;
  }
  if (isQuoteQuantity) return undefined;
  if (instrument.maxQuantity !== undefined && quantity.gt(instrument.maxQuantity)) {
    return `quantity ${quantity} invalid (> maximum trade size of ${instrument.maxQuantity})`;
  }
  if (instrument.minQuantity !== undefined && quantity.lt(instrument.minQuantity)) {
    return `quantity ${quantity} invalid (< minimum trade size of ${instrument.minQuantity})`;
  }
  return undefined;
}

/** Steps 4-6 for one order: price, trigger price, quantity, GTD expiry against `nowNs`. */
export function checkOrderStatic(instrument: Instrument, order: Order, nowNs: bigint): string | undefined {
  const price = checkPrice(instrument, order.price);
  if (price !== undefined) return price;
  const trigger = checkPrice(instrument, order.triggerPrice);
  if (trigger !== undefined) return `trigger ${trigger}`;
  const quantity = checkQuantity(instrument, order.quantity, order.quoteQuantity);
  if (quantity !== undefined) return quantity;
  if (order.timeInForce === "GTD" && order.expireTime !== undefined && order.expireTime <= nowNs) {
    return `GTD ${nsToIso(order.expireTime)} already past`;
  }
  return undefined;
}
