/**
 * Fixtures for reconciliation tests: report builders, a wired node core (TestClock, bus, Cache,
 * ExecEngine or LiveExecEngine, a ScriptedClient = the TestExecutionClient with venue faults) and
 * the ReconciliationManager on top.
 */
import { Cache } from "../../../src/cache/cache.js";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import { MessageBus } from "../../../src/common/msgbus.js";
import { TestClock } from "../../../src/common/test-clock.js";
import { sequentialUuids } from "../../../src/common/uuid.js";
import { CortanaError } from "../../../src/common/errors.js";
import { LiveExecEngineConfigSchema, type LiveExecEngineConfig } from "../../../src/config/schemas/engines.js";
import { ExecEngine } from "../../../src/execution/engine.js";
import { LiveExecEngine } from "../../../src/execution/live-engine.js";
import type { OrderStatusQuery, OrderStatusReportsQuery, FillReportsQuery, PositionStatusReportsQuery } from "../../../src/execution/client.js";
import { TestExecutionClient } from "../../../src/execution/testing/test-client.js";
import { ReconciliationManager } from "../../../src/execution/reconciliation/manager.js";
import type { EventContext } from "../../../src/execution/reconciliation/types.js";
import { USD } from "../../../src/model/currency.js";
import { ContingencyType, LiquiditySide, OmsType, OrderSide, OrderStatus, OrderType, TimeInForce } from "../../../src/model/enums.js";
import type { OrderEvent, OrderInitialized } from "../../../src/model/events.js";
import { AccountId, ClientId, ClientOrderId, InstrumentId, StrategyId, TradeId, TraderId, Venue, VenueOrderId, type PositionId } from "../../../src/model/identifiers.js";
import { Equity } from "../../../src/model/instruments.js";
import { Order } from "../../../src/model/orders/index.js";
import { ExecutionMassStatus, positionStatusReport, type FillReport, type OrderStatusReport, type PositionStatusReport } from "../../../src/model/reports.js";
import { Money, Price, Quantity } from "../../../src/model/values.js";

export const TRADER = TraderId("TRADER-001");
export const S1 = StrategyId("EMACross-001");
export const ACC = AccountId("SIM-001");
export const CLIENT = ClientId("SIM");
export const T0 = 1_700_000_000_000_000_000n;
export const SEC = 1_000_000_000n;
export const MS = 1_000_000n;
export const RAW = 1_000_000_000n;

