// The CLI as a child process: exit codes, output, --json, redaction, no stack traces for a user's mistake.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "cortana-cli-"));

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/cortana-node.js", ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function json(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe("cortana-node validate", () => {
  it("passes config/sim.ts with exit 0", async () => {
    const r = await cli(["validate", "--config", "config/sim.ts"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ load");
    expect(r.stdout).toMatch(/^valid/m);
  });

  it("passes config/paper.ts when the credentials are exported", async () => {
    const r = await cli(["validate", "--config", "config/paper.ts", "--offline"], { TWS_USERNAME: "u", TWS_PASSWORD: "p" });
    expect(r.code).toBe(0);
  });

  it("fails config/paper.ts without credentials, naming both variables", async () => {
    const r = await cli(["validate", "--config", "config/paper.ts"], { TWS_USERNAME: "", TWS_PASSWORD: "" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("CORTANA_E_ENV_MISSING");
    expect(r.stdout).toMatch(/TWS_USERNAME, TWS_PASSWORD/);
  });

  it("prints one ✗ line per problem and exits 1", async () => {
    const file = json("bad.json", { traderId: "X", execEngine: { openCheckLookback: 60 } });
    const r = await cli(["validate", "--config", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ schema");
    expect(r.stdout).toContain("traderId: must be name-tag");
    expect(r.stdout).toContain('execEngine.openCheckLookback: unknown key (did you mean "openCheckLookbackMins"?)');
    expect(r.stdout).toMatch(/invalid: 2 errors/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--json gives the same checklist as data", async () => {
    const file = json("warn.json", { riskEngine: { bypass: true } });
    const r = await cli(["validate", "--config", file, "--json"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { valid: boolean; items: { check: string; status: string; path?: string }[] };
    expect(result.valid).toBe(true);
    expect(result.items).toContainEqual(expect.objectContaining({ check: "rule:risk-bypass", status: "warn", path: "riskEngine.bypass" }));
  });

  it("a missing file is exit 1 with a clear message", async () => {
    const r = await cli(["validate", "--config", join(dir, "nope.ts")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("CORTANA_E_CONFIG_NOT_FOUND");
  });
});

describe("cortana-node config print", () => {
  const file = json("secrets.json", {
    cache: { database: { host: "localhost", password: "redis-pw-42" } },
    execClients: { IB: { ibgPort: 4002, accountId: "DU1" } },
  });

  it("prints every default, secrets redacted (json)", async () => {
    const r = await cli(["config", "print", "--config", file, "--format", "json"]);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(printed.execEngine?.inflightCheckIntervalMs).toBe(2000);
    expect(printed.cache?.database).toMatchObject({ password: "[REDACTED]", connectionTimeout: 20 });
    expect(r.stdout).not.toContain("redis-pw-42");
    expect(r.stderr).toContain("drift detection disabled");
  });

  it("yaml is the default format", async () => {
    const r = await cli(["config", "print", "--config", file]);
    expect(r.stdout).toContain("traderId: TRADER-001");
    expect(r.stdout).not.toContain("redis-pw-42");
  });

  it("an invalid config exits 1 with the code and no stack", async () => {
    const r = await cli(["config", "print", "--config", json("bad2.json", { traderId: "X" })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error CORTANA_E_CONFIG_INVALID");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--debug adds the stack", async () => {
    const r = await cli(["--debug", "config", "print", "--config", json("bad3.json", { traderId: "X" })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe("usage", () => {
  it.each([
    [["bogus"], "unknown command 'bogus'"],
    [["validate"], "required option"],
    [["validate", "--config", "config/sim.ts", "--nope"], "unknown option '--nope'"],
    [["config", "print", "--config", "config/sim.ts", "--format", "xml"], "Allowed choices are json, yaml"],
    [[], "Usage: cortana-node"],
  ])("%j exits 2", async (args, text) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
  });

  it("--version and --help exit 0", async () => {
    const version = await cli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("validate");
  });
});

describe("validate: client factories", () => {
  it("a client whose factory is not built in is an error naming it", async () => {
    const file = json("factory.json", { execEngine: { openCheckIntervalSecs: 10 }, dataClients: { BINANCE: {} } });
    const r = await cli(["validate", "--config", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ factories\s+dataClients.BINANCE: no factory "BINANCE" \(built in: IB\)/);
  });

  it("IB clients pass", async () => {
    const r = await cli(["validate", "--config", "config/sim.ts"]);
    expect(r.stdout).toMatch(/✓ factories\s+execClients.IB: factory "IB" is built in/);
  });
});

describe("validate: strategies", () => {
  it("a strategy config failing its schema is an error naming the field", async () => {
    const file = json("strategy.json", {
      execEngine: { openCheckIntervalSecs: 10 },
      strategies: [{ strategyPath: "./src/strategies/ema-cross.ts:EmaCross", config: { instrumentId: "SPY.SMART", barType: "SPY.SMART-5-SECOND-LAST-EXTERNAL", tradeSize: 10, fastPeriod: 30, slowPeriod: 20 } }],
    });
    const r = await cli(["validate", "--config", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ strategies/);
    expect(r.stdout).toContain("CORTANA_E_STRATEGY_CONFIG");
  });

  it("a strategy path that does not import is an error", async () => {
    const file = json("strategy2.json", { strategies: [{ strategyPath: "./src/strategies/nope.ts:Nope" }] });
    const r = await cli(["validate", "--config", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("CORTANA_E_STRATEGY_IMPORT");
  });
});

describe("cortana-node run: exit codes", () => {
  it("an invalid config exits 1 before anything starts", async () => {
    const r = await cli(["run", "--config", json("run-bad.json", { traderId: "X" })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("CORTANA_E_CONFIG_INVALID");
  });

  it("a client without a built-in factory exits 3", async () => {
    const r = await cli(["run", "--config", json("run-factory.json", { execEngine: { openCheckIntervalSecs: 10 }, dataClients: { OKX: {} } })]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("CORTANA_E_MISSING_FACTORY");
    expect(r.stderr).toMatch(/data client "OKX" needs factory "OKX"/);
  });

  it("a gateway that never answers exits 4 (connection timeout)", async () => {
    const file = json("run-timeout.json", {
      timeoutConnection: 1,
      timeoutDisconnection: 1,
      logging: { logLevel: "ERROR" },
      execEngine: { openCheckIntervalSecs: 10 },
      execClients: { IB: { ibgPort: 1, accountId: "DU1", connectionTimeout: 30 } },
    });
    const r = await cli(["run", "--config", file]);
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).toContain("CORTANA_E_CONNECTION_TIMEOUT");
  });
});
