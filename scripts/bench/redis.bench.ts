/**
 * Redis benchmark, on the bench's own redis-server (no persistence, loopback):
 * - cache writes through write-behind: order events/s persisted (from the first updateOrder to
 *   sync() resolving), msgpack and json, target >= 50,000/s;
 * - stream publishing: messages/s from MessageBus.publish to XADDed (publish loop, then flush),
 *   json and msgpack, target >= 100,000/s;
 * each beside `redis-benchmark` SET and XADD figures with the same pipeline depth (-P) and one
 * connection (-c 1, as the node uses one connection per concern), measured in the same run.
 * Also in the same run, the ceilings of the command shapes through ioredis, with nothing to
 * encode: prebuilt batches (one EVALSHA of 1000 packed RPUSH / XADD, the shape the node sends,
 * with the node's in-flight bounds), and a plain ioredis pipeline of 1000 XADDs (the shape the
 * batches replaced). Rounds alternate between ours and the references; medians are reported.
 */
import { spawn } from "node:child_process";
import { openRedisCacheDatabase, type RedisCacheDatabase } from "../../src/cache/database/redis.js";
import { LiveClock, TestClock } from "../../src/common/clock.js";
import { nullLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { CacheConfigSchema, MessageBusConfigSchema, type CacheConfig, type DatabaseConfig, type MessageBusConfig } from "../../src/config/schemas/cache.js";
import { Redis } from "ioredis";
import { Batch } from "../../src/cache/database/batch.js";
import { RecordCodec } from "../../src/cache/database/codec.js";
import { RedisStreamPublisher } from "../../src/live/streams/publisher.js";
import { StreamBatch } from "../../src/live/streams/stream-batch.js";
import { USD } from "../../src/model/currency.js";
import { OrderEvents, type OrderEvent } from "../../src/model/events.js";
import { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId, TraderId, VenueOrderId } from "../../src/model/identifiers.js";
import type { Order } from "../../src/model/orders/order.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { startRedis, type RedisServer } from "../../test/support/redis-server.js";
import { ratio } from "./measure.js";

const DEPTH = 1000;
const ORDERS = 10_000;
const EVENTS_PER_ORDER = 5;
const MESSAGES = 100_000;
const ROUNDS = 3;
const CACHE_TARGET = 50_000;
const STREAM_TARGET = 100_000;

const REF = { traderId: TraderId("BENCH-001"), strategyId: StrategyId("EMACross-001"), instrumentId: InstrumentId("SPY.SMART") };
const ACC = AccountId("IB-DU000001");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** The event lists of ORDERS orders: init + submitted, accepted, and fills (what the ExecEngine persists). */
function eventLists(): OrderEvent[][] {
  const lists: OrderEvent[][] = [];
  for (let i = 0; i < ORDERS; i++) {
    const ref = { ...REF, clientOrderId: ClientOrderId(`O-B-${i}`) };
    const m = (n: number) => ({ eventId: `e-${i}-${n}`, tsEvent: 1_700_000_000_000_000_000n + BigInt(n), tsInit: 1_700_000_000_000_000_000n + BigInt(n) });
    const events: OrderEvent[] = [
      OrderEvents.submitted(ref, ACC, m(1)),
      OrderEvents.accepted(ref, VenueOrderId(`V-${i}`), ACC, m(2)),
    ];
    for (let f = 0; f < EVENTS_PER_ORDER - 2; f++) {
      events.push(
        OrderEvents.filled(
          ref,
          { venueOrderId: VenueOrderId(`V-${i}`), accountId: ACC, tradeId: TradeId(`T-${i}-${f}`), orderSide: "BUY", orderType: "LIMIT", lastQty: Quantity.from("10"), lastPx: Price.from("501.23"), currency: USD, commission: Money.from("0.035", USD), liquiditySide: "TAKER" },
          m(3 + f),
        ),
      );
    }
    lists.push(events);
  }
  return lists;
}

/** Stands for an Order on the database's write path (id, growing event list): isolates the database's cost. */
function shim(id: string): Order & { events: OrderEvent[] } {
  const events: OrderEvent[] = [];
  return { clientOrderId: ClientOrderId(id), events, get eventCount() { return events.length; } } as unknown as Order & { events: OrderEvent[] };
}

async function cacheRound(server: RedisServer, encoding: CacheConfig["encoding"], lists: OrderEvent[][], round: number): Promise<number> {
  const config = CacheConfigSchema.parse({ database: { host: server.host, port: server.port }, encoding, bufferIntervalMs: 10, writeQueueCapacity: 1_000_000 }) as CacheConfig & { database: DatabaseConfig };
  const db: RedisCacheDatabase = await openRedisCacheDatabase({ config, traderId: `BENCH-${encoding}-${round}`, logger: nullLogger, maxPipelineDepth: DEPTH });
  const orders = lists.map((_, i) => shim(`O-B-${i}`));
  for (const o of orders) db.addOrder(o); // registers each order (no events yet)
  await db.sync();
  let total = 0;
  const t0 = process.hrtime.bigint();
  // Interleaved like live trading: event n of every order, then event n+1...
  for (let n = 0; n < EVENTS_PER_ORDER; n++) {
    for (let i = 0; i < orders.length; i++) {
      (orders[i] as ReturnType<typeof shim>).events.push((lists[i] as OrderEvent[])[n] as OrderEvent);
      db.updateOrder(orders[i] as Order);
      total++;
    }
  }
  await db.sync();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await db.flush();
  await db.close();
  return total / secs;
}

async function streamRound(server: RedisServer, encoding: MessageBusConfig["encoding"], lists: OrderEvent[][]): Promise<number> {
  const bus = new MessageBus({ logger: nullLogger, clock: new TestClock() });
  const config = MessageBusConfigSchema.parse({ database: { host: server.host, port: server.port }, encoding, bufferIntervalMs: 10, streamPerTopic: true }) as MessageBusConfig & { database: DatabaseConfig };
  const publisher = new RedisStreamPublisher({ bus, clock: new LiveClock(), config, traderId: `BENCH-${encoding}`, logger: nullLogger, maxPipelineDepth: DEPTH, maxBacklog: MESSAGES * 2 });
  await publisher.start();
  const flat = lists.flat();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i++) bus.publish("events.order.EMACross-001", flat[i % flat.length]);
  await publisher.flush();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const published = publisher.stats().published;
  await publisher.stop();
  if (published !== MESSAGES) throw new Error(`published ${published} of ${MESSAGES}`);
  return MESSAGES / secs;
}

