/**
 * A wired node core for trading tests: TestClock, bus, cache, RiskEngine, ExecEngine and the
 * execution engineer's TestExecutionClient (venue SIM), plus a Trader registered with the
 * ExecEngine. Everything is real; only the venue is in-process.
 */
import { Cache } from "../../src/cache/cache.js";
import { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { memoryLogger, type LogRecord } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { sequentialUuids } from "../../src/common/uuid.js";
import { LiveExecEngineConfigSchema, LiveRiskEngineConfigSchema } from "../../src/config/schemas/engines.js";
import { resolveDataEngineConfig } from "../../src/data/config.js";
import { DataEngine } from "../../src/data/engine.js";
import { ExecEngine } from "../../src/execution/engine.js";
import { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { USD } from "../../src/model/currency.js";
import { OmsType, OptionKind } from "../../src/model/enums.js";
import type { OrderEvent, PositionEvent } from "../../src/model/events.js";
import { AccountId, ClientId, InstrumentId, TraderId, Venue } from "../../src/model/identifiers.js";
import { Equity, OptionContract } from "../../src/model/instruments.js";
import { Price, Quantity } from "../../src/model/values.js";
import { RiskEngine } from "../../src/risk/engine.js";
import type { MeasureFn } from "../../src/trading/handler.js";
import { Trader } from "../../src/trading/trader.js";

export const TRADER = TraderId("TRADER-001");
export const ACC = AccountId("SIM-001");
/** 2023-11-14T22:13:20Z */
export const T0 = 1_700_000_000_000_000_000n;
export const SEC = 1_000_000_000n;

export function equity(symbol: string): Equity {
  return new Equity({
    id: InstrumentId(`${symbol}.SIM`),
    quoteCurrency: USD,
    pricePrecision: 2,
    sizePrecision: 0,
    priceIncrement: Price.from("0.01"),
    sizeIncrement: Quantity.from("1"),
    tsEvent: 0n,
    tsInit: 0n,
  });
}

export const AAPL = equity("AAPL");
export const SPY = equity("SPY");

export function option(underlying: string, kind: OptionKind, strike: string, expirationNs: bigint): OptionContract {
  const date = new Date(Number(expirationNs / 1_000_000n)).toISOString().slice(2, 10).replaceAll("-", "");
  return new OptionContract({
    id: InstrumentId(`${underlying}${date}${kind === "CALL" ? "C" : "P"}${strike}.SIM`),
    quoteCurrency: USD,
    assetClass: "EQUITY",
    pricePrecision: 2,
    sizePrecision: 0,
    priceIncrement: Price.from("0.01"),
    sizeIncrement: Quantity.from("1"),
    multiplier: Quantity.from("100"),
    underlying,
    optionKind: kind,
    strike: Price.from(strike),
    activationNs: 0n,
    expirationNs,
    tsEvent: 0n,
    tsInit: 0n,
  });
}

export interface CoreOptions {
  readonly omsType?: OmsType;
  readonly withDatabase?: boolean;
  readonly measure?: MeasureFn;
  readonly bypassRisk?: boolean;
  /** Wire the real DataEngine (default: a recorder of the commands sent to DataEngine.execute). */
  readonly withDataEngine?: boolean;
}

export function makeCore(options: CoreOptions = {}) {
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new TestClock(T0);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger, clock, uuid });
  const database = options.withDatabase === true ? new InMemoryCacheDatabase() : undefined;
  const cache = new Cache({ logger, database });
  cache.addInstrument(AAPL);
  cache.addInstrument(SPY);
  const risk = new RiskEngine({ traderId: TRADER, bus, clock, cache, logger, uuid, config: LiveRiskEngineConfigSchema.parse({ bypass: options.bypassRisk ?? false }) });
  const exec = new ExecEngine({ traderId: TRADER, bus, clock, cache, logger, uuid, config: LiveExecEngineConfigSchema.parse({}) });
  const client = new TestExecutionClient({ clientId: ClientId("SIM"), venue: Venue("SIM"), accountId: ACC, omsType: options.omsType ?? OmsType.NETTING, traderId: TRADER, bus, clock, logger, uuid });
  exec.registerClient(client);
  void client.connect();
  client.setMarketPrice(AAPL.id, Price.from("100.00"));
  client.setMarketPrice(SPY.id, Price.from("450.00"));
  risk.start();
  exec.start();
  const trader = new Trader({ traderId: TRADER, bus, clock, cache, logger, uuid, execEngine: exec, measure: options.measure });
  const orderEvents: OrderEvent[] = [];
  const positionEvents: PositionEvent[] = [];
  bus.subscribe("events.order.*", (e: OrderEvent) => orderEvents.push(e));
  bus.subscribe("events.position.*", (e: PositionEvent) => positionEvents.push(e));
  /** Data commands sent to the DataEngine endpoint (registered here as a recorder, unless the real engine is wired). */
  const dataCommands: unknown[] = [];
  const dataEngine = options.withDataEngine === true ? new DataEngine({ bus, clock, cache, logger, uuid, config: resolveDataEngineConfig({}) }) : undefined;
  if (dataEngine === undefined) bus.register("DataEngine.execute", (cmd: unknown) => dataCommands.push(cmd));
  else dataEngine.start();
  const logs = (level: LogRecord["level"]): LogRecord[] => records.filter((r) => r.level === level);
  return { clock, bus, cache, database, risk, exec, client, dataEngine, uuid, logger, records, logs, trader, orderEvents, positionEvents, dataCommands };
}

export type Core = ReturnType<typeof makeCore>;
