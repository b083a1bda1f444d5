/**
 * The Redis preflight check of `cortana-node validate`: for cache.database and
 * messageBus.database (each configured one), Redis answers, authenticates (username / password /
 * TLS from the config), and is writable (a probe key under this trader's prefix is SET with a TTL
 * and DELeted); a warning when cache.flushOnStart is set.
 *
 * Entry point: `redisCheck` (a PreflightCheck: needsConfig, network; skipped with --offline).
 * Each failure is an error item with CORTANA_E_REDIS_UNREACHABLE and a message that names the fix.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { nullLogger } from "../../common/logger.js";
import type { CheckItem, PreflightCheck } from "../../config/checklist.js";
import type { DatabaseConfig } from "../../config/schemas/cache.js";
import type { TradingNodeConfig } from "../../config/schemas/node.js";
import { closeRedis, createRedis } from "./connection.js";
import { cachePrefix } from "./keys.js";

const CODE = "CORTANA_E_REDIS_UNREACHABLE";

interface Target {
  readonly path: string;
  readonly database: DatabaseConfig;
  readonly probePrefix: string;
}

function targets(config: TradingNodeConfig): Target[] {
  const out: Target[] = [];
  const instanceId = config.instanceId ?? "preflight";
  if (config.cache.database !== undefined) {
    const prefix = cachePrefix({ traderId: config.traderId, instanceId, useTraderPrefix: config.cache.useTraderPrefix, useInstanceId: config.cache.useInstanceId });
    out.push({ path: "cache.database", database: config.cache.database, probePrefix: prefix });
  }
  if (config.messageBus?.database !== undefined) {
    out.push({ path: "messageBus.database", database: config.messageBus.database, probePrefix: `trader-${config.traderId}:` });
  }
  return out;
}

export const redisCheck: PreflightCheck = {
  id: "redis",
  needsConfig: true,
  network: true,
  async run(ctx) {
    const config = ctx.parsed?.config;
    if (config === undefined) return [{ check: "redis", status: "skip", message: "the config is not valid" }];
    const found = targets(config);
    if (found.length === 0) return [{ check: "redis", status: "skip", message: "no Redis configured (cache and message bus stay in memory)" }];
    const items: CheckItem[] = [];
    for (const t of found) items.push(await probe(t));
    if (config.cache.database !== undefined && config.cache.flushOnStart) {
      items.push({
        check: "redis",
        status: "warn",
        path: "cache.flushOnStart",
        message: "flushOnStart deletes this trader's cache in Redis at every start: a restart then loses its orders and positions until reconciliation. Set it to false unless you mean it",
      });
    }
    return items;
  },
};

async function probe(t: Target): Promise<CheckItem> {
  const where = `${t.database.host ?? "127.0.0.1"}:${t.database.port ?? 6379}`;
  let lastError: Error | undefined;
  const redis = createRedis(t.database, "cortana-node:preflight", nullLogger);
  redis.on("error", (err: Error) => (lastError ??= err));
  try {
    try {
      await redis.connect();
    } catch (err) {
      return failure(t, classify(lastError ?? err, where));
    }
    const version = await serverVersion(redis);
    const key = `${t.probePrefix}preflight:${randomUUID()}`;
    try {
      await redis.set(key, "1", "PX", 10_000);
      await redis.del(key);
    } catch (err) {
      return failure(t, `Redis at ${where} is not writable: ${message(err)}. Point ${t.path} at the primary, or free memory / fix persistence errors`);
    }
    return { check: "redis", status: "ok", path: t.path, message: `Redis ${version} at ${where} answers, authenticates and is writable (probe key under ${t.probePrefix || "<no prefix>"})` };
  } finally {
    await closeRedis(redis);
  }
}

async function serverVersion(redis: Redis): Promise<string> {
  const info = await redis.info("server").catch(() => "");
  return /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? "?";
}

function classify(err: unknown, where: string): string {
  const m = message(err);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username|AUTH/i.test(m)) {
    return `Redis at ${where} refused authentication (${m}): check username / password`;
  }
  return `Redis at ${where} does not answer (${m}): start it, or fix host / port / ssl`;
}

function failure(t: Target, text: string): CheckItem {
  return { check: "redis", status: "error", path: t.path, message: text, code: CODE };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
