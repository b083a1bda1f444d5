/**
 * §3.8 continuous checks through the ReconciliationManager with the real ExecEngine, Cache and the
 * TestExecutionClient (ScriptedClient) on a TestClock: in-flight, open-order, position checks,
 * their timers, and the reconnect pass. Plus the pure decision tables they rest on.
 */
import { describe, expect, it } from "vitest";
import { decideInflight, INFLIGHT_TIMEOUT_REASON } from "../../../src/execution/reconciliation/inflight.js";
import { decideMissing, NOT_FOUND_REASON, resolveNotFound, selectProbes } from "../../../src/execution/reconciliation/open-orders.js";
import { hasDiscrepancy } from "../../../src/execution/reconciliation/position-check.js";
import { ReconciliationManager, ReconciliationTimers } from "../../../src/execution/reconciliation/manager.js";
import { nullLogger } from "../../../src/common/logger.js";
import type { LiveExecEngine } from "../../../src/execution/live-engine.js";
import { OrderStatus, OrderType, OrderSide } from "../../../src/model/enums.js";
import { OrderEvents, type OrderRejected } from "../../../src/model/events.js";
import { ClientOrderId } from "../../../src/model/identifiers.js";
import { Quantity } from "../../../src/model/values.js";
import { ACC, AAPL, BTC, MS, RAW, SEC, T0, TRADER, ctx, fr, makeEnv, makeOrder, orderIn, q, type Env } from "./fixtures.js";

const FAST = { inflightCheckThresholdMs: 5000, inflightCheckRetries: 3, openCheckThresholdMs: 5000, openCheckMissingRetries: 2, positionCheckThresholdMs: 5000, positionCheckRetries: 3, singleOrderQueryDelayMs: 0 };

function rest(env: Env, id: string, over: Partial<Parameters<typeof makeOrder>[0]> = {}) {
  return env.submit(makeOrder({ id, ...over }));
}

async function cycles(env: Env, n: number, run: () => Promise<void>, step = 6n * SEC): Promise<void> {
  for (let i = 0; i < n; i++) {
    env.advance(step);
    await run();
  }
}

