/**
 * The Dockerized IB Gateway (DockerizedIBGatewayConfig): starts the gnzsnz/ib-gateway container
 * through the docker CLI with the config's credentials and trading mode, waits for its API port up
 * to `timeout`, and removes the container on dispose.
 *
 * Credentials never appear on a command line (visible in `ps`): docker receives `-e TWS_USERID
 * -e TWS_PASSWORD` by name and reads the values from its own environment, which only this process
 * sets. The API port is published on 127.0.0.1 only: the TWS socket has no authentication.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Clock } from "../../../common/clock.js";
import { CortanaError } from "../../../common/errors.js";
import type { Logger } from "../../../common/logger.js";
import type { DockerizedIBGatewayConfig } from "../config.js";
import { waitForPort } from "./wait-port.js";

const run = promisify(execFile);

/** Inside the gnzsnz image, socat exposes the gateway's live API on 4003 and paper on 4004. */
const CONTAINER_PORT = { live: 4003, paper: 4004 } as const;
const HOST_PORT = { live: 4001, paper: 4002 } as const;

export interface GatewayEndpoint {
  host: string;
  port: number;
}

export interface DockerizedGatewayOptions {
  config: DockerizedIBGatewayConfig;
  logger: Logger;
  clock: Clock;
  /** The docker executable; default "docker" from PATH. */
  docker?: string;
}

export class DockerizedGateway {
  readonly #options: DockerizedGatewayOptions;
  #startedByUs = false;

  constructor(options: DockerizedGatewayOptions) {
    this.#options = options;
  }

  get endpoint(): GatewayEndpoint {
    const { config } = this.#options;
    return { host: config.host, port: config.port ?? HOST_PORT[config.tradingMode] };
  }

  /** The `docker run` arguments (no secret values in them). */
  runArgs(): string[] {
    const { config } = this.#options;
    const { port } = this.endpoint;
    return [
      "run", "-d", "--name", config.containerName,
      "-p", `127.0.0.1:${port}:${CONTAINER_PORT[config.tradingMode]}`,
      "-e", "TWS_USERID", "-e", "TWS_PASSWORD",
      "-e", `TRADING_MODE=${config.tradingMode}`,
      "-e", `READ_ONLY_API=${config.readOnlyApi ? "yes" : "no"}`,
      "-e", "TIME_ZONE=Etc/UTC",
      "-e", "TWS_SETTINGS_PATH=/home/ibgateway/Jts",
      config.containerImage,
    ];
  }

  /** Starts (or reuses) the container and resolves once its API port accepts connections. */
  async start(): Promise<GatewayEndpoint> {
    const { config, logger, clock } = this.#options;
    const { host, port } = this.endpoint;
    const state = await this.#docker(["inspect", "-f", "{{.State.Running}}", config.containerName]).catch(() => undefined);
    if (state?.trim() === "true") {
      logger.info({ container: config.containerName }, "IB Gateway container already running; reusing it");
    } else {
      if (state !== undefined) await this.#docker(["rm", "-f", config.containerName]);
      logger.info({ container: config.containerName, image: config.containerImage, mode: config.tradingMode, port }, "starting IB Gateway container");
      await this.#docker(this.runArgs(), {
        TWS_USERID: config.username.reveal(),
        TWS_PASSWORD: config.password.reveal(),
      });
      this.#startedByUs = true;
    }
    if (!(await waitForPort(host, port, config.timeout * 1000, { clock, intervalMs: 1000 }))) {
      throw new CortanaError(
        "CORTANA_E_GATEWAY_START",
        `IB Gateway did not open ${host}:${port} within ${config.timeout} s; check \`docker logs ${config.containerName}\` (login, 2FA) and that the port is published`,
      );
    }
    logger.info({ host, port }, "IB Gateway API port is open");
    return { host, port };
  }

  /** Removes the container if this process started it. Idempotent. */
  async dispose(): Promise<void> {
    if (!this.#startedByUs) return;
    this.#startedByUs = false;
    await this.#docker(["rm", "-f", this.#options.config.containerName]).catch((err: unknown) => {
      this.#options.logger.error({ err: String(err) }, "could not remove the IB Gateway container");
    });
  }

  async #docker(args: string[], secretEnv: Record<string, string> = {}): Promise<string> {
    const binary = this.#options.docker ?? "docker";
    try {
      const { stdout } = await run(binary, args, { env: { ...process.env, ...secretEnv }, timeout: 120_000 });
      return stdout;
    } catch (err) {
      const e = err as { code?: string | number; stderr?: string };
      if (e.code === "ENOENT") {
        throw new CortanaError("CORTANA_E_GATEWAY_START", `docker is not installed or not on PATH (needed by dockerizedGateway); install Docker or set ibgHost/ibgPort`);
      }
      throw new CortanaError("CORTANA_E_GATEWAY_START", `docker ${args[0]} failed: ${(e.stderr ?? String(err)).trim().split("\n")[0]}`);
    }
  }
}
