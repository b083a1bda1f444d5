// Cross-field rules: unsafe settings are errors on a live account and warnings otherwise;
// always-errors and always-warnings as the foundation issue lists them.
import { describe, expect, it } from "vitest";
import { ConfigInvalidError, parseNodeConfig } from "../../src/config/parse.js";
import { builtinClientSchemas } from "../../src/index.js";
import type { Finding } from "../../src/config/rules.js";

const paperExec = { IB: { ibgPort: 4002, accountId: "DU1234567" } };
const liveExec = { IB: { ibgPort: 4001, accountId: "U7654321" } };
const checksOn = { openCheckIntervalSecs: 10, positionCheckIntervalSecs: 60 };

function outcome(raw: Record<string, unknown>): { errors: Finding[] | { path: string; message: string }[]; warnings: Finding[] } {
  try {
    const { warnings } = parseNodeConfig(raw, builtinClientSchemas, {});
    return { errors: [], warnings };
  } catch (err) {
    if (!(err instanceof ConfigInvalidError)) throw err;
    return { errors: err.problems, warnings: err.warnings };
  }
}

const UNSAFE: [string, string, Record<string, unknown>][] = [
  ["open-check-lookback", "execEngine.openCheckLookbackMins", { execEngine: { ...checksOn, openCheckLookbackMins: 15 } }],
  ["startup-delay", "execEngine.reconciliationStartupDelaySecs", { execEngine: { ...checksOn, reconciliationStartupDelaySecs: 5 } }],
  ["reconciliation-off", "execEngine.reconciliation", { execEngine: { ...checksOn, reconciliation: false } }],
  ["risk-bypass", "riskEngine.bypass", { execEngine: checksOn, riskEngine: { bypass: true } }],
  ["no-missing-orders", "execEngine.generateMissingOrders", { execEngine: { ...checksOn, generateMissingOrders: false } }],
  ["flush-on-start", "cache.flushOnStart", { execEngine: checksOn, cache: { flushOnStart: true, database: { host: "localhost" } } }],
  ["purge-from-database", "execEngine.purgeFromDatabase", { execEngine: { ...checksOn, purgeFromDatabase: true } }],
  ["print-config", "logging.printConfig", { execEngine: checksOn, logging: { printConfig: true } }],
];

describe("unsafe settings", () => {
  it.each(UNSAFE)("%s is a warning on a paper account", (rule, path, raw) => {
    const { errors, warnings } = outcome({ ...raw, execClients: paperExec });
    expect(errors).toEqual([]);
    expect(warnings.find((w) => w.rule === rule)?.path).toBe(path);
  });

  it.each(UNSAFE)("%s is an error on a live account", (_rule, path, raw) => {
    const { errors } = outcome({ ...raw, execClients: liveExec });
    expect(errors.map((e) => e.path)).toContain(path);
  });

  it.each(UNSAFE)("%s is an error when a dockerized gateway trades live", (_rule, path, raw) => {
    const live = { IB: { accountId: "U1", dockerizedGateway: { username: "u", password: "p", tradingMode: "live" } } };
    expect(outcome({ ...raw, execClients: live }).errors.map((e) => e.path)).toContain(path);
  });

  it("flushOnStart without a database is harmless", () => {
    expect(outcome({ execEngine: checksOn, cache: { flushOnStart: true }, execClients: liveExec }).errors).toEqual([]);
  });

  it("the safe defaults on a live account pass", () => {
    expect(outcome({ execEngine: checksOn, execClients: liveExec })).toEqual({ errors: [], warnings: [] });
  });
});

describe("always errors", () => {
  const strategy = (config: Record<string, unknown>) => ({ strategyPath: "./s.ts:S", config });

  it.each([
    ["two strategies with one strategyId", { strategies: [strategy({ strategyId: "A-1" }), strategy({ strategyId: "A-1" })] }, "strategies[1].config.strategyId"],
    ["two strategies with one orderIdTag", { strategies: [strategy({ orderIdTag: "001" }), strategy({ orderIdTag: "001" })] }, "strategies[1].config.orderIdTag"],
    [
      "two strategies claiming one instrument",
      { strategies: [strategy({ externalOrderClaims: ["SPY.SMART"] }), strategy({ externalOrderClaims: ["QQQ.SMART", "SPY.SMART"] })] },
      "strategies[1].config.externalOrderClaims",
    ],
    [
      "two default exec routes",
      { execClients: { "IB-1": { ibgPort: 4002, accountId: "DU1", routing: { default: true } }, "IB-2": { ibgPort: 4002, ibgClientId: 2, accountId: "DU1", routing: { default: true } } } },
      "execClients",
    ],
    [
      "two default data routes",
      { dataClients: { "IB-1": { ibgPort: 4002, routing: { default: true } }, "IB-2": { ibgPort: 4002, routing: { default: true } } } },
      "dataClients",
    ],
    ["an exec client without accountId", { execClients: { IB: { ibgPort: 4002 } } }, "execClients.IB.accountId"],
    ["a generic exec client without accountId", { execClients: { OTHER: {} } }, "execClients.OTHER.accountId"],
    [
      "paper mode with a live account",
      { execClients: { IB: { accountId: "U123", dockerizedGateway: { username: "u", password: "p", tradingMode: "paper" } } } },
      "execClients.IB.accountId",
    ],
    [
      "live mode with a paper account",
      { execClients: { IB: { accountId: "DU123", dockerizedGateway: { username: "u", password: "p", tradingMode: "live" } } } },
      "execClients.IB.accountId",
    ],
  ])("%s", (_name, raw, path) => {
    expect(outcome({ execEngine: checksOn, ...raw }).errors.map((e) => e.path)).toContain(path);
  });

  it("one strategy may claim several instruments", () => {
    expect(outcome({ execEngine: checksOn, strategies: [strategy({ externalOrderClaims: ["SPY.SMART", "QQQ.SMART"] })] }).errors).toEqual([]);
  });
});

describe("warnings", () => {
  it("both continuous checks off: drift detection disabled", () => {
    expect(outcome({}).warnings.map((w) => w.rule)).toEqual(["drift-detection-off"]);
    expect(outcome({ execEngine: { openCheckIntervalSecs: 5 } }).warnings).toEqual([]);
    expect(outcome({ execEngine: { positionCheckIntervalSecs: 30 } }).warnings).toEqual([]);
  });

  it.each([
    [4001, "DU1", true],
    [4002, "DU1", false],
    [7496, "DU1", true],
    [7497, "DU1", false],
    [4002, "U1", true],
    [7497, "U1", true],
    [4001, "U1", false],
    [7496, "U1", false],
    [5000, "U1", false],
  ])("port %i with account %s warns: %s", (port, accountId, warns) => {
    const { warnings } = outcome({ execEngine: checksOn, execClients: { IB: { ibgPort: port, accountId } } });
    expect(warnings.some((w) => w.rule === "port-mode-mismatch")).toBe(warns);
  });

  it("a dockerized gateway port is checked against its trading mode", () => {
    const gw = { username: "u", password: "p", tradingMode: "paper", port: 4001 };
    const { warnings } = outcome({ execEngine: checksOn, dataClients: { IB: { dockerizedGateway: gw } } });
    expect(warnings.find((w) => w.rule === "port-mode-mismatch")?.path).toBe("dataClients.IB.dockerizedGateway.port");
  });
});