export const AAPL = new Equity({
  id: InstrumentId("AAPL.SIM"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  tsEvent: 0n,
  tsInit: 0n,
});

/** Fractional sizes (precision 2): for the single-unit tolerance. */
export const BTC = new Equity({
  id: InstrumentId("BTC.SIM"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 2,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("0.01"),
  tsEvent: 0n,
  tsInit: 0n,
});

export const q = (v: string): Quantity => Quantity.from(v);
export const px = (v: string): Price => Price.from(v);

export function ctx(tsNow: bigint = T0): EventContext {
  return { traderId: TRADER, tsNow, uuid: sequentialUuids() };
}

export function osr(over: Omit<Partial<OrderStatusReport>, "venueOrderId"> & { venueOrderId: string }): OrderStatusReport {
  const { venueOrderId, ...rest } = over;
  return {
    accountId: ACC,
    instrumentId: AAPL.id,
    venueOrderId: VenueOrderId(venueOrderId),
    orderSide: OrderSide.BUY,
    orderType: OrderType.LIMIT,
    contingencyType: ContingencyType.NO_CONTINGENCY,
    timeInForce: TimeInForce.GTC,
    orderStatus: OrderStatus.ACCEPTED,
    price: px("100.00"),
    quantity: q("100"),
    filledQty: q("0"),
    postOnly: false,
    reduceOnly: false,
    reportId: `r-${venueOrderId}`,
    tsAccepted: T0,
    tsTriggered: 0n,
    tsLast: T0,
    tsInit: T0,
    ...rest,
  };
}

export function fr(over: Omit<Partial<FillReport>, "venueOrderId" | "tradeId"> & { venueOrderId: string; tradeId: string }): FillReport {
  const { venueOrderId, tradeId, ...rest } = over;
  return {
    accountId: ACC,
    instrumentId: AAPL.id,
    venueOrderId: VenueOrderId(venueOrderId),
    tradeId: TradeId(tradeId),
    orderSide: OrderSide.BUY,
    lastQty: q("100"),
    lastPx: px("100.00"),
    commission: Money.from("0", USD),
    liquiditySide: LiquiditySide.MAKER,
    reportId: `f-${tradeId}`,
    tsEvent: T0,
    tsInit: T0,
    ...rest,
  };
}

export function psr(signed: string, avg?: string, over: Partial<PositionStatusReport> = {}): PositionStatusReport {
  const neg = signed.startsWith("-");
  const qty = Quantity.from(neg ? signed.slice(1) : signed);
  const base = positionStatusReport({
    accountId: over.accountId ?? ACC,
    instrumentId: over.instrumentId ?? AAPL.id,
    signedQty: { raw: neg ? -qty.raw : qty.raw, precision: qty.precision },
    avgPxOpen: avg === undefined ? undefined : px(avg),
    venuePositionId: over.venuePositionId,
    reportId: "psr",
    tsLast: over.tsLast ?? T0,
    tsInit: T0,
  });
  return base;
}

export function massStatus(orders: OrderStatusReport[], fills: FillReport[] = [], positions: PositionStatusReport[] = []): ExecutionMassStatus {
  const ms = new ExecutionMassStatus(CLIENT, ACC, Venue("SIM"), "ms-1", T0);
  ms.addOrderReports(orders);
  ms.addFillReports(fills);
  ms.addPositionReports(positions);
  return ms;
}

/** The TestExecutionClient plus venue faults: swallowed events, forgotten orders, hand-placed trades, failures. */
export class ScriptedClient extends TestExecutionClient {
  /** Events are not delivered (lost acknowledgements, a disconnect). */
  drop = false;
  /** Only these event types are lost (e.g. OrderAccepted: a swallowed acknowledgement). */
  readonly dropTypes = new Set<string>();
  readonly forgotten = new Set<string>();
  readonly extraOrders: OrderStatusReport[] = [];
  readonly extraFills: FillReport[] = [];
  /** Each named query throws this many more times. */
  readonly failures: Partial<Record<"order" | "orders" | "fills" | "positions" | "mass", number>> = {};
  readonly calls: string[] = [];

  protected override sendOrderEvent(event: OrderEvent): void {
    if (!this.drop && !this.dropTypes.has(event.type)) super.sendOrderEvent(event);
  }

  private maybeFail(kind: keyof ScriptedClient["failures"]): void {
    this.calls.push(kind);
    const n = this.failures[kind] ?? 0;
    if (n > 0) {
      this.failures[kind] = n - 1;
      throw new CortanaError("CORTANA_E_VENUE_UNREACHABLE", `scripted ${kind} failure`);
    }
  }

  override async generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | undefined> {
    this.maybeFail("order");
    if (query.clientOrderId !== undefined && this.forgotten.has(query.clientOrderId)) return undefined;
    const extra = this.extraOrders.find((r) => r.venueOrderId === query.venueOrderId || (query.clientOrderId !== undefined && r.clientOrderId === query.clientOrderId));
    return extra ?? super.generateOrderStatusReport(query);
  }

  override async generateOrderStatusReports(query: OrderStatusReportsQuery): Promise<OrderStatusReport[]> {
    this.maybeFail("orders");
    const base = (await super.generateOrderStatusReports(query)).filter((r) => r.clientOrderId === undefined || !this.forgotten.has(r.clientOrderId));
    const extra = this.extraOrders.filter((r) => !query.openOnly || r.orderStatus === "ACCEPTED" || r.orderStatus === "PARTIALLY_FILLED");
    return [...base, ...extra];
  }

  override async generateFillReports(query: FillReportsQuery): Promise<FillReport[]> {
    this.maybeFail("fills");
    const extra = this.extraFills.filter((f) => (query.instrumentId === undefined || f.instrumentId === query.instrumentId) && (query.venueOrderId === undefined || f.venueOrderId === query.venueOrderId));
    return [...(await super.generateFillReports(query)), ...extra];
  }

  override async generatePositionStatusReports(query: PositionStatusReportsQuery): Promise<PositionStatusReport[]> {
    this.maybeFail("positions");
    const base = await super.generatePositionStatusReports(query);
    const net = new Map<string, { raw: bigint; precision: number }>();
    for (const r of base) net.set(r.instrumentId, { raw: r.signedQtyRaw, precision: r.quantity.precision });
    for (const f of this.extraFills) {
      if (query.instrumentId !== undefined && f.instrumentId !== query.instrumentId) continue;
      const prev = net.get(f.instrumentId) ?? { raw: 0n, precision: f.lastQty.precision };
      net.set(f.instrumentId, { raw: prev.raw + (f.orderSide === "BUY" ? f.lastQty.raw : -f.lastQty.raw), precision: prev.precision });
    }
    const now = this.clock.timestampNs();
    return [...net].map(([id, signedQty]) => positionStatusReport({ accountId: this.accountId, instrumentId: InstrumentId(id), signedQty, reportId: "p", tsLast: now, tsInit: now }));
  }

  override async generateMassStatus(lookbackMins?: number): Promise<ExecutionMassStatus> {
    this.maybeFail("mass");
    const now = this.clock.timestampNs();
    const ms = new ExecutionMassStatus(this.clientId, this.accountId, this.venue, "ms", now);
    const start = lookbackMins === undefined ? undefined : now - BigInt(lookbackMins) * 60n * SEC;
    ms.addOrderReports(await this.generateOrderStatusReports({ start, openOnly: false }));
    ms.addFillReports(await this.generateFillReports({ start }));
    ms.addPositionReports(await this.generatePositionStatusReports({ start }));
    return ms;
  }
}

export interface EnvOptions {
  readonly config?: Partial<LiveExecEngineConfig>;
  readonly live?: boolean;
  readonly omsType?: OmsType;
  readonly instruments?: readonly Equity[];
}

/** A wired node core with the ReconciliationManager installed. */
export function makeEnv(options: EnvOptions = {}) {
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new TestClock(T0);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger, clock, uuid });
  const cache = new Cache({ logger });
  for (const i of options.instruments ?? [AAPL, BTC]) cache.addInstrument(i);
  const config = LiveExecEngineConfigSchema.parse({ ...options.config });
  const engineOptions = { traderId: TRADER, bus, clock, cache, logger, uuid, config };
  const engine = options.live === true ? new LiveExecEngine({ ...engineOptions, queueConfig: { qsize: config.qsize, gracefulShutdownOnException: true } }) : new ExecEngine(engineOptions);
  const client = new ScriptedClient({ clientId: CLIENT, venue: Venue("SIM"), accountId: ACC, omsType: options.omsType ?? OmsType.NETTING, traderId: TRADER, bus, clock, logger, uuid });
  engine.registerClient(client);
  void client.connect();
  client.setMarketPrice(AAPL.id, px("100.00"));
  client.setMarketPrice(BTC.id, px("20000.00"));
  engine.start();
  const manager = new ReconciliationManager({ traderId: TRADER, engine, cache, clock, logger, uuid, config });
  const orderEvents: OrderEvent[] = [];
  bus.subscribe("events.order.*", (e: OrderEvent) => orderEvents.push(e));
  const logs = (level: LogRecord["level"]): string[] => records.filter((r) => r.level === level).map((r) => r.msg);
  /** Submits an order straight to the engine (as the RiskEngine would forward it). */
  const submit = (order: Order): Order => {
    cache.addOrder(order);
    engine.execute({ type: "SubmitOrder", traderId: TRADER, strategyId: order.strategyId, instrumentId: order.instrumentId, order, commandId: uuid(), tsInit: clock.timestampNs() });
    return order;
  };
  const order = (id: string): Order => {
    const o = cache.order(ClientOrderId(id));
    if (o === undefined) throw new Error(`no order ${id}`);
    return o;
  };
  const netQty = (instrumentId = AAPL.id): bigint => cache.positionsOpen({ instrumentId }).reduce((s, p) => s + p.signedQtyRaw, 0n);
  const advance = (ns: bigint): void => void clock.advanceTime(clock.timestampNs() + ns);
  return { clock, bus, cache, engine, client, manager, config, records, logs, orderEvents, submit, order, netQty, advance, uuid };
}

