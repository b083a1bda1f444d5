// The node with Redis configured: the cache database loads and is flushed per flushOnStart (this
// trader's keys only), bus events reach Redis Streams, and an unreachable Redis fails the start.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/common/logger.js";
import { parseNodeConfig } from "../../src/config/parse.js";
import { TradingNode } from "../../src/live/node.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";
import { testDataFactory, testExecFactory } from "./fixtures/test-factories.js";

let server: RedisServer;
let redis: Redis;
const nodes: TradingNode[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis({ host: server.host, port: server.port });
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.dispose()));
});

function config(over: Record<string, unknown> = {}) {
  const database = { host: server.host, port: server.port, connectionTimeout: 2, responseTimeout: 2 };
  return parseNodeConfig(
    {
      traderId: "REDIS-001",
      timeoutConnection: 2, timeoutReconciliation: 2, timeoutPortfolio: 1, timeoutDisconnection: 1, timeoutPostStop: 0.01,
      execEngine: { openCheckIntervalSecs: 10 },
      cache: { database, bufferIntervalMs: 10 },
      messageBus: { database, bufferIntervalMs: 10 },
      dataClients: { TEST: {} },
      execClients: { TEST: { accountId: "DU001" } },
      ...over,
    },
    new Map(),
    {},
  ).config;
}

async function runNode(over: Record<string, unknown> = {}) {
  const node = await TradingNode.create(config(over), { logger: memoryLogger(), handleSignals: false, executorThreads: 1 });
  nodes.push(node);
  node.addDataClientFactory("TEST", testDataFactory());
  node.addExecClientFactory("TEST", testExecFactory());
  node.build();
  await node.run();
  return node;
}

describe("a node on Redis", () => {
  it("publishes bus events to Redis Streams under its trader prefix", async () => {
    const node = await runNode();
    await node.stop();
    const streams = await redis.keys("trader-REDIS-001:stream*");
    expect(streams.length).toBeGreaterThan(0);
    const lengths = await Promise.all(streams.map((k) => redis.xlen(k)));
    expect(lengths.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("flushOnStart deletes this trader's cache keys only", async () => {
    await redis.hset("trader-REDIS-001:instruments", "X.SIM", "garbage");
    await redis.hset("trader-OTHER-002:instruments", "X.SIM", "kept");
    const node = await runNode({ cache: { database: { host: server.host, port: server.port }, flushOnStart: true } });
    await node.stop();
    expect(await redis.hget("trader-REDIS-001:instruments", "X.SIM")).toBeNull();
    expect(await redis.hget("trader-OTHER-002:instruments", "X.SIM")).toBe("kept");
    expect((await redis.keys("trader-REDIS-001:stream*")).length).toBeGreaterThan(0);
  });

  it("an undecodable record in an index fails the start with CORTANA_E_REDIS_DECODE", async () => {
    await redis.del("trader-REDIS-001:instruments");
    await redis.sadd("trader-REDIS-001:index:positions", "P-1");
    await redis.rpush("trader-REDIS-001:positions:P-1", "not msgpack at all");
    const node = await TradingNode.create(config(), { logger: memoryLogger(), handleSignals: false, executorThreads: 1 });
    nodes.push(node);
    node.addDataClientFactory("TEST", testDataFactory());
    node.addExecClientFactory("TEST", testExecFactory());
    node.build();
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_REDIS_DECODE" });
    await redis.del("trader-REDIS-001:index:positions", "trader-REDIS-001:positions:P-1");
  });
});
