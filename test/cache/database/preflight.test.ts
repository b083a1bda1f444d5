// The Redis preflight check against real redis-servers: ok, authentication refused, no answer,
// read-only replica, flushOnStart warning, skipped without Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisCheck } from "../../../src/cache/database/preflight.js";
import type { CheckContext } from "../../../src/config/checklist.js";
import { parseNodeConfig } from "../../../src/config/parse.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";

let open: RedisServer;
let secured: RedisServer;
let replica: RedisServer;
beforeAll(async () => {
  open = await startRedis();
  secured = await startRedis(["--requirepass", "s3cret-pass"]);
  replica = await startRedis(["--replicaof", "127.0.0.1", "1"]);
});
afterAll(async () => {
  for (const s of [open, secured, replica]) await s?.stop();
});

function ctx(raw: Record<string, unknown>): CheckContext {
  return { file: "test.ts", offline: false, registry: new Map(), parsed: parseNodeConfig({ traderId: "PRE-001", ...raw }) };
}
const db = (s: RedisServer, extra: Record<string, unknown> = {}) => ({ host: s.host, port: s.port, connectionTimeout: 2, responseTimeout: 2, ...extra });

describe("redisCheck", () => {
  it("is a network check that needs the config", () => {
    expect(redisCheck).toMatchObject({ id: "redis", needsConfig: true, network: true });
  });

  it("passes when Redis answers, authenticates and is writable; leaves no probe key", async () => {
    const items = await redisCheck.run(ctx({ cache: { database: db(secured, { password: "s3cret-pass" }) }, messageBus: { database: db(open) } }));
    expect(items.map((i) => [i.status, i.path])).toEqual([
      ["ok", "cache.database"],
      ["ok", "messageBus.database"],
    ]);
    expect(items[0]?.message).toMatch(/Redis 7[\d.]* at 127\.0\.0\.1:\d+ answers, authenticates and is writable \(probe key under trader-PRE-001:\)/);
  });

  it("reports a refused password, a missing password, and a Redis that does not answer, with the code", async () => {
    const wrong = await redisCheck.run(ctx({ cache: { database: db(secured, { password: "nope" }) } }));
    expect(wrong[0]).toMatchObject({ status: "error", code: "CORTANA_E_REDIS_UNREACHABLE", path: "cache.database" });
    expect(wrong[0]?.message).toMatch(/refused authentication.*WRONGPASS/);
    expect(JSON.stringify(wrong)).not.toContain("nope");
    const missing = await redisCheck.run(ctx({ cache: { database: db(secured) } }));
    expect(missing[0]?.message).toMatch(/refused authentication.*NOAUTH/);
    const down = await redisCheck.run(ctx({ cache: { database: { host: "127.0.0.1", port: 1, connectionTimeout: 1 } } }));
    expect(down[0]?.message).toMatch(/does not answer.*ECONNREFUSED/);
  });

  it("reports a read-only replica as not writable", async () => {
    const items = await redisCheck.run(ctx({ cache: { database: db(replica) } }));
    expect(items[0]).toMatchObject({ status: "error", code: "CORTANA_E_REDIS_UNREACHABLE" });
    expect(items[0]?.message).toMatch(/not writable.*READONLY/);
  });

  it("warns when flushOnStart is set, and skips without Redis", async () => {
    const items = await redisCheck.run(ctx({ cache: { database: db(open), flushOnStart: true } }));
    expect(items.map((i) => i.status)).toEqual(["ok", "warn"]);
    expect(items[1]?.path).toBe("cache.flushOnStart");
    expect(await redisCheck.run(ctx({}))).toEqual([{ check: "redis", status: "skip", message: "no Redis configured (cache and message bus stay in memory)" }]);
  });
});
