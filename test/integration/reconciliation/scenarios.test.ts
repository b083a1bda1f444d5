// Reconciliation scenarios (issue 8): a real TradingNode (built-in IB factories, real @stoqey/ib
// clients over loopback) against an in-process Simulator; each ends by comparing the node's
// orders, fills and positions with the venue's truth (venueDiff: nothing lost, nothing twice).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { OrderStatus } from "../../../src/model/enums.js";
import type { Order } from "../../../src/model/orders/index.js";
import type { Simulator } from "../../../src/sim/index.js";
import { ACCOUNT_ID, QQQ, QQQ_CONID, SPY, SPY_CONID, logged, nodeConfig, positionDiff, scenario, sleep, startNode, startSim, venueDiff, waitFor, type RunningNode } from "./harness.js";

let sim: Simulator | undefined;
let running: RunningNode | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await running?.node.dispose();
  await sim?.stop();
  running = undefined;
  sim = undefined;
});

const tagsOf = (o: Order) => [...o.tags];
const fillsOf = (o: Order) => o.events.filter((e) => e.type === "OrderFilled").length;
/** A synthetic order of reconciliation (position alignment, partial window): its venue order id is a deterministic S- hash, not a permId. */
const isSynthetic = (o: Order) => String(o.venueOrderId).startsWith("S-") && o.events.every((e) => e.type === "OrderInitialized" || e.reconciliation);

function strategyOf(r: RunningNode) {
  if (r.strategy === undefined) throw new Error("the node has no ScriptedStrategy");
  return r.strategy;
}

describe("(1) a node starting against a venue it has never seen", () => {
  const t0 = Date.now() - 30 * 60_000;
  const venue = () => scenario({
    positions: [
      { contract: { conId: SPY_CONID }, quantity: "100", avgPrice: "575" },
      { contract: { conId: QQQ_CONID }, quantity: "-50", avgPrice: "505" },
    ],
    completedOrders: [{ clientId: 5, orderId: 42, contract: { conId: SPY_CONID }, action: "BUY", quantity: "60", orderType: "LMT", lmtPrice: 575, status: "Filled", avgFillPrice: 575, completedMs: t0 }],
    pastExecutions: [{ clientId: 5, orderId: 42, contract: { conId: SPY_CONID }, action: "BUY", quantity: "60", price: 575, timeMs: t0 }],
    openOrders: [
      { contract: { conId: SPY_CONID }, action: "BUY", quantity: "10", lmtPrice: 570 },
      { contract: { conId: QQQ_CONID }, action: "SELL", quantity: "20", lmtPrice: 520 },
    ],
  });

  it("adopts open orders, fills and positions: claimed ones to the strategy, the rest EXTERNAL tagged VENUE / RECONCILIATION", async () => {
    sim = await startSim(venue());
    running = await startNode(nodeConfig(sim.port));
    const cache = running.node.kernel.cache;
    expect(venueDiff(cache, sim.truth())).toEqual([]);

    const truth = sim.truth();
    const permOf = (symbol: string, open: boolean) => String((open ? truth.openOrders : truth.completedOrders).find((o) => o.contract.symbol === symbol)?.permId);
    const spyOpen = cache.orders().find((o) => o.venueOrderId === permOf("SPY", true))!;
    const qqqOpen = cache.orders().find((o) => o.venueOrderId === permOf("QQQ", true))!;
    const spyFilled = cache.orders().find((o) => o.venueOrderId === permOf("SPY", false))!;
    // Claimed (SPY): the strategy's, untagged. Unclaimed (QQQ): EXTERNAL, a real venue order is VENUE.
    expect([spyOpen.strategyId, tagsOf(spyOpen), spyOpen.status]).toEqual(["Scripted-001", [], OrderStatus.ACCEPTED]);
    expect([spyFilled.strategyId, spyFilled.status, spyFilled.tradeIds.length]).toEqual(["Scripted-001", OrderStatus.FILLED, 1]);
    expect([qqqOpen.strategyId, tagsOf(qqqOpen), qqqOpen.status]).toEqual(["EXTERNAL", ["VENUE"], OrderStatus.ACCEPTED]);
    // QQQ's position has no fill in the window: a synthetic alignment order, tagged RECONCILIATION.
    const qqqSynthetic = cache.orders({ instrumentId: QQQ as never }).filter((o) => o !== qqqOpen);
    expect(qqqSynthetic.map((o) => [o.strategyId, tagsOf(o), o.side, o.filledQty.toString(), o.status])).toEqual([["EXTERNAL", ["RECONCILIATION"], "SELL", "50", OrderStatus.FILLED]]);
    // SPY: 60 from the fill in the window, 40 from before it (the partial-window adjustment), all the strategy's.
    expect(cache.positionsOpen({ instrumentId: SPY as never }).map((p) => [p.strategyId, p.accountId, p.quantity.toString()])).toEqual([["Scripted-001", ACCOUNT_ID, "100"]]);
    expect(cache.positionsOpen({ instrumentId: QQQ as never }).map((p) => [p.strategyId, p.side])).toEqual([["EXTERNAL", "SHORT"]]);
    expect(cache.orders().every((o) => fillsOf(o) <= 1)).toBe(true);

    // The continuous checks then run several cycles: they find nothing to change.
    const before = cache.orders().map((o) => `${o.clientOrderId}:${o.status}:${o.eventCount}`).sort();
    await sleep(1200);
    expect(logged(running.records, "Continuous reconciliation running")).toHaveLength(1);
    expect(cache.orders().map((o) => `${o.clientOrderId}:${o.status}:${o.eventCount}`).sort()).toEqual(before);
    expect(venueDiff(cache, sim.truth())).toEqual([]);
  }, 30_000);

  it("with filterUnclaimedExternalOrders drops the unclaimed VENUE order and still aligns every position", async () => {
    sim = await startSim(venue());
    running = await startNode(nodeConfig(sim.port, { execEngine: { filterUnclaimedExternalOrders: true } }));
    const cache = running.node.kernel.cache;
    const qqqPerm = String(sim.truth().openOrders.find((o) => o.contract.symbol === "QQQ")?.permId);
    expect(cache.orders().some((o) => o.venueOrderId === qqqPerm)).toBe(false);
    expect(cache.orders({ instrumentId: QQQ as never }).map((o) => tagsOf(o))).toEqual([["RECONCILIATION"]]);
    expect(positionDiff(cache, sim.truth())).toEqual([]);
    expect(venueDiff(cache, sim.truth())).toEqual([`venue order ${qqqPerm} (SELL 20 QQQ Submitted) is missing in the node`]);
  }, 30_000);
});

