/**
 * The whole node across a gateway restart (IB Gateway restarts nightly): a resting order is
 * filled at the venue while the node is disconnected (the venue control fillNow); after the
 * reconnect the node applies that fill exactly once (not again when IB repeats its executions
 * after a further reconnect), market data resumes, and its state equals the venue's truth.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderStatus } from "../../../src/model/enums.js";
import { AccountId, InstrumentId } from "../../../src/model/identifiers.js";
import type { Simulator } from "../../../src/sim/index.js";
import { ACCOUNT, nodeConfig, problems, sleep, startNode, startSim, waitUntil, type RunningNode } from "./harness.js";
import { AccountTap, expectNodeMatchesTruth, venueCash } from "./truth.js";

const SPY = InstrumentId("SPY.SMART");

let sim: Simulator;
let run: RunningNode | undefined;
let startingCash: number;
let tap: AccountTap;

beforeAll(async () => {
  sim = await startSim(11);
  startingCash = venueCash(sim, ACCOUNT);
  tap = new AccountTap(sim, ACCOUNT);
  run = await startNode(nodeConfig(sim, { tradeSize: 4 }));
}, 60_000);

afterAll(async () => {
  tap?.stop();
  await run?.node.dispose();
  await sim?.stop();
});

describe("the node across a gateway restart", () => {
  it("applies a fill that happened while disconnected exactly once, and trades on after the reconnect", async () => {
    const { node, strategy, records } = run!;
    const exec = node.execClients[0]!;
    await waitUntil(() => strategy.firstOrder !== undefined && node.kernel.cache.order(strategy.firstOrder)?.status === OrderStatus.FILLED, "first order filled");
    const resting = strategy.placeRestingBuy(3, 2);
    await waitUntil(() => node.kernel.cache.order(resting)?.status === OrderStatus.ACCEPTED, "resting order accepted");
    const permId = Number(node.kernel.cache.order(resting)!.venueOrderId);

    const restart = sim.gateway.restart(1500);
    await waitUntil(() => !exec.isConnected, "the exec client sees the disconnect");
    const filled = sim.venue.fillNow(permId);
    expect(filled.ok).toBe(true);
    expect(node.kernel.cache.order(resting)?.status).toBe(OrderStatus.ACCEPTED); // nothing reached the node yet
    const quotesWhileDown = strategy.quotes;
    await restart;

    await waitUntil(() => exec.isConnected, `reconnected\n${problems(records)}`, 15_000);
    await waitUntil(() => node.kernel.cache.order(resting)?.status === OrderStatus.FILLED, "the missed fill applied");
    await waitUntil(() => strategy.quotes > quotesWhileDown + 2, "market data resumed after the reconnect");
    expect(records.some((r) => r.msg === "applied fills that happened while disconnected")).toBe(true);

    // IB repeats executions after every reconnect: drop the session once more; still one fill.
    sim.gateway.dropConnections();
    await waitUntil(() => !exec.isConnected, "dropped again");
    await waitUntil(() => exec.isConnected, "back again", 15_000);
    await sleep(500);

    const fillsOf = node.kernel.cache.order(resting)!.events.filter((e) => e.type === "OrderFilled");
    expect(fillsOf).toHaveLength(1);
    expect(strategy.eventsOf(resting).filter((t) => t === "OrderFilled")).toHaveLength(1);
    expect(String((fillsOf[0] as { tradeId: string }).tradeId)).toBe(filled.ok ? filled.value.execId : "");
    expect(node.kernel.cache.positionsOpen({ instrumentId: SPY }).map((p) => p.signedQtyString())).toEqual(["7"]);

    // Trading resumes: a new order after the reconnects fills normally.
    const after = strategy.placeRestingBuy(1, -1); // a buy limit above the bid: marketable
    await waitUntil(() => node.kernel.cache.order(after)?.status === OrderStatus.FILLED, "an order after the reconnect fills");
    await waitUntil(() => node.kernel.cache.ordersInflightCount() === 0, "no order in flight");
    await expectNodeMatchesTruth(node, sim, AccountId(`IB-${ACCOUNT}`), { startingCash, tap });
  }, 60_000);
});
