// Unknown keys with hints, each constraint, identifiers, rate strings, managed-gateway routing.
import { describe, expect, it } from "vitest";
import { ConfigInvalidError, parseNodeConfig } from "../../src/config/parse.js";
import { parseRate } from "../../src/config/primitives.js";
import { builtinClientSchemas } from "../../src/index.js";

function problems(raw: unknown): { path: string; message: string }[] {
  try {
    parseNodeConfig(raw, builtinClientSchemas, {});
  } catch (err) {
    if (err instanceof ConfigInvalidError) return err.problems;
    throw err;
  }
  throw new Error("expected the config to be invalid");
}

const ib = { simulatedGateway: {} };

describe("unknown keys", () => {
  it.each([
    [{ trader_id: "A-1" }, "trader_id", 'did you mean "traderId"'],
    [{ execEngine: { openCheckLookback: 60 } }, "execEngine.openCheckLookback", 'did you mean "openCheckLookbackMins"'],
    [{ cache: { database: { hots: "x" } } }, "cache.database.hots", 'did you mean "host"'],
    [{ dataClients: { IB: { ...ib, marketDataTyp: "REALTIME" } } }, "dataClients.IB.marketDataTyp", 'did you mean "marketDataType"'],
    [{ execClients: { "IB-2": { ...ib, accountId: "DU1", account_id: "DU1" } } }, "execClients.IB-2.account_id", 'did you mean "accountId"'],
    [{ dataClients: { IB: { simulatedGateway: { sede: 1 } } } }, "dataClients.IB.simulatedGateway.sede", 'did you mean "seed"'],
    [{ strategies: [{ strategyPath: "a:B", confg: {} }] }, "strategies[0].confg", 'did you mean "config"'],
    [{ emulator: {} }, "emulator", "not supported"],
    [{ zzzzzzzzzz: 1 }, "zzzzzzzzzz", "unknown key"],
  ])("%j is rejected at %s", (raw, path, hint) => {
    const found = problems(raw).find((p) => p.path === path);
    expect(found?.message).toContain(hint);
  });
});

