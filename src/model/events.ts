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

function base(order: OrderRef, meta: EventMeta): OrderEventBase {
  return {
    traderId: order.traderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    venueOrderId: order.venueOrderId,
    accountId: order.accountId,
    eventId: meta.eventId,
    tsEvent: meta.tsEvent,
    tsInit: meta.tsInit,
    reconciliation: meta.reconciliation ?? false,
  };
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

/** Builders for every order event after OrderInitialized (which the OrderFactory builds in full). */
export const OrderEvents = {
  denied: (o: OrderRef, reason: string, m: EventMeta): OrderDenied => ({ ...base(o, m), type: "OrderDenied", reason }),
  emulated: (o: OrderRef, m: EventMeta): OrderEmulated => ({ ...base(o, m), type: "OrderEmulated" }),
  released: (o: OrderRef, releasedPrice: Price, m: EventMeta): OrderReleased => ({
    ...base(o, m),
    type: "OrderReleased",
    releasedPrice,
  }),
  submitted: (o: OrderRef, accountId: AccountId, m: EventMeta): OrderSubmitted => ({
    ...base(o, m),
    type: "OrderSubmitted",
    accountId,
  }),
  accepted: (o: OrderRef, venueOrderId: VenueOrderId, accountId: AccountId, m: EventMeta): OrderAccepted => ({
    ...base(o, m),
    type: "OrderAccepted",
    venueOrderId,
    accountId,
  }),
  rejected: (o: OrderRef, reason: string, m: EventMeta, dueToPostOnly = false): OrderRejected => ({
    ...base(o, m),
    type: "OrderRejected",
    reason,
    dueToPostOnly,
  }),
  canceled: (o: OrderRef, m: EventMeta): OrderCanceled => ({ ...base(o, m), type: "OrderCanceled" }),
  expired: (o: OrderRef, m: EventMeta): OrderExpired => ({ ...base(o, m), type: "OrderExpired" }),
  triggered: (o: OrderRef, m: EventMeta): OrderTriggered => ({ ...base(o, m), type: "OrderTriggered" }),
  pendingUpdate: (o: OrderRef, m: EventMeta): OrderPendingUpdate => ({ ...base(o, m), type: "OrderPendingUpdate" }),
  pendingCancel: (o: OrderRef, m: EventMeta): OrderPendingCancel => ({ ...base(o, m), type: "OrderPendingCancel" }),
  modifyRejected: (o: OrderRef, reason: string, m: EventMeta): OrderModifyRejected => ({
    ...base(o, m),
    type: "OrderModifyRejected",
    reason,
  }),
  cancelRejected: (o: OrderRef, reason: string, m: EventMeta): OrderCancelRejected => ({
    ...base(o, m),
    type: "OrderCancelRejected",
    reason,
  }),
  updated: (
    o: OrderRef,
    change: { quantity: Quantity; price?: Price | undefined; triggerPrice?: Price | undefined; venueOrderId?: VenueOrderId },
    m: EventMeta,
  ): OrderUpdated => ({
    ...base(o, m),
    type: "OrderUpdated",
    venueOrderId: change.venueOrderId ?? o.venueOrderId,
    quantity: change.quantity,
    price: change.price,
    triggerPrice: change.triggerPrice,
  }),
  filled: (o: OrderRef, fill: FillFields, m: EventMeta): OrderFilled => ({ ...base(o, m), type: "OrderFilled", ...fill }),
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
