/**
 * The RiskEngine's notional and balance checks (reference §4 step 7), pure over a context.
 *
 * Entry point: `checkOrdersNotional(ctx, orders)` returns the first `{ order, reason }` that fails,
 * or undefined. For each order, in order:
 *   - the price used: MARKET (and MARKET_TO_LIMIT) the quote's ask (BUY) or bid (SELL), else the
 *     last trade; STOP_MARKET / MARKET_IF_TOUCHED the trigger; trailing stops the trigger if set,
 *     else the market price; otherwise the limit price. No price: warn and skip that order.
 *   - quote-quantity orders are converted to a base quantity at that price and bounded by the
 *     instrument's max/min quantity (QUANTITY_EXCEEDS_MAXIMUM / QUANTITY_BELOW_MINIMUM);
 *   - NOTIONAL_EXCEEDS_MAX_PER_ORDER, NOTIONAL_LESS_THAN_MIN_FOR_INSTRUMENT,
 *     NOTIONAL_GREATER_THAN_MAX_FOR_INSTRUMENT;
 *   - cash accounts only: NOTIONAL_EXCEEDS_FREE_BALANCE, then CUM_NOTIONAL_EXCEEDS_FREE_BALANCE
 *     (cumulative buys; sells counted when the account has a base currency). A SELL that only
 *     reduces the net long position skips the balance checks.
 * Deliberate difference from Nautilus, which skips all of step 7 without an account or for a margin
 * account: here maxNotionalPerOrder and the instrument's notional bounds apply to every account
 * (an operator who sets a per-order cap on a margin account expects it to hold); only the balance
 * checks need a cash account.
 */
import type { Account } from "../cache/account.js";
import { divRaw, roundRaw } from "../model/decimal.js";
import { OrderSide, OrderType } from "../model/enums.js";
import type { Instrument } from "../model/instruments.js";
import type { Order } from "../model/orders/index.js";
import { Money, Quantity, type Price } from "../model/values.js";

export interface NotionalContext {
  readonly instrument: Instrument;
  readonly account: Account | undefined;
  /** maxNotionalPerOrder for this instrument, in its quote currency. */
  readonly maxNotional: Money | undefined;
  /** Best market price for a side: quote ask (BUY) / bid (SELL), else the last trade. */
  readonly marketPrice: (side: OrderSide) => Price | undefined;
  /** Signed net position quantity (raw, 10^9 scale) in the instrument across open positions. */
  readonly netQtyRaw: bigint;
  readonly warn: (message: string) => void;
}

export interface NotionalDenial {
  readonly order: Order;
  readonly reason: string;
}

function entryPrice(order: Order, ctx: NotionalContext): Price | undefined {
  switch (order.orderType) {
    case OrderType.MARKET:
    case OrderType.MARKET_TO_LIMIT:
      return ctx.marketPrice(order.side);
    case OrderType.STOP_MARKET:
    case OrderType.MARKET_IF_TOUCHED:
      return order.triggerPrice;
    case OrderType.TRAILING_STOP_MARKET:
    case OrderType.TRAILING_STOP_LIMIT:
      return order.triggerPrice ?? ctx.marketPrice(order.side);
    default:
      return order.price;
  }
}

const ONE = Quantity.from(1, 0);

/** quoteQty / (price x multiplier), rounded half to even at the instrument's size precision. */
function baseQuantity(instrument: Instrument, quoteQty: Quantity, price: Price): Quantity {
  const unitNotionalRaw = instrument.notionalValue(ONE, price).raw;
  const precision = instrument.sizePrecision;
  return Quantity.fromRaw(roundRaw(divRaw(quoteQty.raw, unitNotionalRaw), precision), precision);
}

function quantityBounds(instrument: Instrument, qty: Quantity): string | undefined {
  if (instrument.maxQuantity !== undefined && qty.gt(instrument.maxQuantity)) {
    return `QUANTITY_EXCEEDS_MAXIMUM: max_quantity=${instrument.maxQuantity}, quantity=${qty}`;
  }
  if (instrument.minQuantity !== undefined && qty.lt(instrument.minQuantity)) {
    return `QUANTITY_BELOW_MINIMUM: min_quantity=${instrument.minQuantity}, quantity=${qty}`;
  }
  return undefined;
}