describe("constraints", () => {
  it.each([
    [{ timeoutConnection: 0 }, "timeoutConnection", "must be > 0, got 0"],
    [{ timeoutReconciliation: -1 }, "timeoutReconciliation", "must be > 0"],
    [{ execEngine: { qsize: 0 } }, "execEngine.qsize", "must be > 0"],
    [{ execEngine: { qsize: 1.5 } }, "execEngine.qsize", "integer"],
    [{ execEngine: { inflightCheckRetries: -1 } }, "execEngine.inflightCheckRetries", "must be >= 0"],
    [{ execEngine: { openCheckLookbackMins: 0 } }, "execEngine.openCheckLookbackMins", "must be > 0"],
    [{ execEngine: { openCheckIntervalSecs: 0 } }, "execEngine.openCheckIntervalSecs", "must be > 0"],
    [{ execEngine: { reconciliationStartupDelaySecs: 0 } }, "execEngine.reconciliationStartupDelaySecs", "must be > 0"],
    [{ cache: { tickCapacity: 0 } }, "cache.tickCapacity", "must be > 0"],
    [{ cache: { encoding: "xml" } }, "cache.encoding", 'must be one of "msgpack", "json"'],
    [{ cache: { database: { type: "postgres" } } }, "cache.database.type", "redis"],
    [{ logging: { logLevel: "LOUD" } }, "logging.logLevel", "must be one of"],
    [{ riskEngine: { maxOrderSubmitRate: "fast" } }, "riskEngine.maxOrderSubmitRate", "limit/HH:MM:SS"],
    [{ riskEngine: { maxNotionalPerOrder: { SPY: 100 } } }, "riskEngine.maxNotionalPerOrder.SPY", "SYMBOL.VENUE"],
    [{ traderId: "TRADER" }, "traderId", "name-tag"],
    [{ traderId: "-001" }, "traderId", "name-tag"],
    [{ instanceId: "abc" }, "instanceId", "UUID"],
    [{ execEngine: { reconciliationInstrumentIds: ["SPY"] } }, "execEngine.reconciliationInstrumentIds[0]", "SYMBOL.VENUE"],
    [{ dataClients: { IB: { ...ib, marketDataType: "LIVE" } } }, "dataClients.IB.marketDataType", "DELAYED_FROZEN"],
    [{ dataClients: { IB: { ibgPort: 70000 } } }, "dataClients.IB.ibgPort", "<= 65535"],
    [{ dataClients: { IB: {} } }, "dataClients.IB.ibgPort", "set ibgPort"],
    [{ dataClients: { IB: { ibgPort: 4002, simulatedGateway: {} } } }, "dataClients.IB.ibgPort", "owned by the managed gateway"],
    [{ execClients: { IB: { ...ib, accountId: "" } } }, "execClients.IB.accountId", "must not be empty"],
    [{ dataClients: { IB: { dockerizedGateway: { username: "u" } } } }, "dataClients.IB.dockerizedGateway.password", "required"],
    [{ strategies: [{ strategyPath: "no-export" }] }, "strategies[0].strategyPath", "module:ExportName"],
    [{ strategies: [{ strategyPath: "a:B", config: { externalOrderClaims: ["SPY"] } }] }, "strategies[0].config.externalOrderClaims[0]", "SYMBOL.VENUE"],
  ])("%j fails at %s", (raw, path, text) => {
    const found = problems(raw).find((p) => p.path === path);
    expect(found, JSON.stringify(problems(raw))).toBeDefined();
    expect(found?.message).toContain(text);
  });

  it("lists every problem at once", () => {
    expect(problems({ timeoutConnection: 0, traderId: "X", cache: { tickCapacity: -1 } })).toHaveLength(3);
  });

  it("accepts valid identifiers with dots in the symbol", () => {
    const { config } = parseNodeConfig({ execEngine: { reconciliationInstrumentIds: ["BRK.B.NYSE", "ESZ6.CME"] } }, builtinClientSchemas, {});
    expect(config.execEngine.reconciliationInstrumentIds).toEqual(["BRK.B.NYSE", "ESZ6.CME"]);
  });

  it("lower-case log levels parse to Nautilus names", () => {
    const { config } = parseNodeConfig({ logging: { logLevel: "debug", logComponentLevels: { RiskEngine: "warn" } } }, builtinClientSchemas, {});
    expect(config.logging.logLevel).toBe("DEBUG");
    expect(config.logging.logComponentLevels).toEqual({ RiskEngine: "WARNING" });
  });

  it("a client with an unregistered factory is checked as a generic client", () => {
    const { config } = parseNodeConfig({ dataClients: { BINANCE: { apiKeyName: "x" } } }, builtinClientSchemas, {});
    expect(config.dataClients.BINANCE).toMatchObject({ apiKeyName: "x", routing: { default: false } });
  });

  it("an explicit factory selects the IB schema for any key", () => {
    expect(problems({ dataClients: { primary: { factory: "IB" } } }).map((p) => p.path)).toContain("dataClients.primary.ibgPort");
  });
});

describe("parseRate", () => {
  it.each([
    ["100/00:00:01", { limit: 100, intervalMs: 1000 }],
    ["5/00:01:00", { limit: 5, intervalMs: 60_000 }],
    ["1/01:00:00", { limit: 1, intervalMs: 3_600_000 }],
  ])("%s", (text, expected) => expect(parseRate(text)).toEqual(expected));

  it.each(["0/00:00:01", "10/00:00:00", "10/00:60:00", "10/1s", "ten/00:00:01", ""])("rejects %j with CORTANA_E_RATE_INVALID", (text) => {
    expect(() => parseRate(text)).toThrow(expect.objectContaining({ code: "CORTANA_E_RATE_INVALID" }));
  });
});
