import { describe, expect, it } from "vitest";
import type { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { ClientOrderId, PositionId } from "../../src/model/identifiers.js";
import { gtdTimerName } from "../../src/execution/gtd.js";
import { TIMER_PURGE_ORDERS, TIMER_SNAPSHOT_POSITIONS } from "../../src/execution/maintenance.js";
import { S1, SEC, T0, makeCore, makeOrder } from "./fixtures.js";

const MIN = 60n * SEC;

describe("GTD expiry (manageGtdExpiry)", () => {
  it("cancels a working GTD order at its expire time", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageGtdExpiry: true });
    core.submit(makeOrder({ id: "O-1", tif: "GTD", expireTime: T0 + 10n * SEC }));
    expect(core.clock.timerNames()).toContain(gtdTimerName(ClientOrderId("O-1")));
    core.clock.advanceTimeBy(10n * SEC - 1n);
    expect(core.order("O-1").status).toBe("ACCEPTED");
    core.clock.advanceTimeBy(1n);
    expect(core.order("O-1").status).toBe("CANCELED");
    expect(core.client.commands.map((c) => c.type)).toEqual(["SubmitOrder", "CancelOrder"]);
  });

  it("drops the timer when the order closes first, and never arms without the option", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageGtdExpiry: true });
    core.submit(makeOrder({ id: "O-1", tif: "GTD", expireTime: T0 + 10n * SEC }));
    core.client.fillOrder("O-1");
    expect(core.clock.timerNames()).not.toContain(gtdTimerName(ClientOrderId("O-1")));

    const plain = makeCore();
    plain.submit(makeOrder({ id: "O-2", tif: "GTD", expireTime: T0 + 10n * SEC }));
    plain.clock.advanceTimeBy(20n * SEC);
    expect(plain.order("O-2").status).toBe("ACCEPTED");
  });

  it("re-arms open GTD orders when the strategy registers (restart)", () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", tif: "GTD", expireTime: T0 + 5n * SEC }));
    core.exec.registerStrategy(S1, { manageGtdExpiry: true });
    core.clock.advanceTimeBy(5n * SEC);
    expect(core.order("O-1").status).toBe("CANCELED");
  });
});

describe("snapshots", () => {
  it("snapshotOrders writes the order state to the database on every event", async () => {
    const core = makeCore({ withDatabase: true, exec: { snapshotOrders: true } });
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "5" }));
    const snaps = await (core.database as InMemoryCacheDatabase).loadOrderSnapshots(ClientOrderId("O-1"));
    expect(snaps.map((s) => s.status)).toEqual(["INITIALIZED", "SUBMITTED", "ACCEPTED", "FILLED"]);
  });

  it("snapshotPositions on each change, and every snapshotPositionsIntervalSecs with unrealized PnL", async () => {
    const core = makeCore({ withDatabase: true, exec: { snapshotPositions: true, snapshotPositionsIntervalSecs: 30 } });
    expect(core.clock.timerNames()).toContain(TIMER_SNAPSHOT_POSITIONS);
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "5" }));
    const db = core.database as InMemoryCacheDatabase;
    const id = PositionId("AAPL.SIM-EMACross-001");
    expect(await db.loadPositionSnapshots(id)).toHaveLength(1);
    core.clock.advanceTimeBy(60n * SEC);
    const snaps = await db.loadPositionSnapshots(id);
    expect(snaps).toHaveLength(3);
    expect(snaps[2]?.tsSnapshot).toBe(T0 + 60n * SEC);
  });
});

describe("purge timers", () => {
  it("purges closed orders after the buffer and forgets their local activity", () => {
    const core = makeCore({ exec: { purgeClosedOrdersIntervalMins: 1, purgeClosedOrdersBufferMins: 1 } });
    expect(core.clock.timerNames()).toContain(TIMER_PURGE_ORDERS);
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    core.submit(makeOrder({ id: "O-2" }));
    core.clock.advanceTimeBy(MIN);
    // closed at T0, buffer 1 min: the pass at T0+1min purges it (tsClosed + buffer <= now)
    expect(core.cache.orderExists(ClientOrderId("O-1"))).toBe(false);
    expect(core.cache.orderExists(ClientOrderId("O-1"))).toBe(false);
    expect(core.exec.lastLocalActivity(ClientOrderId("O-1"))).toBeUndefined();
    expect(core.cache.orderExists(ClientOrderId("O-2"))).toBe(true);
  });

  it("hands the purged order ids to every execution client that keeps per-order records; a client that throws is logged", () => {
    const core = makeCore({ exec: { purgeClosedOrdersIntervalMins: 1, purgeClosedOrdersBufferMins: 0 } });
    const forgotten: string[][] = [];
    (core.client as { forgetOrders?: (ids: readonly ClientOrderId[]) => void }).forgetOrders = (ids) => {
      forgotten.push([...ids]);
      throw new Error("book busy");
    };
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    core.submit(makeOrder({ id: "O-2" }));
    core.clock.advanceTimeBy(MIN);
    expect(forgotten).toEqual([["O-1"]]);
    expect(core.logs("error")).toContain("ForgetOrders failed at the client: book busy");
    expect(core.cache.orderExists(ClientOrderId("O-1"))).toBe(false);
    core.clock.advanceTimeBy(MIN); // nothing purged: the clients are not called
    expect(forgotten).toHaveLength(1);
  });

  it("purges closed positions and account events on their own timers; stop cancels them", () => {
    const core = makeCore({ exec: { purgeClosedPositionsIntervalMins: 1, purgeClosedPositionsBufferMins: 0, purgeAccountEventsIntervalMins: 1, purgeAccountEventsLookbackMins: 5 } });
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "1" }));
    core.submit(makeOrder({ id: "O-2", type: "MARKET", qty: "1", side: "SELL" }));
    expect(core.cache.positionsClosed()).toHaveLength(1);
    core.clock.advanceTimeBy(MIN);
    expect(core.cache.positions()).toHaveLength(0);
    core.exec.stop();
    expect(core.clock.timerNames().filter((n) => n.startsWith("ExecEngine."))).toEqual([]);
    core.exec.resume();
    expect(core.clock.timerNames().filter((n) => n.startsWith("ExecEngine."))).toEqual(["ExecEngine.PURGE_ACCOUNT_EVENTS", "ExecEngine.PURGE_CLOSED_POSITIONS"]);
  });
});
