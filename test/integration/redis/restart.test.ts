// A process trading through a Redis-backed Cache is SIGKILLed mid-stream; a new Cache loads from
// the same Redis: everything synced before the kill is there exactly (every event, no event twice),
// later orders load at a consistent intermediate state, and no record fails to decode.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cache } from "../../../src/cache/cache.js";
import { openRedisCacheDatabase } from "../../../src/cache/database/redis.js";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import { CacheConfigSchema, type CacheConfig, type DatabaseConfig } from "../../../src/config/schemas/cache.js";
import { ClientOrderId } from "../../../src/model/identifiers.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";

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
