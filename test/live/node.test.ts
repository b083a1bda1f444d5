// TradingNode lifecycle rules (issue 6, reference §2 with the stricter choices of §7), with
// in-process test clients: build once, run only when built, every missing factory at once, each
// timeout and failure a hard stop with its own exit code, one node per process, idempotent dispose,
// ShutdownSystem once.
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/common/errors.js";
import { memoryLogger } from "../../src/common/logger.js";
import { Topics } from "../../src/common/topics.js";
import { parseNodeConfig } from "../../src/config/parse.js";
import { TradingNode, type TradingNodeOptions } from "../../src/live/node.js";
import { testDataFactory, testExecFactory, type FactoryKnobs } from "./fixtures/test-factories.js";
import { AAPL, makeHarness } from "../portfolio/fixtures.js";

const nodes: TradingNode[] = [];

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.dispose()));
});

const FAST = { timeoutConnection: 0.3, timeoutReconciliation: 0.3, timeoutPortfolio: 0.3, timeoutDisconnection: 0.3, timeoutPostStop: 0.01 };

function config(over: Record<string, unknown> = {}) {
  return parseNodeConfig(
    {
      traderId: "TESTER-001",
      ...FAST,
      execEngine: { openCheckIntervalSecs: 10 },
      dataClients: { TEST: {} },
      execClients: { TEST: { accountId: "DU001" } },
      ...over,
    },
    new Map(),
    {},
  ).config;
}

async function makeNode(over: Record<string, unknown> = {}, options: TradingNodeOptions = {}) {
  const logger = memoryLogger();
  const node = await TradingNode.create(config(over), { logger, handleSignals: false, executorThreads: 1, ...options });
  nodes.push(node);
  return { node, logger };
}

async function builtNode(knobs: { data?: FactoryKnobs; exec?: FactoryKnobs } = {}, over: Record<string, unknown> = {}, options: TradingNodeOptions = {}) {
  const made = await makeNode(over, options);
  made.node.addDataClientFactory("TEST", testDataFactory(knobs.data));
  made.node.addExecClientFactory("TEST", testExecFactory(knobs.exec));
  made.node.build();
  return made;
}

describe("build", () => {
  it("creates every client through its factory", async () => {
    const { node } = await builtNode();
    expect(node.state).toBe("BUILT");
    expect(node.dataClients.map((c) => String(c.clientId))).toEqual(["TEST"]);
    expect(node.execClients.map((c) => String(c.clientId))).toEqual(["TEST"]);
  });

  it("may be called once", async () => {
    const { node } = await builtNode();
    expect(() => node.build()).toThrow(expect.objectContaining({ code: "CORTANA_E_NODE_STATE" }));
  });

  it("lists every client without a factory in one error", async () => {
    const { node } = await makeNode({ dataClients: { TEST: {}, "IB-1": {} }, execClients: { TEST: { accountId: "1" }, OKX: { accountId: "2" } } });
    node.addDataClientFactory("TEST", testDataFactory());
    node.addExecClientFactory("TEST", testExecFactory());
    let error: { code?: string; exitCode?: number; message?: string } = {};
    try {
      node.build();
    } catch (err) {
      error = err as typeof error;
    }
    expect(error).toMatchObject({ code: "CORTANA_E_MISSING_FACTORY", exitCode: EXIT.missingFactory });
    expect(error.message).toContain('data client "IB-1" needs factory "IB"');
    expect(error.message).toContain('exec client "OKX" needs factory "OKX"');
    expect(node.state).toBe("IDLE");
  });
});

