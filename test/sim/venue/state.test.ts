import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCortanaError } from "../../../src/common/errors.js";
import { createVenue } from "../../../src/sim/scenario/create.js";
import { defaultScenario } from "../../../src/sim/scenario/default.js";
import { loadStateFile, saveStateFile } from "../../../src/sim/venue/state.js";
import { SimVenue } from "../../../src/sim/venue/venue.js";
import type { VenueEvent } from "../../../src/sim/venue/api.js";
import { permOf, req, SPY, T0 } from "./helpers.js";

const spyReq = (over = {}) => req({ contract: { conId: SPY }, account: "", ...over });

function walkPath(seed: number, steps: number, every = 1000): number[] {
  const v = createVenue(defaultScenario(), seed, { nowMs: T0 });
  const out: number[] = [];
  for (let i = 1; i <= steps; i++) {
    v.advance(T0 + i * every);
    out.push(v.quote(SPY)!.bid);
  }
  return out;
}

describe("determinism", () => {
  it("same seed, same path; another seed, another path", () => {
    const a = walkPath(7, 50);
    expect(walkPath(7, 50)).toEqual(a);
    expect(walkPath(8, 50)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(3);
  });

  it("the path does not depend on how often advance is called", () => {
    const fine = walkPath(7, 60, 250);
    const coarse = walkPath(7, 15, 1000);
    expect(coarse).toEqual(fine.filter((_, i) => i % 4 === 3));
  });

  it("a long catch-up advance reaches the same prices as small steps", () => {
    const v = createVenue(defaultScenario(), 3, { nowMs: T0 });
    const w = createVenue(defaultScenario(), 3, { nowMs: T0 });
    const quotes: VenueEvent[] = [];
    v.subscribe((e) => quotes.push(e));
    v.advance(T0 + 600_000);
    for (let t = T0; t <= T0 + 600_000; t += 10_000) w.advance(t);
    expect(v.quote(SPY)).toEqual(w.quote(SPY));
    const call = v.findContracts({ symbol: "SPY", secType: "OPT", right: "C" })[5]!;
    expect(v.quote(call.conId)!.bid).toBe(w.quote(call.conId)!.bid);
    // Catch-up emits each changed quote once, not once per step.
    expect(quotes.filter((e) => e.kind === "quote" && e.quote.conId === SPY)).toHaveLength(1);
  });

  it("historical bars are deterministic, consistent, and end at or before endMs", () => {
    const v = createVenue(defaultScenario(), 5, { nowMs: T0 });
    const bars = v.historicalBars(SPY, T0, 300, 12);
    expect(bars).toHaveLength(12);
    expect(bars.at(-1)!.timeMs + 300_000).toBeLessThanOrEqual(T0);
    expect(bars[0]!.timeMs).toBe(T0 - 3600_000);
    for (const b of bars) expect(b.high >= Math.max(b.open, b.close) && b.low <= Math.min(b.open, b.close)).toBe(true);
    expect(v.historicalBars(SPY, T0, 300, 12)).toEqual(bars);
    expect(v.historicalBars(1, T0, 300, 12)).toEqual([]);
  });
});

describe("snapshot / restore", () => {
  it("a JSON round trip restores orders, executions, positions, cash, ids, prices and the walk", () => {
    const v = createVenue(defaultScenario(), 11, { nowMs: T0 });
    v.placeOrder(spyReq({ orderId: 1001, totalQuantity: "10" }));
    const resting = permOf(v.placeOrder(spyReq({ orderId: 1002, orderType: "LMT", lmtPrice: 500, tif: "GTC" })));
    v.advance(T0 + 5000);
    const json = JSON.parse(JSON.stringify(v.snapshot()));
    const w = SimVenue.fromState(json);
    expect(w.openOrders()).toEqual(v.openOrders());
    expect(w.executions()).toEqual(v.executions());
    expect(w.positions()).toEqual(v.positions());
    expect(w.accountValues("DU1234567")).toEqual(v.accountValues("DU1234567"));
    expect(w.nextOrderIdFor(1)).toBe(1003);
    expect(w.order(resting)!.permId).toBe(resting);
    // Both continue identically: same walk, same new ids.
    v.advance(T0 + 60_000);
    w.advance(T0 + 60_000);
    expect(w.quote(SPY)).toEqual(v.quote(SPY));
    const a = v.placeOrder(spyReq({ orderId: 1003 }));
    const b = w.placeOrder(spyReq({ orderId: 1003 }));
    expect(permOf(b)).toBe(permOf(a));
    expect(w.executions().at(-1)!.execution.execId).toBe(v.executions().at(-1)!.execution.execId);
  });

  it("restore() on a live venue keeps its subscribers", () => {
    const v = createVenue(defaultScenario(), 11, { nowMs: T0 });
    const saved = v.snapshot();
    const events: VenueEvent[] = [];
    v.subscribe((e) => events.push(e));
    v.placeOrder(spyReq({ orderId: 5 }));
    v.restore(saved);
    expect(v.executions()).toEqual([]);
    events.length = 0;
    v.placeOrder(spyReq({ orderId: 5 }));
    expect(events.some((e) => e.kind === "execution")).toBe(true);
  });

  it("save and load through a file; bad files give CORTANA_E_SIM_STATE naming the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "venue-state-"));
    const v = createVenue(defaultScenario(), 2, { nowMs: T0 });
    v.placeOrder(spyReq({ orderId: 9 }));
    const file = join(dir, "state.json");
    await saveStateFile(file, v.snapshot());
    const loaded = SimVenue.fromState(await loadStateFile(file));
    expect(loaded.positions()).toEqual(v.positions());

    const expectStateError = async (p: Promise<unknown>, text: string) => {
      const err = await p.then(() => undefined, (e: unknown) => e);
      expect(isCortanaError(err) && err.code).toBe("CORTANA_E_SIM_STATE");
      expect((err as Error).message).toContain(text);
    };
    await expectStateError(loadStateFile(join(dir, "missing.json")), "missing.json");
    await writeFile(join(dir, "bad.json"), "{ not json");
    await expectStateError(loadStateFile(join(dir, "bad.json")), "not valid JSON");
    await writeFile(join(dir, "v2.json"), JSON.stringify({ version: 2 }));
    await expectStateError(loadStateFile(join(dir, "v2.json")), "version: expected 1");
    await writeFile(join(dir, "holes.json"), JSON.stringify({ version: 1, orders: {} }));
    await expectStateError(loadStateFile(join(dir, "holes.json")), "orders: expected an array");
    await expectStateError(saveStateFile(join(dir, "no-such-dir", "s.json"), v.snapshot()), "cannot write");
    expect(() => SimVenue.fromState({ ...v.snapshot(), instruments: [{ nonsense: true }] } as never)).toThrow(/inconsistent/);
  });
});
