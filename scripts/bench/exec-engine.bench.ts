/**
 * ExecEngine throughput: order events per second through `ExecEngine.process` into the order
 * (apply), the cache (indexes), the position (NETTING, open / change / close / flip), the bus
 * (`events.order.*`, `events.position.*`) and the Portfolio listening on it (target >= 100,000
 * events/s). Each order goes through OrderSubmitted, OrderAccepted and OrderFilled (3 events);
 * sides go BUY, BUY, SELL, SELL (open, increase, reduce, close: every fourth fill reopens the
 * NETTING position, which snapshots the closed one), quantities 1..5.
 * The machine's load average is recorded with the figures: on a shared machine absolute rates
 * move with it, the ratios to the reference much less.
 *
 * Figures, measured in the same run: the full path with the Portfolio; the same without a
 * Portfolio (cache + position); the LiveExecEngine (the same handler behind its bounded queue);
 * and the reference, the bare model cost `Order.apply` of the same events with no engine.
 * Orders and events are built before each timed round (untimed), a full GC runs before it, and
 * each round has a fresh engine. As in a running node, the clock advances with every event and
 * the Portfolio is initialized with a mark for the instrument.
 */
import { cpus, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Cache } from "../../src/cache/cache.js";
import { Account } from "../../src/cache/account.js";
import { nullLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { sequentialUuids } from "../../src/common/uuid.js";
import { LiveExecEngineConfigSchema } from "../../src/config/schemas/engines.js";
import { ExecEngine } from "../../src/execution/engine.js";
import { LiveExecEngine } from "../../src/execution/live-engine.js";
import { USD } from "../../src/model/currency.js";
import { OrderEvents, type OrderEvent, type OrderInitialized } from "../../src/model/events.js";
import { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId, TraderId, VenueOrderId } from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Order } from "../../src/model/orders/index.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { Portfolio } from "../../src/portfolio/portfolio.js";
import { ratio } from "./measure.js";

const ORDERS_PER_ROUND = 10_000;
const ROUNDS = 7;
const WARMUP = 2;

const TRADER = TraderId("BENCH-001");
const STRATEGY = StrategyId("Bench-001");
const ACCOUNT = AccountId("SIM-001");
const INSTRUMENT = new Equity({
  id: InstrumentId("SPY.SIM"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from(1),
  tsEvent: 0n,
  tsInit: 0n,
});
const T0 = 1_700_000_000_000_000_000n;

interface Batch {
  readonly orders: Order[];
  readonly events: OrderEvent[];
}

/** n orders and their 3n events. */
function makeBatch(n: number, round: number): Batch {
  const orders: Order[] = [];
  const events: OrderEvent[] = [];
  const px = Price.from("100.00");
  for (let i = 0; i < n; i++) {
    const id = ClientOrderId(`O-${round}-${i}`);
    const init: OrderInitialized = {
      type: "OrderInitialized",
      traderId: TRADER,
      strategyId: STRATEGY,
      instrumentId: INSTRUMENT.id,
      clientOrderId: id,
      eventId: `i-${round}-${i}`,
      tsEvent: T0,
      tsInit: T0,
      reconciliation: false,
      side: i % 4 < 2 ? "BUY" : "SELL",
      orderType: "LIMIT",
      quantity: Quantity.from(((i >> 2) % 5) + 1),
      price: px,
      timeInForce: "GTC",
      postOnly: false,
      reduceOnly: false,
      quoteQuantity: false,
      contingencyType: "NO_CONTINGENCY",
    };
    const order = new Order(init);
    const venueOrderId = VenueOrderId(`V-${round}-${i}`);
    const ts = T0 + BigInt(i);
    const m = (k: string) => ({ eventId: `${k}-${round}-${i}`, tsEvent: ts, tsInit: ts });
    const accepted = { traderId: TRADER, strategyId: STRATEGY, instrumentId: INSTRUMENT.id, clientOrderId: id, venueOrderId };
    events.push(
      OrderEvents.submitted(order, ACCOUNT, m("s")),
      OrderEvents.accepted(order, venueOrderId, ACCOUNT, m("a")),
      OrderEvents.filled(
        accepted,
        {
          venueOrderId,
          accountId: ACCOUNT,
          tradeId: TradeId(`T-${round}-${i}`),
          orderSide: order.side,
          orderType: order.orderType,
          lastQty: order.quantity,
          lastPx: px,
          currency: USD,
          commission: Money.from("0.35", USD),
          liquiditySide: "MAKER",
        },
        m("f"),
      ),
    );
    orders.push(order);
  }
  return { orders, events };
}

function marginAccount(): Account {
  const total = Money.from("10000000", USD);
  return new Account({ type: "AccountState", accountId: ACCOUNT, accountType: "MARGIN", baseCurrency: USD, reported: true, balances: [{ total, locked: Money.zero(USD), free: total }], margins: [], eventId: "acc", tsEvent: T0, tsInit: T0 });
}

interface Setup {
  readonly process: (e: OrderEvent) => void;
  readonly finish: () => Promise<void>;
}

type Variant = "withPortfolio" | "cacheAndPosition" | "liveQueued";

function setup(variant: Variant, batch: Batch): Setup {
  const clock = new TestClock(T0);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger: nullLogger, clock, uuid });
  const cache = new Cache({ logger: nullLogger });
  cache.addInstrument(INSTRUMENT);
  cache.addAccount(marginAccount());
  for (const o of batch.orders) cache.addOrder(o);
  const config = LiveExecEngineConfigSchema.parse({});
  const deps = { traderId: TRADER, bus, clock, cache, logger: nullLogger, uuid, config };
  if (variant !== "cacheAndPosition") {
    // As in a running node: the instrument has a mark and the portfolio is initialized, so every
    // position event also re-checks readiness and marks unrealized PnL.
    cache.addQuote({ instrumentId: INSTRUMENT.id, bidPrice: Price.from("99.99"), askPrice: Price.from("100.01"), bidSize: Quantity.from(100), askSize: Quantity.from(100), tsEvent: T0, tsInit: T0 });
    const portfolio = new Portfolio({ bus, cache, clock, logger: nullLogger });
    portfolio.initializeOrders();
    portfolio.initializePositions();
    if (!portfolio.initialized) throw new Error("bench: the portfolio did not initialize");
  }
  if (variant === "liveQueued") {
    const live = new LiveExecEngine({ ...deps, queueConfig: { qsize: 100_000, gracefulShutdownOnException: false }, exit: () => undefined });
    live.start();
    return { process: (e) => (clock.setTime(e.tsEvent), live.process(e)), finish: () => live.drain() };
  }
  const exec = new ExecEngine(deps);
  exec.start();
  // The clock moves with every event, as a live clock does (the engine stamps local activity with it).
  return { process: (e) => (clock.setTime(e.tsEvent), exec.process(e)), finish: async () => {} };
}

