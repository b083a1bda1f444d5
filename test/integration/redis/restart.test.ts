// Restart from Redis after SIGKILL, two depths:
// 1. a process trading through a Redis-backed Cache is SIGKILLed mid-stream; a new Cache loads from
//    the same Redis: everything synced before the kill is there exactly (every event, no event
//    twice), later orders load at a consistent intermediate state, and no record fails to decode;
// 2. a whole TradingNode (IB adapter, simulator) is SIGKILLed mid-trading and restarted with the
//    same instanceId: it loads its cache from Redis before reconciling and ends equal to the
//    venue's truth, with no order placed twice and no fill applied twice (in memory and in Redis).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Cache } from "../../../src/cache/cache.js";
import { openRedisCacheDatabase } from "../../../src/cache/database/redis.js";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import { CacheConfigSchema, type CacheConfig, type DatabaseConfig } from "../../../src/config/schemas/cache.js";
import { ClientOrderId } from "../../../src/model/identifiers.js";
import { OrderStatus } from "../../../src/model/enums.js";
import type { Simulator } from "../../../src/sim/index.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";
import { QQQ_CONID, logged, scenario, sleep, startNode, startSim, venueDiff, waitFor, type RunningNode } from "../reconciliation/harness.js";
import { RESTART_TRADER, cacheKeyPrefix, redisNodeConfig } from "./fixtures/redis-node-config.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => server?.stop());

describe("restart from Redis after SIGKILL", () => {
  it("loads every order synced before the kill, exactly, and the rest consistently", async () => {
    const script = fileURLToPath(new URL("./fixtures/trading-child.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, String(server.port), "RESTART-001"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    let synced = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const all = [...out.matchAll(/SYNCED (\d+)/g)];
        synced = Number(all[all.length - 1]?.[1] ?? 0);
        if (synced >= 100) resolve();
      });
      void exited.then(() => reject(new Error(`child exited: ${err}`)));
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const records: LogRecord[] = [];
    const config = CacheConfigSchema.parse({ database: { host: server.host, port: server.port } }) as CacheConfig & { database: DatabaseConfig };
    const db = await openRedisCacheDatabase({ config, traderId: "RESTART-001", logger: memoryLogger(records) });
    try {
      const cache = new Cache({ database: db });
      const summary = await cache.loadCache();
      expect(summary.instruments).toBe(1);
      expect(summary.accounts).toBe(1);
      expect(summary.orders).toBeGreaterThanOrEqual(synced);
      expect(db.stats().skipped).toBe(0);
      expect(records.filter((r) => r.level === "error")).toEqual([]);
      for (let n = 1; n <= synced; n++) {
        const o = cache.order(ClientOrderId(`R-${n}`));
        expect(o?.status, `R-${n}`).toBe("FILLED");
        expect(o?.eventCount).toBe(5);
        expect(o?.avgPx?.toString()).toBe("100.016");
        expect(cache.clientOrderIdFor(o!.venueOrderId!)).toBe(`R-${n}`);
      }
      // Orders after the last sync: whatever landed is a prefix of their events, never more.
      for (const o of cache.orders()) {
        expect(o.eventCount).toBeLessThanOrEqual(5);
        expect(new Set(o.events.map((e) => e.eventId)).size).toBe(o.eventCount);
      }
    } finally {
      await db.close();
    }
  });
});

