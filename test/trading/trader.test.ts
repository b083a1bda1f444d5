import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Cache } from "../../src/cache/cache.js";
import { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { nullLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { StrategyId } from "../../src/model/identifiers.js";
import { Price, Quantity } from "../../src/model/values.js";
import { Actor, type ActorState } from "../../src/trading/actor.js";
import { actorConfigSchema, strategyConfigSchema } from "../../src/trading/config.js";
import { Strategy } from "../../src/trading/strategy.js";
import { Trader } from "../../src/trading/trader.js";
import { AAPL, T0, TRADER, makeCore } from "./fixtures.js";
import { Recorder } from "./recorder.js";

const journal: string[] = [];

class Audit extends Actor {
  protected override onStart(): void { journal.push(`start:${this.componentId}`); }
  protected override onStop(): void { journal.push(`stop:${this.componentId}`); }
  protected override onReset(): void { journal.push(`reset:${this.componentId}`); }
  protected override onDispose(): void { journal.push(`dispose:${this.componentId}`); }
}

const StatefulConfig = strategyConfigSchema({ counter: z.number().int().default(0), brokenStart: z.boolean().default(false), brokenSave: z.boolean().default(false) });

class Stateful extends Strategy<z.output<typeof StatefulConfig>> {
  static override configSchema = StatefulConfig;
  counter = this.config.counter;
  blob: Uint8Array = new Uint8Array([0, 1, 2]);
  protected override onStart(): void {
    journal.push(`start:${this.id}`);
    if (this.config.brokenStart) throw new Error("cannot start");
  }
  protected override onStop(): void { journal.push(`stop:${this.id}`); }
  protected override onSave(): ActorState {
    if (this.config.brokenSave) throw new Error("cannot save");
    return { counter: String(this.counter), blob: this.blob };
  }
  protected override onLoad(state: ActorState): void {
    this.counter = Number(state.counter);
    this.blob = state.blob as Uint8Array;
  }
}

describe("Trader", () => {
  it("starts actors then strategies, stops strategies then actors; one failing onStart does not stop the others", () => {
    journal.length = 0;
    const core = makeCore();
    core.trader.addActor(Audit, {});
    const broken = core.trader.addStrategy(Stateful, { orderIdTag: "A", brokenStart: true });
    const fine = core.trader.addStrategy(Stateful, { orderIdTag: "B" });
    core.trader.start();
    expect(journal).toEqual(["start:Audit", "start:Stateful-A", "start:Stateful-B"]);
    expect(core.trader.strategyStates()).toEqual({ "Stateful-A": "STARTING", "Stateful-B": "RUNNING" });
    expect(core.logs("error").find((r) => r.code === "CORTANA_E_STRATEGY_HANDLER")).toMatchObject({ component: "Stateful-A", handler: "onStart" });
    journal.length = 0;
    core.trader.stop();
    expect(journal).toEqual(["stop:Stateful-A", "stop:Stateful-B", "stop:Audit"]);
    expect([broken.state, fine.state, core.trader.state]).toEqual(["STOPPED", "STOPPED", "STOPPED"]);
    journal.length = 0;
    core.trader.reset();
    core.trader.dispose();
    expect(journal).toEqual(["reset:Audit", "dispose:Audit"]);
    expect(core.trader.strategies().every((s) => s.isDisposed)).toBe(true);
  });

  it("components are added only before the node runs", () => {
    const core = makeCore();
    core.trader.start();
    expect(() => core.trader.addStrategy(Recorder, {})).toThrow(expect.objectContaining({ code: "CORTANA_E_NODE_STATE" }));
    expect(() => core.trader.addActor(Audit, {})).toThrow(expect.objectContaining({ code: "CORTANA_E_NODE_STATE" }));
  });

  it("validates each config with the class's schema: unknown keys and bad values named with their path", () => {
    const core = makeCore();
    const bad = () => core.trader.addStrategy(Stateful, { counterr: 1, manageStop: "yes" }, { label: "strategies[2] (Stateful)" });
    expect(bad).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG" }));
    try {
      bad();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain("strategies[2] (Stateful): config is invalid (2 problems)");
      expect(message).toContain('config.counterr: unknown key (did you mean "counter"?)');
      expect(message).toContain("config.manageStop: expected boolean");
    }
    expect(() => core.trader.addActor(Audit, { componentId: "" })).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG" }));
    expect(core.trader.strategies()).toEqual([]);
  });

  it("a second actor with the same component id is refused", () => {
    const core = makeCore();
    core.trader.addActor(Audit, {});
    expect(() => core.trader.addActor(Audit, {})).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG" }));
    expect(core.trader.actors()).toHaveLength(1);
  });

  it("saveState / loadState round-trip every strategy's state through the cache database, bytes included", async () => {
    const database = new InMemoryCacheDatabase();
    const core = makeCore();
    const first = new Trader({ traderId: TRADER, bus: core.bus, clock: core.clock, cache: new Cache({ database }), logger: nullLogger });
    const s = first.addStrategy(Stateful, { orderIdTag: "S", counter: 41 });
    s.counter = 42;
    s.blob = new Uint8Array([9, 8, 255]);
    first.saveState();
    expect(await database.loadStrategy(StrategyId("Stateful-S"))).toEqual({ counter: "s:42", blob: "b:CQj/" });

    // A restart: a fresh bus, cache and trader on the same database.
    const clock = new TestClock(T0);
    const bus = new MessageBus({ logger: nullLogger, clock });
    const second = new Trader({ traderId: TRADER, bus, clock, cache: new Cache({ database }), logger: nullLogger });
    const restored = second.addStrategy(Stateful, { orderIdTag: "S" });
    await second.loadState();
    expect(restored.counter).toBe(42);
    expect(restored.blob).toEqual(new Uint8Array([9, 8, 255]));
  });

  it("a throwing onSave keeps the previously saved state", async () => {
    const core = makeCore({ withDatabase: true });
    const s = core.trader.addStrategy(Stateful, { orderIdTag: "S", brokenSave: true });
    core.cache.updateStrategyState(s.id, { counter: "s:7" });
    core.trader.saveState();
    expect(await core.cache.loadStrategyState(s.id)).toEqual({ counter: "s:7" });
    expect(core.logs("error").find((r) => r.code === "CORTANA_E_STRATEGY_HANDLER")).toMatchObject({ handler: "onSave" });
  });

  it("checkResiduals logs and returns the open orders and positions of its strategies", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(Recorder, { orderIdTag: "R" });
    core.trader.start();
    s.submitOrder(s.orderFactory.market({ instrumentId: AAPL.id, side: "BUY", quantity: Quantity.from("3") }));
    const resting = s.orderFactory.limit({ instrumentId: AAPL.id, side: "BUY", quantity: Quantity.from("1"), price: Price.from("90.00") });
    s.submitOrder(resting);
    const residuals = core.trader.checkResiduals();
    expect(residuals.openOrders).toEqual([resting]);
    expect(residuals.openPositions.map((p) => p.id)).toEqual(["AAPL.SIM-Recorder-R"]);
    const warnings = core.logs("warn").map((r) => r.msg);
    expect(warnings).toContain(`Residual open order ${resting.clientOrderId} (Recorder-R)`);
    expect(warnings).toContain("Residual open position AAPL.SIM-Recorder-R (Recorder-R)");
  });

  it("without an ExecEngine, external order claims go to the cache directly", () => {
    const clock = new TestClock(T0);
    const bus = new MessageBus({ logger: nullLogger, clock });
    const cache = new Cache();
    const trader = new Trader({ traderId: TRADER, bus, clock, cache, logger: nullLogger });
    trader.addStrategy(Recorder, { orderIdTag: "A", externalOrderClaims: ["AAPL.SIM"] });
    expect(cache.externalOrderClaim(AAPL.id)).toBe("Recorder-A");
    expect(() => trader.addStrategy(Recorder, { orderIdTag: "B", externalOrderClaims: ["AAPL.SIM"] })).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG" }));
  });

  it("componentDeps hands every component the node's measure and executor", () => {
    const measure = <T>(_c: string, fn: () => T): T => fn();
    const executor = { run: async <T>() => undefined as T };
    const clock = new TestClock(T0);
    const trader = new Trader({ traderId: TRADER, bus: new MessageBus({ logger: nullLogger, clock }), clock, cache: new Cache(), logger: nullLogger, measure, executor });
    expect(trader.componentDeps()).toMatchObject({ measure, executor, traderId: TRADER });
    expect(actorConfigSchema({}).safeParse({ x: 1 }).success).toBe(false);
  });
});
