/** A wired core for risk and execution tests: TestClock, bus, cache, RiskEngine, ExecEngine, TestExecutionClient. */
import { Cache } from "../../src/cache/cache.js";
import { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { memoryLogger, type LogRecord } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { sequentialUuids } from "../../src/common/uuid.js";
import { LiveExecEngineConfigSchema, LiveRiskEngineConfigSchema } from "../../src/config/schemas/engines.js";
import type { ExecEngineConfig } from "../../src/execution/config.js";
import { ExecEngine } from "../../src/execution/engine.js";
import type { SubmitOrder, SubmitOrderList, TradingCommand } from "../../src/execution/messages.js";
import { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { RiskEngine, type RiskEngineConfig } from "../../src/risk/engine.js";
import { USD } from "../../src/model/currency.js";
import { ContingencyType, OmsType, type OrderSide, type OrderType, type TimeInForce } from "../../src/model/enums.js";
import type { OrderEvent, OrderInitialized, PositionEvent } from "../../src/model/events.js";
import { AccountId, ClientId, ClientOrderId, InstrumentId, OrderListId, StrategyId, TraderId, Venue, type PositionId } from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Order, OrderList } from "../../src/model/orders/index.js";
import { Price, Quantity } from "../../src/model/values.js";

export const TRADER = TraderId("TRADER-001");
export const S1 = StrategyId("EMACross-001");
export const S2 = StrategyId("Other-002");
export const ACC = AccountId("SIM-001");
export const T0 = 1_700_000_000_000_000_000n;
export const SEC = 1_000_000_000n;

export const AAPL = new Equity({
  id: InstrumentId("AAPL.SIM"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  minQuantity: Quantity.from("1"),
  maxQuantity: Quantity.from("10000"),
  tsEvent: 0n,
  tsInit: 0n,
});

export const MSFT = new Equity({
  id: InstrumentId("MSFT.SIM"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  tsEvent: 0n,
  tsInit: 0n,
});

export interface OrderSpec {
  readonly id: string;
  readonly strategyId?: StrategyId;
  readonly instrumentId?: InstrumentId;
  readonly side?: OrderSide;
  readonly type?: OrderType;
  readonly qty?: string;
  readonly price?: string;
  readonly trigger?: string;
  readonly tif?: TimeInForce;
  readonly expireTime?: bigint;
  readonly reduceOnly?: boolean;
  readonly quoteQuantity?: boolean;
  readonly contingency?: ContingencyType;
  readonly linked?: readonly string[];
  readonly parent?: string;
  readonly listId?: string;
}

export function makeOrder(spec: OrderSpec): Order {
  const type = spec.type ?? "LIMIT";
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
    side: spec.side ?? "BUY",
    orderType: type,
    quantity: Quantity.from(spec.qty ?? "100"),
    timeInForce: spec.tif ?? "GTC",
    expireTime: spec.expireTime,
    postOnly: false,
    reduceOnly: spec.reduceOnly ?? false,
    quoteQuantity: spec.quoteQuantity ?? false,
    price: hasPrice ? Price.from(spec.price ?? "100.00") : undefined,
    triggerPrice: hasTrigger ? Price.from(spec.trigger ?? "99.00") : undefined,
    contingencyType: spec.contingency ?? ContingencyType.NO_CONTINGENCY,
    linkedOrderIds: spec.linked?.map((l) => ClientOrderId(l)),
    parentOrderId: spec.parent === undefined ? undefined : ClientOrderId(spec.parent),
    orderListId: spec.listId === undefined ? undefined : OrderListId(spec.listId),
  };
  return new Order(init);
}

export interface CoreOptions {
  readonly risk?: Partial<RiskEngineConfig>;
  readonly exec?: Partial<ExecEngineConfig>;
  readonly omsType?: OmsType;
  readonly withDatabase?: boolean;
}

/** Everything wired as the node will: Strategy -> RiskEngine -> ExecEngine -> TestExecutionClient -> ExecEngine. */
export function makeCore(options: CoreOptions = {}) {
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new TestClock(T0);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger, clock, uuid });
  const database = options.withDatabase === true ? new InMemoryCacheDatabase() : undefined;
  const cache = new Cache({ logger, database });
  cache.addInstrument(AAPL);
  cache.addInstrument(MSFT);
  const risk = new RiskEngine({ traderId: TRADER, bus, clock, cache, logger, uuid, config: LiveRiskEngineConfigSchema.parse(options.risk ?? {}) });
  const exec = new ExecEngine({ traderId: TRADER, bus, clock, cache, logger, uuid, config: LiveExecEngineConfigSchema.parse(options.exec ?? {}) });
  const client = new TestExecutionClient({
    clientId: ClientId("SIM"),
    venue: Venue("SIM"),
    accountId: ACC,
    omsType: options.omsType ?? OmsType.NETTING,
    traderId: TRADER,
    bus,
    clock,
    logger,
    uuid,
  });
  exec.registerClient(client);
  void client.connect();
  client.setMarketPrice(AAPL.id, Price.from("100.00"));
  client.setMarketPrice(MSFT.id, Price.from("50.00"));
  risk.start();
  exec.start();
  const orderEvents: OrderEvent[] = [];
  const positionEvents: PositionEvent[] = [];
  bus.subscribe("events.order.*", (e: OrderEvent) => orderEvents.push(e));
  bus.subscribe("events.position.*", (e: PositionEvent) => positionEvents.push(e));

  const submit = (order: Order, extra: Partial<SubmitOrder> = {}): SubmitOrder => {
    if (!cache.orderExists(order.clientOrderId)) cache.addOrder(order);
    const cmd: SubmitOrder = { type: "SubmitOrder", traderId: TRADER, strategyId: order.strategyId, instrumentId: order.instrumentId, order, commandId: uuid(), tsInit: clock.timestampNs(), ...extra };
    bus.send("RiskEngine.execute", cmd);
    return cmd;
  };
  const submitList = (orders: Order[], listId = "OL-1"): SubmitOrderList => {
    const list = new OrderList(OrderListId(listId), orders, clock.timestampNs());
    for (const o of orders) if (!cache.orderExists(o.clientOrderId)) cache.addOrder(o);
    const first = orders[0] as Order;
    const cmd: SubmitOrderList = { type: "SubmitOrderList", traderId: TRADER, strategyId: first.strategyId, instrumentId: first.instrumentId, orderList: list, commandId: uuid(), tsInit: clock.timestampNs() };
    bus.send("RiskEngine.execute", cmd);
    return cmd;
  };
  const send = (cmd: TradingCommand): void => void bus.send("RiskEngine.execute", cmd);
  const order = (id: string): Order => {
    const o = cache.order(ClientOrderId(id));
    if (o === undefined) throw new Error(`no order ${id}`);
    return o;
  };
  const position = (id: string) => cache.position(id as PositionId);
  const types = (): string[] => orderEvents.map((e) => `${e.clientOrderId}:${e.type}`);
  const logs = (level: LogRecord["level"]): string[] => records.filter((r) => r.level === level).map((r) => r.msg);
  return { clock, bus, cache, database, risk, exec, client, uuid, logger, records, logs, orderEvents, positionEvents, submit, submitList, send, order, position, types };
}

export type Core = ReturnType<typeof makeCore>;
