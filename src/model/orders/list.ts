/**
 * Order lists and brackets.
 *
 * `OrderList` groups orders submitted together (Nautilus OrderList): non-empty, unique client
 * order ids. `buildBracket` makes the Nautilus bracket: an entry order (contingency OTO, linked to
 * both children), a LIMIT take-profit and a STOP_MARKET stop-loss (each reduce-only, parent =
 * entry, linked to each other as OUO by default or OCO). Prices must be on the right side: for a
 * BUY entry stop-loss < (entry price) < take-profit; for a SELL entry the reverse.
 */
import { CortanaError } from "../../common/errors.js";
import { ContingencyType, OrderSide, OrderType, TimeInForce, TriggerType } from "../enums.js";
import type { OrderInitialized } from "../events.js";
import type { ClientOrderId, InstrumentId, OrderListId, StrategyId, TraderId } from "../identifiers.js";
import type { Price, Quantity } from "../values.js";
import { Order } from "./order.js";

function invalid(why: string): CortanaError {
  return new CortanaError("CORTANA_E_MODEL_INVALID", why);
}

export class OrderList {
  readonly id: OrderListId;
  readonly orders: readonly Order[];
  readonly tsInit: bigint;

  constructor(id: OrderListId, orders: readonly Order[], tsInit: bigint) {
    if (orders.length === 0) throw invalid(`order list ${id} is empty`);
    const seen = new Set<string>();
    for (const o of orders) {
      if (seen.has(o.clientOrderId)) throw invalid(`order list ${id} holds ${o.clientOrderId} twice`);
      seen.add(o.clientOrderId);
    }
    this.id = id;
    this.orders = orders;
    this.tsInit = tsInit;
  }

  get first(): Order {
    return this.orders[0] as Order;
  }
  get instrumentId(): InstrumentId {
    return this.first.instrumentId;
  }
  get strategyId(): StrategyId {
    return this.first.strategyId;
  }
  get clientOrderIds(): ClientOrderId[] {
    return this.orders.map((o) => o.clientOrderId);
  }
}

export interface BracketParams {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly orderListId: OrderListId;
  readonly entryId: ClientOrderId;
  readonly takeProfitId: ClientOrderId;
  readonly stopLossId: ClientOrderId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** MARKET (default) or LIMIT with `entryPrice`. */
  readonly entryType?: typeof OrderType.MARKET | typeof OrderType.LIMIT;
  readonly entryPrice?: Price;
  readonly takeProfitPrice: Price;
  readonly stopLossTriggerPrice: Price;
  readonly stopLossTriggerType?: TriggerType;
  /** Entry time in force (default GTC); GTD needs `expireTime`. */
  readonly timeInForce?: TimeInForce;
  readonly expireTime?: bigint;
  /** Children time in force (default GTC). */
  readonly childTimeInForce?: TimeInForce;
  readonly takeProfitPostOnly?: boolean;
  /** How the children are linked: OUO (default, the stop shrinks with take-profit fills) or OCO. */
  readonly contingencyType?: typeof ContingencyType.OUO | typeof ContingencyType.OCO;
  readonly tags?: readonly string[];
  /** Source of event ids (UUIDs), injected. */
  readonly newEventId: () => string;
  readonly tsInit: bigint;
}

function checkBracketPrices(p: BracketParams): void {
  const buy = p.side === OrderSide.BUY;
  if (p.side !== OrderSide.BUY && p.side !== OrderSide.SELL) throw invalid("bracket side must be BUY or SELL");
  const [low, high] = buy ? [p.stopLossTriggerPrice, p.takeProfitPrice] : [p.takeProfitPrice, p.stopLossTriggerPrice];
  if (!low.lt(high)) {
    throw invalid(`bracket ${p.orderListId}: ${buy ? "stop-loss must be below take-profit" : "stop-loss must be above take-profit"}`);
  }
  if ((p.entryType ?? OrderType.MARKET) === OrderType.LIMIT) {
    if (p.entryPrice === undefined) throw invalid(`bracket ${p.orderListId}: a LIMIT entry needs entryPrice`);
    if (!(low.lt(p.entryPrice) && p.entryPrice.lt(high))) {
      throw invalid(`bracket ${p.orderListId}: entry price ${p.entryPrice} must lie between stop-loss and take-profit`);
    }
  }
}

/** Build [entry, takeProfit, stopLoss] as an OrderList of INITIALIZED orders. */
export function buildBracket(p: BracketParams): OrderList {
  checkBracketPrices(p);
  const exitSide = p.side === OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
  const childContingency = p.contingencyType ?? ContingencyType.OUO;
  const childTif = p.childTimeInForce ?? TimeInForce.GTC;
  const common = {
    traderId: p.traderId,
    strategyId: p.strategyId,
    instrumentId: p.instrumentId,
    tsEvent: p.tsInit,
    tsInit: p.tsInit,
    reconciliation: false,
    quantity: p.quantity,
    quoteQuantity: false,
    orderListId: p.orderListId,
    tags: p.tags,
  } as const;
  const entryType = p.entryType ?? OrderType.MARKET;
  const entry: OrderInitialized = {
    ...common,
    type: "OrderInitialized",
    eventId: p.newEventId(),
    clientOrderId: p.entryId,
    side: p.side,
    orderType: entryType,
    price: entryType === OrderType.LIMIT ? p.entryPrice : undefined,
    timeInForce: p.timeInForce ?? TimeInForce.GTC,
    expireTime: p.expireTime,
    postOnly: false,
    reduceOnly: false,
    contingencyType: ContingencyType.OTO,
    linkedOrderIds: [p.takeProfitId, p.stopLossId],
  };
  const takeProfit: OrderInitialized = {
    ...common,
    type: "OrderInitialized",
    eventId: p.newEventId(),
    clientOrderId: p.takeProfitId,
    side: exitSide,
    orderType: OrderType.LIMIT,
    price: p.takeProfitPrice,
    timeInForce: childTif,
    expireTime: childTif === TimeInForce.GTD ? p.expireTime : undefined,
    postOnly: p.takeProfitPostOnly ?? false,
    reduceOnly: true,
    contingencyType: childContingency,
    linkedOrderIds: [p.stopLossId],
    parentOrderId: p.entryId,
  };
  const stopLoss: OrderInitialized = {
    ...common,
    type: "OrderInitialized",
    eventId: p.newEventId(),
    clientOrderId: p.stopLossId,
    side: exitSide,
    orderType: OrderType.STOP_MARKET,
    triggerPrice: p.stopLossTriggerPrice,
    triggerType: p.stopLossTriggerType ?? TriggerType.DEFAULT,
    timeInForce: childTif,
    expireTime: childTif === TimeInForce.GTD ? p.expireTime : undefined,
    postOnly: false,
    reduceOnly: true,
    contingencyType: childContingency,
    linkedOrderIds: [p.takeProfitId],
    parentOrderId: p.entryId,
  };
  return new OrderList(p.orderListId, [new Order(entry), new Order(takeProfit), new Order(stopLoss)], p.tsInit);
}
