/**
 * A real redis-server for tests: started on a free loopback port with no persistence, stopped
 * after. `kill()` / `restart()` let a test take Redis away mid-session and bring it back on the same
 * port. Needs `redis-server` on PATH (.ci/run installs it when absent).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface RedisServer {
  host: string;
  port: number;
  url: string;
  /** Stops the server (SIGKILL: no graceful save) and waits for its exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(extraArgs: string[] = []): Promise<RedisServer> {
  const host = "127.0.0.1";
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = await launchRedis(host, port, extraArgs);
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  };
  await launch();
  return { host, port, url: `redis://${host}:${port}`, kill, restart: launch, stop: kill };
}

function launchRedis(host: string, port: number, extraArgs: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn("redis-server", ["--port", String(port), "--bind", host, "--save", "", "--appendonly", "no", ...extraArgs], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.once("error", (err) => reject(new Error(`cannot start redis-server (install it: apt-get install -y redis-server): ${err.message}`)));
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
