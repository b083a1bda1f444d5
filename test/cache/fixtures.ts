/** Builders for cache, data and portfolio tests: instruments, orders driven through events, fills, positions, account states, quotes. */
import { USD } from "../../src/model/currency.js";
import type { QuoteTick, TradeTick } from "../../src/model/data.js";
import { ContingencyType, LiquiditySide, type OrderSide, type OrderType } from "../../src/model/enums.js";
import { OrderEvents, type AccountState, type EventMeta, type OrderFilled, type OrderInitialized } from "../../src/model/events.js";
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
  type OrderListId,
} from "../../src/model/identifiers.js";
import { Equity, OptionContract } from "../../src/model/instruments.js";
import { Order } from "../../src/model/orders/order.js";
import { Position } from "../../src/model/position.js";
import { Money, Price, Quantity } from "../../src/model/values.js";

export const TRADER = TraderId("TRADER-001");
export const S1 = StrategyId("EMACross-001");
export const S2 = StrategyId("Mean-002");
export const ACC = AccountId("IB-DU1234567");

export const SPY = new Equity({
  id: InstrumentId("SPY.SMART"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  tsEvent: 0n,
  tsInit: 0n,
});

export const AAPL = new Equity({
  id: InstrumentId("AAPL.NASDAQ"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  tsEvent: 0n,
  tsInit: 0n,
});

export const SPY_CALL = new OptionContract({
  id: InstrumentId("SPY 260116C00500000.SMART"),
  assetClass: "EQUITY",
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  multiplier: Quantity.from("100"),
  underlying: "SPY",
  optionKind: "CALL",
  strike: Price.from("500.00"),
  activationNs: 0n,
  expirationNs: 1n << 62n,
  tsEvent: 0n,
  tsInit: 0n,
});

let seq = 0;
export function meta(ts: bigint): EventMeta {
  seq += 1;
  return { eventId: `evt-${seq}`, tsEvent: ts, tsInit: ts };
}

export interface OrderSpec {
  id: string;
  strategyId?: typeof S1;
  instrumentId?: InstrumentId;
  side?: OrderSide;
  orderType?: OrderType;
  qty?: string;
  price?: string;
  triggerPrice?: string;
  emulated?: boolean;
  linked?: string[];
  orderListId?: OrderListId;
  contingency?: OrderInitialized["contingencyType"];
}

export function makeOrder(spec: OrderSpec): Order {
  const type = spec.orderType ?? "LIMIT";
  return new Order({
    type: "OrderInitialized",
    traderId: TRADER,
    strategyId: spec.strategyId ?? S1,
    instrumentId: spec.instrumentId ?? SPY.id,
    clientOrderId: ClientOrderId(spec.id),
    eventId: `init-${spec.id}`,
    tsEvent: 1n,
    tsInit: 1n,
    reconciliation: false,
    side: spec.side ?? "BUY",
    orderType: type,
    quantity: Quantity.from(spec.qty ?? "100"),
    timeInForce: "GTC",
    postOnly: false,
    reduceOnly: false,
    quoteQuantity: false,
    price: type === "MARKET" || type === "STOP_MARKET" ? undefined : Price.from(spec.price ?? "100.00"),
    triggerPrice: type === "STOP_LIMIT" || type === "STOP_MARKET" ? Price.from(spec.triggerPrice ?? "99.00") : undefined,
    emulationTrigger: spec.emulated === true ? "BID_ASK" : undefined,
    contingencyType: spec.contingency ?? (spec.linked === undefined ? ContingencyType.NO_CONTINGENCY : ContingencyType.OCO),
    linkedOrderIds: spec.linked?.map((l) => ClientOrderId(l)),
    orderListId: spec.orderListId,
  });
}

/** Every order event kind the tests drive, by a short name. */
export type Step =
  | { kind: "submit" }
  | { kind: "accept"; voi: string }
  | { kind: "reject" }
  | { kind: "deny" }
  | { kind: "emulate" }
  | { kind: "release" }
  | { kind: "pendingUpdate" }
  | { kind: "pendingCancel" }
  | { kind: "updated"; voi?: string; qty?: string }
  | { kind: "cancel" }
  | { kind: "expire" }
  | { kind: "trigger" }
  | { kind: "fill"; qty: string; px: string; tradeId: string; positionId?: string; commission?: string };

export function apply(order: Order, step: Step, ts = 10n): void {
  const m = meta(ts);
  switch (step.kind) {
    case "submit":
      return order.apply(OrderEvents.submitted(order, ACC, m));
    case "accept":
      return order.apply(OrderEvents.accepted(order, VenueOrderId(step.voi), ACC, m));
    case "reject":
      return order.apply(OrderEvents.rejected(order, "NO", m));
    case "deny":
      return order.apply(OrderEvents.denied(order, "RISK", m));
    case "emulate":
      return order.apply(OrderEvents.emulated(order, m));
    case "release":
      return order.apply(OrderEvents.released(order, order.price ?? Price.from("100.00"), m));
    case "pendingUpdate":
      return order.apply(OrderEvents.pendingUpdate(order, m));
    case "pendingCancel":
      return order.apply(OrderEvents.pendingCancel(order, m));
    case "updated":
      return order.apply(
        OrderEvents.updated(
          order,
          { quantity: step.qty === undefined ? order.quantity : Quantity.from(step.qty), price: order.price, ...(step.voi === undefined ? {} : { venueOrderId: VenueOrderId(step.voi) }) },
          m,
        ),
      );
    case "cancel":
      return order.apply(OrderEvents.canceled(order, m));
    case "expire":
      return order.apply(OrderEvents.expired(order, m));
    case "trigger":
      return order.apply(OrderEvents.triggered(order, m));
    case "fill":
      return order.apply(fillEvent(order, step.qty, step.px, step.tradeId, ts, step.positionId, step.commission));
  }
}

export function fillEvent(order: Order, qty: string, px: string, tradeId: string, ts = 10n, positionId?: string, commission = "0"): OrderFilled {
  return OrderEvents.filled(
    order,
    {
      venueOrderId: order.venueOrderId ?? VenueOrderId(`V-${order.clientOrderId}`),
      accountId: ACC,
      tradeId: TradeId(tradeId),
      positionId: positionId === undefined ? undefined : PositionId(positionId),
      orderSide: order.side,
      orderType: order.orderType,
      lastQty: Quantity.from(qty),
      lastPx: Price.from(px),
      currency: USD,
      commission: Money.from(commission, USD),
      liquiditySide: LiquiditySide.TAKER,
    },
    meta(ts),
  );
}

/** An order taken through submit, accept and a complete fill. */
export function filledOrder(spec: OrderSpec, px: string, tradeId: string, positionId: string, ts = 10n): Order {
  const o = makeOrder(spec);
  apply(o, { kind: "submit" }, ts);
  apply(o, { kind: "accept", voi: `V-${spec.id}` }, ts);
  apply(o, { kind: "fill", qty: spec.qty ?? "100", px, tradeId, positionId }, ts);
  return o;
}

/** A position opened by one fill of `qty` (signed by side) at `px`. */
export function openPosition(instrument: Equity | OptionContract, id: string, side: OrderSide, qty: string, px: string, strategyId = S1, ts = 10n): Position {
  const o = makeOrder({ id: `O-${id}-${side}-${ts}`, instrumentId: instrument.id, side, qty, strategyId });
  apply(o, { kind: "submit" }, ts);
  apply(o, { kind: "accept", voi: `V-${id}-${ts}` }, ts);
  return new Position(instrument, fillEvent(o, qty, px, `T-${id}-${ts}`, ts, id));
}

export function accountState(ts: bigint, free = "1000000", locked = "0", type: AccountState["accountType"] = "CASH"): AccountState {
  const f = Money.from(free, USD);
  const l = Money.from(locked, USD);
  return {
    type: "AccountState",
    accountId: ACC,
    accountType: type,
    baseCurrency: USD,
    reported: true,
    balances: [{ total: f.add(l), locked: l, free: f }],
    margins: [],
    eventId: `acc-${ts}-${free}`,
    tsEvent: ts,
    tsInit: ts,
  };
}

export function quote(instrumentId: InstrumentId, bid: string, ask: string, ts: bigint, size = "100"): QuoteTick {
  return { instrumentId, bidPrice: Price.from(bid), askPrice: Price.from(ask), bidSize: Quantity.from(size), askSize: Quantity.from(size), tsEvent: ts, tsInit: ts };
}

export function trade(instrumentId: InstrumentId, px: string, size: string, ts: bigint, id = `${ts}`): TradeTick {
  return { instrumentId, price: Price.from(px), size: Quantity.from(size), aggressorSide: "BUYER", tradeId: TradeId(`X-${id}`), tsEvent: ts, tsInit: ts };
}
