/**
 * Managed gateways shared by the IB clients of a process: a client config with `simulatedGateway`
 * or `dockerizedGateway` starts it through the lead's managers (gateway/) ONCE per gateway config,
 * however many clients name it, and the last client to let go disposes it.
 *
 * Entry points: `managedGateways.acquire(kind, config, deps)` -> endpoint, `release(key)`.
 * Key: the gateway's identity (simulator: host and port; docker: container name and port), so
 * the data and exec clients of config/sim.ts share one simulator process.
 */
import type { Clock } from "../../common/clock.js";
import type { Logger } from "../../common/logger.js";
import type { DockerizedIBGatewayConfig, SimulatedGatewayConfig } from "./config.js";
import { DockerizedGateway, type GatewayEndpoint } from "./gateway/docker.js";
import { SimulatedGateway } from "./gateway/simulated.js";

export type ManagedGatewayConfig =
  | { readonly kind: "simulated"; readonly config: SimulatedGatewayConfig }
  | { readonly kind: "docker"; readonly config: DockerizedIBGatewayConfig };

interface Entry {
  readonly started: Promise<GatewayEndpoint>;
  readonly dispose: () => Promise<void>;
  holders: number;
}

export function managedGatewayKey(g: ManagedGatewayConfig): string {
  return g.kind === "simulated"
    ? `sim:${g.config.host}:${g.config.port}:${g.config.seed}:${g.config.scenario ?? ""}`
    : `docker:${g.config.containerName}:${g.config.host}:${g.config.port ?? g.config.tradingMode}`;
}

export class ManagedGateways {
  readonly #entries = new Map<string, Entry>();

  acquire(g: ManagedGatewayConfig, deps: { clock: Clock; logger: Logger }): { key: string; endpoint: Promise<GatewayEndpoint> } {
    const key = managedGatewayKey(g);
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      const manager = g.kind === "simulated" ? new SimulatedGateway({ config: g.config, ...deps }) : new DockerizedGateway({ config: g.config, ...deps });
      const started = manager.start();
      entry = { started, dispose: () => manager.dispose(), holders: 0 };
      this.#entries.set(key, entry);
      const e = entry;
      started.catch(() => {
        if (this.#entries.get(key) === e) this.#entries.delete(key);
      });
    }
    entry.holders++;
    return { key, endpoint: entry.started };
  }

  async release(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    entry.holders--;
    if (entry.holders > 0) return;
    this.#entries.delete(key);
    await entry.dispose();
  }

  get size(): number {
    return this.#entries.size;
  }
}

export const managedGateways = new ManagedGateways();
