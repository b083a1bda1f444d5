// flushOnStart scope (this trader's cache keys only) and the documented rule for data in Redis
// that does not read back, against a real redis-server.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Account } from "../../../src/cache/account.js";
import { Cache } from "../../../src/cache/cache.js";
import type { RedisCacheDatabase } from "../../../src/cache/database/redis.js";
import { CortanaError } from "../../../src/common/errors.js";
import type { LogRecord } from "../../../src/common/logger.js";
import { ClientOrderId } from "../../../src/model/identifiers.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";
import { SPY, SPY_CALL, accountState, apply, makeOrder, openPosition } from "../fixtures.js";
import { adminClient, openDb } from "./helpers.js";

let server: RedisServer;
let admin: Redis;
const open: RedisCacheDatabase[] = [];
beforeAll(async () => {
  server = await startRedis();
  admin = await adminClient(server);
});
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

async function fill(db: RedisCacheDatabase, tag: string): Promise<void> {
  db.addInstrument(SPY);
  db.addInstrument(SPY_CALL);
  db.addAccount(new Account(accountState(1n)));
  const o = makeOrder({ id: `${tag}-O1` });
  apply(o, { kind: "submit" });
  db.addOrder(o, undefined, undefined);
  db.addOrder(makeOrder({ id: `${tag}-O2` }));
  db.addPosition(openPosition(SPY, `${tag}-P1`, "BUY", "3", "100.00"));
  db.updateStrategy(`${tag}-001` as never, { a: "1" });
  db.snapshotOrderState(o, 5n);
  await db.sync();
}

async function openTracked(...args: Parameters<typeof openDb>): Promise<Awaited<ReturnType<typeof openDb>>> {
  const r = await openDb(...args);
  open.push(r.db);
  return r;
}

describe("flushOnStart scope", () => {
  it("deletes this trader's cache keys only: other traders, other instances and every stream survive", async () => {
    const a = await openTracked(server, { useInstanceId: false });
    const b = await openTracked(server);
    const aInstance = await openTracked(server, { useInstanceId: true }, { traderId: a.traderId, instanceId: "inst-2" });
    await fill(a.db, "A");
    await fill(b.db, "B");
    await fill(aInstance.db, "AI");
    // Streams under A's own prefix, one of them named like a cache key family.
    const streams = [`trader-${a.traderId}:stream:events.order.S-1`, `trader-${a.traderId}:orders:looks-like-a-cache-key`, "stream:shared"];
    for (const s of streams) await admin.xadd(s, "*", "topic", "t", "payload", "{}");
    const before = await admin.dbsize();
    const aKeys = await admin.keys(`trader-${a.traderId}:*`);

    await a.db.flush();

    const left = await admin.keys(`trader-${a.traderId}:*`);
    expect(left.sort()).toEqual([streams[0], streams[1], ...aKeys.filter((k) => k.includes(":inst-2:"))].sort());
    for (const s of streams) expect(await admin.type(s)).toBe("stream");
    expect(await admin.dbsize()).toBe(before - (aKeys.length - left.length) );
    expect((await b.db.loadOrders()).length).toBe(2);
    expect((await aInstance.db.loadOrders()).length).toBe(2);
    expect(await a.db.loadOrders()).toEqual([]);
    // The flushed database keeps working.
    a.db.addOrder(makeOrder({ id: "A-AFTER" }));
    await a.db.sync();
    expect((await a.db.loadOrders()).map((o) => o.clientOrderId)).toEqual(["A-AFTER"]);
  });

  it("escapes glob characters of the trader id", async () => {
    const star = await openTracked(server, {}, { traderId: "T*-1" });
    const other = await openTracked(server, {}, { traderId: "TX-1" });
    await fill(star.db, "S");
    await fill(other.db, "X");
    await star.db.flush();
    expect((await other.db.loadOrders()).length).toBe(2);
  });
});

describe("bad data in Redis", () => {
  it("an undecodable order event: that order is skipped with its key logged; the rest load", async () => {
    const { db, records, traderId } = await openTracked(server);
    await fill(db, "BAD");
    await admin.lset(db.keys.order("BAD-O1"), 1, "\xc1garbage");
    const { db: reader, records: readerLog } = await openTracked(server, {}, { traderId });
    const orders = await reader.loadOrders();
    expect(orders.map((o) => o.clientOrderId)).toEqual(["BAD-O2"]);
    const err = readerLog.find((r: LogRecord) => r.level === "error");
    expect(err?.key).toBe(db.keys.order("BAD-O1"));
    expect(err?.code).toBe("CORTANA_E_REDIS_DECODE");
    expect(reader.stats().skipped).toBe(1);
    expect(records.filter((r) => r.level === "error")).toEqual([]);
  });

  it("an undecodable instrument, order list or strategy state is skipped with its key", async () => {
    const { db, traderId } = await openTracked(server, { encoding: "json" });
    await fill(db, "J");
    await admin.hset(db.keys.instruments, SPY_CALL.id, '{"type":"Equity"');
    await admin.set(db.keys.strategy("J-001"), "[1,2");
    const { db: reader, records } = await openTracked(server, { encoding: "json" }, { traderId });
    expect((await reader.loadInstruments()).map((i) => i.id)).toEqual([SPY.id]);
    expect(await reader.loadStrategy("J-001" as never)).toBeUndefined();
    expect(records.filter((r) => r.level === "error").map((r) => r.key)).toEqual([`${db.keys.instruments}[${SPY_CALL.id}]`, db.keys.strategy("J-001")]);
  });

  it("an unreadable index fails the load (and loadCache) with CORTANA_E_REDIS_DECODE naming the key", async () => {
    const { db, traderId } = await openTracked(server);
    await fill(db, "IDX");
    await admin.del(db.keys.indexOrders);
    await admin.set(db.keys.indexOrders, "not a set");
    const { db: reader } = await openTracked(server, {}, { traderId });
    const err = await reader.loadOrders().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CortanaError);
    expect((err as CortanaError).code).toBe("CORTANA_E_REDIS_DECODE");
    expect((err as CortanaError).message).toContain(db.keys.indexOrders);
    await expect(new Cache({ database: reader }).loadCache()).rejects.toThrow(/index/);
    await admin.del(db.keys.indexOrders);
    await admin.sadd(db.keys.indexOrders, " bad id ");
    await expect(reader.loadOrders()).rejects.toMatchObject({ code: "CORTANA_E_REDIS_DECODE" });
  });

  it("an undecodable position fill fails the load: a position is never skipped (unknown, not flat)", async () => {
    const { db, traderId } = await openTracked(server);
    await fill(db, "POS");
    await admin.rpush(db.keys.position("POS-P1"), Buffer.from([0x92, 0x01]));
    const { db: reader } = await openTracked(server, {}, { traderId });
    await expect(reader.loadPositions()).rejects.toMatchObject({ code: "CORTANA_E_REDIS_DECODE", message: expect.stringContaining(db.keys.position("POS-P1")) });
  });

  it("an event appended twice (a retried pipeline) is read once", async () => {
    const { db, traderId } = await openTracked(server);
    await fill(db, "DUP");
    const key = db.keys.order("DUP-O1");
    const all = await admin.lrangeBuffer(key, 0, -1);
    await admin.rpush(key, ...all);
    const { db: reader } = await openTracked(server, {}, { traderId });
    const o = await reader.loadOrder(ClientOrderId("DUP-O1"));
    expect(o?.eventCount).toBe(all.length);
    expect(o?.status).toBe("SUBMITTED");
  });
});
