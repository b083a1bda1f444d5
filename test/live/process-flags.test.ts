// The node's V8 run flags: which are added, and bin/cortana-node.js re-executing `run` with them
// (exit code passed through, opt-out, a user's own heap flag kept, the child stopped when the parent dies).
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { NODE_RUN_FLAGS, missingRunFlags } from "../../src/live/process-flags.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "cortana-flags-"));
writeFileSync(join(dir, "package.json"), '{"type":"module"}');

/** A config that reports the node process' flags on stderr, then is invalid (exit 1). */
const reportingConfig = join(dir, "report.ts");
writeFileSync(reportingConfig, 'console.error("EXECARGV " + JSON.stringify(process.execArgv));\nexport default { traderId: "BAD" };\n');

async function cli(nodeArgs: string[], args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, "bin/cortana-node.js", ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const execArgvOf = (stderr: string): string[] => JSON.parse(/EXECARGV (.*)/.exec(stderr)?.[1] ?? "null") as string[];

describe("missingRunFlags", () => {
  it("adds every run flag to a plain process, none when the user set one of them (either spelling)", () => {
    expect(NODE_RUN_FLAGS).toEqual(["--min-semi-space-size=64", "--max-semi-space-size=64"]);
    expect(missingRunFlags([])).toEqual([...NODE_RUN_FLAGS]);
    expect(missingRunFlags(["--enable-source-maps", "--import", "tsx"])).toEqual([...NODE_RUN_FLAGS]);
    expect(missingRunFlags(["--max-semi-space-size=32"])).toEqual([]);
    expect(missingRunFlags(["--min_semi_space_size=8"])).toEqual([]);
  });
});

describe("bin/cortana-node.js run", () => {
  it("runs the node in a child process with the run flags; the child's exit code is the command's", async () => {
    const r = await cli([], ["run", "--config", reportingConfig]);
    expect(execArgvOf(r.stderr)).toEqual([...NODE_RUN_FLAGS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("CORTANA_E_CONFIG_INVALID");
  });

  it("keeps the user's own semi-space flag, and CORTANA_NODE_NO_REEXEC=1 runs in the process as it is", async () => {
    expect(execArgvOf((await cli(["--max-semi-space-size=32"], ["run", "--config", reportingConfig])).stderr)).toEqual(["--max-semi-space-size=32"]);
    const plain = await cli([], ["run", "--config", reportingConfig], { CORTANA_NODE_NO_REEXEC: "1" });
    expect(execArgvOf(plain.stderr)).toEqual([]);
    expect(plain.code).toBe(1);
  });

  it("other commands run in the process itself", async () => {
    const r = await cli([], ["validate", "--config", reportingConfig]);
    expect(execArgvOf(r.stderr)).toEqual([]);
    expect(r.code).toBe(1);
  });

  it("the child stops when the re-executing process dies without a word (SIGKILL)", async () => {
    const pidFile = join(dir, "child.pid");
    const hanging = join(dir, "hang.ts");
    // Loading this config never ends: the child would live forever if nothing stopped it.
    writeFileSync(hanging, `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\nawait new Promise(() => {});\nexport default {};\n`);
    const parent = spawn(process.execPath, ["bin/cortana-node.js", "run", "--config", hanging], { stdio: "ignore" });
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const until = async (ok: () => boolean, what: string): Promise<void> => {
      const end = Date.now() + 15_000;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => existsSync(pidFile), "the child to load its config");
    const child = Number(readFileSync(pidFile, "utf8"));
    expect(child).not.toBe(parent.pid);
    expect(alive(child)).toBe(true);
    parent.kill("SIGKILL");
    await until(() => !alive(child), "the child to stop");
  }, 30_000);
});
