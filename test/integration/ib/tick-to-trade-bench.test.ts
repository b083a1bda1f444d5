/**
 * The tick-to-trade benchmark (issue 7's performance target is measured with it) run short, end
 * to end: the simulator process, the floor and a real node, warm-up, one measured run each. It
 * asserts the bench works (orders answered, figures present), never its latencies: these
 * machines are shared, and speed is judged by `npm run bench`, not by tests.
 */
import { describe, expect, it } from "vitest";

interface ContenderStats { samples: number; missing: number; p50Us: number; runP99Us: number[]; runOver2ms: number[]; gc: { newSpaceMB: number } }

describe("tick-to-trade bench (short)", () => {
  it("both contenders answer the triggers and the figures are reported", async () => {
    const short = { T2T_RATES: "1000", T2T_ROUNDS: "1", T2T_SECONDS: "1", T2T_WARMUP_SECONDS: "1", T2T_STALL_PROBE_MS: "50" };
    Object.assign(process.env, short);
    let figures: Record<string, unknown>;
    try {
      // The bench reads its settings when it is loaded.
      const { default: tickToTrade } = await import("../../../scripts/bench/tick-to-trade.bench.js");
      figures = await tickToTrade();
    } finally {
      for (const k of Object.keys(short)) delete process.env[k];
    }
    const detail = figures["detail1k"] as { node: ContenderStats; floor: ContenderStats };
    const warmup = figures["warmup"] as { node: ContenderStats & { first200: ContenderStats }; floor: ContenderStats };
    for (const c of [detail.node, detail.floor]) {
      // 1 s at a trigger every 50 ms: 20 triggers, each answered by one order.
      expect(c.samples).toBeGreaterThanOrEqual(15);
      expect(c.missing).toBeLessThanOrEqual(2);
      expect(c.p50Us).toBeGreaterThan(0);
      expect(c.runP99Us).toHaveLength(1);
      expect(c.runOver2ms).toHaveLength(1);
      expect(c.gc.newSpaceMB).toBeGreaterThan(0);
    }
    // The warm-up: 1 s at a trigger every 25 ms.
    expect(warmup.node.samples).toBeGreaterThanOrEqual(30);
    expect(warmup.floor.samples).toBeGreaterThanOrEqual(30);
    expect(warmup.node.first200.samples).toBe(warmup.node.samples);
    expect(typeof figures["targetP99Within2xFloorAt10k"]).toBe("boolean");
  }, 90_000);
});
