// A node that finds open positions at startup (reconciled from the venue, or loaded from the cache)
// subscribes their quotes itself before waiting for the portfolio: no strategy runs yet, so nobody
// else would, and the portfolio would wait for a price that never comes (CORTANA_E_PORTFOLIO_TIMEOUT).
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/common/logger.js";
import { parseNodeConfig } from "../../src/config/parse.js";
import type { ExecutionClient } from "../../src/execution/client.js";
import type { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { TradingNode } from "../../src/live/node.js";
import { Price, Quantity } from "../../src/model/values.js";
import { AAPL, makeOrder } from "../execution/fixtures.js";
import type { RecordingDataClient } from "../data/test-client.js";
import { testDataFactory, testExecFactory } from "./fixtures/test-factories.js";

const nodes: TradingNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.dispose()));
});

async function nodeWithVenuePosition() {
  const config = parseNodeConfig(
    { traderId: "TESTER-001", timeoutConnection: 1, timeoutReconciliation: 1, timeoutPortfolio: 0.5, timeoutDisconnection: 0.3, timeoutPostStop: 0.01, execEngine: { openCheckIntervalSecs: 10 }, dataClients: { TEST: {} }, execClients: { TEST: { accountId: "DU001" } } },
    new Map(),
    {},
  ).config;
  const datas: RecordingDataClient[] = [];
  const execs: TestExecutionClient[] = [];
  const records = memoryLogger().records;
  let node: TradingNode | undefined;
  // Startup reconciliation that finds a filled order at the venue: the node holds a LONG 10 AAPL.SIM.
  const reconciler = {
    async reconcile(_clients: readonly ExecutionClient[]): Promise<boolean> {
      const kernel = node!.kernel;
      kernel.cache.addInstrument(AAPL);
      execs[0]!.setMarketPrice(AAPL.id, Price.from("100.00"));
      const order = makeOrder({ id: "O-1", type: "MARKET", qty: "10" });
      kernel.cache.addOrder(order);
      kernel.execEngine.execute({ type: "SubmitOrder", traderId: kernel.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, order, commandId: "c-1", tsInit: kernel.clock.timestampNs() });
      for (let i = 0; i < 50 && order.status !== "FILLED"; i++) await kernel.execEngine.drain();
      return order.status === "FILLED";
    },
  };
  node = await TradingNode.create(config, { logger: memoryLogger(records), handleSignals: false, executorThreads: 1, reconciler });
  nodes.push(node);
  node.addDataClientFactory("TEST", testDataFactory({}, datas));
  node.addExecClientFactory("TEST", testExecFactory({}, execs));
  node.build();
  return { node, datas, records };
}

describe("portfolio marks at startup", () => {
  it("subscribes the quotes of instruments with open positions; the first quote lets the node start trading", async () => {
    const { node, datas, records } = await nodeWithVenuePosition();
    const run = node.run();
    const data = datas[0]!;
    for (let i = 0; i < 100 && !data.calls.includes(`subscribeQuoteTicks ${AAPL.id}`); i++) await new Promise((r) => setTimeout(r, 5));
    expect(data.calls).toContain(`subscribeQuoteTicks ${AAPL.id}`);
    expect(node.state).toBe("STARTING");
    const ts = node.kernel.clock.timestampNs();
    data.sink!.onQuote({ instrumentId: AAPL.id, bidPrice: Price.from("100.00"), askPrice: Price.from("100.02"), bidSize: Quantity.from("5"), askSize: Quantity.from("5"), tsEvent: ts, tsInit: ts });
    await run;
    expect(node.state).toBe("RUNNING");
    expect(node.kernel.portfolio.initialized).toBe(true);
    expect(records.some((r) => r.msg === "subscribed quotes to mark the open positions")).toBe(true);
  });

  it("without any quote the portfolio still times out, naming the instrument", async () => {
    const { node, datas } = await nodeWithVenuePosition();
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_PORTFOLIO_TIMEOUT", message: expect.stringContaining(String(AAPL.id)) });
    expect(datas[0]!.calls).toContain(`subscribeQuoteTicks ${AAPL.id}`);
  });
});