/** Sends prebuilt batches with at most `inFlight` on the wire; returns commands/s. */
async function sendAll(batches: { exec(r: Redis): Promise<unknown> }[], redis: Redis, inFlight: number, commands: number): Promise<number> {
  const window: Promise<unknown>[] = [];
  const t0 = process.hrtime.bigint();
  for (const b of batches) {
    window.push(b.exec(redis));
    if (window.length >= inFlight) await window.shift();
  }
  await Promise.all(window);
  return commands / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** ioredis' ceiling for each command shape (nothing encoded while timed): ops/s. */
async function ceilings(server: RedisServer, event: OrderEvent): Promise<{ batchRpush: number; batchXadd: number; pipelineXadd: number }> {
  const redis = new Redis({ host: server.host, port: server.port });
  try {
    const codec = new RecordCodec({ encoding: "json" });
    const payload = Buffer.from(codec.encode(event) as string);
    await Batch.preload(redis);
    await StreamBatch.preload(redis);
    const rpush = Array.from({ length: MESSAGES / DEPTH }, (_, b) => {
      const batch = new Batch();
      for (let i = 0; i < DEPTH; i++) batch.rpush(`ceiling:order:${(b * DEPTH + i) % ORDERS}`, payload);
      return batch;
    });
    const batchRpush = await sendAll(rpush, redis, 2, MESSAGES);
    const raw = { type: "Raw" }; // one short payload per entry: the entry's other fields are the node's
    const xadd = Array.from({ length: MESSAGES / DEPTH }, () => {
      const batch = new StreamBatch("json");
      for (let i = 0; i < DEPTH; i++) batch.add("ceiling:stream", "events.order.EMACross-001", "OrderFilled", { ...raw, p: payload.toString() }, codec);
      return batch;
    });
    const batchXadd = await sendAll(xadd, redis, 128, MESSAGES);
    const pipelines = Array.from({ length: 20 }, () => ({
      exec: (r: Redis) => {
        const p = r.pipeline();
        for (let i = 0; i < DEPTH; i++) p.callBuffer("XADD", "ceiling:pipeline", "*", "topic", "events.order.EMACross-001", "type", "OrderFilled", "enc", "json", "payload", payload);
        return p.exec();
      },
    }));
    const pipelineXadd = await sendAll(pipelines, redis, 1, 20 * DEPTH);
    await redis.del("ceiling:stream", "ceiling:pipeline");
    return { batchRpush, batchXadd, pipelineXadd };
  } finally {
    redis.disconnect();
  }
}

/** redis-benchmark's requests/s for one command, -c 1 -P DEPTH. */
function redisBenchmark(server: RedisServer, command: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ["-h", server.host, "-p", String(server.port), "-c", "1", "-P", String(DEPTH), "-n", String(MESSAGES), "--csv", ...command];
    const child = spawn("redis-benchmark", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const row = out.trim().split("\n").find((l) => !l.startsWith('"test"'));
      const rps = Number(row?.split(",")[1]?.replace(/"/g, ""));
      if (code !== 0 || !Number.isFinite(rps)) reject(new Error(`redis-benchmark failed (${code}): ${out}`));
      else resolve(rps);
    });
  });
}

