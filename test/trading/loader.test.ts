import { describe, expect, it } from "vitest";
import { CortanaError } from "../../src/common/errors.js";
import { parseNodeConfig } from "../../src/config/parse.js";
import { EmaCross } from "../../src/strategies/ema-cross.js";
import { loadActors, loadStrategies, settleStrategies, strategyImportsCheck } from "../../src/trading/loader.js";
import { makeCore } from "./fixtures.js";
import { AuditActor, ProbeStrategy } from "./modules/components.js";

const MODS = "./test/trading/modules/components.ts";
const ema = { instrumentId: "AAPL.SIM", barType: "AAPL.SIM-5-SECOND-LAST-EXTERNAL", tradeSize: "10", fastPeriod: 2, slowPeriod: 4 };

async function failure(p: Promise<unknown>): Promise<CortanaError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CortanaError) return err;
    throw err;
  }
  throw new Error("expected a CortanaError");
}

describe("loadStrategies", () => {
  it("imports a path relative to the working directory and parses the config with the class's schema", async () => {
    const [loaded] = await loadStrategies([{ strategyPath: "./src/strategies/ema-cross.ts:EmaCross", config: ema }]);
    expect(loaded?.cls).toBe(EmaCross);
    expect(loaded?.label).toBe("strategies[0] (./src/strategies/ema-cross.ts:EmaCross)");
    expect(loaded?.config).toMatchObject({ ...ema, allowShort: false, manageStop: false, marketExitIntervalMs: 100 });
  });

  it("accepts a class given directly (a .ts config)", async () => {
    const [loaded] = await loadStrategies([{ strategyPath: ProbeStrategy, config: { threshold: 65 } }]);
    expect(loaded?.cls).toBe(ProbeStrategy);
    expect(loaded?.label).toBe("strategies[0] (ProbeStrategy)");
  });

  it("honours cwd for relative paths", async () => {
    const [loaded] = await loadStrategies([{ strategyPath: "./modules/components.ts:ProbeStrategy", config: { threshold: 1 } }], { cwd: "test/trading" });
    expect(loaded?.cls).toBe(ProbeStrategy);
  });

  it("an import that fails is CORTANA_E_STRATEGY_IMPORT naming the index, the path and the cause", async () => {
    const missing = await failure(loadStrategies([{ strategyPath: ProbeStrategy, config: { threshold: 1 } }, { strategyPath: "./src/strategies/nope.ts:Nope", config: {} }]));
    expect(missing.code).toBe("CORTANA_E_STRATEGY_IMPORT");
    expect(missing.message).toMatch(/^strategies\[1\]\.strategyPath: cannot import "\.\/src\/strategies\/nope\.ts" \(\.\/src\/strategies\/nope\.ts:Nope\): /);
    const throwing = await failure(loadStrategies([{ strategyPath: "./test/trading/modules/throws-on-import.ts:X", config: {} }]));
    expect(throwing.message).toContain("boom at import");
    const pkg = await failure(loadStrategies([{ strategyPath: "no-such-package-cortana/strategies:Foo", config: {} }]));
    expect(pkg.message).toContain('strategies[0].strategyPath: cannot import "no-such-package-cortana/strategies"');
  });

  it("a missing export lists the module's exports", async () => {
    const err = await failure(loadStrategies([{ strategyPath: `${MODS}:EmaCros`, config: {} }]));
    expect(err.code).toBe("CORTANA_E_STRATEGY_IMPORT");
    expect(err.message).toContain(`strategies[0].strategyPath: "${MODS}" has no export "EmaCros" (exports: `);
    expect(err.message).toContain("ProbeStrategy");
  });

  it("an export that is not a Strategy subclass is refused (class, value, package export, actor)", async () => {
    const cases = [`${MODS}:Plain`, `${MODS}:notAClass`, "zod:z", `${MODS}:AuditActor`];
    for (const path of cases) {
      const err = await failure(loadStrategies([{ strategyPath: path, config: {} }]));
      expect(err.code).toBe("CORTANA_E_STRATEGY_IMPORT");
      expect(err.message).toContain(`strategies[0].strategyPath: strategies[0] (${path}) is not a Strategy subclass`);
    }
  });

  it("a config failing the strategy's schema is CORTANA_E_STRATEGY_CONFIG with every problem's full path", async () => {
    const err = await failure(loadStrategies([{ strategyPath: `${MODS}:ProbeStrategy`, config: { threshold: 101, treshold: 5, orderIdTag: "" } }]));
    expect(err.code).toBe("CORTANA_E_STRATEGY_CONFIG");
    expect(err.message).toContain(`strategies[0] (${MODS}:ProbeStrategy): config is invalid (3 problems)`);
    expect(err.message).toContain("strategies[0].config.threshold: must be <= 100, got 101");
    expect(err.message).toContain('strategies[0].config.treshold: unknown key (did you mean "threshold"?)');
    expect(err.message).toContain("strategies[0].config.orderIdTag: must not be empty");
    expect(err.details).toEqual({ problems: expect.arrayContaining([{ path: "strategies[0].config.threshold", message: "must be <= 100, got 101" }]) });
  });

  it("configPath points at a separate schema export; it must be a zod schema", async () => {
    const [ok] = await loadStrategies([{ strategyPath: `${MODS}:ProbeStrategy`, configPath: `${MODS}:AltSchema`, config: { level: "HIGH" } }]);
    expect(ok?.config).toMatchObject({ level: "HIGH" });
    const bad = await failure(loadStrategies([{ strategyPath: `${MODS}:ProbeStrategy`, configPath: `${MODS}:AltSchema`, config: { level: "MID" } }]));
    expect(bad.message).toContain('strategies[0].config.level: must be one of "LOW", "HIGH", got "MID"');
    const notSchema = await failure(loadStrategies([{ strategyPath: `${MODS}:ProbeStrategy`, configPath: `${MODS}:notAClass`, config: {} }]));
    expect(notSchema.message).toBe("strategies[0].configPath: the export is not a zod schema");
  });

  it("settleStrategies reports every entry's outcome", async () => {
    const settled = await settleStrategies([{ strategyPath: ProbeStrategy, config: { threshold: 1 } }, { strategyPath: `${MODS}:Plain`, config: {} }, { strategyPath: ProbeStrategy, config: {} }]);
    expect(settled.map((s) => (s.ok ? "ok" : s.error.code))).toEqual(["ok", "CORTANA_E_STRATEGY_IMPORT", "CORTANA_E_STRATEGY_CONFIG"]);
  });

  it("what it loads builds through Trader.addLoaded", async () => {
    const strategies = await loadStrategies([{ strategyPath: "./src/strategies/ema-cross.ts:EmaCross", config: { ...ema, orderIdTag: "E1" } }]);
    const actors = await loadActors([{ actorPath: `${MODS}:AuditActor`, config: { componentId: "Audit" } }]);
    const core = makeCore();
    core.trader.addLoaded({ strategies, actors });
    expect(core.trader.strategyIds()).toEqual(["EmaCross-E1"]);
    expect(core.trader.actors().map((a) => a.componentId)).toEqual(["Audit"]);
  });
});

