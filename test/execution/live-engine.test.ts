import { describe, expect, it } from "vitest";
import { LiveExecEngineConfigSchema } from "../../src/config/schemas/engines.js";
import { LiveExecEngine } from "../../src/execution/live-engine.js";
import { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import type { ShutdownSystem } from "../../src/common/component.js";
import { OrderEvents, type OrderEvent } from "../../src/model/events.js";
import { ClientId, Venue } from "../../src/model/identifiers.js";
import { ACC, AAPL, S1, T0, TRADER, makeCore, makeOrder } from "./fixtures.js";

/** A core whose ExecEngine is the live one (queues), registered before anything else uses the endpoints. */
function liveCore(queue: { qsize?: number; gracefulShutdownOnException?: boolean } = {}) {
  const core = makeCore();
  // swap the synchronous engine for the live one on the same bus, cache and clock
  core.exec.stop();
  for (const endpoint of ["ExecEngine.execute", "ExecEngine.process", "ExecEngine.reconcile_execution_report"]) core.bus.deregister(endpoint);
  const exits: number[] = [];
  const live = new LiveExecEngine({
    traderId: TRADER,
    bus: core.bus,
    clock: core.clock,
    cache: core.cache,
    logger: core.logger,
    uuid: core.uuid,
    config: LiveExecEngineConfigSchema.parse({}),
    queueConfig: LiveExecEngineConfigSchema.pick({ qsize: true, gracefulShutdownOnException: true }).parse(queue),
    exit: (code) => exits.push(code),
  });
  const client = new TestExecutionClient({ clientId: ClientId("LIVE"), venue: Venue("SIM"), accountId: ACC, traderId: TRADER, bus: core.bus, clock: core.clock, logger: core.logger, uuid: core.uuid });
  void client.connect();
  client.setMarketPrice(AAPL.id, AAPL.makePrice("100.00"));
  live.registerClient(client);
  return { ...core, live, liveClient: client, exits };
}

/** An event whose handling throws inside the queue handler (its venue order id cannot be read). */
const exploding = (): OrderEvent =>
  ({
    type: "OrderCanceled",
    clientOrderId: "UNKNOWN-1",
    get venueOrderId(): never {
      throw new Error("boom");
    },
  }) as unknown as OrderEvent;

describe("LiveExecEngine queues", () => {
  it("commands and events are handled after the call returns, in order, once started", async () => {
    const core = liveCore();
    const order = makeOrder({ id: "O-1", type: "MARKET", qty: "3" });
    core.submit(order);
    expect(order.status).toBe("INITIALIZED"); // queued, not handled inside execute()
    expect(core.live.queueBacklog()).toBe(1);
    core.live.start();
    await core.live.drain();
    await core.live.drain(); // the client's events were queued while the command ran
    expect(order.status).toBe("FILLED");
    expect(core.types()).toEqual(["O-1:OrderSubmitted", "O-1:OrderAccepted", "O-1:OrderFilled"]);
    expect(core.live.queueBacklog()).toBe(0);
  });

  it("above qsize it applies backpressure and never drops", async () => {
    const core = liveCore({ qsize: 2 });
    const order = makeOrder({ id: "O-1" });
    core.cache.addOrder(order);
    const m = (i: number) => ({ eventId: `e${i}`, tsEvent: T0, tsInit: T0 });
    const events = [OrderEvents.submitted(order, ACC, m(1)), OrderEvents.accepted(order, "V-1" as never, ACC, m(2)), OrderEvents.pendingCancel(order, m(3)), OrderEvents.canceled(order, m(4))];
    core.clock.advanceTimeBy(7n);
    core.live.processEvents(events);
    expect(core.live.queueBacklog()).toBe(4);
    expect(core.live.lastLocalActivity(order.clientOrderId)).toBe(T0 + 7n); // at receipt, before handling
    expect(core.logs("warn").some((msg) => msg.includes("queue at capacity (2)"))).toBe(true);
    core.live.start();
    await core.live.drain();
    expect(core.types()).toEqual(["O-1:OrderSubmitted", "O-1:OrderAccepted", "O-1:OrderPendingCancel", "O-1:OrderCanceled"]);
  });

  it("a handler exception exits with code 1 without gracefulShutdownOnException", async () => {
    const core = liveCore();
    core.live.start();
    core.live.process(exploding());
    await expect(core.live.drain()).rejects.toThrow(/handler threw/);
    expect(core.exits).toEqual([1]);
  });

  it("with gracefulShutdownOnException it asks for one system shutdown and keeps processing", async () => {
    const core = liveCore({ gracefulShutdownOnException: true });
    const shutdowns: ShutdownSystem[] = [];
    core.bus.subscribe("commands.system.shutdown", (c: ShutdownSystem) => shutdowns.push(c));
    core.live.start();
    core.live.process(exploding());
    core.live.process(exploding());
    const order = makeOrder({ id: "O-1" });
    core.cache.addOrder(order);
    core.live.process(OrderEvents.submitted(order, ACC, { eventId: "s", tsEvent: T0, tsInit: T0 }));
    await core.live.drain();
    expect(shutdowns).toHaveLength(1);
    expect(shutdowns[0]?.reason).toMatch(/ExecEngine.evt handler threw: boom/);
    expect(order.status).toBe("SUBMITTED");
    expect(core.exits).toEqual([]);
  });

  it("stopQueues handles what is left before stopping", async () => {
    const core = liveCore();
    core.live.start();
    const order = makeOrder({ id: "O-1", strategyId: S1 });
    core.cache.addOrder(order);
    core.live.process(OrderEvents.submitted(order, ACC, { eventId: "s", tsEvent: T0, tsInit: T0 }));
    await core.live.stopQueues();
    expect(order.status).toBe("SUBMITTED");
  });
});
