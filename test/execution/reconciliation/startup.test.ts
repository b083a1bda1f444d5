import { describe, expect, it } from "vitest";
import { OrderStatus } from "../../../src/model/enums.js";
import { ClientOrderId, StrategyId, type InstrumentId } from "../../../src/model/identifiers.js";
import type { SubmitOrder } from "../../../src/execution/messages.js";
import { AAPL, ACC, CLIENT, RAW, S1, SEC, TRADER, fr, makeEnv, makeOrder, osr, px, q, type Env, type OrderSpec } from "./fixtures.js";

/** Places an order at the venue without the node seeing any of it (events dropped). */
function venueOnly(env: Env, spec: OrderSpec): void {
  env.client.drop = true;
  const order = makeOrder(spec);
  const cmd: SubmitOrder = { type: "SubmitOrder", traderId: TRADER, strategyId: order.strategyId, instrumentId: order.instrumentId, order, commandId: "c", tsInit: env.clock.timestampNs() };
  env.client.submitOrder(cmd);
  env.client.drop = false;
}

const statuses = (env: Env) => env.cache.orders().map((o) => `${o.clientOrderId}:${o.status}:${o.strategyId}:${o.tags.join(",")}`).sort();

describe("startup reconciliation: the venue holds what the node never saw", () => {
  it("no exec clients: true at once", async () => {
    const env = makeEnv();
    expect(await env.manager.reconcile([])).toBe(true);
  });

  it("rebuilds open and filled venue orders as EXTERNAL tagged VENUE, and the position from the fills", async () => {
    const env = makeEnv();
    env.client.setMarketPrice(AAPL.id, px("101.00"));
    venueOnly(env, { id: "O-1", price: "99.00" });
    venueOnly(env, { id: "O-2", type: "MARKET", qty: "30" });
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(statuses(env)).toEqual(["O-1:ACCEPTED:EXTERNAL:VENUE", "O-2:FILLED:EXTERNAL:VENUE"]);
    expect(env.netQty()).toBe(30n * RAW);
    expect(env.order("O-2").tradeIds).toEqual(["SIM-T-1"]);
    expect(env.cache.clientOrderIdFor(env.order("O-1").venueOrderId!)).toBe("O-1");
    expect(env.orderEvents.every((e) => e.reconciliation)).toBe(true);
  });

  it("a claimed instrument's external orders go to the claiming strategy, without tags", async () => {
    const env = makeEnv();
    env.cache.addExternalOrderClaim(AAPL.id, S1);
    venueOnly(env, { id: "O-1" });
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(statuses(env)).toEqual(["O-1:ACCEPTED:EMACross-001:"]);
  });

  it("filterUnclaimedExternalOrders drops unclaimed VENUE orders (and only those)", async () => {
    const env = makeEnv({ config: { filterUnclaimedExternalOrders: true } });
    venueOnly(env, { id: "O-1" });
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "HT-1", lastQty: q("10") }));
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(env.cache.orders().filter((o) => o.tags.includes("VENUE"))).toEqual([]);
    // The hand-placed position is still aligned, by a RECONCILIATION order (not filtered).
    expect(env.netQty()).toBe(10n * RAW);
    expect(env.cache.orders().map((o) => o.tags[0])).toEqual(["RECONCILIATION"]);
  });

  it("a mass status that throws fails the startup (never treated as empty)", async () => {
    const env = makeEnv();
    env.client.failures.mass = 1;
    expect(await env.manager.reconcile([env.client])).toBe(false);
    expect(env.logs("error").join("\n")).toMatch(/Mass status from SIM failed/);
  });

  it("an unreachable client fails the startup", async () => {
    const env = makeEnv();
    env.client.setReachable(false);
    expect(await env.manager.reconcile([env.client])).toBe(false);
  });

  it("a hand-placed trade without client order id gets a deterministic id, the same on every pass", async () => {
    const a = makeEnv();
    const b = makeEnv();
    for (const env of [a, b]) {
      env.client.extraOrders.push(osr({ venueOrderId: "PERM-9", orderStatus: OrderStatus.FILLED, filledQty: q("5"), quantity: q("5"), avgPx: px("100.00") }));
      env.client.extraFills.push(fr({ venueOrderId: "PERM-9", tradeId: "E-9", lastQty: q("5") }));
      expect(await env.manager.reconcile([env.client])).toBe(true);
    }
    const ids = [a, b].map((env) => env.cache.clientOrderIdFor("PERM-9" as never));
    expect(ids[0]).toMatch(/^S-0-[0-9a-f]{16}$/);
    expect(ids[0]).toBe(ids[1]);
    expect(a.netQty()).toBe(5n * RAW);
  });
});

