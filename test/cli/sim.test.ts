/**
 * The `sim` command: option validation (CORTANA_E_USAGE, exit 2), and a real run in a child
 * process: it logs with pino, serves the real IBApi, stops cleanly on SIGTERM and saves --state,
 * which a second run continues from.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventName, IBApi, OrderAction, OrderType } from "@stoqey/ib";
import { parseSimOptions } from "../../src/cli/commands/sim.js";
import { CortanaError } from "../../src/common/errors.js";

const base = { port: "4002", logLevel: "info" };

describe("parseSimOptions", () => {
  it("accepts the documented flags", () => {
    expect(parseSimOptions({ ...base, seed: "7", controlPort: "0", tz: "America/New_York", state: "s.json", scenario: "x.json" })).toEqual({
      port: 4002, controlPort: 0, seed: 7, scenarioFile: "x.json", stateFile: "s.json", timeZone: "America/New_York", logLevel: "info",
    });
  });
  it.each([
    [{ ...base, port: "http" }, /--port must be an integer/],
    [{ ...base, port: "70000" }, /--port must be between/],
    [{ ...base, seed: "-1" }, /--seed must be an integer/],
    [{ ...base, tz: "Mars/Olympus" }, /--tz "Mars\/Olympus" is not a time zone/],
    [{ ...base, logLevel: "loud" }, /--log-level must be one of/],
    [{ ...base, controlPort: "4002" }, /--control-port must differ/],
  ])("rejects %j with exit code 2", (opts, msg) => {
    let err: unknown;
    try {
      parseSimOptions(opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CortanaError);
    expect((err as CortanaError).code).toBe("CORTANA_E_USAGE");
    expect((err as CortanaError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(msg);
  });
});

function run(args: string[]): { child: ChildProcess; ready: Promise<{ port: number; controlPort: number }>; exit: Promise<number | null>; out: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "test/cli/sim-runner.ts", "sim", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const ready = new Promise<{ port: number; controlPort: number }>((resolve, reject) => {
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      for (const line of out.split("\n")) {
        if (!line.includes("simulator ready")) continue;
        const j = JSON.parse(line) as { port: number; controlPort: number };
        resolve(j);
      }
    });
    child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", () => reject(new Error(`exited before ready:\n${out}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, ready, exit, out: () => out };
}

describe("sim command (child process)", () => {
  it("serves IBApi, stops on SIGTERM with exit 0, saves --state, and a second run continues from it", async () => {
    const state = join(mkdtempSync(join(tmpdir(), "sim-cli-")), "venue.json");
    const first = run(["--port", "0", "--control-port", "0", "--state", state, "--seed", "3"]);
    const { port } = await first.ready;
    const ib = new IBApi({ host: "127.0.0.1", port, clientId: 9, maxReqPerSec: 100 });
    const next = new Promise<void>((r) => ib.once(EventName.nextValidId, () => r()));
    ib.connect();
    await next;
    const filled = new Promise<void>((r) => ib.on(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled" && r()));
    ib.placeOrder(1, { symbol: "SPY", secType: "STK" as never, exchange: "SMART", currency: "USD" }, { action: OrderAction.BUY, totalQuantity: 2, orderType: OrderType.MKT, transmit: true });
    await filled;
    ib.disconnect();
    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    expect(existsSync(state)).toBe(true);
    expect(first.out()).toContain("venue state saved");
    // One `component` per line, nested for the simulator's parts (pino repeats a key bound twice).
    const lines = first.out().split("\n").filter((l) => l.startsWith("{"));
    for (const line of lines) expect(line.match(/"component":/g)?.length, line).toBe(1);
    const components = new Set(lines.map((l) => (JSON.parse(l) as { component: string }).component));
    expect([...components].filter((c) => c === "sim" || c === "sim.gateway" || c === "sim.control").sort()).toEqual(["sim", "sim.control", "sim.gateway"]);

    const second = run(["--port", "0", "--control-port", "0", "--state", state]);
    const { controlPort } = await second.ready;
    const res = (await (await fetch(`http://127.0.0.1:${controlPort}/positions`)).json()) as { value: { position: string }[] };
    expect(res.value.map((p) => p.position)).toEqual(["2"]);
    second.child.kill("SIGINT");
    expect(await second.exit).toBe(0);
  }, 30_000);

  it("exits 2 on a bad flag, 1 on a bad scenario file", async () => {
    const bad = run(["--port", "nope"]);
    bad.ready.catch(() => undefined);
    expect(await bad.exit).toBe(2);
    expect(bad.out()).toContain("CORTANA_E_USAGE");
    const missing = run(["--port", "0", "--scenario", "/nonexistent/scenario.json"]);
    missing.ready.catch(() => undefined);
    expect(await missing.exit).toBe(1);
    expect(missing.out()).toContain("CORTANA_E_SCENARIO_INVALID");
  }, 30_000);
});
