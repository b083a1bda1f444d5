/**
 * OrderFactory: builds a strategy's orders (Nautilus `OrderFactory`) as INITIALIZED `Order`s of
 * the model, each with a fresh ClientOrderId from the strategy's generator (orderIdTag,
 * useUuidClientOrderIds, useHyphensInClientOrderIds) and its OrderInitialized stamped with the
 * injected clock and uuid factory.
 *
 * Entry points: `market`, `limit`, `stopMarket`, `stopLimit`, `marketIfTouched`, `limitIfTouched`,
 * `trailingStopMarket`, `trailingStopLimit`, `marketToLimit`, `bracket` (entry + take-profit LIMIT
 * + stop-loss STOP_MARKET as an OrderList: OTO entry, children linked OCO or OUO), `orderList`;
 * `setClientOrderIdCount` / `setOrderListIdCount` to resume counting after a restart.
 * Invariants: ids never repeat within a process for one strategy; the model validates every order
 * (CORTANA_E_MODEL_INVALID for a LIMIT without price, bad bracket prices, ...).
 */
import type { Clock } from "../common/clock.js";
import type { UuidFactory } from "../common/uuid.js";
import { ContingencyType, OrderType, TimeInForce, TriggerType, type OrderSide, type TrailingOffsetType } from "../model/enums.js";
import type { OrderInitialized } from "../model/events.js";
import {
  ClientOrderIdGenerator,
  OrderListId,
  datetimeTag,
  strategyIdTag,
  traderIdTag,
  type ClientOrderId,
  type InstrumentId,
  type StrategyId,
  type TraderId,
} from "../model/identifiers.js";
import { Order, OrderList, buildBracket } from "../model/orders/index.js";
import type { Price, Quantity } from "../model/values.js";

export interface OrderFactoryOptions {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly clock: Clock;
  readonly uuid: UuidFactory;
  readonly useUuidClientOrderIds?: boolean;
  readonly useHyphensInClientOrderIds?: boolean;
}

/** Fields every order type takes. */
export interface OrderParams {
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Default GTC. */
  readonly timeInForce?: TimeInForce;
  /** GTD expiry (UTC ns). */
  readonly expireTime?: bigint;
  readonly reduceOnly?: boolean;
  readonly quoteQuantity?: boolean;
  readonly tags?: readonly string[];
}

export interface LimitParams extends OrderParams {
  readonly price: Price;
  readonly postOnly?: boolean;
  readonly displayQty?: Quantity;
}

export interface StopParams extends OrderParams {
  readonly triggerPrice: Price;
  readonly triggerType?: TriggerType;
}

export interface StopLimitParams extends StopParams {
  readonly price: Price;
  readonly postOnly?: boolean;
  readonly displayQty?: Quantity;
}

export interface TrailingParams extends OrderParams {
  readonly trailingOffset: Price;
  readonly trailingOffsetType: TrailingOffsetType;
  readonly triggerPrice?: Price;
  readonly triggerType?: TriggerType;
}

export interface TrailingLimitParams extends TrailingParams {
  readonly limitOffset: Price;
  readonly price?: Price;
  readonly postOnly?: boolean;
}

export interface BracketOrderParams {
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** A LIMIT entry at this price; absent: a MARKET entry. */
  readonly entryPrice?: Price;
  readonly takeProfitPrice: Price;
  readonly stopLossTriggerPrice: Price;
  readonly stopLossTriggerType?: TriggerType;
  /** How take-profit and stop-loss are linked: OCO or OUO (default OUO, as Nautilus). */
  readonly contingencyType?: typeof ContingencyType.OCO | typeof ContingencyType.OUO;
  readonly timeInForce?: TimeInForce;
  readonly expireTime?: bigint;
  readonly childTimeInForce?: TimeInForce;
  readonly takeProfitPostOnly?: boolean;
  readonly tags?: readonly string[];
}

/** The type-specific fields of an order (what `build` adds to the common ones). */
type OrderExtras = Pick<OrderInitialized, "price" | "triggerPrice" | "triggerType" | "limitOffset" | "trailingOffset" | "trailingOffsetType" | "displayQty"> & { readonly postOnly?: boolean | undefined };

const NO_EXTRAS: OrderExtras = {};

export class OrderFactory {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  private readonly clock: Clock;
  private readonly uuid: UuidFactory;
  private readonly ids: ClientOrderIdGenerator;
  private readonly hyphens: boolean;
  private listCount = 0;

  constructor(options: OrderFactoryOptions) {
    this.traderId = options.traderId;
    this.strategyId = options.strategyId;
    this.clock = options.clock;
    this.uuid = options.uuid;
    this.hyphens = options.useHyphensInClientOrderIds ?? true;
    this.ids = new ClientOrderIdGenerator({
      traderId: options.traderId,
      strategyId: options.strategyId,
      nowNs: () => options.clock.timestampNs(),
      useUuids: options.useUuidClientOrderIds ?? false,
      useHyphens: this.hyphens,
      uuid: options.uuid,
    });
  }