describe("in-flight check (§3.8 A)", () => {
  it("a swallowed acknowledgement: the query's report accepts the order", async () => {
    const env = makeEnv({ config: FAST });
    env.client.dropTypes.add("OrderAccepted");
    const o = rest(env, "O-1");
    expect(o.status).toBe("SUBMITTED");
    await cycles(env, 1, () => env.manager.runInflightCheck());
    expect(o.status).toBe("ACCEPTED");
    expect(o.venueOrderId).toBe("SIM-V-1");
  });

  it("the acknowledgement that arrives with the query's answer is applied once (the check decides after the live events)", async () => {
    const env = makeEnv({ config: FAST, live: true });
    env.client.dropTypes.add("OrderAccepted");
    const engine = env.engine as LiveExecEngine;
    const o = rest(env, "O-1");
    for (let i = 0; i < 10 && o.status !== "SUBMITTED"; i++) await engine.drain();
    expect(o.status).toBe("SUBMITTED");
    const answer = env.client.generateOrderStatusReport.bind(env.client);
    // As IB does: the order's OPEN_ORDER (the live acknowledgement) reaches the engine's queue while
    // the query is answered, and is still queued when the report comes back.
    env.client.generateOrderStatusReport = async (query) => {
      env.client.dropTypes.clear();
      env.client.generateOrderAccepted({ traderId: TRADER, strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, accountId: ACC }, "SIM-V-1" as never);
      return answer(query);
    };
    await cycles(env, 1, () => env.manager.runInflightCheck());
    await engine.drain();
    expect(o.status).toBe("ACCEPTED");
    expect(o.events.filter((e) => e.type === "OrderAccepted")).toHaveLength(1);
    expect(env.logs("warn").filter((m) => m.includes("InvalidStateTrigger"))).toEqual([]);
  });

  it("not yet past the threshold: no query", async () => {
    const env = makeEnv({ config: FAST });
    env.client.dropTypes.add("OrderAccepted");
    rest(env, "O-1");
    env.advance(4n * SEC);
    await env.manager.runInflightCheck();
    expect(env.client.calls.filter((c) => c === "order")).toEqual([]);
  });

  it("queried less than the threshold ago: waits (one query per threshold)", async () => {
    const env = makeEnv({ config: FAST });
    env.cache.addOrder(orderIn({ id: "O-1" }, ["submitted"]));
    env.advance(6n * SEC);
    await env.manager.runInflightCheck();
    env.advance(1n * SEC);
    await env.manager.runInflightCheck();
    expect(env.client.calls.filter((c) => c === "order").length).toBe(1);
  });

  const policy: { name: string; steps: string[]; resolved: OrderStatus; reason?: string }[] = [
    { name: "SUBMITTED the venue never saw: REJECTED INFLIGHT_TIMEOUT after the retries", steps: ["submitted"], resolved: OrderStatus.REJECTED, reason: INFLIGHT_TIMEOUT_REASON },
    { name: "PENDING_CANCEL unanswered: CANCELED after the retries (policy)", steps: ["submitted", "accepted", "pending_cancel"], resolved: OrderStatus.CANCELED },
    { name: "PENDING_UPDATE unanswered: CANCELED after the retries (policy)", steps: ["submitted", "accepted", "pending_update"], resolved: OrderStatus.CANCELED },
  ];
  it.each(policy)("$name", async (c) => {
    const env = makeEnv({ config: FAST });
    const order = orderIn({ id: "O-1" }, c.steps);
    env.cache.addOrder(order);
    env.client.forgotten.add("O-1");
    await cycles(env, 3, () => env.manager.runInflightCheck());
    expect(order.status).toBe(c.steps.at(-1) === "submitted" ? "SUBMITTED" : c.steps.at(-1)!.toUpperCase());
    expect(env.client.calls.filter((x) => x === "order").length).toBe(3);
    await cycles(env, 1, () => env.manager.runInflightCheck());
    expect(order.status).toBe(c.resolved);
    if (c.reason !== undefined) expect((order.lastEvent as OrderRejected).reason).toBe(c.reason);
    expect(order.lastEvent.reconciliation).toBe(true);
  });

  it("resolution deferred while the engine's queues hold a backlog, then resolved", async () => {
    const env = makeEnv({ config: FAST });
    const order = orderIn({ id: "O-1" }, ["submitted"]);
    env.cache.addOrder(order);
    env.client.forgotten.add("O-1");
    await cycles(env, 3, () => env.manager.runInflightCheck());
    const engine = env.engine as unknown as { queueBacklog: () => number };
    engine.queueBacklog = () => 7;
    await cycles(env, 2, () => env.manager.runInflightCheck());
    expect(order.status).toBe("SUBMITTED");
    expect(env.logs("info").join("\n")).toMatch(/deferred \(Backlog\)/);
    engine.queueBacklog = () => 0;
    await cycles(env, 1, () => env.manager.runInflightCheck());
    expect(order.status).toBe("REJECTED");
  });

  it("resolution deferred while the venue is unreachable (a failed query proves nothing)", async () => {
    const env = makeEnv({ config: FAST });
    const order = orderIn({ id: "O-1" }, ["submitted"]);
    env.cache.addOrder(order);
    env.client.failures.order = 100;
    await cycles(env, 6, () => env.manager.runInflightCheck());
    expect(order.status).toBe("SUBMITTED");
    env.client.failures.order = 0;
    env.client.forgotten.add("O-1");
    await cycles(env, 1, () => env.manager.runInflightCheck());
    expect(order.status).toBe("SUBMITTED");
    await cycles(env, 1, () => env.manager.runInflightCheck());
    expect(order.status).toBe("REJECTED");
  });
});

describe("decideInflight table", () => {
  const order = orderIn({ id: "O-1" }, ["submitted"]);
  const rows: [string, { retries: number; lastQueryNs?: bigint; lastProbe?: "NotFound" | "Error" } | undefined, number, string][] = [
    ["never queried", undefined, 0, "Query"],
    ["queried 1 s ago", { retries: 1, lastQueryNs: T0 - SEC }, 0, "Wait"],
    ["queried 6 s ago, retries left", { retries: 2, lastQueryNs: T0 - 6n * SEC }, 0, "Query"],
    ["retries spent, backlog", { retries: 5, lastQueryNs: T0 - 6n * SEC, lastProbe: "NotFound" }, 3, "Defer"],
    ["retries spent, last probe failed: asks again", { retries: 5, lastQueryNs: T0 - 6n * SEC, lastProbe: "Error" }, 0, "Query"],
    ["retries spent, venue said unknown", { retries: 5, lastQueryNs: T0 - 6n * SEC, lastProbe: "NotFound" }, 0, "Resolve"],
  ];
  it.each(rows)("%s -> %s", (_n, tracking, backlog, kind) => {
    const t = tracking === undefined ? undefined : { retries: tracking.retries, lastQueryNs: tracking.lastQueryNs, lastProbe: tracking.lastProbe };
    expect(decideInflight({ order, tracking: t, thresholdNs: 5n * SEC, maxRetries: 5, backlog, accountId: ACC, ctx: ctx(T0) }).kind).toBe(kind);
  });
});

