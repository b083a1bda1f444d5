/**
 * The whole node against the simulator: a TradingNode built with the real IB factories talks to an
 * in-process Simulator over loopback with @stoqey/ib. One simulator and one node for the file,
 * driven step by step: the strategy's market order on its first quote, a bracket whose take-profit
 * fills and whose stop-loss the OCA group cancels, the node's cache and portfolio against the
 * venue's truth, and a clean stop that leaves no timer, socket or handle behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderStatus } from "../../../src/model/enums.js";
import { AccountId, InstrumentId, type ClientOrderId } from "../../../src/model/identifiers.js";
import type { Simulator } from "../../../src/sim/index.js";
import type { BracketIds } from "./fixtures/e2e-trader.js";
import { ACCOUNT, SPY_CONID, nodeConfig, problems, startNode, startSim, waitUntil, type RunningNode } from "./harness.js";
import { AccountTap, expectNodeMatchesTruth, venueCash } from "./truth.js";

const SPY = InstrumentId("SPY.SMART");

let sim: Simulator;
let run: RunningNode | undefined;
let resourcesBefore: string[];
let startingCash: number;
let tap: AccountTap;

beforeAll(async () => {
  resourcesBefore = process.getActiveResourcesInfo();
  sim = await startSim();
  startingCash = venueCash(sim, ACCOUNT);
  tap = new AccountTap(sim, ACCOUNT);
  run = await startNode(nodeConfig(sim, {}, {}, true));
}, 60_000);

afterAll(async () => {
  tap?.stop();
  await run?.node.dispose();
  await sim?.stop();
});

function node(): RunningNode {
  if (run === undefined) throw new Error("node not running");
  return run;
}

const venueOrder = (id: ClientOrderId) => {
  const t = sim.truth();
  return [...t.openOrders, ...t.completedOrders].find((o) => o.request.orderRef === id);
};

describe("the node trading against the simulator", () => {
  it("runs with both IB clients on one session of client id 3 and the strategy receiving quotes", async () => {
    const { node: n, strategy } = node();
    expect(n.state).toBe("RUNNING");
    expect(sim.truth().sessions.map((s) => s.clientId)).toEqual([3]);
    expect(n.kernel.cache.instrument(SPY)?.id).toBe(SPY);
    await waitUntil(() => strategy.quotes >= 3, "quotes reach the strategy");
  });

  it("submits a market order on the first quote and the venue fills it", async () => {
    const { node: n, strategy } = node();
    await waitUntil(() => strategy.firstOrder !== undefined, "first order");
    const id = strategy.firstOrder!;
    await waitUntil(() => n.kernel.cache.order(id)?.status === OrderStatus.FILLED, `order ${id} filled\n${problems(node().records)}`);
    expect(strategy.eventsOf(id)).toEqual(["OrderInitialized", "OrderSubmitted", "OrderAccepted", "OrderFilled"]);
    const venue = venueOrder(id);
    expect(venue?.status).toBe("Filled");
    expect(venue?.filled).toBe("10");
    const order = n.kernel.cache.order(id)!;
    expect(String(order.venueOrderId)).toBe(String(venue?.permId));
    expect(order.avgPx?.toNumber()).toBe(venue?.avgFillPrice);
    expect(n.kernel.cache.positionsOpen({ instrumentId: SPY, strategyId: strategy.id }).map((p) => p.signedQtyString())).toEqual(["10"]);
  });

  it("a bracket sent to IB: the entry fills, the take-profit fills when the price reaches it, the OCA group cancels the stop-loss", async () => {
    const { node: n, strategy } = node();
    const ids: BracketIds = strategy.placeBracket();
    await waitUntil(() => n.kernel.cache.order(ids.entry)?.status === OrderStatus.FILLED, "bracket entry filled");
    await waitUntil(() => venueOrder(ids.takeProfit)?.status === "Submitted" && venueOrder(ids.stopLoss)?.status === "PreSubmitted", "exits working at the venue");
    const tp = venueOrder(ids.takeProfit)!;
    const sl = venueOrder(ids.stopLoss)!;
    expect(tp.ocaGroup).not.toBe("");
    expect(sl.ocaGroup).toBe(tp.ocaGroup);
    expect(n.kernel.cache.order(ids.takeProfit)?.status).toBe(OrderStatus.ACCEPTED);
    // Lift the market through the take-profit limit: it fills, and the venue cancels its OCA sibling.
    const moved = sim.venue.movePrice(SPY_CONID, Number(tp.request.lmtPrice) + 0.5);
    expect(moved.ok).toBe(true);
    await waitUntil(() => n.kernel.cache.order(ids.takeProfit)?.status === OrderStatus.FILLED, "take-profit filled");
    await waitUntil(() => n.kernel.cache.order(ids.stopLoss)?.status === OrderStatus.CANCELED, "stop-loss cancelled");
    expect(venueOrder(ids.stopLoss)?.status).toBe("Cancelled");
    expect(venueOrder(ids.takeProfit)?.status).toBe("Filled");
    expect(strategy.eventsOf(ids.stopLoss)).not.toContain("OrderFilled");
    expect(n.kernel.cache.order(ids.stopLoss)?.filledQty.toString()).toBe("0");
    // The bracket round trip leaves the first order's 10 shares.
    expect(n.kernel.cache.positionsOpen({ instrumentId: SPY, strategyId: strategy.id }).map((p) => p.signedQtyString())).toEqual(["10"]);
  });

  it("a bracket managed by the node (manageContingentOrders): exits released on the entry's fill, the take-profit's fill cancels the stop-loss", async () => {
    const { node: n, managed } = node();
    const ids: BracketIds = managed!.placeBracket();
    await waitUntil(() => n.kernel.cache.order(ids.entry)?.status === OrderStatus.FILLED, "bracket entry filled");
    await waitUntil(() => venueOrder(ids.takeProfit)?.status === "Submitted" && venueOrder(ids.stopLoss)?.status === "PreSubmitted", "exits working at the venue");
    const tp = venueOrder(ids.takeProfit)!;
    expect(tp.ocaGroup).toBe(""); // linked by the node, not at the venue
    expect(sim.venue.movePrice(SPY_CONID, Number(tp.request.lmtPrice) + 0.5).ok).toBe(true);
    await waitUntil(() => n.kernel.cache.order(ids.takeProfit)?.status === OrderStatus.FILLED, "take-profit filled");
    await waitUntil(() => n.kernel.cache.order(ids.stopLoss)?.status === OrderStatus.CANCELED, "stop-loss cancelled by the node");
    await waitUntil(() => venueOrder(ids.stopLoss)?.status === "Cancelled", "stop-loss cancelled at the venue");
    expect(managed!.eventsOf(ids.stopLoss)).toEqual(["OrderInitialized", "OrderSubmitted", "OrderAccepted", "OrderPendingCancel", "OrderCanceled"]);
    expect(n.kernel.cache.positionsOpen({ instrumentId: SPY, strategyId: managed!.id }).map((p) => p.signedQtyString())).toEqual(["1"]);
  });

  it("the node's orders, fills, positions and account equal the simulator's truth", async () => {
    const { node: n } = node();
    await waitUntil(() => n.kernel.cache.ordersInflightCount() === 0, "no order in flight");
    const truth = await expectNodeMatchesTruth(n, sim, AccountId(`IB-${ACCOUNT}`), { startingCash, tap });
    expect(truth.executions.length).toBeGreaterThanOrEqual(6); // 2 first orders + 2 x (entry, take-profit)
  });

  it("stops cleanly: no clock timers, no gateway session, no handle left behind", async () => {
    const { node: n, records } = node();
    await n.stop();
    await n.dispose();
    run = undefined;
    expect(n.state).toBe("DISPOSED");
    expect(n.kernel.clock.timerNames()).toEqual([]);
    await waitUntil(() => sim.truth().sessions.length === 0, "the gateway session closed");
    expect(records.filter((r) => r.level === "error" || r.level === "fatal").map((r) => r.msg)).toEqual([]);
    await sim.stop();
    await waitUntil(() => sameResources(process.getActiveResourcesInfo(), resourcesBefore), `no leftover handles: ${process.getActiveResourcesInfo().join(", ")} vs ${resourcesBefore.join(", ")}`, 5000);
  });
});

function sameResources(now: string[], before: string[]): boolean {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const a = count(now);
  const b = count(before);
  for (const [k, v] of a) if (v > (b.get(k) ?? 0)) return false;
  return true;
}