describe("startup reconciliation: cached positions the venue does not report", () => {
  /** A node that holds a long 50 position the venue has never seen (restored from a database). */
  function withCachedPosition(): Env {
    const env = makeEnv();
    env.client.setMarketPrice(AAPL.id, px("100.00"));
    env.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "50" }));
    expect(env.netQty()).toBe(50n * RAW);
    return env;
  }

  it("a venue that answers without the instrument means flat: aligned by a RECONCILIATION order", async () => {
    const env = withCachedPosition();
    const venue = env.client as unknown as { generatePositionStatusReports: (q: object) => Promise<unknown[]> };
    const real = venue.generatePositionStatusReports.bind(env.client);
    let instrumentQueries = 0;
    venue.generatePositionStatusReports = async (query: { instrumentId?: InstrumentId }) => {
      if (query.instrumentId !== undefined) instrumentQueries++;
      return query.instrumentId === undefined ? [] : (await real(query)).filter(() => false);
    };
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(instrumentQueries).toBe(1);
    expect(env.netQty()).toBe(0n);
    const synthetic = env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION"));
    expect(synthetic.map((o) => [o.side, o.quantity.toString(), o.status])).toEqual([["SELL", "50", "FILLED"]]);
  });

  it("a failed position query keeps the cached position and fails the pass (never assumed flat)", async () => {
    const env = withCachedPosition();
    const venue = env.client as unknown as { generatePositionStatusReports: (q: object) => Promise<unknown[]> };
    venue.generatePositionStatusReports = async (query: { instrumentId?: InstrumentId }) => {
      if (query.instrumentId === undefined) return [];
      throw new Error("timeout");
    };
    expect(await env.manager.reconcile([env.client])).toBe(false);
    expect(env.netQty()).toBe(50n * RAW);
    expect(env.logs("error").join("\n")).toMatch(/never assumed flat/);
  });

  it("filterPositionReports skips position reports and the unreported-position queries", async () => {
    const env = makeEnv({ config: { filterPositionReports: true } });
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "HT-1", lastQty: q("10") }));
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(env.netQty()).toBe(0n);
    expect(env.cache.orders()).toEqual([]);
  });
});

describe("startup reconciliation: restarts and replays", () => {
  it("a second pass over the same venue state changes nothing (no duplicated fills or orders)", async () => {
    const env = makeEnv();
    venueOnly(env, { id: "O-1", type: "MARKET", qty: "30" });
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "HT-1", lastQty: q("10") }));
    expect(await env.manager.reconcile([env.client])).toBe(true);
    const orders = env.cache.orders().length;
    const events = env.orderEvents.length;
    expect(env.netQty()).toBe(40n * RAW);
    env.advance(5n * SEC);
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(env.cache.orders().length).toBe(orders);
    expect(env.orderEvents.length).toBe(events);
    expect(env.netQty()).toBe(40n * RAW);
  });

  it("a cached closed RECONCILIATION order is not replayed from a mass status", async () => {
    const env = makeEnv();
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "HT-1", lastQty: q("10") }));
    expect(await env.manager.reconcile([env.client])).toBe(true);
    const synthetic = env.cache.orders().find((o) => o.tags.includes("RECONCILIATION"))!;
    expect(synthetic.status).toBe("FILLED");
    // The venue (or a partial-window pass) re-reports the synthetic order with a different fill state.
    env.client.extraOrders.push(osr({ venueOrderId: synthetic.venueOrderId!, clientOrderId: synthetic.clientOrderId, orderStatus: OrderStatus.FILLED, quantity: q("20"), filledQty: q("20") }));
    const before = env.orderEvents.length;
    await env.manager.reconcile([env.client]);
    expect(env.orderEvents.slice(before).filter((e) => e.clientOrderId === synthetic.clientOrderId)).toEqual([]);
  });

  it("through the LiveExecEngine, every reconciliation event goes through the event queue", async () => {
    const env = makeEnv({ live: true });
    venueOnly(env, { id: "O-1", type: "MARKET", qty: "30" });
    const pending: number[] = [];
    const engine = env.engine as unknown as { processEvents: (e: readonly unknown[]) => void; queueBacklog: () => number };
    const original = engine.processEvents.bind(env.engine);
    engine.processEvents = (events) => {
      original(events);
      pending.push(engine.queueBacklog());
    };
    expect(await env.manager.reconcile([env.client])).toBe(true);
    expect(pending.some((n) => n > 0)).toBe(true);
    expect(env.order("O-1").status).toBe("FILLED");
    expect(env.netQty()).toBe(30n * RAW);
  });
});

export { ACC, CLIENT, ClientOrderId, StrategyId };