describe("open-order check (§3.8 B)", () => {
  it("open-only (default): a missing order is only logged, never resolved", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckIntervalSecs: 5 } });
    const o = rest(env, "O-1");
    env.client.forgotten.add("O-1");
    await cycles(env, 6, () => env.manager.runOpenCheck());
    expect(o.status).toBe("ACCEPTED");
    expect(env.client.calls.includes("order")).toBe(false);
    expect(env.logs("info").join("\n")).toMatch(/only logged/);
  });

  it("full history: counted, then the targeted probe, then ACCEPTED -> REJECTED not found", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false } });
    const o = rest(env, "O-1");
    env.client.forgotten.add("O-1");
    await cycles(env, 2, () => env.manager.runOpenCheck());
    expect(o.status).toBe("ACCEPTED");
    expect(env.manager.tracker.retries(o.clientOrderId)).toBe(2);
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect(env.client.calls.filter((c) => c === "order").length).toBe(1);
    expect(o.status).toBe("REJECTED");
    expect((o.lastEvent as OrderRejected).reason).toBe(NOT_FOUND_REASON);
  });

  it("full history: PARTIALLY_FILLED not found -> CANCELED, fills kept", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false, openCheckMissingRetries: 0 } });
    const o = rest(env, "O-1");
    env.client.fillOrder("O-1", { quantity: q("40") });
    env.client.forgotten.add("O-1");
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect([o.status, o.filledQty.toString()]).toEqual(["CANCELED", "40"]);
    expect(env.netQty()).toBe(40n * RAW);
  });

  it("the probe finds the order: it is reconciled, never resolved as not found", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false, openCheckMissingRetries: 0 } });
    const o = rest(env, "O-1");
    const venue = env.client as unknown as { generateOrderStatusReports: (q: object) => Promise<unknown[]> };
    venue.generateOrderStatusReports = async () => [];
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect(o.status).toBe("ACCEPTED");
    expect(env.client.calls.filter((c) => c === "order").length).toBe(1);
  });

  it("an order touched locally within the threshold is not counted", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false, openCheckThresholdMs: 60_000 } });
    const o = rest(env, "O-1");
    env.client.forgotten.add("O-1");
    env.advance(30n * SEC);
    await env.manager.runOpenCheck();
    expect(env.manager.tracker.retries(o.clientOrderId)).toBe(0);
  });

  it("a client that throws is skipped for the cycle: nothing changes", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false, openCheckMissingRetries: 0 } });
    const o = rest(env, "O-1");
    env.client.forgotten.add("O-1");
    env.client.failures.orders = 1;
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect(o.status).toBe("ACCEPTED");
    expect(env.logs("warn").join("\n")).toMatch(/Open-order check: SIM failed/);
  });

  it("a state discrepancy (venue canceled, node missed it) is reconciled", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false } });
    const o = rest(env, "O-1");
    env.client.drop = true;
    env.client.cancelOrder({ type: "CancelOrder", traderId: o.traderId, strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, commandId: "c", tsInit: T0 });
    env.client.drop = false;
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect(o.status).toBe("CANCELED");
  });

  it("a cycle over more orders than one slice yields to the event loop and reconciles every disagreeing report (one batch, each once)", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false } });
    const orders = Array.from({ length: 4500 }, (_, i) => rest(env, `O-${i}`));
    // The venue canceled every third order and filled every fifth without telling the node.
    env.client.drop = true;
    for (const [i, o] of orders.entries()) {
      if (i % 3 === 0) env.client.cancelOrder({ type: "CancelOrder", traderId: o.traderId, strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, commandId: `c${i}`, tsInit: T0 });
      else if (i % 5 === 0) env.client.fillOrder(o.clientOrderId);
    }
    env.client.drop = false;
    let turns = 0;
    let checking = true;
    const tick = (): void => {
      turns += 1;
      if (checking) setImmediate(tick);
    };
    setImmediate(tick);
    await cycles(env, 1, () => env.manager.runOpenCheck());
    checking = false;
    // 4,500 reports and 4,500 open orders in slices of 2,000: the loop got turns in between.
    expect(turns).toBeGreaterThanOrEqual(3);
    const expected = orders.map((_, i) => (i % 3 === 0 ? "CANCELED" : i % 5 === 0 ? "FILLED" : "ACCEPTED"));
    expect(orders.map((o) => o.status)).toEqual(expected);
    expect(orders.filter((o) => o.status === "FILLED").every((o) => o.tradeIds.length === 1 && !o.tradeIds[0]!.startsWith("S-"))).toBe(true);
    expect(orders.every((o) => o.events.filter((e) => e.type === "OrderCanceled" || e.type === "OrderFilled").length <= 1)).toBe(true);
    expect(env.logs("error")).toEqual([]);
  });

  it("a missed fill is fetched with its real trade id (not inferred)", async () => {
    const env = makeEnv({ config: FAST });
    const o = rest(env, "O-1");
    env.client.drop = true;
    env.client.fillOrder("O-1", { quantity: q("30") });
    env.client.drop = false;
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect([o.status, o.tradeIds]).toEqual(["PARTIALLY_FILLED", ["SIM-T-1"]]);
    expect(env.netQty()).toBe(30n * RAW);
  });

  it("a price or quantity changed at the venue: Updated", async () => {
    const env = makeEnv({ config: FAST });
    const o = rest(env, "O-1");
    env.client.drop = true;
    env.client.modifyOrder({ type: "ModifyOrder", traderId: o.traderId, strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, quantity: q("150"), price: Quantity.from("1") as never, commandId: "m", tsInit: T0 });
    env.client.drop = false;
    await cycles(env, 1, () => env.manager.runOpenCheck());
    expect([o.quantity.toString(), o.price?.toString()]).toEqual(["150", "1"]);
  });

  it("targeted-query limiting: at most maxSingleOrderQueriesPerCycle, longest-ago queried first, the rest deferred with one warning", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false, openCheckMissingRetries: 0, maxSingleOrderQueriesPerCycle: 2 } });
    for (const id of ["O-1", "O-2", "O-3", "O-4", "O-5"]) {
      rest(env, id);
      env.client.forgotten.add(id);
    }
    // Make the venue confirm nothing, but keep the orders unresolvable (PENDING_CANCEL defers), to watch the rotation.
    for (const id of ["O-1", "O-2", "O-3", "O-4", "O-5"]) env.engine.process(OrderEvents.pendingCancel(env.order(id), { eventId: `pc-${id}`, tsEvent: T0, tsInit: T0 }));
    const probed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = env.client.calls.length;
      env.advance(6n * SEC);
      await env.manager.runOpenCheck();
      probed.push(env.client.calls.slice(before).filter((c) => c === "order").length);
    }
    expect(probed).toEqual([2, 2, 2]);
    const last = ["O-1", "O-2", "O-3", "O-4", "O-5"].map((id) => env.manager.tracker.lastQueryNs(ClientOrderId(id)) !== undefined);
    expect(last).toEqual([true, true, true, true, true]);
    expect(env.logs("warn").filter((m) => m.includes("deferred to the next cycle")).length).toBe(3);
  });

  it("single-order queries are spaced by singleOrderQueryDelayMs on the clock", async () => {
    const env = makeEnv({ config: { ...FAST, openCheckOpenOnly: false, openCheckMissingRetries: 0, singleOrderQueryDelayMs: 100 } });
    for (const id of ["O-1", "O-2"]) {
      rest(env, id);
      env.client.forgotten.add(id);
    }
    env.advance(6n * SEC);
    const done = env.manager.runOpenCheck();
    await new Promise((r) => setImmediate(r));
    expect(env.client.calls.filter((c) => c === "order").length).toBe(1);
    env.advance(100n * MS);
    await done;
    expect(env.client.calls.filter((c) => c === "order").length).toBe(2);
    expect(env.order("O-2").status).toBe("REJECTED");
  });
});

