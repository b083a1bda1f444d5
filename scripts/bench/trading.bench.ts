/**
 * Trading layer benchmark: quotes/s delivered to a RUNNING actor's onQuoteTick through the bus,
 * the RUNNING check, the HandlerGuard's try/catch and `measure` (a plain call, and the node's
 * EventLoopMonitor.measure with a LiveClock), side by side with a bare bus subscriber in the same
 * run; ratios say what the isolation and timing of user handlers cost per message.
 * Also: SubmitOrder round trips/s (MARKET order, Strategy -> RiskEngine -> ExecEngine ->
 * TestExecutionClient -> fills, positions -> onOrderFilled), fully synchronous, a fresh core per
 * round of 2,000 (the figure includes building the engines, about a millisecond).
 */
import { Cache } from "../../src/cache/cache.js";
import { LiveClock, TestClock } from "../../src/common/clock.js";
import { nullLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { sequentialUuids } from "../../src/common/uuid.js";
import { LiveExecEngineConfigSchema, LiveRiskEngineConfigSchema } from "../../src/config/schemas/engines.js";
import { ExecEngine } from "../../src/execution/engine.js";
import { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { EventLoopMonitor } from "../../src/live/event-loop-monitor.js";
import { USD } from "../../src/model/currency.js";
import type { QuoteTick } from "../../src/model/data.js";
import { AccountId, ClientId, InstrumentId, TraderId, Venue } from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Price, Quantity } from "../../src/model/values.js";
import { RiskEngine } from "../../src/risk/engine.js";
import { Actor } from "../../src/trading/actor.js";
import type { MeasureFn } from "../../src/trading/handler.js";
import { Strategy } from "../../src/trading/strategy.js";
import { Trader } from "../../src/trading/trader.js";
import { ratio, sideBySide } from "./measure.js";

const TRADER = TraderId("TRADER-001");
const AAPL = new Equity({ id: InstrumentId("AAPL.SIM"), quoteCurrency: USD, pricePrecision: 2, sizePrecision: 0, priceIncrement: Price.from("0.01"), sizeIncrement: Quantity.from("1"), tsEvent: 0n, tsInit: 0n });
const TOPIC = "data.quotes.SIM.AAPL";

let sink = 0;

class Counter extends Actor {
  override onQuoteTick(q: QuoteTick): void {
    if (q.askPrice.raw > 0n) sink = (sink + 1) | 0;
  }
}

class Trades extends Strategy {}

function actorOn(measure: MeasureFn | undefined): { bus: MessageBus } {
  const clock = new TestClock();
  const bus = new MessageBus({ logger: nullLogger, clock });
  const trader = new Trader({ traderId: TRADER, bus, clock, cache: new Cache(), logger: nullLogger, measure });
  bus.register("DataEngine.execute", () => {});
  const actor = trader.addActor(Counter, {});
  actor.start();
  actor.subscribeQuoteTicks(AAPL.id);
  return { bus };
}

/** A fresh core per round (so the cache does not grow across rounds), then `n` MARKET round trips. */
function roundTrips(n: number): void {
  const clock = new TestClock(1_700_000_000_000_000_000n);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger: nullLogger, clock, uuid });
  const cache = new Cache();
  cache.addInstrument(AAPL);
  const risk = new RiskEngine({ traderId: TRADER, bus, clock, cache, logger: nullLogger, uuid, config: LiveRiskEngineConfigSchema.parse({ maxOrderSubmitRate: "1000000/00:00:01" }) });
  const exec = new ExecEngine({ traderId: TRADER, bus, clock, cache, logger: nullLogger, uuid, config: LiveExecEngineConfigSchema.parse({}) });
  const client = new TestExecutionClient({ clientId: ClientId("SIM"), venue: Venue("SIM"), accountId: AccountId("SIM-001"), traderId: TRADER, bus, clock, logger: nullLogger, uuid });
  exec.registerClient(client);
  void client.connect();
  client.setMarketPrice(AAPL.id, Price.from("100.00"));
  risk.start();
  exec.start();
  const trader = new Trader({ traderId: TRADER, bus, clock, cache, logger: nullLogger, uuid, execEngine: exec });
  const s = trader.addStrategy(Trades, { orderIdTag: "001", logEvents: false, logCommands: false });
  trader.start();
  const qty = Quantity.from("1");
  for (let i = 0; i < n; i++) s.submitOrder(s.orderFactory.market({ instrumentId: AAPL.id, side: i % 2 === 0 ? "BUY" : "SELL", quantity: qty }));
  if (cache.ordersClosedCount() !== n) throw new Error(`round trips lost orders: ${cache.ordersClosedCount()}/${n}`);
}

export default async function tradingBench(): Promise<Record<string, unknown>> {
  const quote: QuoteTick = { instrumentId: AAPL.id, bidPrice: Price.from("99.99"), askPrice: Price.from("100.01"), bidSize: Quantity.from("1"), askSize: Quantity.from("1"), tsEvent: 0n, tsInit: 0n };
  const bare = new MessageBus({ logger: nullLogger, clock: new TestClock() });
  bare.subscribe(TOPIC, (q: QuoteTick) => {
    if (q.askPrice.raw > 0n) sink = (sink + 1) | 0;
  });
  const direct = actorOn(undefined).bus;
  const monitor = new EventLoopMonitor({ thresholdMs: 100, logger: nullLogger, clock: new LiveClock() });
  const timed = actorOn((component, fn) => monitor.measure(component, fn)).bus;
  const rates = sideBySide(
    {
      bareBusSubscriber: (n) => {
        for (let i = 0; i < n; i++) bare.publish(TOPIC, quote);
      },
      actorGuarded: (n) => {
        for (let i = 0; i < n; i++) direct.publish(TOPIC, quote);
      },
      actorGuardedMeasured: (n) => {
        for (let i = 0; i < n; i++) timed.publish(TOPIC, quote);
      },
    },
    { opsPerRound: 500_000, rounds: 7 },
  );
  const submit = sideBySide({ marketOrderRoundTrip: roundTrips }, { opsPerRound: 2_000, rounds: 7, warmupRounds: 2 });
  if (sink === 42) console.log("");
  return {
    bareBusQuotesPerSec: Math.round(rates.bareBusSubscriber.opsPerSec),
    actorQuotesPerSec: Math.round(rates.actorGuarded.opsPerSec),
    actorMeasuredQuotesPerSec: Math.round(rates.actorGuardedMeasured.opsPerSec),
    actorRatioToBareBus: ratio(rates.actorGuarded.opsPerSec, rates.bareBusSubscriber.opsPerSec),
    actorMeasuredRatioToBareBus: ratio(rates.actorGuardedMeasured.opsPerSec, rates.bareBusSubscriber.opsPerSec),
    marketOrderRoundTripsPerSec: Math.round(submit.marketOrderRoundTrip.opsPerSec),
  };
}
