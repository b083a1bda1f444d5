import { LiveClock } from "../../../src/common/clock.js";
// The external message bus on Redis Streams against a real redis-server: naming, typesFilter,
// batching, heartbeat, trim, consume between two processes, echo prevention, outage, release.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../../src/common/test-clock.js";
import { memoryLogger, nullLogger, type LogRecord } from "../../../src/common/logger.js";
import { MessageBus } from "../../../src/common/msgbus.js";
import { MessageBusConfigSchema, type DatabaseConfig, type MessageBusConfig } from "../../../src/config/schemas/cache.js";
import { RedisStreamConsumer } from "../../../src/live/streams/consumer.js";
import { decodeEntry } from "../../../src/live/streams/envelope.js";
import { RedisStreamPublisher, type StreamPublisherOptions } from "../../../src/live/streams/publisher.js";
import { Price } from "../../../src/model/values.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";
import { streamEvent } from "./fixtures/messages.js";

type BusConfig = MessageBusConfig & { database: DatabaseConfig };
let server: RedisServer;
let admin: Redis;
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis({ host: server.host, port: server.port, lazyConnect: true, retryStrategy: () => 20 });
  admin.on("error", () => {});
  await admin.connect();
});
afterEach(async () => {
  while (stoppers.length > 0) await stoppers.pop()?.();
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

function busConfig(overrides: Record<string, unknown> = {}): BusConfig {
  return MessageBusConfigSchema.parse({ database: { host: server.host, port: server.port, responseTimeout: 2, maxDelay: 50 }, ...overrides }) as BusConfig;
}

function newBus(): MessageBus {
  return new MessageBus({ logger: nullLogger, clock: new TestClock() });
}

let traders = 0;
async function startPublisher(overrides: Record<string, unknown> = {}, extra: Partial<StreamPublisherOptions> = {}) {
  traders++;
  const bus = newBus();
  const publisher = new RedisStreamPublisher({ bus, clock: new LiveClock(), config: busConfig(overrides), traderId: `PUB-${traders}`, logger: nullLogger, ...extra });
  await publisher.start();
  stoppers.push(() => publisher.stop());
  return { bus, publisher, traderId: `PUB-${traders}` };
}

async function entries(key: string) {
  const raw = (await admin.xrangeBuffer(key, "-", "+")) as [Buffer, Buffer[]][];
  return raw.map(([id, fields]) => decodeEntry(key, id.toString(), fields));
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("RedisStreamPublisher", () => {
  it("keeps the types typesFilter lists off the streams (Nautilus types_filter), publishes the rest, one stream per topic, values exact", async () => {
    const { bus, publisher, traderId } = await startPublisher({ typesFilter: ["QuoteTick", "TradeTick", "OrderSubmitted"] });
    bus.publish("events.order.S-1", streamEvent(1));
    bus.publish("events.order.S-1", { type: "OrderSubmitted" });
    bus.publish("events.position.S-1", { type: "PositionOpened", id: "P-1" });
    bus.publish("data.quotes.SMART.SPY", { type: "QuoteTick", bid: Price.from("1.00") });
    bus.publish("data.trades.SMART.SPY", { type: "TradeTick", price: Price.from("1.00") });
    await publisher.flush();
    expect(publisher.stats().published).toBe(2);
    const key = `trader-${traderId}:stream:events.order.S-1`;
    expect(publisher.streamKey("events.order.S-1")).toBe(key);
    const got = await entries(key);
    expect(got.map((m) => m.type)).toEqual(["OrderFilled"]);
    const fill = got[0]?.payload as ReturnType<typeof streamEvent>;
    expect(fill.lastPx).toBeInstanceOf(Price);
    expect([fill.lastPx.raw, fill.lastPx.precision, fill.commission.toString(), fill.tsEvent]).toEqual([123_456_789_000n, 6, "0.0035 USD", 1_700_000_000_000_000_001n]);
    expect((await entries(`trader-${traderId}:stream:events.position.S-1`)).map((m) => m.topic)).toEqual(["events.position.S-1"]);
    expect(await admin.exists(`trader-${traderId}:stream:data.quotes.SMART.SPY`, `trader-${traderId}:stream:data.trades.SMART.SPY`)).toBe(0);
  });

  it("publishes every type when typesFilter is unset", async () => {
    const { bus, publisher, traderId } = await startPublisher();
    bus.publish("events.order.S-1", { type: "OrderSubmitted" });
    bus.publish("data.quotes.SMART.SPY", { type: "QuoteTick", bid: Price.from("1.00") });
    await publisher.flush();
    expect((await entries(`trader-${traderId}:stream:events.order.S-1`)).map((m) => m.type)).toEqual(["OrderSubmitted"]);
    expect((await entries(`trader-${traderId}:stream:data.quotes.SMART.SPY`)).map((m) => m.type)).toEqual(["QuoteTick"]);
  });

  it("one stream for every topic, named with the instance id and without the trader prefix when asked", async () => {
    const { bus, publisher, traderId } = await startPublisher(
      { streamPerTopic: false, useInstanceId: true, useTraderPrefix: false, streamsPrefix: "tenant-a", encoding: "json" },
      { instanceId: "inst-1" },
    );
    bus.publish("events.order.S-1", streamEvent(1));
    bus.publish("events.risk", { type: "TradingStateChanged", state: "HALTED" });
    await publisher.flush();
    const got = await entries(`${traderId}:inst-1:tenant-a`);
    expect(got.map((m) => [m.topic, m.type])).toEqual([
      ["events.order.S-1", "OrderFilled"],
      ["events.risk", "TradingStateChanged"],
    ]);
  });

  it("batches by bufferIntervalMs: written by the timer in one pipeline", async () => {
    const { bus, traderId } = await startPublisher({ bufferIntervalMs: 150 });
    for (let i = 0; i < 500; i++) bus.publish("events.order.S-1", streamEvent(i));
    const key = `trader-${traderId}:stream:events.order.S-1`;
    expect(await admin.xlen(key)).toBe(0);
    await waitFor(async () => (await admin.xlen(key)) === 500, 3000, "timer flush");
  });

  it("a batch that fills up goes to Redis at once, during a burst of publishes; entries keep publish order across batches", async () => {
    const { bus, publisher, traderId } = await startPublisher({ bufferIntervalMs: 60_000 }, { maxPipelineDepth: 10 });
    const key = `trader-${traderId}:stream:events.order.S-1`;
    for (let i = 0; i < 35; i++) bus.publish("events.order.S-1", streamEvent(i));
    await waitFor(async () => (await admin.xlen(key)) === 30, 3000, "full batches sent before any flush");
    await waitFor(() => publisher.stats().buffered === 5, 3000, "replies of the full batches");
    expect(publisher.stats().published).toBe(30);
    await publisher.flush();
    const got = await entries(key);
    expect(got.map((m) => (m.payload as ReturnType<typeof streamEvent>).clientOrderId)).toEqual(Array.from({ length: 35 }, (_, i) => `O-${i}`));
    expect(got.map((m) => [m.topic, m.type])).toEqual(Array.from({ length: 35 }, () => ["events.order.S-1", "OrderFilled"]));
    expect(publisher.stats()).toMatchObject({ published: 35, buffered: 0, failedBatches: 0 });
  });

  it("an entry Redis refuses (WRONGTYPE) is logged with its stream and dropped; the others land", async () => {
    const records: LogRecord[] = [];
    const { bus, publisher, traderId } = await startPublisher({}, { logger: memoryLogger(records) });
    const bad = `trader-${traderId}:stream:events.bad`;
    await admin.set(bad, "not a stream");
    bus.publish("events.order.S-1", streamEvent(1));
    bus.publish("events.bad", streamEvent(2));
    bus.publish("events.order.S-1", streamEvent(3));
    await publisher.flush();
    expect((await entries(`trader-${traderId}:stream:events.order.S-1`)).length).toBe(2);
    expect(records.find((r) => r.level === "error" && r.msg.includes("refused"))?.stream).toBe(bad);
  });

  it("sends a heartbeat every heartbeatIntervalSecs, even when typesFilter lists Heartbeat", async () => {
    const { traderId } = await startPublisher({ heartbeatIntervalSecs: 1, typesFilter: ["Heartbeat", "QuoteTick"] });
    const key = `trader-${traderId}:stream:health.heartbeat`;
    await waitFor(async () => (await admin.xlen(key)) >= 1, 4000, "heartbeat");
    const [beat] = await entries(key);
    expect(beat?.type).toBe("Heartbeat");
    expect((beat?.payload as { traderId: string }).traderId).toBe(traderId);
  });

  it("trims streams to the last autotrimMins with MINID", async () => {
    const { bus, publisher, traderId } = await startPublisher({ autotrimMins: 1 }, { trimIntervalMs: 50 });
    const key = `trader-${traderId}:stream:events.order.S-1`;
    const old = Date.now() - 5 * 60_000;
    for (let i = 0; i < 3; i++) await admin.xadd(key, `${old + i}-0`, "topic", "t", "type", "Old", "enc", "json", "payload", "{}");
    bus.publish("events.order.S-1", streamEvent(1));
    await publisher.flush();
    await waitFor(async () => (await admin.xlen(key)) === 1, 3000, "trim");
    expect((await entries(key)).map((m) => m.type)).toEqual(["OrderFilled"]);
  });

  it("skips messages the codec cannot carry, and keeps buffered messages through a Redis restart", async () => {
    const { bus, publisher, traderId } = await startPublisher({ bufferIntervalMs: 10 });
    class Command {
      readonly type = "SubmitOrder";
    }
    bus.publish("commands.x", new Command());
    expect(publisher.stats().skipped).toBe(1);
    await server.kill();
    for (let i = 0; i < 20; i++) bus.publish("events.order.S-1", streamEvent(i));
    await new Promise((r) => setTimeout(r, 100));
    expect(publisher.stats().buffered).toBe(20);
    await server.restart();
    const key = `trader-${traderId}:stream:events.order.S-1`;
    await waitFor(async () => (await admin.xlen(key).catch(() => 0)) === 20, 10_000, "backlog");
  });

  it("stop writes the buffer and releases the tap, the timers and the connection", async () => {
    const before = String(await admin.client("LIST")).split("\n").filter(Boolean).length;
    const bus = newBus();
    const publisher = new RedisStreamPublisher({ bus, clock: new LiveClock(), config: busConfig({ bufferIntervalMs: 10_000, heartbeatIntervalSecs: 1 }), traderId: "STOP-1", logger: nullLogger });
    await publisher.start();
    bus.publish("events.order.S-1", streamEvent(1));
    await publisher.stop();
    expect(await admin.xlen("trader-STOP-1:stream:events.order.S-1")).toBe(1);
    bus.publish("events.order.S-1", streamEvent(2));
    expect(publisher.stats().buffered).toBe(0);
    await waitFor(async () => String(await admin.client("LIST")).split("\n").filter(Boolean).length === before, 2000, "connection closed");
  });
});

describe("between two processes", () => {
  it("a child process publishes; this process consumes (glob) and republishes on its bus, exact, without echo", async () => {
    const bus = newBus();
    const got: ReturnType<typeof streamEvent>[] = [];
    bus.subscribe("events.order.*", (m: ReturnType<typeof streamEvent>) => got.push(m));
    const consumer = new RedisStreamConsumer({ bus, clock: new LiveClock(), config: busConfig({ externalStreams: ["trader-CHILD-1:stream:*"] }), traderId: "PARENT-1", logger: nullLogger, rescanMs: 50 });
    await consumer.start();
    stoppers.push(() => consumer.stop());
    // This node also publishes its own bus: what came from outside must not go out again.
    const echo = new RedisStreamPublisher({ bus, clock: new LiveClock(), config: busConfig(), traderId: "PARENT-1", logger: nullLogger });
    await echo.start();
    stoppers.push(() => echo.stop());

    const script = fileURLToPath(new URL("./fixtures/publish-child.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, String(server.port), "CHILD-1", "200"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("PUBLISHED 200");
    await waitFor(() => got.length === 200, 10_000, "200 messages consumed");
    expect(got.map((m) => m.clientOrderId)).toEqual(Array.from({ length: 200 }, (_, i) => `O-${i}`));
    expect(got[7]?.lastPx.raw).toBe(123_456_789_000n);
    expect(got[7]?.tsEvent).toBe(1_700_000_000_000_000_007n);
    expect(consumer.received).toBe(200);
    await echo.flush();
    expect(echo.stats().published).toBe(0);
    expect(await admin.keys("trader-PARENT-1:*")).toEqual([]);
  });
});