describe("(2) acknowledgements swallowed", () => {
  it("the in-flight check queries the orders and resolves them from the venue's answer", async () => {
    sim = await startSim();
    running = await startNode(nodeConfig(sim.port));
    const strategy = strategyOf(running);
    sim.gateway.swallowNextOrderAcks(2);
    const resting = strategy.limit("BUY", 10, 560);
    const marketable = strategy.market("BUY", 5);
    await waitFor(() => sim!.truth().swallowedOrders.length === 2, "both orders reached the venue silently");
    await sleep(150);
    expect(resting.status).toBe(OrderStatus.SUBMITTED);
    await waitFor(() => resting.status === OrderStatus.ACCEPTED && marketable.status === OrderStatus.FILLED, "the in-flight check resolved both", 8000, () => [resting.status, marketable.status]);
    // Resolved by the check (the acknowledgement came only once the order was past inflightCheckThresholdMs), not by the venue's own messages.
    const ts = (type: string) => resting.events.find((e) => e.type === type)!.tsInit;
    expect(ts("OrderAccepted") - ts("OrderSubmitted")).toBeGreaterThanOrEqual(300_000_000n);
    expect(String(resting.venueOrderId)).toBe(String(sim.truth().openOrders.find((o) => o.request.orderRef === resting.clientOrderId)?.permId));
    expect(fillsOf(marketable)).toBe(1);
    expect(strategy.seen.get(marketable.clientOrderId)?.filter((t) => t === "OrderFilled")).toHaveLength(1);
    expect(logged(running.records, "InvalidStateTrigger")).toEqual([]);
    expect(venueDiff(running.node.kernel.cache, sim.truth())).toEqual([]);
  }, 30_000);

  it("an order lost on the way (the venue does not know it) is resolved REJECTED after inflightCheckRetries queries", async () => {
    sim = await startSim();
    running = await startNode(nodeConfig(sim.port));
    const strategy = strategyOf(running);
    sim.gateway.swallowNextOrderAcks(1);
    const order = strategy.limit("BUY", 10, 560);
    await waitFor(() => sim!.truth().openOrders.some((o) => o.request.orderRef === order.clientOrderId), "the order at the venue");
    const permId = sim.truth().openOrders.find((o) => o.request.orderRef === order.clientOrderId)!.permId;
    expect(sim.venue.forgetOrder(permId).ok).toBe(true);
    await waitFor(() => order.status === OrderStatus.REJECTED, "the in-flight resolution", 8000, () => order.status);
    expect(logged(running.records, `In-flight order ${order.clientOrderId} unanswered after 2 queries`)).toHaveLength(1);
    expect(order.lastEvent).toMatchObject({ type: "OrderRejected", reason: "INFLIGHT_TIMEOUT", reconciliation: true });
    expect(venueDiff(running.node.kernel.cache, sim.truth())).toEqual([]);
  }, 30_000);
});

