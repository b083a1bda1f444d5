/** Shared setup of the Redis cache database tests: a config for a test server, a db per trader id. */
import { Redis } from "ioredis";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import { CacheConfigSchema, type CacheConfig, type DatabaseConfig } from "../../../src/config/schemas/cache.js";
import { openRedisCacheDatabase, type RedisCacheDatabase, type RedisCacheDatabaseOptions } from "../../../src/cache/database/redis.js";
import type { RedisServer } from "../../support/redis-server.js";

export type RedisCacheConfig = CacheConfig & { database: DatabaseConfig };

export function cacheConfig(server: RedisServer, overrides: Record<string, unknown> = {}): RedisCacheConfig {
  return CacheConfigSchema.parse({
    database: { host: server.host, port: server.port, connectionTimeout: 2, responseTimeout: 2, maxDelay: 50 },
    ...overrides,
  }) as RedisCacheConfig;
}

let traders = 0;
export function nextTraderId(): string {
  traders += 1;
  return `TESTER-${process.pid}${traders}`;
}

export async function openDb(
  server: RedisServer,
  overrides: Record<string, unknown> = {},
  extra: Partial<RedisCacheDatabaseOptions> = {},
): Promise<{ db: RedisCacheDatabase; records: LogRecord[]; traderId: string }> {
  const records: LogRecord[] = [];
  const traderId = extra.traderId ?? nextTraderId();
  const db = await openRedisCacheDatabase({ config: cacheConfig(server, overrides), traderId, logger: memoryLogger(records), ...extra });
  return { db, records, traderId };
}

/** A plain client for looking at (or breaking) what the database wrote. */
export async function adminClient(server: RedisServer): Promise<Redis> {
  const r = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
  r.on("error", () => {});
  await r.connect();
  return r;
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