describe("open-order decision tables", () => {
  const notFound: [string[], string, string | undefined][] = [
    [["submitted"], "Resolve", "OrderRejected"],
    [["submitted", "accepted"], "Resolve", "OrderRejected"],
    [["submitted", "accepted", "fill:40@100"], "Resolve", "OrderCanceled"],
    [["submitted", "accepted", "pending_cancel"], "Defer", undefined],
    [["submitted", "accepted", "pending_update"], "Defer", undefined],
    [["submitted", "accepted", "fill:100@100"], "Ignore", undefined],
    [["submitted", "accepted", "canceled"], "Skip", undefined],
  ];
  it.each(notFound)("not found at the venue after %j -> %s %s", (steps, kind, event) => {
    const r = resolveNotFound(orderIn({ id: "O-1" }, steps), ACC, ctx());
    expect(r.kind).toBe(kind);
    if (r.kind === "Resolve") expect(r.event.type).toBe(event);
  });

  const missing: [string, bigint, bigint | undefined, number, string][] = [
    ["updated 1 s ago", T0 - SEC, undefined, 9, "Skip"],
    ["local activity 1 s ago", T0 - 60n * SEC, T0 - SEC, 9, "Skip"],
    ["retries left", T0 - 60n * SEC, undefined, 1, "Count"],
    ["retries spent", T0 - 60n * SEC, T0 - 60n * SEC, 5, "Probe"],
  ];
  it.each(missing)("missing order %s -> %s", (_n, tsLast, activity, retries, kind) => {
    expect(decideMissing({ order: { tsLast }, retries, localActivityNs: activity, thresholdNs: 5n * SEC, missingRetries: 5, tsNow: T0 }).kind).toBe(kind);
  });

  it("selectProbes: never-queried first, then the oldest query, capped", () => {
    const c = (id: string, t?: bigint) => ({ clientOrderId: ClientOrderId(id), lastQueryNs: t });
    const { probe, deferred } = selectProbes([c("A", 30n), c("B"), c("C", 10n), c("D", 20n)], 3);
    expect(probe.map((p) => p.clientOrderId)).toEqual(["B", "C", "D"]);
    expect(deferred.map((p) => p.clientOrderId)).toEqual(["A"]);
  });
});

