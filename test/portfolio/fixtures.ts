/**
 * Portfolio test harness: a TestClock, bus, cache and Portfolio, instruments (equity, option x100,
 * future x50), and drivers that feed the Portfolio exactly as the node does:
 * - `fill(...)` builds an OrderFilled, applies it to the cached NETTING position the way the
 *   ExecEngine's PositionKeeper does (split at zero, snapshot the closed lifecycle before the
 *   id is reused), and publishes the fill on `events.order.*` and the position event on `events.position.*`;
 * - `quote / trade / bar / mark` add market data to the cache first, then publish it (DataEngine order);
 * - `accountState(...)` builds AccountState events; `openOrder(...)` caches an ACCEPTED order.
 */
import { Cache } from "../../src/cache/cache.js";
import { memoryLogger, type LogRecord } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { Topics } from "../../src/common/topics.js";
import { sequentialUuids } from "../../src/common/uuid.js";
import type { PortfolioConfig } from "../../src/config/schemas/portfolio-logging.js";
import { EUR, USD } from "../../src/model/currency.js";
import { BarSpecification, BarType, type Bar, type QuoteTick, type TradeTick } from "../../src/model/data.js";
import { AggregationSource, AggressorSide, BarAggregation, ContingencyType, LiquiditySide, OptionKind, type AccountType, type OrderSide, type OrderType, type PriceType } from "../../src/model/enums.js";
import { OrderEvents, type AccountBalance, type AccountState, type MarginBalance, type OrderFilled, type OrderInitialized } from "../../src/model/events.js";
import { AccountId, ClientOrderId, InstrumentId, PositionId, StrategyId, TradeId, TraderId, VenueOrderId } from "../../src/model/identifiers.js";
import { Equity, FuturesContract, OptionContract, type Instrument } from "../../src/model/instruments.js";
import { Order } from "../../src/model/orders/order.js";
import { PositionEvents, splitFillAtZero } from "../../src/model/position-events.js";
import { Position, nettingPositionId } from "../../src/model/position.js";
import { Money, Price, Quantity, type Currency } from "../../src/model/values.js";
import { Portfolio } from "../../src/portfolio/index.js";

export const TRADER = TraderId("TRADER-001");
export const S1 = StrategyId("EMACross-001");
export const ACC = AccountId("IB-DU1234567");
export const T0 = 1_700_000_000_000_000_000n;
export const MS = 1_000_000n;

const base = { quoteCurrency: USD, tsEvent: 0n, tsInit: 0n } as const;

export const AAPL = new Equity({
  ...base,
  id: InstrumentId("AAPL.NASDAQ"),
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  marginInit: 0.25,
  marginMaint: 0.1,
});

export const MSFT = new Equity({
  ...base,
  id: InstrumentId("MSFT.NASDAQ"),
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
});

export const SAP = new Equity({
  ...base,
  quoteCurrency: EUR,
  id: InstrumentId("SAP.IBIS"),
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
});

export const SPY_CALL = new OptionContract({
  ...base,
  id: InstrumentId("SPY 241220C00500000.SMART"),
  assetClass: "EQUITY",
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  multiplier: Quantity.from("100"),
  underlying: "SPY",
  optionKind: OptionKind.CALL,
  strike: Price.from("500.00"),
  activationNs: 0n,
  expirationNs: T0 * 2n,
  marginInit: 1,
  marginMaint: 1,
});

export const ES = new FuturesContract({
  ...base,
  id: InstrumentId("ESZ4.CME"),
  assetClass: "INDEX",
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.25"),
  sizeIncrement: Quantity.from("1"),
  multiplier: Quantity.from("50"),
  underlying: "ES",
  activationNs: 0n,
  expirationNs: T0 * 2n,
  marginInit: 0.05,
  marginMaint: 0.04,
});

export const ALL = [AAPL, MSFT, SAP, SPY_CALL, ES] as const;

