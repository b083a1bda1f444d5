// The supervisor units in deploy/ agree with the node: they restart on exactly the exit codes a
// restart can cure, give a graceful stop more time than the node's default stop timeouts can take,
// and run the real entry point.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/common/errors.js";
import { parseNodeConfig } from "../src/config/parse.js";

const SYSTEMD_UNIT = "deploy/systemd/cortana-node@.service";
const LAUNCHD_PLIST = "deploy/launchd/com.cortana-node.paper.plist";

/** The [Service] settings of a unit file (last assignment wins, as in systemd). */
function serviceSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1]!;
    else if (section === "Service") {
      const eq = line.indexOf("=");
      settings.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  return settings;
}

/** The longest graceful stop with the default timeouts (seconds): see TradingNode's stop sequence. */
function defaultStopBudgetSecs(): number {
  const { config } = parseNodeConfig({ traderId: "DEPLOY-001" });
  // post-stop wait, the reconciliation checks' idle wait and the disconnect (each up to
  // timeoutDisconnection), then the shutdown allowance.
  return config.timeoutPostStop + 2 * config.timeoutDisconnection + config.timeoutShutdown;
}

/** Exit codes that a restart cannot cure: the process must stay down until someone fixes them. */
const NEEDS_A_FIX = [EXIT.invalid, EXIT.usage, EXIT.missingFactory];

describe("systemd unit", () => {
  const unit = readFileSync(SYSTEMD_UNIT, "utf8");
  const service = serviceSettings(unit);

  it("restarts on failure except on exit codes that need a fix", () => {
    expect(service.get("Restart")).toBe("on-failure");
    const prevented = service.get("RestartPreventExitStatus")!.split(/\s+/).map(Number).sort();
    expect(prevented).toEqual([...NEEDS_A_FIX].sort());
    const restartable = Object.values(EXIT).filter((code) => code !== EXIT.ok && !NEEDS_A_FIX.includes(code as never));
    for (const code of restartable) expect(prevented).not.toContain(code);
  });

  it("lets a graceful stop finish before killing", () => {
    expect(service.get("KillSignal")).toBe("SIGTERM");
    // mixed: SIGTERM to the node only (it stops the gateway it manages), SIGKILL to leftovers.
    expect(service.get("KillMode")).toBe("mixed");
    expect(Number(service.get("TimeoutStopSec"))).toBeGreaterThanOrEqual(defaultStopBudgetSecs() + 30);
  });

  it("runs the package's entry point with run --config", () => {
    const exec = service.get("ExecStart")!;
    expect(exec).toMatch(/\/bin\/cortana-node\.js run --config \S+\.ts$/);
    expect(existsSync("bin/cortana-node.js")).toBe(true);
    expect(service.get("EnvironmentFile")).toMatch(/^-\/etc\/cortana-node\/%i\.env$/);
  });

  it("passes systemd-analyze verify when systemd is installed", () => {
    if (!existsSync("/usr/bin/systemd-analyze")) return;
    const dir = mkdtempSync(path.join(tmpdir(), "cortana-unit-"));
    try {
      const instance = path.join(dir, "cortana-node@paper.service");
      copyFileSync(SYSTEMD_UNIT, instance);
      // verify prints every problem (unknown keys, bad values) on stderr and still exits 0.
      const result = spawnSync("systemd-analyze", ["verify", instance], { encoding: "utf8" });
      expect(result.stderr.trim()).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("launchd job", () => {
  const plist = readFileSync(LAUNCHD_PLIST, "utf8");
  const valueOf = (key: string): string | undefined => new RegExp(`<key>${key}</key>\\s*<(\\w+)(?:/>|>([^<]*)</\\1>)`).exec(plist)?.[2] ?? new RegExp(`<key>${key}</key>\\s*<(true|false)/>`).exec(plist)?.[1];

  it("restarts after a failure, not after a clean stop", () => {
    expect(plist).toMatch(/<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<false\/>/);
    expect(Number(valueOf("ThrottleInterval"))).toBeGreaterThanOrEqual(10);
  });

  it("gives a graceful stop more time than the node's default stop timeouts", () => {
    expect(Number(valueOf("ExitTimeOut"))).toBeGreaterThanOrEqual(defaultStopBudgetSecs() + 30);
  });

  it("runs the package's entry point with run --config", () => {
    const args = [...plist.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]);
    const entry = args.findIndex((a) => a?.endsWith("/bin/cortana-node.js"));
    expect(entry).toBeGreaterThan(0);
    expect(args.slice(entry + 1, entry + 3)).toEqual(["run", "--config"]);
  });
});