describe("(3) the venue forgets an order", () => {
  async function forgottenOrder(openCheckOpenOnly: boolean) {
    sim = await startSim();
    running = await startNode(nodeConfig(sim.port, { execEngine: { openCheckOpenOnly } }));
    const order = strategyOf(running).limit("BUY", 10, 560);
    await waitFor(() => order.status === OrderStatus.ACCEPTED, "the order accepted");
    expect(sim.venue.forgetOrder(Number(order.venueOrderId)).ok).toBe(true);
    return { order, records: running.records };
  }

  it("full history: counted, probed, then resolved REJECTED ORDER_NOT_FOUND_AT_VENUE", async () => {
    const { order } = await forgottenOrder(false);
    await waitFor(() => order.status === OrderStatus.REJECTED, "the open check's resolution", 8000, () => order.status);
    expect(order.lastEvent).toMatchObject({ type: "OrderRejected", reason: "ORDER_NOT_FOUND_AT_VENUE", reconciliation: true });
    expect(venueDiff(running!.node.kernel.cache, sim!.truth())).toEqual([]);
  }, 30_000);

  it("open-only: only logged, the order is left as it is", async () => {
    const { order, records } = await forgottenOrder(true);
    await waitFor(() => logged(records, "Open-order check (open-only): 1 cached open orders not in the venue's answer").length >= 3, "three open checks");
    expect(order.status).toBe(OrderStatus.ACCEPTED);
    expect(venueDiff(running!.node.kernel.cache, sim!.truth())).toEqual([`node order ${order.clientOrderId} (ACCEPTED, venue id ${order.venueOrderId}) is not closed but the venue does not know it`]);
  }, 30_000);
});

describe("(4) a fill while disconnected", () => {
  it("is applied once after the reconnect", async () => {
    sim = await startSim();
    running = await startNode(nodeConfig(sim.port));
    const strategy = strategyOf(running);
    const exec = running.node.execClients[0]!;
    const order = strategy.limit("BUY", 10, 560);
    await waitFor(() => order.status === OrderStatus.ACCEPTED, "the order accepted");
    const restart = sim.gateway.restart(1500);
    await waitFor(() => !exec.isConnected, "the exec client sees the disconnect");
    const fill = sim.venue.fillNow(Number(order.venueOrderId), { price: 560 });
    expect(fill.ok).toBe(true);
    await restart;
    await waitFor(() => exec.isConnected && order.status === OrderStatus.FILLED, "the fill after the reconnect", 10_000, () => [exec.isConnected, order.status]);
    await sleep(1000); // the reconnect's mass status and a few continuous checks
    expect(order.tradeIds).toEqual([fill.ok ? fill.value.execId : ""]);
    expect(fillsOf(order)).toBe(1);
    expect(strategy.seen.get(order.clientOrderId)?.filter((t) => t === "OrderFilled")).toHaveLength(1);
    expect(running.node.kernel.cache.positionsOpen({ instrumentId: SPY as never }).map((p) => p.quantity.toString())).toEqual(["10"]);
    expect(venueDiff(running.node.kernel.cache, sim.truth())).toEqual([]);
  }, 30_000);
});

