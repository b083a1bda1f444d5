// Stopping a node while a continuous reconciliation check waits on the venue: the checks are
// stopped before the clients disconnect, and the stop waits for a running one at most
// timeoutDisconnection (an answer that never comes must not hold the stop forever).
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/common/logger.js";
import { parseNodeConfig } from "../../src/config/parse.js";
import type { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { TradingNode } from "../../src/live/node.js";
import { testDataFactory, testExecFactory } from "./fixtures/test-factories.js";

const nodes: TradingNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.dispose()));
});

describe("stop during a reconciliation check", () => {
  it("completes within timeoutDisconnection when the venue never answers the check's query", async () => {
    const config = parseNodeConfig(
      {
        traderId: "TESTER-001", timeoutConnection: 1, timeoutReconciliation: 1, timeoutPortfolio: 1, timeoutDisconnection: 0.3, timeoutPostStop: 0.01,
        execEngine: { reconciliationStartupDelaySecs: 0.01, inflightCheckIntervalMs: 0, positionCheckIntervalSecs: 0.02 },
        dataClients: { TEST: {} }, execClients: { TEST: { accountId: "DU001" } },
      },
      new Map(),
      {},
    ).config;
    const execs: TestExecutionClient[] = [];
    const records = memoryLogger().records;
    const node = await TradingNode.create(config, { logger: memoryLogger(records), handleSignals: false, executorThreads: 1 });
    nodes.push(node);
    node.addDataClientFactory("TEST", testDataFactory());
    node.addExecClientFactory("TEST", testExecFactory({}, execs));
    node.build();
    await node.run();
    let asked = 0;
    execs[0]!.generatePositionStatusReports = () => {
      asked++;
      return new Promise(() => {}); // the venue never answers
    };
    for (let i = 0; i < 200 && asked === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(asked).toBeGreaterThan(0);
    const t0 = Date.now();
    await node.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(node.state).toBe("STOPPED");
    expect(records.some((r) => r.msg === "reconciliation did not finish in time; continuing the stop")).toBe(true);
    expect(node.execClients[0]!.isConnected).toBe(false);
  });
});
