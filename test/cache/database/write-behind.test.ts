// Write-behind against a real redis-server: batching in pipelines, the timer flush, writes at
// once, close with nothing lost, Redis killed and restarted mid-session, the bounded queue and
// its policy callback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RedisCacheDatabase } from "../../../src/cache/database/redis.js";
import type { BackpressurePolicy, DegradedReason } from "../../../src/cache/database/write-behind.js";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import type { Order } from "../../../src/model/orders/order.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";
import { SPY, apply, makeOrder } from "../fixtures.js";
import { adminClient, cacheConfig, nextTraderId, openDb, waitFor } from "./helpers.js";

let server: RedisServer;
let admin: Redis;
const dataDir = mkdtempSync(join(tmpdir(), "cortana-redis-wb-"));
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  // Append-only with fsync always: a SIGKILLed server comes back with what it acknowledged.
  server = await startRedis(["--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir]);
  admin = await adminClient(server);
});
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An order taken through submit, accept and `fills` fills of 1 (one event each). */
function busyOrder(id: string, fills: number): Order {
  const o = makeOrder({ id, qty: "1000" });
  apply(o, { kind: "submit" });
  apply(o, { kind: "accept", voi: `V-${id}` });
  for (let i = 0; i < fills; i++) apply(o, { kind: "fill", qty: "1", px: "100.01", tradeId: `T-${id}-${i}` });
  return o;
}

/** A database on a client whose batches (one EVALSHA each) are counted. */
async function countedDb(overrides: Record<string, unknown>): Promise<{ db: RedisCacheDatabase; execs: () => number; traderId: string }> {
  const redis = new Redis({ host: server.host, port: server.port, lazyConnect: true, enableOfflineQueue: false });
  await redis.connect();
  let execs = 0;
  const evalsha = redis.evalsha.bind(redis);
  redis.evalsha = ((...args: Parameters<typeof evalsha>) => {
    execs++;
    return evalsha(...args);
  }) as typeof redis.evalsha;
  const traderId = nextTraderId();
  const db = new RedisCacheDatabase(redis, { config: cacheConfig(server, overrides), traderId, logger: memoryLogger() });
  db.start();
  open.push(db);
  return { db, execs: () => execs, traderId };
}