describe("(5) trades placed by hand in TWS", () => {
  it("the position check aligns each position with synthetic orders: RECONCILIATION-tagged on an unclaimed instrument, the claiming strategy's on a claimed one", async () => {
    sim = await startSim(scenario({ positions: [{ contract: { conId: QQQ_CONID }, quantity: "-50", avgPrice: "505" }] }));
    running = await startNode(nodeConfig(sim.port));
    const cache = running.node.kernel.cache;
    const atStart = new Set(cache.orders().map((o) => o.clientOrderId));
    const order = strategyOf(running).market("BUY", 20);
    await waitFor(() => order.status === OrderStatus.FILLED, "the strategy's fill");
    expect(sim.venue.externalTrade({ conId: QQQ_CONID, action: "BUY", quantity: "20" }).ok).toBe(true);
    expect(sim.venue.externalTrade({ conId: SPY_CONID, action: "SELL", quantity: "30" }).ok).toBe(true);
    await waitFor(() => positionDiff(cache, sim!.truth()).length === 0, "the position check's alignment", 8000, () => positionDiff(cache, sim!.truth()));
    await sleep(1000); // further checks change nothing
    const added = cache.orders().filter((o) => !atStart.has(o.clientOrderId) && o !== order);
    expect(added.every((o) => isSynthetic(o) && o.status === OrderStatus.FILLED && fillsOf(o) === 1)).toBe(true);
    // QQQ is nobody's: EXTERNAL, tagged RECONCILIATION.
    expect(added.filter((o) => o.instrumentId === QQQ).map((o) => [o.strategyId, tagsOf(o), o.side, o.filledQty.toString()])).toEqual([["EXTERNAL", ["RECONCILIATION"], "BUY", "20"]]);
    // SPY is claimed: the strategy's own synthetic orders; the flip from +20 to -10 is a close and an open.
    expect(added.filter((o) => o.instrumentId === SPY).map((o) => [o.strategyId, tagsOf(o), o.side, o.filledQty.toString()])).toEqual([["Scripted-001", [], "SELL", "20"], ["Scripted-001", [], "SELL", "10"]]);
    expect(cache.positionsOpen({ instrumentId: SPY as never }).map((p) => [p.strategyId, p.side, p.quantity.toString()])).toEqual([["Scripted-001", "SHORT", "10"]]);
    expect(logged(running.records, "Position check: SPY.SMART (IB-DU1234567) aligned with the venue")).toHaveLength(1);
    expect(logged(running.records, "Position check: QQQ.SMART (IB-DU1234567) aligned with the venue")).toHaveLength(1);
    // The hand-placed orders never reached this API client (TWS orders belong to client 0): the node holds them as the synthetic orders.
    const truth = sim.truth();
    const hand = truth.completedOrders.filter((o) => o.external);
    expect(venueDiff(cache, truth).sort()).toEqual(hand.flatMap((h) => [
      `venue order ${h.permId} (${h.request.action} ${h.request.totalQuantity} ${h.contract.symbol} Filled) is missing in the node`,
      expect.stringMatching(new RegExp(`^venue execution \\S+ \\(${h.request.action === "BUY" ? "BOT" : "SLD"} ${h.request.totalQuantity} ${h.contract.symbol} @ [\\d.]+, permId ${h.permId}\\) is missing in the node$`)),
    ]).sort());
  }, 30_000);
});

