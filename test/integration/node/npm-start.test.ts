/**
 * `npm start` (= `node bin/cortana-node.js run --config config/sim.ts`) as a user runs it, in a
 * child process: it starts the simulator child, connects, loads SPY, subscribes, logs "node
 * running"; Ctrl+C (SIGINT to the terminal's process group) stops everything gracefully within the
 * configured timeouts with exit code 0 and no `cortana-node sim` process left. A node killed
 * outright (SIGKILL, no dispose) leaves no simulator either: it exits when its parent is gone.
 *
 * The config is config/sim.ts itself with one change: the simulator on a free port instead of
 * 4002, so this test never collides with a simulator someone runs on this machine.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "cortana-npm-start-"));
const config = join(dir, "sim-free-port.mts");
writeFileSync(config, `import base from ${JSON.stringify(join(ROOT, "config/sim.ts"))};
const free = (c) => ({ ...c, simulatedGateway: { ...c.simulatedGateway, port: 0 } });
export default { ...base, dataClients: { IB: free(base.dataClients.IB) }, execClients: { IB: free(base.execClients.IB) } };
`);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) process.kill(-c.pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Line { msg?: string; level?: number; port?: number; [k: string]: unknown }

function startNode() {
  // detached: its own process group, as a shell gives a foreground job (Ctrl+C signals the group).
  const child = spawn(process.execPath, ["bin/cortana-node.js", "run", "--config", config], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.push(child);
  const lines: Line[] = [];
  let stderr = "";
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    for (const p of parts) if (p.trim() !== "") lines.push(JSON.parse(p) as Line);
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, atMs: Date.now() })));
  const waitFor = async (msg: string | RegExp, ms = 60_000): Promise<Line> => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = lines.find((l) => (typeof msg === "string" ? l.msg === msg : msg.test(l.msg ?? "")));
      if (hit !== undefined) return hit;
      if (child.exitCode !== null || Date.now() > end) throw new Error(`no "${String(msg)}" line (exit ${child.exitCode}); stderr: ${stderr}\n${lines.map((l) => l.msg).join("\n")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, lines, exited, waitFor, stderr: () => stderr };
}

/** `cortana-node sim` processes serving `port`, from ps. */
function simProcesses(port: number): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((l) => l.includes("cortana-node.js sim") && l.includes(`--port ${port} `));
}

async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe("npm start", () => {
  it("runs the node on the simulator, and Ctrl+C stops everything gracefully with exit code 0", async () => {
    const n = startNode();
    const started = await n.waitFor("starting the IB Gateway simulator");
    const port = Number(started["port"]);
    expect(port).toBeGreaterThan(0);
    await n.waitFor("IB connection ready");
    expect((await n.waitFor("IB instruments loaded"))["instruments"]).toBe(1);
    await n.waitFor("Subscribed SPY.SMART-5-SECOND-LAST-EXTERNAL bars (reqRealTimeBars)");
    await n.waitFor("node running");
    expect(simProcesses(port)).toHaveLength(1);

    const sigintAt = Date.now();
    process.kill(-n.child.pid!, "SIGINT"); // the whole foreground group, as a terminal's Ctrl+C
    const exit = await n.exited;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    // timeoutPostStop 2 s + disconnect + the simulator's stop, well inside the configured timeouts
    // (timeoutPostStop + timeoutDisconnection = 12 s).
    expect(exit.atMs - sigintAt).toBeLessThan(12_000);
    const msgs = n.lines.map((l) => l.msg);
    expect(msgs).toContain("signal received: stopping the node gracefully");
    expect(msgs).toContain("node stopped");
    // The simulator outlived the strategies' stop: it never exited under the node.
    expect(msgs).not.toContain("the simulator process exited");
    expect(n.lines.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg)).toEqual([]);
    expect(await until(() => simProcesses(port).length === 0, 2000)).toBe(true);
  }, 90_000);

  it("a node killed outright leaves no simulator behind", async () => {
    const n = startNode();
    const port = Number((await n.waitFor("starting the IB Gateway simulator"))["port"]);
    await n.waitFor("node running");
    expect(simProcesses(port)).toHaveLength(1);
    n.child.kill("SIGKILL");
    await n.exited;
    expect(await until(() => simProcesses(port).length === 0, 10_000)).toBe(true);
  }, 90_000);
});