async function timeVariant(variant: Variant | "bareOrderApply", round: number): Promise<number> {
  const batch = makeBatch(ORDERS_PER_ROUND, round);
  const { events } = batch;
  if (variant === "bareOrderApply") {
    const byId = new Map(batch.orders.map((o) => [o.clientOrderId, o]));
    collectGarbage();
    const t0 = process.hrtime.bigint();
    for (const e of events) byId.get(e.clientOrderId)?.apply(e);
    return (events.length * 1e9) / Number(process.hrtime.bigint() - t0);
  }
  const s = setup(variant, batch);
  collectGarbage();
  const t0 = process.hrtime.bigint();
  for (const e of events) s.process(e);
  await s.finish();
  const ns = Number(process.hrtime.bigint() - t0);
  const last = batch.orders[batch.orders.length - 1];
  if (last?.status !== "FILLED") throw new Error(`bench ${variant}: the last order is ${last?.status}, not FILLED`);
  return (events.length * 1e9) / ns;
}

// A full collection before each timed section, so one round's garbage is not collected in the next
// one's timing (the rounds allocate whole caches).
setFlagsFromString("--expose_gc");
const collectGarbage = runInNewContext("gc") as () => void;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

export default async function execEngineBench(): Promise<Record<string, unknown>> {
  const variants = ["withPortfolio", "cacheAndPosition", "liveQueued", "bareOrderApply"] as const;
  const rates = new Map<string, number[]>(variants.map((v) => [v, []]));
  let round = 0;
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(i + r) % variants.length] as (typeof variants)[number];
      const rate = await timeVariant(v, round++);
      if (r >= WARMUP) rates.get(v)?.push(rate);
    }
  }
  const med = (v: string) => Math.round(median(rates.get(v) ?? [0]));
  const full = med("withPortfolio");
  return {
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    cores: cpus().length,
    eventsPerRound: ORDERS_PER_ROUND * 3,
    rounds: ROUNDS,
    eventsPerSec: {
      execEngineCachePositionPortfolio: full,
      execEngineCachePosition: med("cacheAndPosition"),
      liveExecEngineQueuedWithPortfolio: med("liveQueued"),
      referenceBareOrderApply: med("bareOrderApply"),
    },
    targetEventsPerSec: 100_000,
    meetsTarget: full >= 100_000,
    fullPathVsBareOrderApply: ratio(full, med("bareOrderApply")),
    portfolioShare: ratio(full, med("cacheAndPosition")),
    liveQueueVsSync: ratio(med("liveQueued"), full),
  };
}