describe("(5b) trades placed by hand in TWS, full-history open check (the position check runs first)", () => {
  it("each hand trade is counted once at every moment: the position check adopts the venue order with its real execution, no synthetic order, the open check then changes nothing", async () => {
    sim = await startSim();
    // The position check every 0.3 s, the full-history open check every 1.5 s: the position check
    // meets the hand trades first (the race that once counted them twice).
    running = await startNode(nodeConfig(sim.port, { execEngine: { openCheckOpenOnly: false, openCheckIntervalSecs: 1.5 } }));
    const cache = running.node.kernel.cache;
    const order = strategyOf(running).market("BUY", 20);
    await waitFor(() => order.status === OrderStatus.FILLED, "the strategy's fill");
    const net = (instrumentId: string) => cache.positionsOpen({ instrumentId: instrumentId as never }).reduce((s, p) => s + Number(p.signedQtyString()), 0);
    const seen = { SPY: new Set<number>(), QQQ: new Set<number>() };
    const sample = () => {
      seen.SPY.add(net(SPY));
      seen.QQQ.add(net(QQQ));
    };
    const sampler = setInterval(sample, 5);
    try {
      expect(sim.venue.externalTrade({ conId: QQQ_CONID, action: "BUY", quantity: "20" }).ok).toBe(true);
      expect(sim.venue.externalTrade({ conId: SPY_CONID, action: "SELL", quantity: "30" }).ok).toBe(true);
      await waitFor(() => positionDiff(cache, sim!.truth()).length === 0, "the position check's alignment", 8000, () => positionDiff(cache, sim!.truth()));
      await sleep(3500); // two full-history open checks and several position checks after it
      sample();
    } finally {
      clearInterval(sampler);
    }
    // Only ever the position before the hand trades or the venue's: never a trade counted twice.
    expect([...seen.QQQ].sort()).toEqual([0, 20]);
    expect([...seen.SPY].sort((a, b) => a - b)).toEqual([-10, 20]);
    expect(cache.orders().filter(isSynthetic)).toEqual([]);
    expect(logged(running.records, "of the missing fills adopted")).toHaveLength(2);
    // The hand orders are in the node with their real executions: the node now equals the venue in full.
    const truth = sim.truth();
    expect(venueDiff(cache, truth)).toEqual([]);
    const hand = truth.completedOrders.filter((o) => o.external);
    const adopted = hand.map((h) => cache.orders().find((o) => o.venueOrderId === String(h.permId)));
    expect(adopted.map((o) => [o?.instrumentId, o?.strategyId, o && tagsOf(o), o?.status, o && fillsOf(o)])).toEqual(hand.map((h) => h.contract.symbol === "QQQ" ? [QQQ, "EXTERNAL", ["VENUE"], OrderStatus.FILLED, 1] : [SPY, "Scripted-001", [], OrderStatus.FILLED, 1]));
    expect(logged(running.records, "Position check: SPY.SMART (IB-DU1234567) aligned with the venue")).toHaveLength(1);
    expect(logged(running.records, "InvalidStateTrigger")).toEqual([]);
  }, 30_000);
});

describe("(6) a failed position query", () => {
  it("changes nothing (never assumed flat); the next answered check aligns", async () => {
    sim = await startSim();
    running = await startNode(nodeConfig(sim.port, { requestTimeout: 1 }));
    const cache = running.node.kernel.cache;
    const order = strategyOf(running).market("BUY", 20);
    await waitFor(() => order.status === OrderStatus.FILLED, "the strategy's fill");
    const before = cache.orders().map((o) => `${o.clientOrderId}:${o.eventCount}`);
    // Every answer to this client now comes after its requestTimeout: position queries fail.
    const clientId = sim.truth().sessions[0]!.clientId;
    sim.gateway.setResponseDelay(2500, clientId);
    expect(sim.venue.externalTrade({ conId: SPY_CONID, action: "SELL", quantity: "20" }).ok).toBe(true);
    await waitFor(() => logged(running!.records, "Position check: IB failed").length >= 2, "two failed position checks", 10_000);
    expect(cache.orders().map((o) => `${o.clientOrderId}:${o.eventCount}`)).toEqual(before);
    expect(cache.positionsOpen({ instrumentId: SPY as never }).map((p) => p.quantity.toString())).toEqual(["20"]);
    expect(positionDiff(cache, sim.truth())).toEqual(["position SPY.SMART: node 20, venue 0"]);
    sim.gateway.setResponseDelay(0, clientId);
    await waitFor(() => positionDiff(cache, sim!.truth()).length === 0, "the alignment once the venue answers", 10_000);
    expect(cache.orders().filter(isSynthetic).map((o) => [o.strategyId, o.side, o.filledQty.toString()])).toEqual([["Scripted-001", "SELL", "20"]]);
  }, 40_000);
});

