import { describe, expect, it } from "vitest";
import { LiveRiskEngineConfigSchema } from "../../src/config/schemas/engines.js";
import { LiveRiskEngine } from "../../src/risk/live-engine.js";
import { TRADER, makeCore, makeOrder } from "../execution/fixtures.js";

function liveRisk(queue: { qsize?: number } = {}) {
  const core = makeCore();
  core.risk.stop();
  core.bus.deregister("RiskEngine.execute");
  const exits: number[] = [];
  const risk = new LiveRiskEngine({
    traderId: TRADER,
    bus: core.bus,
    clock: core.clock,
    cache: core.cache,
    logger: core.logger,
    uuid: core.uuid,
    config: LiveRiskEngineConfigSchema.parse({ maxOrderSubmitRate: "1/00:00:01" }),
    queueConfig: LiveRiskEngineConfigSchema.pick({ qsize: true, gracefulShutdownOnException: true }).parse(queue),
    exit: (code) => exits.push(code),
  });
  return { ...core, live: risk, exits };
}

describe("LiveRiskEngine", () => {
  it("queues commands and checks them in order once started (throttle included)", async () => {
    const core = liveRisk({ qsize: 1 });
    core.submit(makeOrder({ id: "O-1" }));
    core.submit(makeOrder({ id: "O-2" }));
    expect(core.live.queueBacklog()).toBe(2); // above qsize: parked, never dropped
    expect(core.order("O-1").status).toBe("INITIALIZED");
    core.live.start();
    await core.live.drain();
    expect(core.order("O-1").status).toBe("ACCEPTED");
    expect(core.order("O-2").status).toBe("DENIED"); // 1 per second
    expect(core.live.queueBacklog()).toBe(0);
  });
});