describe("loadActors", () => {
  it("loads an Actor subclass; a Strategy listed as an actor is refused", async () => {
    const [loaded] = await loadActors([{ actorPath: `${MODS}:AuditActor`, config: {} }]);
    expect(loaded?.config).toEqual({ sink: "stdout" });
    const err = await failure(loadActors([{ actorPath: `${MODS}:ProbeStrategy`, config: {} }]));
    expect(err.message).toContain("is a Strategy; list it under strategies, not actors");
    const cfg = await failure(loadActors([{ actorPath: AuditActor, config: { sinks: "x" } }]));
    expect(cfg.message).toContain('actors[0].config.sinks: unknown key (did you mean "sink"?)');
  });
});

describe("strategyImportsCheck (validate)", () => {
  it("reports ok per component and one error item per problem, with paths and codes", async () => {
    const parsed = parseNodeConfig({
      strategies: [
        { strategyPath: "./src/strategies/ema-cross.ts:EmaCross", config: { ...ema, orderIdTag: "A" } },
        { strategyPath: "./src/strategies/ema-cross.ts:EmaCross", config: { ...ema, orderIdTag: "B", fastPeriod: 9 } },
        { strategyPath: "./src/strategies/missing.ts:X", config: {} },
      ],
      actors: [{ actorPath: `${MODS}:AuditActor`, config: {} }],
    });
    expect(strategyImportsCheck).toMatchObject({ id: "strategies", needsConfig: true });
    const items = await strategyImportsCheck.run({ file: "x.ts", offline: true, registry: new Map(), parsed });
    expect(items.map((i) => [i.status, i.path])).toEqual([
      ["ok", "strategies[0]"],
      ["error", "strategies[1].config.fastPeriod"],
      ["error", "strategies[2].strategyPath"],
      ["ok", "actors[0]"],
    ]);
    expect(items[1]).toMatchObject({ code: "CORTANA_E_STRATEGY_CONFIG", message: "must be less than slowPeriod" });
    expect(items[2]).toMatchObject({ code: "CORTANA_E_STRATEGY_IMPORT" });
  });
});
