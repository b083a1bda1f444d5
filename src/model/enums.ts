/**
 * Enumerations of the model, with Nautilus' member names.
 *
 * Each enum is a frozen const object plus the union type of its values (string values, so logs,
 * JSON and Redis records read naturally): `OrderSide.BUY` is the string "BUY", and the type
 * `OrderSide` is "NO_ORDER_SIDE" | "BUY" | "SELL". Where Nautilus' numeric value matters
 * (OrderStatus, TradingState) a `*_VALUE` table gives it, and `*FromValue` inverts it.
 */

function values<const T extends Record<string, string>>(obj: T): Readonly<T> {
  return Object.freeze(obj);
}

export const OrderSide = values({ NO_ORDER_SIDE: "NO_ORDER_SIDE", BUY: "BUY", SELL: "SELL" });
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

export const OrderType = values({
  MARKET: "MARKET",
  LIMIT: "LIMIT",
  STOP_MARKET: "STOP_MARKET",
  STOP_LIMIT: "STOP_LIMIT",
  MARKET_TO_LIMIT: "MARKET_TO_LIMIT",
  MARKET_IF_TOUCHED: "MARKET_IF_TOUCHED",
  LIMIT_IF_TOUCHED: "LIMIT_IF_TOUCHED",
  TRAILING_STOP_MARKET: "TRAILING_STOP_MARKET",
  TRAILING_STOP_LIMIT: "TRAILING_STOP_LIMIT",
});
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

export const TimeInForce = values({
  GTC: "GTC",
  IOC: "IOC",
  FOK: "FOK",
  GTD: "GTD",
  DAY: "DAY",
  AT_THE_OPEN: "AT_THE_OPEN",
  AT_THE_CLOSE: "AT_THE_CLOSE",
});
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

export const OrderStatus = values({
  INITIALIZED: "INITIALIZED",
  DENIED: "DENIED",
  EMULATED: "EMULATED",
  RELEASED: "RELEASED",
  SUBMITTED: "SUBMITTED",
  ACCEPTED: "ACCEPTED",
  REJECTED: "REJECTED",
  CANCELED: "CANCELED",
  EXPIRED: "EXPIRED",
  TRIGGERED: "TRIGGERED",
  PENDING_UPDATE: "PENDING_UPDATE",
  PENDING_CANCEL: "PENDING_CANCEL",
  PARTIALLY_FILLED: "PARTIALLY_FILLED",
  FILLED: "FILLED",
});
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Nautilus' numeric OrderStatus values (reference §5.1). */
export const ORDER_STATUS_VALUE: Readonly<Record<OrderStatus, number>> = Object.freeze({
  INITIALIZED: 1,
  DENIED: 2,
  EMULATED: 3,
  RELEASED: 4,
  SUBMITTED: 5,
  ACCEPTED: 6,
  REJECTED: 7,
  CANCELED: 8,
  EXPIRED: 9,
  TRIGGERED: 10,
  PENDING_UPDATE: 11,
  PENDING_CANCEL: 12,
  PARTIALLY_FILLED: 13,
  FILLED: 14,
});

const ORDER_STATUS_BY_VALUE = new Map<number, OrderStatus>(
  (Object.entries(ORDER_STATUS_VALUE) as [OrderStatus, number][]).map(([k, v]) => [v, k]),
);

/** The OrderStatus with Nautilus' numeric value `value`, or undefined. */
export function orderStatusFromValue(value: number): OrderStatus | undefined {
  return ORDER_STATUS_BY_VALUE.get(value);
}

export const OmsType = values({ UNSPECIFIED: "UNSPECIFIED", NETTING: "NETTING", HEDGING: "HEDGING" });
export type OmsType = (typeof OmsType)[keyof typeof OmsType];

export const PositionSide = values({
  NO_POSITION_SIDE: "NO_POSITION_SIDE",
  FLAT: "FLAT",
  LONG: "LONG",
  SHORT: "SHORT",
});
export type PositionSide = (typeof PositionSide)[keyof typeof PositionSide];

export const LiquiditySide = values({ NO_LIQUIDITY_SIDE: "NO_LIQUIDITY_SIDE", MAKER: "MAKER", TAKER: "TAKER" });
export type LiquiditySide = (typeof LiquiditySide)[keyof typeof LiquiditySide];

export const ContingencyType = values({ NO_CONTINGENCY: "NO_CONTINGENCY", OCO: "OCO", OTO: "OTO", OUO: "OUO" });
export type ContingencyType = (typeof ContingencyType)[keyof typeof ContingencyType];