  get clientOrderIdCount(): number {
    return this.ids.count;
  }
  get orderListIdCount(): number {
    return this.listCount;
  }
  setClientOrderIdCount(count: number): void {
    this.ids.setCount(count);
  }
  setOrderListIdCount(count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`order list id count must be a non-negative integer, got ${count}`);
    this.listCount = count;
  }
  reset(): void {
    this.ids.reset();
    this.listCount = 0;
  }

  nextClientOrderId(): ClientOrderId {
    return this.ids.generate();
  }

  /** `OL-YYYYMMDD-HHMMSS-TRADERTAG-STRATEGYTAG-COUNT` (hyphens stripped when the strategy asks). */
  nextOrderListId(): OrderListId {
    this.listCount += 1;
    const id = `OL-${datetimeTag(this.clock.timestampNs())}-${traderIdTag(this.traderId)}-${strategyIdTag(this.strategyId)}-${this.listCount}`;
    return OrderListId(this.hyphens ? id : id.replaceAll("-", ""));
  }

  market(p: OrderParams): Order {
    return this.build(p, OrderType.MARKET, NO_EXTRAS);
  }

  limit(p: LimitParams): Order {
    return this.build(p, OrderType.LIMIT, { price: p.price, postOnly: p.postOnly, displayQty: p.displayQty });
  }

  stopMarket(p: StopParams): Order {
    return this.build(p, OrderType.STOP_MARKET, { triggerPrice: p.triggerPrice, triggerType: p.triggerType ?? TriggerType.DEFAULT });
  }

  stopLimit(p: StopLimitParams): Order {
    return this.build(p, OrderType.STOP_LIMIT, {
      price: p.price,
      triggerPrice: p.triggerPrice,
      triggerType: p.triggerType ?? TriggerType.DEFAULT,
      postOnly: p.postOnly,
      displayQty: p.displayQty,
    });
  }

  marketIfTouched(p: StopParams): Order {
    return this.build(p, OrderType.MARKET_IF_TOUCHED, { triggerPrice: p.triggerPrice, triggerType: p.triggerType ?? TriggerType.DEFAULT });
  }

  limitIfTouched(p: StopLimitParams): Order {
    return this.build(p, OrderType.LIMIT_IF_TOUCHED, {
      price: p.price,
      triggerPrice: p.triggerPrice,
      triggerType: p.triggerType ?? TriggerType.DEFAULT,
      postOnly: p.postOnly,
      displayQty: p.displayQty,
    });
  }

  trailingStopMarket(p: TrailingParams): Order {
    return this.build(p, OrderType.TRAILING_STOP_MARKET, {
      triggerPrice: p.triggerPrice,
      triggerType: p.triggerType ?? TriggerType.DEFAULT,
      trailingOffset: p.trailingOffset,
      trailingOffsetType: p.trailingOffsetType,
    });
  }

  trailingStopLimit(p: TrailingLimitParams): Order {
    return this.build(p, OrderType.TRAILING_STOP_LIMIT, {
      price: p.price,
      triggerPrice: p.triggerPrice,
      triggerType: p.triggerType ?? TriggerType.DEFAULT,
      limitOffset: p.limitOffset,
      trailingOffset: p.trailingOffset,
      trailingOffsetType: p.trailingOffsetType,
      postOnly: p.postOnly,
    });
  }

  marketToLimit(p: OrderParams & { readonly displayQty?: Quantity }): Order {
    return this.build(p, OrderType.MARKET_TO_LIMIT, { displayQty: p.displayQty });
  }

  /** Entry (OTO) + take-profit LIMIT + stop-loss STOP_MARKET, children linked OCO or OUO. */
  bracket(p: BracketOrderParams): OrderList {
    const now = this.clock.timestampNs();
    return buildBracket({
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: p.instrumentId,
      orderListId: this.nextOrderListId(),
      entryId: this.nextClientOrderId(),
      takeProfitId: this.nextClientOrderId(),
      stopLossId: this.nextClientOrderId(),
      side: p.side,
      quantity: p.quantity,
      entryType: p.entryPrice === undefined ? OrderType.MARKET : OrderType.LIMIT,
      entryPrice: p.entryPrice,
      takeProfitPrice: p.takeProfitPrice,
      stopLossTriggerPrice: p.stopLossTriggerPrice,
      stopLossTriggerType: p.stopLossTriggerType,
      timeInForce: p.timeInForce,
      expireTime: p.expireTime,
      childTimeInForce: p.childTimeInForce,
      takeProfitPostOnly: p.takeProfitPostOnly,
      contingencyType: p.contingencyType ?? ContingencyType.OUO,
      tags: p.tags,
      newEventId: this.uuid,
      tsInit: now,
    });
  }

  /** Groups already-built orders of this strategy into an OrderList with a fresh id. */
  orderList(orders: readonly Order[]): OrderList {
    return new OrderList(this.nextOrderListId(), orders, this.clock.timestampNs());
  }

  /**
   * One literal with every OrderInitialized field in a fixed order (absent ones undefined, which
   * the model and the codecs read as absent): spreading `extra` into it, then spreading the result
   * again, cost tens of microseconds per order on this cold path (and left a slow-mode object for
   * the Order constructor and validation to read).
   */
  private build(p: OrderParams, orderType: OrderType, extra: OrderExtras): Order {
    const now = this.clock.timestampNs();
    const timeInForce = p.timeInForce ?? TimeInForce.GTC;
    const init: OrderInitialized = {
      type: "OrderInitialized",
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: p.instrumentId,
      clientOrderId: this.nextClientOrderId(),
      side: p.side,
      orderType,
      quantity: p.quantity,
      timeInForce,
      expireTime: timeInForce === TimeInForce.GTD ? p.expireTime : undefined,
      postOnly: extra.postOnly ?? false,
      reduceOnly: p.reduceOnly ?? false,
      quoteQuantity: p.quoteQuantity ?? false,
      price: extra.price,
      triggerPrice: extra.triggerPrice,
      triggerType: extra.triggerType,
      limitOffset: extra.limitOffset,
      trailingOffset: extra.trailingOffset,
      trailingOffsetType: extra.trailingOffsetType,
      displayQty: extra.displayQty,
      contingencyType: ContingencyType.NO_CONTINGENCY,
      tags: p.tags,
      eventId: this.uuid(),
      tsEvent: now,
      tsInit: now,
      reconciliation: false,
    };
    return new Order(init);
  }
}
