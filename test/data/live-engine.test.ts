import { describe, expect, it } from "vitest";
import { Cache } from "../../src/cache/cache.js";
import { memoryLogger, type LogRecord } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { Endpoints, Topics } from "../../src/common/topics.js";
import { resolveDataEngineConfig } from "../../src/data/config.js";
import { LiveDataEngine } from "../../src/data/live-engine.js";
import type { DataResponse } from "../../src/data/messages.js";
import type { QuoteTick } from "../../src/model/data.js";
import { SPY, quote, trade } from "../cache/fixtures.js";
import { RecordingDataClient } from "./test-client.js";

function setup(graceful: boolean) {
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new TestClock(1_000n);
  const bus = new MessageBus({ logger, clock, uuid: () => "req-1" });
  const cache = new Cache();
  const exits: number[] = [];
  const engine = new LiveDataEngine({ bus, clock, cache, logger, config: resolveDataEngineConfig({ qsize: 2, gracefulShutdownOnException: graceful }), exit: (c) => exits.push(c) });
  const client = new RecordingDataClient("IB", "SMART");
  engine.registerClient(client, { default: true });
  return { records, clock, bus, cache, engine, client, exits };
}

describe("LiveDataEngine", () => {
  it("handles data on its queue, after the call that enqueued, in order and without drops above qsize", async () => {
    const { engine, client, bus, cache } = setup(false);
    engine.start();
    const got: bigint[] = [];
    bus.subscribe(Topics.quotes("SMART", "SPY"), (q: QuoteTick) => got.push(q.tsEvent));
    for (let i = 1; i <= 10; i++) client.sink?.onQuote(quote(SPY.id, "1.00", "1.01", BigInt(i)));
    client.sink?.onTrade(trade(SPY.id, "1.00", "1", 11n));
    expect(got).toEqual([]);
    expect(engine.queueBacklog()).toBe(11);
    await engine.drain();
    expect(got).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
    expect(cache.trade(SPY.id)?.tsEvent).toBe(11n);
  });

  it("queues commands, requests and responses too", async () => {
    const { engine, client, bus } = setup(false);
    engine.start();
    bus.send(Endpoints.DataEngineExecute, { type: "SubscribeQuoteTicks", instrumentId: SPY.id, commandId: "c", tsInit: 0n });
    expect(client.calls).toEqual([]);
    const p = bus.request<DataResponse>(Endpoints.DataEngineRequest, { type: "RequestInstrument", instrumentId: SPY.id, tsInit: 0n });
    await engine.drain();
    expect(client.calls).toEqual(["subscribeQuoteTicks SPY.SMART"]);
    expect(client.requests.map((r) => r.requestId)).toEqual(["req-1"]);
    client.sink?.onResponse({ type: "DataResponse", correlationId: "req-1", clientId: client.clientId, data: [SPY], tsInit: 0n });
    await engine.drain();
    expect((await p).data).toEqual([SPY]);
  });

  it.each([
    { graceful: true, exits: [], shutdowns: 1 },
    { graceful: false, exits: [1], shutdowns: 0 },
  ])("a throwing handler with gracefulShutdownOnException=$graceful", async ({ graceful, exits, shutdowns }) => {
    const s = setup(graceful);
    s.engine.start();
    const shutdown: unknown[] = [];
    s.bus.subscribe(Topics.shutdown, (m: unknown) => shutdown.push(m));
    // A cache that throws stands for any bug in the data path.
    s.cache.addQuote = () => {
      throw new Error("boom");
    };
    s.client.sink?.onQuote(quote(SPY.id, "1.00", "1.01", 1n));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(s.exits).toEqual(exits);
    expect(shutdown).toHaveLength(shutdowns);
  });
});
