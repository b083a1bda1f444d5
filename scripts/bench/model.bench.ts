/**
 * Model micro-benchmarks: Price arithmetic (add, compare, mulQty), construction from a JS number
 * and parsing of IB decimal text, next to references measured in the same run (float addition and
 * bare bigint addition: what exactness costs); and the model's share of an order event: a fill
 * applied to an Order, and a fill applied to a Position (the ExecEngine target is >= 100,000
 * order events/s through cache + position + portfolio, so the model must be far above it).
 */
import { USD } from "../../src/model/currency.js";
import { LiquiditySide, OrderSide, OrderType } from "../../src/model/enums.js";
import { OrderEvents, type OrderFilled, type OrderInitialized } from "../../src/model/events.js";
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Order } from "../../src/model/orders/order.js";
import { Position } from "../../src/model/position.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { ratio, sideBySide } from "./measure.js";

let sink: unknown;

function priceArithmetic(): Record<string, unknown> {
  const a = Price.from("123.45");
  const b = Price.from("0.01");
  const q = Quantity.from(100);
  const rates = sideBySide(
    {
      floatAdd: (n) => {
        let x = 123.45;
        for (let i = 0; i < n; i++) x += 0.01;
        sink = x;
      },
      bigintAdd: (n) => {
        let x = 123_450_000_000n;
        for (let i = 0; i < n; i++) x += 10_000_000n;
        sink = x;
      },
      priceAdd: (n) => {
        let x = a;
        for (let i = 0; i < n; i++) x = x.add(b);
        sink = x;
      },
      priceCompare: (n) => {
        let c = 0;
        for (let i = 0; i < n; i++) c += a.compare(b);
        sink = c;
      },
      priceMulQty: (n) => {
        let s = 0n;
        for (let i = 0; i < n; i++) s = a.mulQty(q);
        sink = s;
      },
      priceFromNumber: (n) => {
        for (let i = 0; i < n; i++) sink = Price.from(123.45, 2);
      },
      priceParseText: (n) => {
        for (let i = 0; i < n; i++) sink = Price.parse("1,234.56");
      },
    },
    { opsPerRound: 1_000_000 },
  );
  return {
    opsPerSec: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(v.opsPerSec)])),
    priceAddVsFloatAdd: ratio(rates.priceAdd.opsPerSec, rates.floatAdd.opsPerSec),
    priceAddVsBigintAdd: ratio(rates.priceAdd.opsPerSec, rates.bigintAdd.opsPerSec),
  };
}

const INSTRUMENT = new Equity({
  id: InstrumentId("SPY.SMART"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from(1),
  tsEvent: 0n,
  tsInit: 0n,
});
const TRADER = TraderId("TRADER-001");
const STRATEGY = StrategyId("S-001");
const ACCOUNT = AccountId("IB-DU1");
const VOID = VenueOrderId("1");

function newOrder(i: number, qty: number): Order {
  const init: OrderInitialized = {
    type: "OrderInitialized",
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: INSTRUMENT.id,
    clientOrderId: ClientOrderId(`O-${i}`),
    eventId: `i-${i}`,
    tsEvent: 1n,
    tsInit: 1n,
    reconciliation: false,
    side: i % 2 === 0 ? OrderSide.BUY : OrderSide.SELL,
    orderType: OrderType.LIMIT,
    quantity: Quantity.from(qty),
    timeInForce: "GTC",
    postOnly: false,
    reduceOnly: false,
    quoteQuantity: false,
    price: Price.from("100.00"),
    contingencyType: "NO_CONTINGENCY",
  };
  return new Order(init);
}

function fillFor(o: Order, i: number, px: Price, one: Quantity): OrderFilled {
  return OrderEvents.filled(
    o,
    {
      venueOrderId: VOID,
      accountId: ACCOUNT,
      tradeId: TradeId(`T-${i}`),
      positionId: PositionId("P-1"),
      orderSide: o.side,
      orderType: o.orderType,
      lastQty: one,
      lastPx: px,
      currency: USD,
      commission: Money.zero(USD),
      liquiditySide: LiquiditySide.MAKER,
    },
    { eventId: `f-${i}`, tsEvent: BigInt(i), tsInit: BigInt(i) },
  );
}

function fills(): Record<string, unknown> {
  const px = Price.from("100.01");
  const one = Quantity.from(1);
  const rates = sideBySide(
    {
      // one order receives n partial fills of 1 (the hot path of a fill: FSM, avgPx, trade id)
      orderFill: (n) => {
        const o = newOrder(0, n + 1);
        o.apply(OrderEvents.submitted(o, ACCOUNT, { eventId: "s", tsEvent: 1n, tsInit: 1n }));
        o.apply(OrderEvents.accepted(o, VOID, ACCOUNT, { eventId: "a", tsEvent: 1n, tsInit: 1n }));
        for (let i = 0; i < n; i++) o.apply(fillFor(o, i, px, one));
        sink = o;
      },
      // a position receives n alternating buy/sell fills of 1 (open, close, reopen...)
      positionFill: (n) => {
        const buy = newOrder(0, 1);
        const sell = newOrder(1, 1);
        const p = new Position(INSTRUMENT, fillFor(buy, -1, px, one));
        for (let i = 0; i < n; i++) p.apply(fillFor(i % 2 === 0 ? sell : buy, i, px, one));
        sink = p;
      },
    },
    { opsPerRound: 100_000, rounds: 5 },
  );
  return { opsPerSec: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(v.opsPerSec)])) };
}

export default async (): Promise<Record<string, unknown>> => {
  const arithmetic = priceArithmetic();
  const fillRates = fills();
  void sink;
  return { price: arithmetic, fills: fillRates };
};