export default async function redisBench(): Promise<Record<string, unknown>> {
  const server = await startRedis();
  try {
    const lists = eventLists();
    const r: Record<string, number[]> = { cacheMsgpack: [], cacheJson: [], streamJson: [], streamMsgpack: [], set: [], xadd: [], batchRpush: [], batchXadd: [], pipelineXadd: [] };
    for (let round = 0; round < ROUNDS; round++) {
      r.cacheMsgpack?.push(await cacheRound(server, "msgpack", lists, round));
      r.set?.push(await redisBenchmark(server, ["-t", "set"]));
      r.cacheJson?.push(await cacheRound(server, "json", lists, round));
      r.streamJson?.push(await streamRound(server, "json", lists));
      r.xadd?.push(await redisBenchmark(server, ["XADD", "bench:stream", "*", "topic", "events.order.S-1", "payload", "x".repeat(400)]));
      r.streamMsgpack?.push(await streamRound(server, "msgpack", lists));
      const c = await ceilings(server, (lists[0] as OrderEvent[])[2] as OrderEvent);
      r.batchRpush?.push(c.batchRpush);
      r.batchXadd?.push(c.batchXadd);
      r.pipelineXadd?.push(c.pipelineXadd);
    }
    const m = Object.fromEntries(Object.entries(r).map(([k, xs]) => [k, Math.round(median(xs))])) as Record<string, number>;
    const cache = m.cacheMsgpack as number;
    const stream = m.streamJson as number;
    return {
      pipelineDepth: DEPTH,
      rounds: ROUNDS,
      cacheOrderEventsPerSec: { msgpack: cache, json: m.cacheJson, target: CACHE_TARGET, meetsTarget: cache >= CACHE_TARGET },
      streamMessagesPerSec: { json: stream, msgpack: m.streamMsgpack, target: STREAM_TARGET, meetsTarget: stream >= STREAM_TARGET },
      redisBenchmark: { setPerSec: m.set, xaddPerSec: m.xadd, clients: 1 },
      ioredisCeilings: { batchRpushPerSec: m.batchRpush, batchXaddPerSec: m.batchXadd, pipelineXaddPerSec: m.pipelineXadd },
      ratios: {
        cacheMsgpackToRedisBenchmarkSet: ratio(cache, m.set as number),
        streamJsonToRedisBenchmarkXadd: ratio(stream, m.xadd as number),
        cacheMsgpackToBatchRpushCeiling: ratio(cache, m.batchRpush as number),
        streamJsonToBatchXaddCeiling: ratio(stream, m.batchXadd as number),
        batchXaddCeilingToRedisBenchmarkXadd: ratio(m.batchXadd as number, m.xadd as number),
      },
      note: "one connection each side; ours includes encoding every record (events with fixed-point values, ns timestamps) on the node's event loop",
    };
  } finally {
    await server.stop();
  }
}
