// The node in a child process: SIGTERM / SIGINT stop it gracefully once (a second signal during the
// stop is logged, not a crash), and after dispose the process exits by itself (no leaked handle).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./fixtures/run-node.ts", import.meta.url));

function startChild(args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const running = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (stderr.includes("NODE RUNNING")) resolve();
    };
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, running, exited, out: () => stdout, err: () => stderr };
}

describe("signals and process exit", () => {
  it("SIGTERM stops the node gracefully and the process exits by itself", async () => {
    const c = startChild();
    await c.running;
    c.child.kill("SIGTERM");
    const result = await Promise.race([c.exited, new Promise((r) => setTimeout(() => r("hung"), 15_000))]);
    if (result === "hung") c.child.kill("SIGKILL");
    expect(result).toEqual({ code: 0, signal: null });
    expect(c.err()).toContain("NODE DISPOSED signal SIGTERM");
    expect(c.out()).toContain("signal received: stopping the node gracefully");
    expect(c.out()).toContain("node stopped");
  });

  it("a second signal during the stop is logged, not a crash", async () => {
    const c = startChild(["--slow-stop"]);
    await c.running;
    c.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 200));
    c.child.kill("SIGINT");
    c.child.kill("SIGTERM");
    const result = await Promise.race([c.exited, new Promise((r) => setTimeout(() => r("hung"), 15_000))]);
    if (result === "hung") c.child.kill("SIGKILL");
    expect(result).toEqual({ code: 0, signal: null });
    expect(c.err()).toContain("NODE DISPOSED signal SIGINT");
    expect(c.out()).toContain("signal received while already stopping; the stop continues");
    expect(c.out().match(/stopping the node"/g)).toHaveLength(1);
  });
});