function notionalBounds(ctx: NotionalContext, notional: Money): string | undefined {
  const { instrument, maxNotional } = ctx;
  const code = notional.currency.code;
  if (maxNotional !== undefined && notional.gt(maxNotional)) {
    return `NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=${maxNotional}, notional=${notional}`;
  }
  const min = instrument.minNotional;
  if (min !== undefined && min.currency.code === code && notional.lt(min)) {
    return `NOTIONAL_LESS_THAN_MIN_FOR_INSTRUMENT: min_notional=${min}, notional=${notional}`;
  }
  const max = instrument.maxNotional;
  if (max !== undefined && max.currency.code === code && notional.gt(max)) {
    return `NOTIONAL_GREATER_THAN_MAX_FOR_INSTRUMENT: max_notional=${max}, notional=${notional}`;
  }
  return undefined;
}

/** Running totals of the balance checks across the orders of one command. */
interface BalanceState {
  free: Money | undefined;
  cumBuy: Money | undefined;
  cumSell: Money | undefined;
  /** Net long quantity left for SELLs to reduce (raw). */
  longLeftRaw: bigint;
}

function balanceCheck(ctx: NotionalContext, account: Account, order: Order, qty: Quantity, price: Price, st: BalanceState): string | undefined {
  if (order.side === OrderSide.SELL && qty.raw <= st.longLeftRaw) {
    st.longLeftRaw -= qty.raw; // only reduces the long: no cash needed
    return undefined;
  }
  const impact = account.balanceImpact(ctx.instrument, qty, price, order.side);
  const free = st.free;
  if (free !== undefined && free.currency.code === impact.currency.code && free.add(impact).isNegative()) {
    return `NOTIONAL_EXCEEDS_FREE_BALANCE: free=${free}, notional=${impact}`;
  }
  if (order.side === OrderSide.BUY) {
    st.cumBuy = st.cumBuy === undefined ? impact.neg() : st.cumBuy.add(impact.neg());
    if (free !== undefined && free.currency.code === st.cumBuy.currency.code && st.cumBuy.gt(free)) {
      return `CUM_NOTIONAL_EXCEEDS_FREE_BALANCE: free=${free}, cum_notional=${st.cumBuy}`;
    }
  } else if (account.baseCurrency !== undefined) {
    st.cumSell = st.cumSell === undefined ? impact : st.cumSell.add(impact);
    if (free !== undefined && free.currency.code === st.cumSell.currency.code && st.cumSell.gt(free)) {
      return `CUM_NOTIONAL_EXCEEDS_FREE_BALANCE: free=${free}, cum_notional=${st.cumSell}`;
    }
  }
  return undefined;
}

function positivePart(raw: bigint): bigint {
  return raw > 0n ? raw : 0n;
}

export function checkOrdersNotional(ctx: NotionalContext, orders: readonly Order[]): NotionalDenial | undefined {
  const { instrument, account } = ctx;
  const cash = account !== undefined && !account.isMarginAccount ? account : undefined;
  const st: BalanceState = {
    free: cash?.balanceFree(instrument.quoteCurrency),
    cumBuy: undefined,
    cumSell: undefined,
    // Read only for a cash account (the engine computes it on read: a scan of the open positions).
    longLeftRaw: cash === undefined ? 0n : positivePart(ctx.netQtyRaw),
  };
  // Nothing to hold a notional against (no cap, no instrument bounds, no cash balance): only a
  // quote-quantity order still has quantity bounds to meet, so the notional is not computed.
  const bounded = ctx.maxNotional !== undefined || instrument.minNotional !== undefined || instrument.maxNotional !== undefined || cash !== undefined;
  for (const order of orders) {
    const price = entryPrice(order, ctx);
    if (price === undefined) {
      ctx.warn(`Cannot check ${order.orderType} order risk: no prices for ${instrument.id}`);
      continue;
    }
    if (!bounded && !order.quoteQuantity) continue;
    let qty = order.quantity;
    let notional: Money;
    if (order.quoteQuantity) {
      qty = baseQuantity(instrument, order.quantity, price);
      const bounds = quantityBounds(instrument, qty);
      if (bounds !== undefined) return { order, reason: bounds };
      notional = Money.fromRaw(order.quantity.raw, instrument.quoteCurrency);
    } else {
      notional = instrument.notionalValue(qty, price);
    }
    const reason = notionalBounds(ctx, notional) ?? (cash === undefined ? undefined : balanceCheck(ctx, cash, order, qty, price, st));
    if (reason !== undefined) return { order, reason };
  }
  return undefined;
}