export type Env = ReturnType<typeof makeEnv>;

export interface OrderSpec {
  readonly id: string;
  readonly side?: OrderSide;
  readonly type?: OrderType;
  readonly qty?: string;
  readonly price?: string;
  readonly trigger?: string;
  readonly instrumentId?: InstrumentId;
  readonly strategyId?: StrategyId;
  readonly tags?: readonly string[];
  readonly postOnly?: boolean;
}

export function makeOrder(spec: OrderSpec): Order {
  const type = spec.type ?? OrderType.LIMIT;
  const hasPrice = type === "LIMIT" || type === "STOP_LIMIT" || type === "LIMIT_IF_TOUCHED";
  const hasTrigger = type === "STOP_MARKET" || type === "STOP_LIMIT" || type === "MARKET_IF_TOUCHED" || type === "LIMIT_IF_TOUCHED";
  const init: OrderInitialized = {
    type: "OrderInitialized",
    traderId: TRADER,
    strategyId: spec.strategyId ?? S1,
    instrumentId: spec.instrumentId ?? AAPL.id,
    clientOrderId: ClientOrderId(spec.id),
    eventId: `init-${spec.id}`,
    tsEvent: T0,
    tsInit: T0,
    reconciliation: false,
    side: spec.side ?? OrderSide.BUY,
    orderType: type,
    quantity: q(spec.qty ?? "100"),
    timeInForce: TimeInForce.GTC,
    postOnly: spec.postOnly ?? false,
    reduceOnly: false,
    quoteQuantity: false,
    price: hasPrice ? px(spec.price ?? "100.00") : undefined,
    triggerPrice: hasTrigger ? px(spec.trigger ?? "99.00") : undefined,
    contingencyType: ContingencyType.NO_CONTINGENCY,
    tags: spec.tags,
  };
  return new Order(init);
}