describe("run", () => {
  it("before build() throws", async () => {
    const { node } = await makeNode();
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_NODE_STATE" });
  });

  it("connects, reconciles, starts the trader, and stops cleanly", async () => {
    const { node, logger } = await builtNode();
    await node.run();
    expect(node.state).toBe("RUNNING");
    expect(node.execClients[0]?.isConnected).toBe(true);
    expect(logger.records.some((r) => r.msg === "Startup reconciliation complete: the node's state matches the venues")).toBe(true);
    expect(logger.records.some((r) => String(r.msg).startsWith("Continuous reconciliation starts in"))).toBe(true);
    // Startup's objects promoted before the trader started ("node running" comes after it).
    const settled = logger.records.findIndex((r) => r.msg === "young generation settled before trading");
    expect(logger.records[settled]).toMatchObject({ level: "debug", youngCollections: 2 });
    expect(settled).toBeLessThan(logger.records.findIndex((r) => r.msg === "node running"));
    expect(node.kernel.clock.timerNames()).toContain("Reconciliation.STARTUP_DELAY");
    await node.stop();
    expect(node.state).toBe("STOPPED");
    expect(node.execClients[0]?.isConnected).toBe(false);
    expect(node.kernel.clock.timerNames().filter((t) => t.startsWith("Reconciliation.") || t.startsWith("TradingNode."))).toEqual([]);
    expect(await node.stopped).toEqual({ kind: "stop", detail: "stop() called" });
  });

  it("a connection timeout is a hard failure with exit code 4", async () => {
    const { node } = await builtNode({ exec: { hangConnect: true } });
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_CONNECTION_TIMEOUT", exitCode: EXIT.connectionTimeout, message: expect.stringContaining("TEST") });
    expect(node.state).toBe("STOPPED");
    expect(node.kernel.trader.isRunning).toBe(false);
    expect((await node.stopped).kind).toBe("failure");
  });

  it("a client that fails to connect stops the node", async () => {
    const { node } = await builtNode({ data: { failConnect: true } });
    await expect(node.run()).rejects.toMatchObject({ message: expect.stringContaining("gateway refused the connection") });
    expect(node.state).toBe("STOPPED");
  });

  it("a reconciliation failure (venue unreachable) has exit code 5", async () => {
    const { node } = await builtNode({ exec: { unreachable: true } });
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_RECONCILIATION_FAILED", exitCode: EXIT.reconciliationFailed });
    expect(node.kernel.trader.isRunning).toBe(false);
  });

  it("timeoutReconciliation is enforced", async () => {
    const { node } = await builtNode({}, {}, { reconciler: { reconcile: () => new Promise(() => {}) } });
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_RECONCILIATION_FAILED", message: expect.stringContaining("timeoutReconciliation") });
  });

  it("a reconciler answering false refuses to trade", async () => {
    const { node } = await builtNode({}, {}, { reconciler: { reconcile: async () => false } });
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_RECONCILIATION_FAILED" });
  });

  it("a portfolio timeout (a position without a price) has exit code 6 and names the instrument", async () => {
    const venueState = makeHarness();
    venueState.fill(AAPL.id, "BUY", "10", "100");
    const [position] = venueState.cache.positionsOpen();
    let node!: TradingNode;
    const reconciler = {
      reconcile: async () => {
        node.kernel.cache.addInstrument(AAPL);
        node.kernel.cache.addPosition(position!);
        return true;
      },
    };
    ({ node } = await builtNode({}, {}, { reconciler }));
    await expect(node.run()).rejects.toMatchObject({ code: "CORTANA_E_PORTFOLIO_TIMEOUT", exitCode: EXIT.portfolioTimeout, message: expect.stringContaining(String(AAPL.id)) });
    expect(node.kernel.trader.isRunning).toBe(false);
  });

  it("with reconciliation off, the reconciler is not called", async () => {
    let called = false;
    const { node } = await builtNode({}, { execEngine: { reconciliation: false, openCheckIntervalSecs: 10 } }, { reconciler: { reconcile: async () => (called = true) } });
    await node.run();
    expect(called).toBe(false);
  });
});

describe("stop and dispose", () => {
  it("dispose is idempotent and releases the process guard", async () => {
    const { node } = await builtNode();
    await node.run();
    await node.dispose();
    await node.dispose();
    expect(node.state).toBe("DISPOSED");
    const { node: next } = await makeNode();
    expect(next.state).toBe("IDLE");
  });

  it("a second node while the first lives throws CORTANA_E_NODE_EXISTS", async () => {
    await makeNode();
    await expect(TradingNode.create(config(), { logger: memoryLogger(), handleSignals: false })).rejects.toMatchObject({ code: "CORTANA_E_NODE_EXISTS" });
  });

  it("concurrent stops share one stop sequence", async () => {
    const { node, logger } = await builtNode();
    await node.run();
    await Promise.all([node.stop(), node.stop(), node.stop()]);
    expect(logger.records.filter((r) => r.msg === "stopping the node")).toHaveLength(1);
  });
});

describe("ShutdownSystem", () => {
  const shutdown = (traderId: string | undefined) => ({ type: "ShutdownSystem", traderId, componentId: "RiskEngine", reason: "test", commandId: "c-1", tsInit: 0n });

  it("stops the node once", async () => {
    const { node, logger } = await builtNode();
    await node.run();
    node.kernel.bus.publish(Topics.shutdown, shutdown("TESTER-001"));
    node.kernel.bus.publish(Topics.shutdown, shutdown("TESTER-001"));
    const reason = await node.stopped;
    expect(reason).toMatchObject({ kind: "shutdown-system", detail: "RiskEngine: test" });
    expect(logger.records.filter((r) => r.msg === "stopping the node")).toHaveLength(1);
  });

  it("carrying an error code, stops as that failure (its exit code reaches the supervisor)", async () => {
    const { node } = await builtNode();
    await node.run();
    node.kernel.bus.publish(Topics.shutdown, { ...shutdown("TESTER-001"), code: "CORTANA_E_CONNECTION_LOST" });
    const reason = await node.stopped;
    expect(reason).toMatchObject({ kind: "failure", error: { code: "CORTANA_E_CONNECTION_LOST", exitCode: EXIT.connectionLost } });
  });

  it("is ignored for another trader id, and before the node runs", async () => {
    const { node } = await builtNode();
    node.kernel.bus.publish(Topics.shutdown, shutdown("TESTER-001"));
    expect(node.state).toBe("BUILT");
    await node.run();
    node.kernel.bus.publish(Topics.shutdown, shutdown("OTHER-002"));
    expect(node.state).toBe("RUNNING");
  });
});