describe("a TradingNode killed with SIGKILL mid-trading, restarted with the same instanceId", () => {
  const instanceId = "5f0c7d3e-8a51-4c1b-9e2f-3b6a1d9c4e70";
  let sim: Simulator | undefined;
  let running: RunningNode | undefined;
  let child: ChildProcess | undefined;
  let redis: Redis | undefined;
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await running?.node.dispose();
    await sim?.stop();
    redis?.disconnect();
  });

  it("loads its cache from Redis, reconciles, and equals the venue: nothing re-submitted, no fill twice", async () => {
    sim = await startSim(scenario({ positions: [{ contract: { conId: QQQ_CONID }, quantity: "-50", avgPrice: "505" }] }));
    const target = { host: server.host, port: server.port };
    const script = fileURLToPath(new URL("./fixtures/node-child.ts", import.meta.url));
    const strategy = { startOrders: [{ side: "BUY", type: "MARKET", qty: 10 }, { side: "BUY", type: "LIMIT", qty: 5, price: 550 }], tradeEveryMs: 40 };
    const proc = spawn(process.execPath, ["--import", "tsx", script, String(sim.port), "78", JSON.stringify(strategy), String(server.port), instanceId], { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const ours = () => [...sim!.truth().openOrders, ...sim!.truth().completedOrders].filter((o) => o.request.orderRef.startsWith("O-"));
    await waitFor(() => output.includes("NODE RUNNING"), "the child node trading", 30_000, () => output.slice(-2000));
    await waitFor(() => ours().length >= 14 && ours().some((o) => o.status === "Cancelled"), "the child's trading at the venue", 15_000, () => ours().length);
    // Let the write-behind (10 ms) land the orders so far, then kill mid-trading (the strategy never pauses).
    await sleep(100);
    proc.kill("SIGKILL");
    await new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    expect(proc.signalCode).toBe("SIGKILL");
    await waitFor(() => !sim!.truth().sessions.some((s) => s.clientId === 78), "the gateway dropped the dead session");

    // What the killed node left in Redis, under its trader AND instance prefix.
    redis = new Redis({ host: server.host, port: server.port, lazyConnect: true });
    await redis.connect();
    const stored = new Set(await redis.smembers(`${cacheKeyPrefix(instanceId)}index:orders`));
    const placed = new Set(ours().map((v) => v.request.orderRef));
    expect(stored.size).toBeGreaterThanOrEqual(10);
    const storedAtVenue = [...stored].filter((id) => placed.has(id));
    expect(storedAtVenue.length).toBeGreaterThanOrEqual(stored.size - 2); // at most the last order or two had not reached the venue

    // The same, decoded: each stored order's event ids (UUIDs the killed process made; reconciliation cannot make them again).
    const before = await withStoredCache(target, instanceId, (c) => new Map(c.orders().map((o) => [String(o.clientOrderId), o.events.map((e) => e.eventId)])));
    expect([...before.keys()].sort()).toEqual([...stored].sort());

    const venueAtRestart = sim.truth();
    running = await startNode(redisNodeConfig(sim.port, target, instanceId, { ibgClientId: 78 }));
    const { cache } = running.node.kernel;
    expect(running.node.kernel.instanceId).toBe(instanceId);

    // The cache was loaded from Redis (every stored order) before any client connected, so before reconciliation.
    const loaded = logged(running.records, "cache loaded from Redis");
    expect(loaded.map((r) => r["orders"])).toEqual([stored.size]);
    const loadedAt = running.records.indexOf(loaded[0]!);
    const connectedAt = running.records.findIndex((r) => r.msg === "exec client connected");
    expect(connectedAt).toBeGreaterThan(loadedAt);
    // Each stored order keeps the history the killed node wrote, event for event, before whatever reconciliation added.
    for (const [id, eventIds] of before) {
      expect(cache.order(ClientOrderId(id))?.events.slice(0, eventIds.length).map((e) => e.eventId), id).toEqual(eventIds);
    }

    // Orders, fills and positions equal the venue's truth; every venue order is held under its own client order id.
    // One exception, Nautilus's semantics: an order the killed node had only initialized (its submit
    // never reached Redis nor the venue) is loaded INITIALIZED and left so: never submitted, nothing to reconcile.
    const neverSubmitted = [...before].filter(([id, events]) => events.length === 1 && !placed.has(id)).map(([id]) => id);
    for (const id of neverSubmitted) expect(cache.order(ClientOrderId(id))?.status).toBe(OrderStatus.INITIALIZED);
    const onlyNeverSubmitted = (diff: string[]) => diff.filter((line) => !neverSubmitted.some((id) => line === `node order ${id} (INITIALIZED, venue id none) is not closed but the venue does not know it`));
    expect(onlyNeverSubmitted(venueDiff(cache, venueAtRestart))).toEqual([]);
    for (const v of ours()) expect(cache.order(ClientOrderId(v.request.orderRef))?.venueOrderId, v.request.orderRef).toBe(String(v.permId));
    const tradeIds = cache.orders().flatMap((o) => o.events.flatMap((e) => (e.type === "OrderFilled" ? [String(e.tradeId)] : [])));
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    expect(tradeIds.filter((t) => t.includes(".")).length).toBe(venueAtRestart.executions.filter((x) => x.execution.account === "DU1234567").length);
    // Nothing was placed again: the venue holds each client order id once, and no new order appeared during the restart.
    expect(ours().length).toBe(placed.size);
    expect(ours().length).toBe(venueAtRestart.openOrders.length + venueAtRestart.completedOrders.length);

    // It trades on without an id clash, and its continuous checks find nothing to change.
    const next = running.strategy!.limit("BUY", 1, 530);
    expect(stored.has(next.clientOrderId)).toBe(false);
    await waitFor(() => next.status === OrderStatus.ACCEPTED, "the restarted node's first order accepted");
    await sleep(1000);
    const truth = sim.truth();
    expect(onlyNeverSubmitted(venueDiff(cache, truth))).toEqual([]);
    expect(ours().filter((v) => neverSubmitted.includes(v.request.orderRef))).toEqual([]);
    expect(new Set(ours().map((v) => v.request.orderRef)).size).toBe(ours().length);
    expect(logged(running.records, "InvalidStateTrigger")).toEqual([]);

    // Stopped cleanly (synced), Redis alone holds the same truth: no event persisted twice.
    await running.node.dispose();
    running = undefined;
    expect(onlyNeverSubmitted(await withStoredCache(target, instanceId, (reloaded) => venueDiff(reloaded, truth)))).toEqual([]);
  }, 90_000);
});

/** Loads a fresh Cache from the node's Redis keys (read only), hands it to `use`, then closes. Fails on any undecodable record. */
async function withStoredCache<T>(target: { host: string; port: number }, instanceId: string, use: (cache: Cache) => T): Promise<T> {
  const records: LogRecord[] = [];
  const config = CacheConfigSchema.parse({ database: target, useInstanceId: true }) as CacheConfig & { database: DatabaseConfig };
  const db = await openRedisCacheDatabase({ config, traderId: RESTART_TRADER, instanceId, logger: memoryLogger(records) });
  try {
    const cache = new Cache({ database: db });
    await cache.loadCache();
    expect(db.stats().skipped).toBe(0);
    expect(records.filter((r) => r.level === "error")).toEqual([]);
    return use(cache);
  } finally {
    await db.close();
  }
}
