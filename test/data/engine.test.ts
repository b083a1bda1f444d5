import { describe, expect, it } from "vitest";
import { Cache } from "../../src/cache/cache.js";
import { memoryLogger, type LogRecord } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { Endpoints } from "../../src/common/topics.js";
import { resolveDataEngineConfig } from "../../src/data/config.js";
import { DataEngine } from "../../src/data/engine.js";
import type { DataCommand, DataRequest, DataResponse } from "../../src/data/messages.js";
import { BarSpecification, BarType, type Bar, type QuoteTick } from "../../src/model/data.js";
import { ClientId, InstrumentId, Venue } from "../../src/model/identifiers.js";
import { Price, Quantity } from "../../src/model/values.js";
import { AAPL, SPY, quote, trade } from "../cache/fixtures.js";
import { RecordingDataClient } from "./test-client.js";

const MIN = 60_000_000_000n;
const T0 = 1_767_607_200_000_000_000n; // 2026-01-05T10:00:00Z

type CommandInput = DataCommand extends infer C ? (C extends DataCommand ? Omit<C, "commandId" | "tsInit"> : never) : never;

function setup(config: Parameters<typeof resolveDataEngineConfig>[0] = {}) {
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new TestClock(T0);
  let n = 0;
  const bus = new MessageBus({ logger, clock, uuid: () => `req-${++n}` });
  const cache = new Cache();
  cache.addInstrument(SPY);
  cache.addInstrument(AAPL);
  const engine = new DataEngine({ bus, clock, cache, logger, config: resolveDataEngineConfig(config) });
  const ib = new RecordingDataClient("IB", "SMART");
  const nasdaq = new RecordingDataClient("NQ", "NASDAQ");
  engine.registerClient(ib, { default: true });
  engine.registerClient(nasdaq);
  engine.start();
  const send = (cmd: CommandInput): boolean =>
    bus.send(Endpoints.DataEngineExecute, { ...cmd, commandId: "c", tsInit: clock.timestampNs() } as DataCommand);
  return { records, clock, bus, cache, engine, ib, nasdaq, send };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("DataEngine subscriptions", () => {
  it("routes by client id, by venue, then the default client", () => {
    const { ib, nasdaq, send } = setup();
    send({ type: "SubscribeQuoteTicks", instrumentId: AAPL.id });
    send({ type: "SubscribeQuoteTicks", instrumentId: SPY.id });
    send({ type: "SubscribeTradeTicks", instrumentId: InstrumentId("ES.CME") });
    send({ type: "SubscribeTradeTicks", instrumentId: AAPL.id, clientId: ClientId("IB") });
    send({ type: "SubscribeInstruments", venue: Venue("NASDAQ") });
    expect(nasdaq.calls).toEqual(["subscribeQuoteTicks AAPL.NASDAQ", "subscribeInstruments NASDAQ"]);
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART", "subscribeTradeTicks ES.CME", "subscribeTradeTicks AAPL.NASDAQ"]);
  });

  it("asks the client on the first subscriber only and releases on the last", () => {
    const { ib, engine, send } = setup();
    for (let i = 0; i < 3; i++) send({ type: "SubscribeQuoteTicks", instrumentId: SPY.id });
    expect(engine.subscriberCount("quotes", SPY.id)).toBe(3);
    send({ type: "UnsubscribeQuoteTicks", instrumentId: SPY.id });
    send({ type: "UnsubscribeQuoteTicks", instrumentId: SPY.id });
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART"]);
    send({ type: "UnsubscribeQuoteTicks", instrumentId: SPY.id });
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART", "unsubscribeQuoteTicks SPY.SMART"]);
    expect(engine.subscribedQuoteTicks()).toEqual([]);
  });

  it("warns on an unsubscribe without subscription and calls nothing", () => {
    const { ib, send, records } = setup();
    send({ type: "UnsubscribeTradeTicks", instrumentId: SPY.id });
    expect(ib.calls).toEqual([]);
    expect(records.some((r) => r.level === "warn" && /not subscribed/.test(r.msg))).toBe(true);
  });

  it("logs a client that refuses a subscription and keeps running", async () => {
    const { ib, send, records } = setup();
    ib.failSubscriptions = true;
    send({ type: "SubscribeQuoteTicks", instrumentId: SPY.id });
    await settle();
    expect(records.some((r) => r.level === "error" && /failed a subscription call/.test(r.msg))).toBe(true);
  });

  it("does not route commands for an external client", () => {
    const { ib, send } = setup({ externalClients: ["IB"] });
    send({ type: "SubscribeQuoteTicks", instrumentId: SPY.id, clientId: ClientId("IB") });
    expect(ib.calls).toEqual([]);
  });

  it("subscribes EXTERNAL bar types at the client", () => {
    const { ib, send } = setup();
    const bt = BarType.parse("SPY.SMART-5-SECOND-LAST-EXTERNAL");
    send({ type: "SubscribeBars", barType: bt });
    send({ type: "SubscribeBars", barType: bt });
    send({ type: "UnsubscribeBars", barType: bt });
    send({ type: "UnsubscribeBars", barType: bt });
    expect(ib.calls).toEqual([`subscribeBars ${bt}`, `unsubscribeBars ${bt}`]);
  });
});

describe("DataEngine data path", () => {
  it("caches a quote and publishes it on data.quotes.{venue}.{symbol}", () => {
    const { ib, bus, cache } = setup();
    const got: QuoteTick[] = [];
    bus.subscribe("data.quotes.SMART.SPY", (q: QuoteTick) => got.push(q));
    const q = quote(SPY.id, "100.00", "100.02", T0);
    ib.sink?.onQuote(q);
    expect(got).toEqual([q]);
    expect(cache.quote(SPY.id)).toBe(q);
    const t = trade(SPY.id, "100.01", "5", T0);
    const trades: unknown[] = [];
    bus.subscribe("data.trades.SMART.*", (x: unknown) => trades.push(x));
    bus.send(Endpoints.DataEngineProcess, { type: "TradeTick", data: t });
    expect(trades).toEqual([t]);
    expect(cache.trade(SPY.id)).toBe(t);
  });

  it.each([
    { validate: true, ts: [3n, 5n, 4n, 5n, 6n], kept: [3n, 5n, 5n, 6n], dropped: 1 },
    { validate: false, ts: [3n, 5n, 4n, 6n], kept: [3n, 5n, 4n, 6n], dropped: 0 },
  ])("validateDataSequence=$validate keeps $kept of $ts", ({ validate, ts, kept, dropped }) => {
    const { ib, bus, cache, engine, records } = setup({ validateDataSequence: validate });
    const got: bigint[] = [];
    bus.subscribe("data.quotes.SMART.SPY", (q: QuoteTick) => got.push(q.tsEvent));
    for (const t of ts) ib.sink?.onQuote(quote(SPY.id, "100.00", "100.02", T0 + t));
    expect(got).toEqual(kept.map((k) => T0 + k));
    expect(cache.quotes(SPY.id).map((q) => q.tsEvent - T0)).toEqual([...kept].reverse());
    expect(engine.droppedCount).toBe(dropped);
    expect(records.filter((r) => r.level === "warn" && /dropped/.test(r.msg))).toHaveLength(dropped);
  });

  it("drops an out-of-order bar with validateDataSequence", () => {
    const { ib, bus } = setup({ validateDataSequence: true });
    const bt = BarType.parse("SPY.SMART-1-MINUTE-LAST-EXTERNAL");
    const bar = (ts: bigint): Bar => ({ barType: bt, open: Price.from("1.00"), high: Price.from("1.00"), low: Price.from("1.00"), close: Price.from("1.00"), volume: Quantity.from("1"), tsEvent: ts, tsInit: ts });
    const got: bigint[] = [];
    bus.subscribe(`data.bars.${bt}`, (b: Bar) => got.push(b.tsEvent));
    for (const ts of [2n, 1n, 3n]) ib.sink?.onBar(bar(ts));
    expect(got).toEqual([2n, 3n]);
  });

  it("publishes instruments on data.instrument.{venue}.{symbol} and caches them", () => {
    const { ib, bus, cache } = setup();
    const got: unknown[] = [];
    bus.subscribe("data.instrument.*", (i: unknown) => got.push(i));
    cache.reset();
    ib.sink?.onInstrument(SPY);
    expect(got).toEqual([SPY]);
    expect(cache.instrument(SPY.id)).toBe(SPY);
  });
});

describe("DataEngine internal bar aggregation", () => {
  it("aggregates 1-minute MID bars from quotes on the clock and publishes them", () => {
    const { ib, bus, cache, clock, send } = setup();
    const bt = new BarType(SPY.id, new BarSpecification(1, "MINUTE", "MID"), "INTERNAL");
    const bars: Bar[] = [];
    bus.subscribe(`data.bars.${bt}`, (b: Bar) => bars.push(b));
    send({ type: "SubscribeBars", barType: bt });
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART"]);
    clock.advanceTime(T0 + 10_000_000_000n);
    ib.sink?.onQuote(quote(SPY.id, "100.00", "100.02", clock.timestampNs(), "10"));
    clock.advanceTime(T0 + 20_000_000_000n);
    ib.sink?.onQuote(quote(SPY.id, "100.10", "100.13", clock.timestampNs(), "20"));
    clock.advanceTime(T0 + MIN);
    expect(bars).toHaveLength(1);
    const b = bars[0] as Bar;
    expect([b.open.toString(), b.high.toString(), b.low.toString(), b.close.toString(), b.volume.toString()]).toEqual(["100.01", "100.115", "100.01", "100.115", "30"]);
    expect(b.tsEvent).toBe(T0 + MIN);
    expect(cache.bar(bt)).toBe(b);
    send({ type: "UnsubscribeBars", barType: bt });
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART", "unsubscribeQuoteTicks SPY.SMART"]);
    expect(clock.timerNames()).toEqual([]);
  });

  it("shares the quote stream between a strategy and an internal bar type", () => {
    const { ib, send } = setup();
    const bt = new BarType(SPY.id, new BarSpecification(1, "MINUTE", "BID"), "INTERNAL");
    send({ type: "SubscribeQuoteTicks", instrumentId: SPY.id });
    send({ type: "SubscribeBars", barType: bt });
    send({ type: "UnsubscribeQuoteTicks", instrumentId: SPY.id });
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART"]);
    send({ type: "UnsubscribeBars", barType: bt });
    expect(ib.calls).toEqual(["subscribeQuoteTicks SPY.SMART", "unsubscribeQuoteTicks SPY.SMART"]);
  });

  it("aggregates LAST tick bars from trades", () => {
    const { ib, bus, send } = setup();
    const bt = new BarType(SPY.id, new BarSpecification(2, "TICK", "LAST"), "INTERNAL");
    const bars: Bar[] = [];
    bus.subscribe(`data.bars.${bt}`, (b: Bar) => bars.push(b));
    send({ type: "SubscribeBars", barType: bt });
    expect(ib.calls).toEqual(["subscribeTradeTicks SPY.SMART"]);
    for (const [i, px] of ["1.00", "3.00", "2.00"].entries()) ib.sink?.onTrade(trade(SPY.id, px, "1", T0 + BigInt(i)));
    expect(bars.map((b) => [b.open.toString(), b.close.toString(), b.volume.toString()])).toEqual([["1.00", "3.00", "2"]]);
  });

  it("refuses MARK bars with an error and subscribes nothing", () => {
    const { ib, send, records, engine } = setup();
    send({ type: "SubscribeBars", barType: new BarType(SPY.id, new BarSpecification(1, "MINUTE", "MARK"), "INTERNAL") });
    expect(ib.calls).toEqual([]);
    expect(engine.subscribedBars()).toEqual([]);
    expect(records.some((r) => r.level === "error" && /MARK/.test(r.msg))).toBe(true);
  });

  it("takes timeBarsOriginOffset (ms per aggregation) and timeBarsBuildDelay (µs) from the config", () => {
    const { clock, send } = setup({ timeBarsOriginOffset: { MINUTE: 15_000 }, timeBarsBuildDelay: 2_000_000 });
    const bt = new BarType(SPY.id, new BarSpecification(1, "MINUTE", "MID"), "INTERNAL");
    send({ type: "SubscribeBars", barType: bt });
    // Started at 10:00:00 with a 15 s offset: the open bar closes at 10:00:15, built 2 s later.
    expect(clock.nextTimeNs(bt.toString())).toBe(T0 + 17_000_000_000n);
  });

  it("stops aggregator timers on stop and restarts them on resume", () => {
    const { engine, clock, send } = setup();
    send({ type: "SubscribeBars", barType: new BarType(SPY.id, new BarSpecification(1, "MINUTE", "MID"), "INTERNAL") });
    expect(clock.timerCount()).toBe(1);
    engine.stop();
    expect(clock.timerCount()).toBe(0);
    engine.resume();
    expect(clock.timerCount()).toBe(1);
  });
});

describe("DataEngine requests", () => {
  const bt = BarType.parse("SPY.SMART-1-MINUTE-LAST-EXTERNAL");
  const bar = (ts: bigint): Bar => ({ barType: bt, open: Price.from("1.00"), high: Price.from("2.00"), low: Price.from("1.00"), close: Price.from("2.00"), volume: Quantity.from("3"), tsEvent: ts, tsInit: ts });

  it("routes a request with its correlation id and resolves with the client's response; bars are cached", async () => {
    const { ib, bus, cache } = setup();
    const req: DataRequest = { type: "RequestBars", barType: bt, limit: 2, tsInit: T0 };
    const promise = bus.request<DataResponse>(Endpoints.DataEngineRequest, req);
    expect(ib.requests).toHaveLength(1);
    const got = ib.requests[0];
    expect(got?.requestId).toBe("req-1");
    ib.sink?.onResponse({ type: "DataResponse", correlationId: "req-1", clientId: ib.clientId, data: [bar(2n), bar(1n)], tsInit: T0 });
    const res = await promise;
    expect(res.data).toHaveLength(2);
    expect(cache.bars(bt).map((b) => b.tsEvent)).toEqual([2n, 1n]);
  });

  it("rejects a request no client can serve, and one the client fails", async () => {
    const { bus, ib } = setup();
    const noClient = bus.request(Endpoints.DataEngineRequest, { type: "RequestInstrument", instrumentId: SPY.id, clientId: ClientId("NOPE"), venue: Venue("NOWHERE"), tsInit: T0 } as DataRequest);
    // NOPE is unknown and NOWHERE unrouted, but IB is the default client: it gets the request.
    expect(ib.requests).toHaveLength(1);
    ib.sink?.onRequestFailed("req-1", new Error("unknown symbol"));
    await expect(noClient).rejects.toThrow(/unknown symbol/);
    const thrown = bus.request(Endpoints.DataEngineRequest, { type: "RequestTradeTicks", instrumentId: SPY.id, limit: -1, tsInit: T0 } as DataRequest);
    await expect(thrown).rejects.toThrow(/venue unreachable/);
  });

  it("rejects when there is no client at all", async () => {
    const logger = memoryLogger();
    const clock = new TestClock(T0);
    const bus = new MessageBus({ logger, clock });
    new DataEngine({ bus, clock, cache: new Cache(), logger, config: resolveDataEngineConfig() });
    await expect(bus.request(Endpoints.DataEngineRequest, { type: "RequestInstruments", venue: Venue("SMART"), tsInit: T0 })).rejects.toThrow(/No data client/);
  });
});