export type { PositionId };

// ---- orders in a given state, for the pure-function tables ----

import { OrderEvents } from "../../../src/model/events.js";

let seq = 0;
const meta = (ts: bigint = T0) => ({ eventId: `e-${++seq}`, tsEvent: ts, tsInit: ts });

/** Applies `steps` to a fresh order: "submitted", "accepted", "pending_cancel", "pending_update", "triggered", "canceled", "fill:QTY@PX". */
export function orderIn(spec: OrderSpec, steps: readonly string[]): Order {
  const order = makeOrder(spec);
  const venueOrderId = VenueOrderId(`V-${spec.id}`);
  let trades = 0;
  for (const step of steps) {
    const ref = { traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, accountId: ACC };
    if (step === "submitted") order.apply(OrderEvents.submitted(ref, ACC, meta()));
    else if (step === "accepted") order.apply(OrderEvents.accepted(ref, venueOrderId, ACC, meta()));
    else if (step === "pending_cancel") order.apply(OrderEvents.pendingCancel(ref, meta()));
    else if (step === "pending_update") order.apply(OrderEvents.pendingUpdate(ref, meta()));
    else if (step === "triggered") order.apply(OrderEvents.triggered(ref, meta()));
    else if (step === "canceled") order.apply(OrderEvents.canceled(ref, meta()));
    else if (step.startsWith("fill:")) {
      const [qty, price] = step.slice(5).split("@") as [string, string];
      order.apply(
        OrderEvents.filled(ref, {
          venueOrderId,
          accountId: ACC,
          tradeId: TradeId(`T-${spec.id}-${++trades}`),
          orderSide: order.side,
          orderType: order.orderType,
          lastQty: q(qty),
          lastPx: px(price),
          currency: USD,
          commission: Money.from("1.00", USD),
          liquiditySide: LiquiditySide.MAKER,
        }, meta()),
      );
    } else throw new Error(`unknown step ${step}`);
  }
  return order;
}

/** A Cache (the pure functions' view) holding the instruments and `orders`. */
export function viewWith(...orders: Order[]): Cache {
  const cache = new Cache();
  cache.addInstrument(AAPL);
  cache.addInstrument(BTC);
  for (const o of orders) cache.addOrder(o);
  return cache;
}