export const TriggerType = values({
  NO_TRIGGER: "NO_TRIGGER",
  DEFAULT: "DEFAULT",
  BID_ASK: "BID_ASK",
  LAST_PRICE: "LAST_PRICE",
  DOUBLE_LAST: "DOUBLE_LAST",
  DOUBLE_BID_ASK: "DOUBLE_BID_ASK",
  LAST_OR_BID_ASK: "LAST_OR_BID_ASK",
  MID_POINT: "MID_POINT",
  MARK_PRICE: "MARK_PRICE",
  INDEX_PRICE: "INDEX_PRICE",
});
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];

export const TrailingOffsetType = values({
  NO_TRAILING_OFFSET: "NO_TRAILING_OFFSET",
  PRICE: "PRICE",
  BASIS_POINTS: "BASIS_POINTS",
  TICKS: "TICKS",
  PRICE_TIER: "PRICE_TIER",
});
export type TrailingOffsetType = (typeof TrailingOffsetType)[keyof typeof TrailingOffsetType];

export const AccountType = values({ CASH: "CASH", MARGIN: "MARGIN", BETTING: "BETTING" });
export type AccountType = (typeof AccountType)[keyof typeof AccountType];

export const TradingState = values({ ACTIVE: "ACTIVE", HALTED: "HALTED", REDUCING: "REDUCING" });
export type TradingState = (typeof TradingState)[keyof typeof TradingState];

/** Nautilus' numeric TradingState values (ACTIVE=1, HALTED=2, REDUCING=3). */
export const TRADING_STATE_VALUE: Readonly<Record<TradingState, number>> = Object.freeze({
  ACTIVE: 1,
  HALTED: 2,
  REDUCING: 3,
});

export const AggressorSide = values({ NO_AGGRESSOR: "NO_AGGRESSOR", BUYER: "BUYER", SELLER: "SELLER" });
export type AggressorSide = (typeof AggressorSide)[keyof typeof AggressorSide];

export const PriceType = values({ BID: "BID", ASK: "ASK", MID: "MID", LAST: "LAST", MARK: "MARK" });
export type PriceType = (typeof PriceType)[keyof typeof PriceType];

export const BarAggregation = values({
  TICK: "TICK",
  VOLUME: "VOLUME",
  VALUE: "VALUE",
  MILLISECOND: "MILLISECOND",
  SECOND: "SECOND",
  MINUTE: "MINUTE",
  HOUR: "HOUR",
  DAY: "DAY",
  WEEK: "WEEK",
  MONTH: "MONTH",
});
export type BarAggregation = (typeof BarAggregation)[keyof typeof BarAggregation];

export const AggregationSource = values({ EXTERNAL: "EXTERNAL", INTERNAL: "INTERNAL" });
export type AggregationSource = (typeof AggregationSource)[keyof typeof AggregationSource];

export const OptionKind = values({ CALL: "CALL", PUT: "PUT" });
export type OptionKind = (typeof OptionKind)[keyof typeof OptionKind];

export const AssetClass = values({
  EQUITY: "EQUITY",
  FX: "FX",
  COMMODITY: "COMMODITY",
  DEBT: "DEBT",
  INDEX: "INDEX",
  CRYPTOCURRENCY: "CRYPTOCURRENCY",
  ALTERNATIVE: "ALTERNATIVE",
});
export type AssetClass = (typeof AssetClass)[keyof typeof AssetClass];

export const InstrumentClass = values({
  SPOT: "SPOT",
  FUTURE: "FUTURE",
  OPTION: "OPTION",
  FUTURES_SPREAD: "FUTURES_SPREAD",
  OPTION_SPREAD: "OPTION_SPREAD",
  CFD: "CFD",
  BOND: "BOND",
  WARRANT: "WARRANT",
});
export type InstrumentClass = (typeof InstrumentClass)[keyof typeof InstrumentClass];

export const CurrencyType = values({ FIAT: "FIAT", CRYPTO: "CRYPTO", COMMODITY_BACKED: "COMMODITY_BACKED" });
export type CurrencyType = (typeof CurrencyType)[keyof typeof CurrencyType];

/** The side that closes a position of `side` (LONG -> SELL, SHORT -> BUY). */
export function closingSide(side: PositionSide): OrderSide {
  switch (side) {
    case PositionSide.LONG:
      return OrderSide.SELL;
    case PositionSide.SHORT:
      return OrderSide.BUY;
    default:
      return OrderSide.NO_ORDER_SIDE;
  }
}

/** BUY <-> SELL. */
export function oppositeSide(side: OrderSide): OrderSide {
  if (side === OrderSide.BUY) return OrderSide.SELL;
  if (side === OrderSide.SELL) return OrderSide.BUY;
  return OrderSide.NO_ORDER_SIDE;
}