describe("position check (§3.8 C)", () => {
  const POS = { ...FAST, positionCheckIntervalSecs: 30 };

  it("tolerance: one unit of size precision is no discrepancy (exact at precision 0)", () => {
    expect(hasDiscrepancy(100n * RAW, 100n * RAW, 0)).toBe(false);
    expect(hasDiscrepancy(100n * RAW, 101n * RAW, 0)).toBe(true);
    expect(hasDiscrepancy(Quantity.from("1.00").raw, Quantity.from("1.01").raw, 2)).toBe(false);
    expect(hasDiscrepancy(Quantity.from("1.00").raw, Quantity.from("1.02").raw, 2)).toBe(true);
  });

  it("a fill during a disconnect: the missing fill is fetched and applied once, no synthetic order", async () => {
    const env = makeEnv({ config: POS });
    rest(env, "O-1");
    env.client.drop = true;
    env.client.fillOrder("O-1", { quantity: q("60") });
    env.client.drop = false;
    await cycles(env, 2, () => env.manager.runPositionCheck());
    expect(env.netQty()).toBe(60n * RAW);
    expect(env.order("O-1").tradeIds).toEqual(["SIM-T-1"]);
    expect(env.cache.orders().some((o) => o.tags.includes("RECONCILIATION"))).toBe(false);
  });

  it("a trade placed by hand in TWS: aligned by a RECONCILIATION order", async () => {
    const env = makeEnv({ config: POS });
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "10" }));
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("5"), orderSide: OrderSide.SELL, tsEvent: T0 + 1n }));
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.netQty()).toBe(5n * RAW);
    const synthetic = env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION"));
    expect(synthetic.map((o) => `${o.side} ${o.quantity}`)).toEqual(["SELL 5"]);
  });

  it("a failed position query changes nothing (never assumed flat)", async () => {
    const env = makeEnv({ config: POS });
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "10" }));
    env.client.failures.positions = 1;
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.netQty()).toBe(10n * RAW);
    expect(env.client.calls.filter((c) => c === "fills")).toEqual([]);
  });

  it("a failed fill query: no synthetic order this cycle, the attempt counts", async () => {
    const env = makeEnv({ config: POS });
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "10" }));
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("5") }));
    env.client.failures.fills = 1;
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.netQty()).toBe(10n * RAW);
    expect(env.manager.positionRetries.size).toBe(1);
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.netQty()).toBe(15n * RAW);
    expect(env.manager.positionRetries.size).toBe(0);
  });

  it("retries: unresolved (generateMissingOrders off) until the limit, then ERROR and no further attempts", async () => {
    const env = makeEnv({ config: { ...POS, generateMissingOrders: false } });
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "10" }));
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("5") }));
    await cycles(env, 5, () => env.manager.runPositionCheck());
    expect(env.client.calls.filter((c) => c === "fills").length).toBe(3);
    expect(env.logs("error").join("\n")).toMatch(/no further reconciliation attempts/);
    expect(env.netQty()).toBe(10n * RAW);
  });

  it("a key with a fill within positionCheckThresholdMs is skipped", async () => {
    const env = makeEnv({ config: POS });
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "10" }));
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("5") }));
    env.advance(1n * SEC);
    await env.manager.runPositionCheck();
    expect(env.netQty()).toBe(10n * RAW);
    expect(env.client.calls.includes("fills")).toBe(false);
  });

  it("a venue-only position: missing fills only, never a synthetic order", async () => {
    const env = makeEnv({ config: POS });
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("5") }));
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.netQty()).toBe(0n);
    expect(env.cache.orders()).toEqual([]);
    expect(env.client.calls.filter((c) => c === "fills").length).toBe(1);
  });

  it("within the single-unit tolerance nothing is queried", async () => {
    const env = makeEnv({ config: POS });
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "1.00", instrumentId: BTC.id }));
    env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("0.01"), instrumentId: BTC.id }));
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.client.calls.includes("fills")).toBe(false);
  });

  it("recent-fills dedup: a fill applied by reconciliation is not applied again; pruned after 60 s", async () => {
    const env = makeEnv({ config: POS });
    rest(env, "O-1");
    env.client.drop = true;
    env.client.fillOrder("O-1", { quantity: q("60") });
    env.client.drop = false;
    await cycles(env, 1, () => env.manager.runPositionCheck());
    expect(env.manager.recentFills.has("SIM-T-1" as never)).toBe(true);
    env.advance(61n * SEC);
    expect(env.manager.pruneRecentFills()).toBe(1);
    expect(env.netQty()).toBe(60n * RAW);
  });
});

