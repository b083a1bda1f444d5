/** Shared builders for model tests: ids, an OrderInitialized for any type, and event metadata. */
import { USD } from "../../src/model/currency.js";
import { ContingencyType, LiquiditySide, OrderSide, OrderType, TimeInForce, TrailingOffsetType } from "../../src/model/enums.js";
import { OrderEvents, type EventMeta, type OrderFilled, type OrderInitialized } from "../../src/model/events.js";
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from "../../src/model/identifiers.js";
import { Order } from "../../src/model/orders/order.js";
import { Money, Price, Quantity } from "../../src/model/values.js";

export const TRADER = TraderId("TRADER-001");
export const STRATEGY = StrategyId("S-001");
export const SPY = InstrumentId("SPY.SMART");
export const ACCOUNT = AccountId("IB-DU1234567");
export const VOID = VenueOrderId("1001");

let seq = 0;
export function meta(ts = 1_000n, reconciliation = false): EventMeta {
  seq += 1;
  return { eventId: `evt-${seq}`, tsEvent: ts, tsInit: ts, reconciliation };
}

export function init(overrides: Partial<OrderInitialized> = {}): OrderInitialized {
  const type = overrides.orderType ?? OrderType.LIMIT;
  const needsPrice = type === "LIMIT" || type === "STOP_LIMIT" || type === "LIMIT_IF_TOUCHED";
  const needsTrigger = type === "STOP_MARKET" || type === "STOP_LIMIT" || type === "MARKET_IF_TOUCHED" || type === "LIMIT_IF_TOUCHED";
  const trailing = type === "TRAILING_STOP_MARKET" || type === "TRAILING_STOP_LIMIT";
  return {
    type: "OrderInitialized",
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: SPY,
    clientOrderId: ClientOrderId("O-1"),
    eventId: "init-1",
    tsEvent: 1n,
    tsInit: 1n,
    reconciliation: false,
    side: OrderSide.BUY,
    orderType: type,
    quantity: Quantity.from(100, 0),
    timeInForce: TimeInForce.GTC,
    postOnly: false,
    reduceOnly: false,
    quoteQuantity: false,
    price: needsPrice ? Price.from("100.00") : undefined,
    triggerPrice: needsTrigger ? Price.from("99.00") : undefined,
    trailingOffset: trailing ? Price.from("0.50") : undefined,
    trailingOffsetType: trailing ? TrailingOffsetType.PRICE : undefined,
    limitOffset: type === "TRAILING_STOP_LIMIT" ? Price.from("0.10") : undefined,
    contingencyType: ContingencyType.NO_CONTINGENCY,
    ...overrides,
  };
}

export function order(overrides: Partial<OrderInitialized> = {}): Order {
  return new Order(init(overrides));
}

export function fill(o: Order, qty: number | string, px: string, tradeId: string, ts = 2_000n, commission = "0"): OrderFilled {
  return OrderEvents.filled(
    o,
    {
      venueOrderId: o.venueOrderId ?? VOID,
      accountId: ACCOUNT,
      tradeId: TradeId(tradeId),
      orderSide: o.side,
      orderType: o.orderType,
      lastQty: Quantity.from(qty, o.quantity.precision),
      lastPx: Price.from(px),
      currency: USD,
      commission: Money.from(commission, USD),
      liquiditySide: LiquiditySide.TAKER,
    },
    meta(ts),
  );
}

export function accepted(o: Order): void {
  o.apply(OrderEvents.submitted(o, ACCOUNT, meta()));
  o.apply(OrderEvents.accepted(o, VOID, ACCOUNT, meta()));
}