export interface HarnessOptions {
  readonly config?: Partial<PortfolioConfig>;
  readonly instruments?: readonly Instrument[];
}

export function usd(text: string): Money {
  return Money.from(text, USD);
}

export function makeHarness(options: HarnessOptions = {}) {
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new TestClock(T0);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger, clock, uuid });
  const cache = new Cache({ logger });
  for (const i of options.instruments ?? ALL) cache.addInstrument(i);
  const portfolio = new Portfolio({ bus, cache, clock, logger, config: options.config });
  let tradeSeq = 0;
  let orderSeq = 0;

  const instrumentOf = (id: InstrumentId): Instrument => {
    const i = cache.instrument(id);
    if (i === undefined) throw new Error(`no instrument ${id}`);
    return i;
  };

  /** Applies one fill part to the cached position, as the ExecEngine's PositionKeeper does. */
  const applyPart = (instrument: Instrument, part: OrderFilled): void => {
    const pid = part.positionId as PositionId;
    const meta = { eventId: uuid(), tsEvent: part.tsEvent, tsInit: clock.timestampNs() };
    const existing = cache.position(pid);
    let position: Position;
    if (existing === undefined) {
      position = new Position(instrument, part);
      cache.addPosition(position);
    } else {
      if (existing.isClosed()) cache.snapshotPosition(existing); // the id is reused: keep the closed lifecycle
      existing.apply(part);
      cache.updatePosition(existing);
      position = existing;
    }
    bus.publish(Topics.positionEvents(position.strategyId), PositionEvents.after(position, part, meta));
  };

  const fill = (
    instrumentId: InstrumentId,
    side: OrderSide,
    qty: string,
    px: string,
    commission = "0",
    options: { currency?: Currency; accountId?: AccountId } = {},
  ): OrderFilled => {
    const instrument = instrumentOf(instrumentId);
    const n = ++tradeSeq;
    const ts = clock.timestampNs();
    const event: OrderFilled = OrderEvents.filled(
      { traderId: TRADER, strategyId: S1, instrumentId, clientOrderId: ClientOrderId(`O-${n}`) },
      {
        venueOrderId: VenueOrderId(`V-${n}`),
        accountId: options.accountId ?? ACC,
        tradeId: TradeId(`T-${n}`),
        positionId: nettingPositionId(instrumentId, S1),
        orderSide: side,
        orderType: "MARKET",
        lastQty: Quantity.from(qty, instrument.sizePrecision),
        lastPx: Price.from(px, instrument.pricePrecision),
        currency: instrument.quoteCurrency,
        commission: Money.from(commission, options.currency ?? instrument.quoteCurrency),
        liquiditySide: LiquiditySide.TAKER,
      },
      { eventId: uuid(), tsEvent: ts, tsInit: ts },
    );
    const existing = cache.position(event.positionId as PositionId);
    const parts = existing === undefined || existing.isClosed() ? [event] : splitFillAtZero(existing.signedQtyRaw, event);
    bus.publish(Topics.orderEvents(S1), event);
    for (const part of parts) applyPart(instrument, part);
    return event;
  };

  const quote = (instrumentId: InstrumentId, bid: string, ask: string): QuoteTick => {
    const ts = clock.timestampNs();
    const q: QuoteTick = { instrumentId, bidPrice: Price.from(bid), askPrice: Price.from(ask), bidSize: Quantity.from("100"), askSize: Quantity.from("100"), tsEvent: ts, tsInit: ts };
    cache.addQuote(q);
    bus.publish(Topics.quotes(InstrumentId.venue(instrumentId), InstrumentId.symbol(instrumentId)), q);
    return q;
  };

  const trade = (instrumentId: InstrumentId, px: string): TradeTick => {
    const ts = clock.timestampNs();
    const t: TradeTick = { instrumentId, price: Price.from(px), size: Quantity.from("1"), aggressorSide: AggressorSide.BUYER, tradeId: TradeId(`MT-${ts}`), tsEvent: ts, tsInit: ts };
    cache.addTrade(t);
    bus.publish(Topics.trades(InstrumentId.venue(instrumentId), InstrumentId.symbol(instrumentId)), t);
    return t;
  };

  const bar = (instrumentId: InstrumentId, priceType: PriceType, close: string): Bar => {
    const ts = clock.timestampNs();
    const barType = new BarType(instrumentId, new BarSpecification(1, BarAggregation.MINUTE, priceType), AggregationSource.EXTERNAL);
    const px = Price.from(close);
    const b: Bar = { barType, open: px, high: px, low: px, close: px, volume: Quantity.from("10"), tsEvent: ts, tsInit: ts };
    cache.addBar(b);
    bus.publish(Topics.bars(barType.toString()), b);
    return b;
  };

  /** An order driven to ACCEPTED (or further with `extra` events) and cached; returns it. */
  const openOrder = (instrumentId: InstrumentId, side: OrderSide, qty: string, spec: { type?: OrderType; price?: string; trigger?: string; accountId?: AccountId } = {}): Order => {
    const n = ++orderSeq;
    const ts = clock.timestampNs();
    const type = spec.type ?? "LIMIT";
    const init: OrderInitialized = {
      type: "OrderInitialized",
      traderId: TRADER,
      strategyId: S1,
      instrumentId,
      clientOrderId: ClientOrderId(`L-${n}`),
      eventId: uuid(),
      tsEvent: ts,
      tsInit: ts,
      reconciliation: false,
      side,
      orderType: type,
      quantity: Quantity.from(qty),
      timeInForce: "GTC",
      postOnly: false,
      reduceOnly: false,
      quoteQuantity: false,
      price: spec.price === undefined ? undefined : Price.from(spec.price),
      triggerPrice: spec.trigger === undefined ? undefined : Price.from(spec.trigger),
      contingencyType: ContingencyType.NO_CONTINGENCY,
    };
    const order = new Order(init);
    cache.addOrder(order);
    const account = spec.accountId ?? ACC;
    for (const e of [OrderEvents.submitted(order, account, meta()), OrderEvents.accepted(order, VenueOrderId(`VL-${n}`), account, meta())]) {
      order.apply(e);
      cache.updateOrder(order);
      bus.publish(Topics.orderEvents(S1), e);
    }
    return order;
  };

  const cancel = (order: Order): void => {
    const e = OrderEvents.canceled(order, meta());
    order.apply(e);
    cache.updateOrder(order);
    bus.publish(Topics.orderEvents(S1), e);
  };

  const meta = () => {
    const ts = clock.timestampNs();
    return { eventId: uuid(), tsEvent: ts, tsInit: ts };
  };

  const logs = (level: LogRecord["level"]): string[] => records.filter((r) => r.level === level).map((r) => r.msg);

  return { clock, bus, cache, portfolio, logger, records, uuid, fill, quote, trade, bar, openOrder, cancel, logs, meta };
}

export type Harness = ReturnType<typeof makeHarness>;

let accountEventSeq = 0;

export function accountState(
  spec: {
    accountId?: AccountId;
    accountType?: AccountType;
    balances?: readonly AccountBalance[];
    margins?: readonly MarginBalance[];
    ts?: bigint;
    reported?: boolean;
  } = {},
): AccountState {
  const ts = spec.ts ?? T0;
  return {
    type: "AccountState",
    accountId: spec.accountId ?? ACC,
    accountType: spec.accountType ?? "MARGIN",
    baseCurrency: USD,
    reported: spec.reported ?? true,
    balances: spec.balances ?? [balance("100000.00", "0.00")],
    margins: spec.margins ?? [],
    eventId: `acc-${++accountEventSeq}`,
    tsEvent: ts,
    tsInit: ts,
  };
}

export function balance(total: string, locked: string, currency: Currency = USD): AccountBalance {
  const t = Money.from(total, currency);
  const l = Money.from(locked, currency);
  return { total: t, locked: l, free: t.sub(l) };
}