describe("write-behind", () => {
  it("batches writes of one interval in one batch (one EVALSHA), written by the timer without sync or new writes", async () => {
    const { db, execs } = await countedDb({ bufferIntervalMs: 150 });
    for (let i = 0; i < 300; i++) db.addOrder(makeOrder({ id: `B-${i}` }));
    expect(await admin.scard(db.keys.indexOrders)).toBe(0);
    expect(db.stats().pending).toBe(300);
    await waitFor(async () => (await admin.scard(db.keys.indexOrders)) === 300, 3000, "timer flush");
    expect(execs()).toBe(1);
    expect(db.stats()).toMatchObject({ pending: 0, written: 300, dropped: 0 });
  });

  it("without bufferIntervalMs writes at once (next turn of the event loop), batching one turn's writes", async () => {
    const { db, execs } = await countedDb({});
    const o = busyOrder("NOW-1", 3);
    db.addOrder(o);
    for (let i = 0; i < 49; i++) db.addOrder(makeOrder({ id: `NOW-X-${i}` }));
    expect(db.stats().pending).toBe(50);
    await waitFor(async () => (await admin.llen(db.keys.order("NOW-1"))) === o.eventCount, 1000, "immediate write");
    expect(execs()).toBe(1);
  });

  it("close writes the whole backlog: nothing lost", async () => {
    const { db, traderId } = await openDb(server, { bufferIntervalMs: 10_000 });
    const orders = Array.from({ length: 200 }, (_, i) => busyOrder(`C-${i}`, 5));
    for (const o of orders) db.addOrder(o);
    for (const o of orders) {
      apply(o, { kind: "fill", qty: "1", px: "100.02", tradeId: `T-${o.clientOrderId}-last` });
      db.updateOrder(o);
    }
    expect(db.stats().pending).toBe(400);
    await db.close();
    const { db: again } = await openDb(server, { bufferIntervalMs: 10_000 }, { traderId });
    open.push(again);
    const loaded = await again.loadOrders();
    expect(loaded).toHaveLength(200);
    for (const o of loaded) expect(o.eventCount).toBe(3 + 6);
    expect(loaded.every((o) => o.filledQty.toString() === "6")).toBe(true);
  });

  it("Redis killed and restarted mid-session: writes keep being accepted, the backlog lands, nothing is applied twice", async () => {
    const records: LogRecord[] = [];
    const { db, traderId } = await openDb(server, { bufferIntervalMs: 10 }, { logger: memoryLogger(records) });
    open.push(db);
    const o = busyOrder("K-1", 2);
    db.addOrder(o);
    await db.sync();
    await server.kill();
    for (let i = 0; i < 50; i++) {
      apply(o, { kind: "fill", qty: "1", px: "100.03", tradeId: `T-K-down-${i}` });
      db.updateOrder(o); // returns at once; nothing throws while Redis is away
      db.addOrder(makeOrder({ id: `K-DOWN-${i}` }));
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(db.stats().pending).toBe(100);
    await server.restart();
    await waitFor(() => db.stats().pending === 0, 10_000, "backlog to land");
    for (let i = 0; i < 5; i++) {
      apply(o, { kind: "fill", qty: "1", px: "100.04", tradeId: `T-K-up-${i}` });
      db.updateOrder(o);
    }
    await db.sync();
    const { db: reader } = await openDb(server, {}, { traderId });
    open.push(reader);
    const loaded = await reader.loadOrder(o.clientOrderId);
    expect(loaded?.eventCount).toBe(o.eventCount);
    expect(loaded?.filledQty.toString()).toBe("57");
    expect(loaded?.tradeIds).toEqual(o.tradeIds);
    expect((await reader.loadOrders()).length).toBe(51);
    expect(records.some((r) => r.level === "error" && r.msg === "Redis connection error")).toBe(true);
  });

  it("a full queue drops writes, reports once (ERROR + onDegraded), and the next update re-sends what was dropped", async () => {
    const records: LogRecord[] = [];
    const calls: [BackpressurePolicy, DegradedReason][] = [];
    let recovered = 0;
    const { db, traderId } = await openDb(
      server,
      { bufferIntervalMs: 10, writeQueueCapacity: 10, unreachableAfterMs: 60_000, onBackpressure: "halted" },
      { logger: memoryLogger(records), onDegraded: (p, r) => calls.push([p, r]), onRecovered: () => recovered++ },
    );
    open.push(db);
    await server.kill();
    const o = busyOrder("Q-1", 0);
    db.addOrder(o);
    for (let i = 0; i < 30; i++) {
      apply(o, { kind: "fill", qty: "1", px: "100.05", tradeId: `T-Q-${i}` });
      db.updateOrder(o);
    }
    expect(db.stats()).toMatchObject({ pending: 10, dropped: 21, degraded: true });
    expect(calls).toEqual([["halted", "queue_full"]]);
    expect(records.filter((r) => r.level === "error" && r.msg.includes("queue is full"))).toHaveLength(1);
    await server.restart();
    await waitFor(() => recovered === 1, 10_000, "recovery");
    expect(db.stats()).toMatchObject({ pending: 0, degraded: false });
    apply(o, { kind: "fill", qty: "1", px: "100.06", tradeId: "T-Q-after" });
    db.updateOrder(o);
    await db.sync();
    const { db: reader } = await openDb(server, {}, { traderId });
    open.push(reader);
    const loaded = await reader.loadOrder(o.clientOrderId);
    expect(loaded?.eventCount).toBe(o.eventCount);
    expect(loaded?.filledQty.toString()).toBe("31");
  });

  it("Redis unreachable past unreachableAfterMs applies the policy once, and recovery is reported", async () => {
    const calls: [BackpressurePolicy, DegradedReason][] = [];
    let recovered = 0;
    const { db } = await openDb(
      server,
      { bufferIntervalMs: 10, unreachableAfterMs: 100, onBackpressure: "reducing" },
      { onDegraded: (p, r) => calls.push([p, r]), onRecovered: () => recovered++ },
    );
    open.push(db);
    await server.kill();
    db.addInstrument(SPY);
    await waitFor(() => calls.length === 1, 3000, "degraded");
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toEqual([["reducing", "unreachable"]]);
    expect(recovered).toBe(0);
    await server.restart();
    await waitFor(() => recovered === 1, 10_000, "recovered");
    expect(db.stats().pending).toBe(0);
  });

  it("a write Redis refuses (WRONGTYPE) is logged with its key and dropped; the session goes on", async () => {
    const records: LogRecord[] = [];
    const { db } = await openDb(server, {}, { logger: memoryLogger(records) });
    open.push(db);
    const o = busyOrder("W-1", 1);
    db.addOrder(o);
    await db.sync();
    await admin.del(db.keys.order("W-1"));
    await admin.set(db.keys.order("W-1"), "someone else's string");
    apply(o, { kind: "fill", qty: "1", px: "1.00", tradeId: "T-W-2" });
    db.updateOrder(o);
    db.addOrder(makeOrder({ id: "W-2" }));
    await db.sync();
    expect(db.stats().refused).toBe(1);
    expect(records.find((r) => r.level === "error" && r.msg.includes("refused"))?.key).toBe(db.keys.order("W-1"));
    expect((await db.loadOrder(makeOrder({ id: "W-2" }).clientOrderId))?.clientOrderId).toBe("W-2");
  });

  it("many batches, two on the wire at once: every order's events land complete and in order", async () => {
    const { db, execs } = await countedDb({ bufferIntervalMs: 5 });
    (db as unknown as { writer: { depth: number } }).writer.depth = 7; // small batches: many in flight
    const orders = Array.from({ length: 40 }, (_, i) => busyOrder(`M-${i}`, 0));
    for (const o of orders) db.addOrder(o);
    for (let f = 0; f < 4; f++) {
      for (const o of orders) {
        apply(o, { kind: "fill", qty: "1", px: "100.01", tradeId: `T-${o.clientOrderId}-${f}` });
        db.updateOrder(o);
      }
    }
    const before = execs();
    await db.sync();
    expect(execs() - before).toBeGreaterThanOrEqual(Math.ceil((40 * 5) / 7));
    for (const o of orders) {
      const ids = (await admin.llen(db.keys.order(o.clientOrderId))) === o.events.length;
      expect(ids).toBe(true);
      const back = await db.loadOrder(o.clientOrderId);
      expect(back?.events.map((e) => e.eventId)).toEqual(o.events.map((e) => e.eventId));
    }
    expect(db.stats()).toMatchObject({ pending: 0, refused: 0 });
  });

  it("an op that cannot be encoded is dropped whole (none of its commands sent), the rest of its batch lands", async () => {
    const records: LogRecord[] = [];
    const { db } = await openDb(server, { bufferIntervalMs: 5 }, { logger: memoryLogger(records) });
    open.push(db);
    const stored = busyOrder("R-1", 1);
    db.addOrder(stored);
    await db.sync();
    // The same order re-added with an event holding a value no codec carries: addOrder's DEL must
    // not go out alone (that would wipe the stored events).
    const bad = { clientOrderId: stored.clientOrderId, events: [...stored.events, { type: "OrderFilled", eventId: "x", bad: new Map() }], eventCount: stored.events.length + 1 };
    db.addOrder(bad as unknown as Order);
    db.addOrder(makeOrder({ id: "R-2" }));
    await db.sync();
    expect(db.stats().refused).toBe(1);
    expect(records.some((r) => r.level === "error" && r.msg.includes("cannot be encoded") && r.key === db.keys.order("R-1"))).toBe(true);
    expect(await admin.llen(db.keys.order("R-1"))).toBe(stored.events.length);
    expect((await db.loadOrder(makeOrder({ id: "R-2" }).clientOrderId))?.clientOrderId).toBe("R-2");
  });

  it("close returns within its bound when Redis never comes back, logging what was not persisted", async () => {
    const records: LogRecord[] = [];
    const { db } = await openDb(server, { bufferIntervalMs: 10 }, { logger: memoryLogger(records), closeTimeoutMs: 200 });
    await server.kill();
    db.addOrder(makeOrder({ id: "LOST-1" }));
    const t0 = Date.now();
    await db.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(records.find((r) => r.level === "error" && r.msg.includes("not persisted"))?.pending).toBe(1);
    await server.restart();
  });
});
