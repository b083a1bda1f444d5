/**
 * Events of the model: every order event (one discriminated union `OrderEvent`, tag `type`),
 * the account state event, and position events carrying a snapshot of the position.
 *
 * Every event has `eventId` (a UUID string), `tsEvent` and `tsInit` (UTC ns, bigint) and, for
 * order events, `reconciliation` (true when reconciliation synthesised it from venue reports).
 * Events are plain frozen-by-convention objects: cheap to build, to publish and to encode.
 * `OrderEvents.*` build them from an order reference (an Order satisfies `OrderRef`) and an
 * `EventMeta`, so engines never spell the common fields by hand.
 */
import type { Currency } from "./currency.js";
import type {
  ContingencyType,
  LiquiditySide,
  OrderSide,
  OrderType,
  PositionSide,
  TimeInForce,
  TrailingOffsetType,
  TriggerType,
  AccountType,
} from "./enums.js";
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from "./identifiers.js";
import type { Money, Price, Quantity } from "./values.js";

/** Fields every order event carries. */
export interface OrderEventBase {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | undefined;
  readonly accountId?: AccountId | undefined;
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
  readonly reconciliation: boolean;
}

/** Everything an order is built from (Nautilus OrderInitialized). */
export interface OrderInitialized extends OrderEventBase {
  readonly type: "OrderInitialized";
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly quoteQuantity: boolean;
  readonly price?: Price | undefined;
  readonly triggerPrice?: Price | undefined;
  readonly triggerType?: TriggerType | undefined;
  readonly limitOffset?: Price | undefined;
  readonly trailingOffset?: Price | undefined;
  readonly trailingOffsetType?: TrailingOffsetType | undefined;
  /** GTD expiry, UTC ns. */
  readonly expireTime?: bigint | undefined;
  readonly displayQty?: Quantity | undefined;
  readonly emulationTrigger?: TriggerType | undefined;
  readonly contingencyType: ContingencyType;
  readonly orderListId?: OrderListId | undefined;
  readonly linkedOrderIds?: readonly ClientOrderId[] | undefined;
  readonly parentOrderId?: ClientOrderId | undefined;
  readonly tags?: readonly string[] | undefined;
}

