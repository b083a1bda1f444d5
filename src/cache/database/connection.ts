/**
 * ioredis set up for a long-running service, from a DatabaseConfig. Shared by the cache
 * database, the stream publisher / consumer and the preflight check (one connection each).
 *
 * Entry points: `redisOptions(config, name)`, `createRedis(config, name, logger)`,
 * `connectRedis(redis, what)`.
 * Choices and why:
 * - connectTimeout = connectionTimeout s, commandTimeout = responseTimeout s: a hung Redis makes
 *   commands fail (and the write-behind queue retry them) instead of waiting forever.
 * - enableOfflineQueue false, maxRetriesPerRequest 0, no auto-resend: while Redis is away
 *   commands fail at once; the callers keep their own bounded queues, so memory stays bounded.
 * - retryStrategy: delay = min(factor x exponentBase^(n-1), maxDelay) ms (redis-rs' backoff).
 *   After numberOfRetries attempts ERROR is logged once and reconnecting goes on every maxDelay
 *   ms: a node runs unattended, and Redis coming back must be picked up whenever it does.
 * - every `error` event is handled: the first of an outage is logged at ERROR, the repeats at
 *   DEBUG, `ready` after an outage at INFO. Secrets are revealed only into the ioredis options.
 */
import { Redis, type RedisOptions } from "ioredis";
import { CortanaError } from "../../common/errors.js";
import type { Logger } from "../../common/logger.js";
import type { DatabaseConfig } from "../../config/schemas/cache.js";

/** The DatabaseConfig fields a connection uses (the parsed config satisfies it). */
export type RedisConnectionConfig = Pick<
  DatabaseConfig,
  "host" | "port" | "username" | "password" | "ssl" | "connectionTimeout" | "responseTimeout" | "numberOfRetries" | "exponentBase" | "maxDelay" | "factor"
>;

export function reconnectDelayMs(config: RedisConnectionConfig, attempt: number): number {
  const delay = config.factor * Math.pow(config.exponentBase, Math.max(0, attempt - 1));
  return Math.min(Number.isFinite(delay) ? delay : config.maxDelay, config.maxDelay);
}

export function redisOptions(config: RedisConnectionConfig, name: string, onRetriesExhausted?: () => void): RedisOptions {
  return {
    host: config.host ?? "127.0.0.1",
    port: config.port ?? 6379,
    username: config.username?.reveal(),
    password: config.password?.reveal(),
    tls: config.ssl ? {} : undefined,
    connectionName: name,
    connectTimeout: config.connectionTimeout * 1000,
    commandTimeout: config.responseTimeout * 1000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    lazyConnect: true,
    keepAlive: 10_000,
    retryStrategy: (times: number) => {
      if (times === config.numberOfRetries + 1) onRetriesExhausted?.();
      return reconnectDelayMs(config, times);
    },
  };
}

/** A Redis client with every event handled and logged (not connected yet: call connectRedis). */
export function createRedis(config: RedisConnectionConfig, name: string, logger: Logger): Redis {
  let outage = false;
  const redis = new Redis(
    redisOptions(config, name, () =>
      logger.error({ retries: config.numberOfRetries, connection: name }, "Redis still unreachable after numberOfRetries reconnects; still retrying every maxDelay"),
    ),
  );
  redis.on("error", (err: Error) => {
    if (!outage) {
      outage = true;
      logger.error({ err: err.message, connection: name }, "Redis connection error");
    } else {
      logger.debug({ err: err.message, connection: name }, "Redis connection error (repeated)");
    }
  });
  redis.on("ready", () => {
    if (outage) logger.info({ connection: name }, "Redis connection ready again");
    outage = false;
  });
  redis.on("close", () => logger.debug({ connection: name }, "Redis connection closed"));
  return redis;
}

/** Connects; CORTANA_E_REDIS_UNREACHABLE (and the client released) when Redis does not answer. */
export async function connectRedis(redis: Redis, what: string): Promise<void> {
  // connect() rejects with "Connection is closed."; the cause is in the error event before it.
  let cause: Error | undefined;
  const onError = (err: Error): void => {
    cause ??= err;
  };
  redis.on("error", onError);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    const why = (cause ?? (err instanceof Error ? err : new Error(String(err)))).message;
    throw new CortanaError("CORTANA_E_REDIS_UNREACHABLE", `${what}: cannot connect to Redis at ${redis.options.host}:${redis.options.port}: ${why}`, { cause: err });
  } finally {
    redis.off("error", onError);
  }
}

/** Closes a client: QUIT when connected (pending replies arrive first), else a hard disconnect. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "ready") {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through to the hard disconnect
    }
  }
  redis.disconnect();
}
