/**
 * The embedded default venue (SimulatedGatewayConfig): `cortana-node sim` started as a child
 * process with the config's port, scenario, seed, state file and time zone; resolves once the port
 * accepts connections; stopped on dispose (SIGTERM, then SIGKILL after a grace period), so no
 * simulator outlives the node. Port 0 picks a free port first.
 *
 * The child runs in its own process group: Ctrl+C in a terminal signals the foreground group, and
 * the venue must outlive the node's graceful stop (strategies cancel orders and close positions
 * against it) before dispose stops it. An IPC channel ties it to this process instead: when this
 * process dies without disposing (SIGKILL, crash), the channel closes and the simulator exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Clock } from "../../../common/clock.js";
import { CortanaError } from "../../../common/errors.js";
import type { Logger } from "../../../common/logger.js";
import type { SimulatedGatewayConfig } from "../config.js";
import type { GatewayEndpoint } from "./docker.js";
import { waitForPort } from "./wait-port.js";

const CLI = fileURLToPath(new URL("../../../../bin/cortana-node.js", import.meta.url));
const KILL_GRACE_MS = 5000;

export interface SimulatedGatewayOptions {
  config: SimulatedGatewayConfig;
  logger: Logger;
  clock: Clock;
}

export class SimulatedGateway {
  readonly #options: SimulatedGatewayOptions;
  #child: ChildProcess | undefined;
  #endpoint: GatewayEndpoint | undefined;

  constructor(options: SimulatedGatewayOptions) {
    this.#options = options;
  }

  get endpoint(): GatewayEndpoint | undefined {
    return this.#endpoint;
  }

  /** The `sim` command's arguments for a given port. */
  args(port: number): string[] {
    const { config } = this.#options;
    const args = [CLI, "sim", "--port", String(port), "--seed", String(config.seed), "--tz", config.timeZone];
    if (config.scenario) args.push("--scenario", config.scenario);
    if (config.stateFile) args.push("--state", config.stateFile);
    if (config.controlPort !== undefined) args.push("--control-port", String(config.controlPort));
    return args;
  }

  async start(): Promise<GatewayEndpoint> {
    const { config, logger, clock } = this.#options;
    const port = config.port === 0 ? await freePort(config.host) : config.port;
    const child = spawn(process.execPath, this.args(port), { stdio: ["ignore", "pipe", "pipe", "ipc"], detached: true });
    child.channel?.unref(); // the channel only tells the child when this process is gone
    this.#child = child;
    let exited: string | undefined;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = `${stderr}${chunk.toString()}`.slice(-4000)));
    child.stdout?.on("data", (chunk: Buffer) => logger.debug({ sim: chunk.toString().trimEnd() }, "simulator output"));
    child.once("exit", (code, signal) => {
      exited = `code ${code ?? "-"} signal ${signal ?? "-"}`;
      if (this.#child === child) logger.warn({ code, signal }, "the simulator process exited");
    });
    logger.info({ port, seed: config.seed, scenario: config.scenario ?? "default" }, "starting the IB Gateway simulator");
    const open = await waitForPort(config.host, port, config.timeout * 1000, { clock, intervalMs: 100, aborted: () => exited !== undefined });
    if (!open) {
      await this.dispose();
      const why = exited ? `it exited (${exited}): ${stderr.trim().split("\n").slice(-3).join(" | ")}` : `its port ${port} did not open within ${config.timeout} s`;
      throw new CortanaError("CORTANA_E_GATEWAY_START", `the simulator did not start: ${why}`);
    }
    this.#endpoint = { host: config.host, port };
    return this.#endpoint;
  }

  /** Stops the child (SIGTERM, SIGKILL after a grace period) and waits for its exit. Idempotent. */
  async dispose(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}

export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