export interface OrderDenied extends OrderEventBase {
  readonly type: "OrderDenied";
  readonly reason: string;
}
export interface OrderEmulated extends OrderEventBase {
  readonly type: "OrderEmulated";
}
export interface OrderReleased extends OrderEventBase {
  readonly type: "OrderReleased";
  readonly releasedPrice: Price;
}
export interface OrderSubmitted extends OrderEventBase {
  readonly type: "OrderSubmitted";
  readonly accountId: AccountId;
}
export interface OrderAccepted extends OrderEventBase {
  readonly type: "OrderAccepted";
  readonly venueOrderId: VenueOrderId;
  readonly accountId: AccountId;
}
export interface OrderRejected extends OrderEventBase {
  readonly type: "OrderRejected";
  readonly reason: string;
  readonly dueToPostOnly: boolean;
}
export interface OrderCanceled extends OrderEventBase {
  readonly type: "OrderCanceled";
}
export interface OrderExpired extends OrderEventBase {
  readonly type: "OrderExpired";
}
export interface OrderTriggered extends OrderEventBase {
  readonly type: "OrderTriggered";
}
export interface OrderPendingUpdate extends OrderEventBase {
  readonly type: "OrderPendingUpdate";
}
export interface OrderPendingCancel extends OrderEventBase {
  readonly type: "OrderPendingCancel";
}
export interface OrderModifyRejected extends OrderEventBase {
  readonly type: "OrderModifyRejected";
  readonly reason: string;
}
export interface OrderCancelRejected extends OrderEventBase {
  readonly type: "OrderCancelRejected";
  readonly reason: string;
}
export interface OrderUpdated extends OrderEventBase {
  readonly type: "OrderUpdated";
  readonly quantity: Quantity;
  readonly price?: Price | undefined;
  readonly triggerPrice?: Price | undefined;
}
export interface OrderFilled extends OrderEventBase {
  readonly type: "OrderFilled";
  readonly venueOrderId: VenueOrderId;
  readonly accountId: AccountId;
  readonly tradeId: TradeId;
  readonly positionId?: PositionId | undefined;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly currency: Currency;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderEmulated
  | OrderReleased
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderCanceled
  | OrderExpired
  | OrderTriggered
  | OrderPendingUpdate
  | OrderPendingCancel
  | OrderModifyRejected
  | OrderCancelRejected
  | OrderUpdated
  | OrderFilled;

export type OrderEventType = OrderEvent["type"];

/** The identity fields an event is stamped with (an Order satisfies it). */
export interface OrderRef {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | undefined;
  readonly accountId?: AccountId | undefined;
}

export interface EventMeta {
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
  /** Defaults to false. */
  readonly reconciliation?: boolean;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The common fields as one object literal, `type` first. Builders then assign their own fields:
 * object spread (`{ ...base, x }`) costs microseconds on Node 20's V8, assignment nanoseconds.
 */
function stamp<E extends OrderEvent>(type: E["type"], o: OrderRef, m: EventMeta): Writable<E> {
  const e = {
    type,
    traderId: o.traderId,
    strategyId: o.strategyId,
    instrumentId: o.instrumentId,
    clientOrderId: o.clientOrderId,
    venueOrderId: o.venueOrderId,
    accountId: o.accountId,
    eventId: m.eventId,
    tsEvent: m.tsEvent,
    tsInit: m.tsInit,
    reconciliation: m.reconciliation ?? false,
  };
  return e as Writable<E>;
}

export interface FillFields {
  readonly venueOrderId: VenueOrderId;
  readonly accountId: AccountId;
  readonly tradeId: TradeId;
  readonly positionId?: PositionId | undefined;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly currency: Currency;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
}

function withReason<E extends OrderDenied | OrderModifyRejected | OrderCancelRejected>(
  type: E["type"],
  o: OrderRef,
  reason: string,
  m: EventMeta,
): E {
  const e = stamp<E>(type, o, m);
  e.reason = reason;
  return e;
}

/** Builders for every order event after OrderInitialized (which the OrderFactory builds in full). */
export const OrderEvents = {
  denied: (o: OrderRef, reason: string, m: EventMeta): OrderDenied => withReason<OrderDenied>("OrderDenied", o, reason, m),
  emulated: (o: OrderRef, m: EventMeta): OrderEmulated => stamp<OrderEmulated>("OrderEmulated", o, m),
  released: (o: OrderRef, releasedPrice: Price, m: EventMeta): OrderReleased => {
    const e = stamp<OrderReleased>("OrderReleased", o, m);
    e.releasedPrice = releasedPrice;
    return e;
  },
  submitted: (o: OrderRef, accountId: AccountId, m: EventMeta): OrderSubmitted => {
    const e = stamp<OrderSubmitted>("OrderSubmitted", o, m);
    e.accountId = accountId;
    return e;
  },
  accepted: (o: OrderRef, venueOrderId: VenueOrderId, accountId: AccountId, m: EventMeta): OrderAccepted => {
    const e = stamp<OrderAccepted>("OrderAccepted", o, m);
    e.venueOrderId = venueOrderId;
    e.accountId = accountId;
    return e;
  },
  rejected: (o: OrderRef, reason: string, m: EventMeta, dueToPostOnly = false): OrderRejected => {
    const e = stamp<OrderRejected>("OrderRejected", o, m);
    e.reason = reason;
    e.dueToPostOnly = dueToPostOnly;
    return e;
  },
  canceled: (o: OrderRef, m: EventMeta): OrderCanceled => stamp<OrderCanceled>("OrderCanceled", o, m),
  expired: (o: OrderRef, m: EventMeta): OrderExpired => stamp<OrderExpired>("OrderExpired", o, m),
  triggered: (o: OrderRef, m: EventMeta): OrderTriggered => stamp<OrderTriggered>("OrderTriggered", o, m),
  pendingUpdate: (o: OrderRef, m: EventMeta): OrderPendingUpdate => stamp<OrderPendingUpdate>("OrderPendingUpdate", o, m),
  pendingCancel: (o: OrderRef, m: EventMeta): OrderPendingCancel => stamp<OrderPendingCancel>("OrderPendingCancel", o, m),
  modifyRejected: (o: OrderRef, reason: string, m: EventMeta): OrderModifyRejected =>
    withReason<OrderModifyRejected>("OrderModifyRejected", o, reason, m),
  cancelRejected: (o: OrderRef, reason: string, m: EventMeta): OrderCancelRejected =>
    withReason<OrderCancelRejected>("OrderCancelRejected", o, reason, m),
  updated: (
    o: OrderRef,
    change: { quantity: Quantity; price?: Price | undefined; triggerPrice?: Price | undefined; venueOrderId?: VenueOrderId },
    m: EventMeta,
  ): OrderUpdated => {
    const e = stamp<OrderUpdated>("OrderUpdated", o, m);
    e.venueOrderId = change.venueOrderId ?? o.venueOrderId;
    e.quantity = change.quantity;
    e.price = change.price;
    e.triggerPrice = change.triggerPrice;
    return e;
  },
  filled: (o: OrderRef, f: FillFields, m: EventMeta): OrderFilled => {
    const e = stamp<OrderFilled>("OrderFilled", o, m);
    e.venueOrderId = f.venueOrderId;
    e.accountId = f.accountId;
    e.tradeId = f.tradeId;
    e.positionId = f.positionId;
    e.orderSide = f.orderSide;
    e.orderType = f.orderType;
    e.lastQty = f.lastQty;
    e.lastPx = f.lastPx;
    e.currency = f.currency;
    e.commission = f.commission;
    e.liquiditySide = f.liquiditySide;
    return e;
  },
  /**
   * The same fill stamped with a position id: a copy (events are immutable by convention) with
   * every OrderFilled field, in the builder's order, as `{ ...f, positionId }` would give it.
   */
  withPositionId: (f: OrderFilled, positionId: PositionId): OrderFilled => ({
    type: f.type,
    traderId: f.traderId,
    strategyId: f.strategyId,
    instrumentId: f.instrumentId,
    clientOrderId: f.clientOrderId,
    venueOrderId: f.venueOrderId,
    accountId: f.accountId,
    eventId: f.eventId,
    tsEvent: f.tsEvent,
    tsInit: f.tsInit,
    reconciliation: f.reconciliation,
    tradeId: f.tradeId,
    positionId,
    orderSide: f.orderSide,
    orderType: f.orderType,
    lastQty: f.lastQty,
    lastPx: f.lastPx,
    currency: f.currency,
    commission: f.commission,
    liquiditySide: f.liquiditySide,
  }),
} as const;

// --- account state ---

export interface AccountBalance {
  readonly total: Money;
  readonly locked: Money;
  readonly free: Money;
}

export interface MarginBalance {
  readonly initial: Money;
  readonly maintenance: Money;
  /** The instrument the margin is for, or undefined for account-wide margin. */
  readonly instrumentId?: InstrumentId | undefined;
}

/** Nautilus AccountState: the venue's (reported) or the node's (calculated) view of an account. */
export interface AccountState {
  readonly type: "AccountState";
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  /** The account's base currency, or undefined for a multi-currency account. */
  readonly baseCurrency?: Currency | undefined;
  /** True when the venue reported it; false when the node calculated it. */
  readonly reported: boolean;
  readonly balances: readonly AccountBalance[];
  readonly margins: readonly MarginBalance[];
  readonly info?: Readonly<Record<string, unknown>> | undefined;
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

// --- positions ---

/** A position as it stood when an event was emitted (plain data, safe to keep and encode). */
export interface PositionSnapshot {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly positionId: PositionId;
  readonly accountId: AccountId;
  readonly openingOrderId: ClientOrderId;
  readonly closingOrderId?: ClientOrderId | undefined;
  readonly entry: OrderSide;
  readonly side: PositionSide;
  /** Signed quantity as a raw at the fixed scale 10^9 (long > 0, short < 0). */
  readonly signedQtyRaw: bigint;
  readonly quantity: Quantity;
  readonly peakQty: Quantity;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly currency: Currency;
  readonly avgPxOpen: Price;
  readonly avgPxClose?: Price | undefined;
  readonly realizedPnl: Money;
  readonly unrealizedPnl: Money;
  readonly commissions: readonly Money[];
  readonly tsOpened: bigint;
  readonly tsClosed?: bigint | undefined;
  readonly durationNs: bigint;
}

interface PositionEventBase {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly positionId: PositionId;
  readonly accountId: AccountId;
  readonly snapshot: PositionSnapshot;
  /** The fill that caused the event. */
  readonly fillTradeId: TradeId;
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface PositionOpened extends PositionEventBase {
  readonly type: "PositionOpened";
}
export interface PositionChanged extends PositionEventBase {
  readonly type: "PositionChanged";
}
export interface PositionClosed extends PositionEventBase {
  readonly type: "PositionClosed";
}

export type PositionEvent = PositionOpened | PositionChanged | PositionClosed;
