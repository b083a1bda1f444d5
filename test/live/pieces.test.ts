// Node building blocks: the factory registry's key rules, the one-node guard, signal handling,
// the event-loop monitor and the worker-pool executor.
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/clock.js";
import { ClientFactoryRegistry } from "../../src/live/factories.js";
import { acquireNodeGuard, releaseNodeGuard } from "../../src/live/process-guard.js";
import { installSignalHandlers } from "../../src/live/signals.js";
import { EventLoopMonitor } from "../../src/live/event-loop-monitor.js";
import { Executor, executorTopic, type ExecutorResult } from "../../src/live/executor.js";

describe("ClientFactoryRegistry", () => {
  const registry = () => {
    const r = new ClientFactoryRegistry<string, string>();
    r.addDataClientFactory("IB", "ib-data");
    r.addExecClientFactory("IB", "ib-exec");
    return r;
  };

  it("uses the key before the first '-' and an explicit factory wins", () => {
    const r = registry();
    r.addExecClientFactory("SIM", "sim-exec");
    const { data, exec } = r.resolveAll({ "IB-1": {} }, { IB: {}, "IB-2": {}, paper: { factory: "SIM" } });
    expect(data.map((c) => [c.clientKey, c.factoryKey, c.factory])).toEqual([["IB-1", "IB", "ib-data"]]);
    expect(exec.map((c) => [c.clientKey, c.factory])).toEqual([["IB", "ib-exec"], ["IB-2", "ib-exec"], ["paper", "sim-exec"]]);
  });

  it("lists every client without a factory in one error", () => {
    const r = registry();
    let error: { code?: string; message?: string; details?: { missing: string[] } } = {};
    try {
      r.resolveAll({ BINANCE: {}, "IB-1": {} }, { "OKX-2": {}, X: { factory: "Y" } });
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.code).toBe("CORTANA_E_MISSING_FACTORY");
    expect(error.details?.missing).toEqual([
      'data client "BINANCE" needs factory "BINANCE"',
      'exec client "OKX-2" needs factory "OKX"',
      'exec client "X" needs factory "Y"',
    ]);
    expect(error.message).toContain("registered: data [IB], exec [IB]");
  });

  it("rejects duplicate and malformed keys", () => {
    const r = registry();
    expect(() => r.addDataClientFactory("IB", "again")).toThrow(expect.objectContaining({ code: "CORTANA_E_FACTORY_DUPLICATE" }));
    expect(() => r.addExecClientFactory("IB-2", "x")).toThrow(expect.objectContaining({ code: "CORTANA_E_FACTORY_KEY_INVALID" }));
    expect(() => r.addExecClientFactory("", "x")).toThrow(expect.objectContaining({ code: "CORTANA_E_FACTORY_KEY_INVALID" }));
  });
});

describe("one node per process", () => {
  it("refuses a second holder until the first releases", () => {
    acquireNodeGuard("node-a");
    try {
      expect(() => acquireNodeGuard("node-b")).toThrow(expect.objectContaining({ code: "CORTANA_E_NODE_EXISTS" }));
      releaseNodeGuard("node-b"); // not the holder: no effect
      expect(() => acquireNodeGuard("node-b")).toThrow();
    } finally {
      releaseNodeGuard("node-a");
    }
    acquireNodeGuard("node-b");
    releaseNodeGuard("node-b");
  });
});

describe("signal handlers", () => {
  it("the first signal stops once, later ones are logged, uninstall removes the handlers", () => {
    const logger = memoryLogger();
    const stops: string[] = [];
    const before = process.listenerCount("SIGTERM");
    const uninstall = installSignalHandlers((s) => stops.push(s), logger);
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGINT", "SIGINT");
    expect(stops).toEqual(["SIGTERM"]);
    expect(logger.records.map((r) => r.msg)).toEqual([
      "signal received: stopping the node gracefully",
      "signal received while already stopping; the stop continues",
    ]);
    uninstall();
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });
});

describe("EventLoopMonitor", () => {
  it("names the component of a handler that blocks past the threshold", () => {
    const clock = new TestClock();
    const spend = (ms: number) => clock.advanceTime(clock.timestampNs() + BigInt(ms) * 1_000_000n);
    const logger = memoryLogger();
    const monitor = new EventLoopMonitor({ thresholdMs: 50, logger, clock });
    expect(monitor.measure("FastStrategy", () => { spend(5); return 1; })).toBe(1);
    monitor.measure("SlowStrategy", () => { spend(120); });
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({ level: "warn", component: "SlowStrategy", blockedMs: 120 });
    expect(monitor.stats()).toMatchObject({ stalls: 1, slowest: { component: "SlowStrategy", ms: 120 } });
  });

  it("measures even when the handler throws", () => {
    const clock = new TestClock();
    const logger = memoryLogger();
    const monitor = new EventLoopMonitor({ thresholdMs: 10, logger, clock });
    expect(() => monitor.measure("Boom", () => { clock.advanceTime(20_000_000n); throw new Error("x"); })).toThrow("x");
    expect(logger.records[0]?.component).toBe("Boom");
  });

  it("reports a real event-loop stall from the histogram", async () => {
    const logger = memoryLogger();
    const monitor = new EventLoopMonitor({ thresholdMs: 30, logger, reportIntervalMs: 100, clock: new TestClock() });
    monitor.start();
    await new Promise((r) => setTimeout(r, 20));
    const until = Date.now() + 80;
    while (Date.now() < until) { /* block the loop on purpose */ }
    await new Promise((r) => setTimeout(r, 250));
    monitor.stop();
    expect(logger.records.some((r) => r.msg.startsWith("event loop delayed up to"))).toBe(true);
  });
});

describe("Executor", () => {
  const task = new URL("./fixtures/square-task.ts", import.meta.url);

  it("runs a TypeScript task on a worker and publishes the result on the bus", async () => {
    const bus = new MessageBus({ logger: memoryLogger(), clock: new TestClock() });
    const seen: ExecutorResult[] = [];
    bus.subscribe(executorTopic("math"), (m) => seen.push(m as ExecutorResult));
    const executor = new Executor(bus, { maxThreads: 1 });
    try {
      expect(await executor.run<number>({ module: task }, 7, "math")).toBe(49);
      expect(await executor.run<number>({ module: task, name: "slowSum" }, [1, 2, 3], "math")).toBe(6);
      await expect(executor.run({ module: task, name: "fail" }, "bad input", "math")).rejects.toMatchObject({ code: "CORTANA_E_EXECUTOR_TASK" });
    } finally {
      await executor.dispose();
      await executor.dispose();
    }
    expect(seen.map((r) => [r.ok, r.value ?? r.error])).toEqual([[true, 49], [true, 6], [false, "bad input"]]);
    await expect(executor.run({ module: task }, 1)).rejects.toMatchObject({ code: "CORTANA_E_EXECUTOR_TASK" });
  });
});