describe("stopping while a check waits on the venue", () => {
  it("the node stops within timeoutDisconnection and releases its IB session", async () => {
    sim = await startSim();
    running = await startNode(nodeConfig(sim.port, { requestTimeout: 30 }));
    await sleep(400); // the continuous checks are running
    sim.gateway.setResponseDelay(20_000);
    await waitFor(() => logged(running!.records, "Position check").length > 0 || running!.node.kernel.reconciliation.isRunning, "checks armed");
    await sleep(700); // a check now waits for an answer that comes after 20 s
    const t0 = Date.now();
    await running.node.dispose();
    expect(Date.now() - t0).toBeLessThan(6000);
    await waitFor(() => sim!.truth().sessions.length === 0, "the IB session closed");
  }, 30_000);
});

describe("(7) the node killed with SIGKILL mid-trading and restarted (in-memory cache)", () => {
  it("startup reconciliation rebuilds every order, fill and position from the venue", async () => {
    sim = await startSim(scenario({ positions: [{ contract: { conId: QQQ_CONID }, quantity: "-50", avgPrice: "505" }] }));
    const script = fileURLToPath(new URL("./fixtures/node-child.ts", import.meta.url));
    const strategy = { startOrders: [{ side: "BUY", type: "MARKET", qty: 10 }, { side: "BUY", type: "LIMIT", qty: 5, price: 550 }], tradeEveryMs: 40 };
    const proc = spawn(process.execPath, ["--import", "tsx", script, String(sim.port), "77", JSON.stringify(strategy)], { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const ours = () => [...sim!.truth().openOrders, ...sim!.truth().completedOrders].filter((o) => o.request.orderRef.startsWith("O-"));
    await waitFor(() => output.includes("NODE RUNNING"), "the child node trading", 30_000, () => output.slice(-2000));
    await waitFor(() => ours().length >= 14 && ours().some((o) => o.status === "Cancelled"), "the child's trading at the venue", 15_000, () => ours().length);
    proc.kill("SIGKILL");
    await new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    expect(proc.signalCode).toBe("SIGKILL");
    await waitFor(() => !sim!.truth().sessions.some((s) => s.clientId === 77), "the gateway dropped the dead session");

    const venue = sim.truth();
    running = await startNode(nodeConfig(sim.port, { ibgClientId: 77 }));
    const cache = running.node.kernel.cache;
    expect(venueDiff(cache, venue)).toEqual([]);
    // Every order the killed node placed is back under its own client order id, the strategy's (its claim), with its real fills.
    for (const v of ours()) {
      const o = cache.order(v.request.orderRef as never);
      expect([o?.venueOrderId, o?.strategyId]).toEqual([String(v.permId), "Scripted-001"]);
    }
    expect(ours().filter((v) => v.status === "Filled").length).toBeGreaterThanOrEqual(4);
    expect(ours().some((v) => v.status === "Submitted")).toBe(true);
    // SPY's position is rebuilt from the real fills alone: no synthetic order was needed on it.
    expect(cache.orders({ instrumentId: SPY as never }).filter(isSynthetic)).toEqual([]);
    expect(cache.orders({ instrumentId: QQQ as never }).map((o) => [o.strategyId, tagsOf(o)])).toEqual([["EXTERNAL", ["RECONCILIATION"]]]);

    // The restarted node trades on without a clash, and its continuous checks find nothing to change.
    const next = strategyOf(running).limit("BUY", 1, 530);
    await waitFor(() => next.status === OrderStatus.ACCEPTED, "the restarted node's first order accepted", 8000, () => [next.clientOrderId, next.events.map((e) => e.type), logged(running!.records, next.clientOrderId).map((r) => r.msg), running!.records.filter((r) => r.level === "warn" || r.level === "error").map((r) => r.msg).slice(-10)]);
    expect(ours().filter((v) => v.request.orderRef === next.clientOrderId)).toHaveLength(1);
    await sleep(1000);
    expect(venueDiff(cache, sim.truth())).toEqual([]);
    expect(logged(running.records, "InvalidStateTrigger")).toEqual([]);
  }, 90_000);
});