describe("timers, stop and reconnect", () => {
  it("nothing runs before reconciliationStartupDelaySecs; then each check every interval; stop releases every timer", async () => {
    const env = makeEnv({ config: { ...FAST, reconciliationStartupDelaySecs: 10, inflightCheckIntervalMs: 2000, openCheckIntervalSecs: 5, positionCheckIntervalSecs: 30 } });
    env.client.dropTypes.add("OrderAccepted");
    const o = rest(env, "O-1");
    env.manager.start();
    env.advance(9n * SEC);
    await env.manager.idle();
    expect(o.status).toBe("SUBMITTED");
    expect(env.clock.timerNames()).toEqual([ReconciliationTimers.startupDelay]);
    env.advance(1n * SEC);
    expect(env.clock.timerNames().sort()).toEqual([ReconciliationTimers.inflight, ReconciliationTimers.open, ReconciliationTimers.position, ReconciliationTimers.pruneFills].sort());
    env.advance(2n * SEC);
    await env.manager.idle();
    expect(o.status).toBe("ACCEPTED");
    env.manager.stop();
    expect(env.clock.timerNames()).toEqual([]);
    expect(env.manager.isRunning).toBe(false);
  });

  it("ownBooksAuditIntervalSecs runs the given audit on its timer", async () => {
    const env = makeEnv({ config: { reconciliationStartupDelaySecs: 1, ownBooksAuditIntervalSecs: 5, inflightCheckIntervalMs: 0 } });
    let audits = 0;
    const manager = new ReconciliationManager({ traderId: TRADER, engine: env.engine, cache: env.cache, clock: env.clock, logger: nullLogger, config: env.config, ownBooksAudit: () => void audits++ });
    manager.start();
    env.advance(6n * SEC);
    await manager.idle();
    env.advance(5n * SEC);
    await manager.idle();
    expect(audits).toBe(2);
    manager.stop();
  });

  it("reconnect: a fill missed while disconnected is applied once, and the pass resolves true", async () => {
    const env = makeEnv({ config: FAST });
    rest(env, "O-1");
    env.client.drop = true;
    env.client.fillOrder("O-1", { quantity: q("100") });
    env.client.drop = false;
    const [a, b] = [env.manager.reconcileAfterReconnect(env.client), env.manager.reconcileAfterReconnect(env.client)];
    expect(a).toBe(b);
    expect(await a).toBe(true);
    expect([env.order("O-1").status, env.order("O-1").tradeIds]).toEqual(["FILLED", ["SIM-T-1"]]);
    expect(await env.manager.reconcileAfterReconnect(env.client)).toBe(true);
    expect(env.netQty()).toBe(100n * RAW);
  });

  it("reconnect while the venue is still unreachable: false (trading stays halted)", async () => {
    const env = makeEnv();
    env.client.failures.mass = 1;
    expect(await env.manager.reconcileAfterReconnect(env.client)).toBe(false);
  });
});

export { AAPL };
