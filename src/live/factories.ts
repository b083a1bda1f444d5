/**
 * The client-factory registry of a node (Nautilus' `add_data_client_factory` /
 * `add_exec_client_factory` and the key rules of `build()`, reference §2.1).
 *
 * A client's factory key is its explicit `factory`, else the part of its map key before the first
 * "-" (`"IB-1"` uses `"IB"`). `resolveAll` pairs every configured client with its factory and, if any
 * has none, throws ONE CORTANA_E_MISSING_FACTORY naming each client, the key it needs and the keys
 * registered: a node never starts with a client silently missing (Nautilus only logs).
 */
import { CortanaError } from "../common/errors.js";
import { factoryKeyOf } from "../config/schemas/clients.js";

export type ClientKind = "data" | "exec";

const FACTORY_KEY = /^[A-Za-z0-9_.]+$/;

export interface ResolvedClient<F> {
  kind: ClientKind;
  /** The client's map key in the config, e.g. "IB" or "IB-2"; it is also its client id. */
  clientKey: string;
  factoryKey: string;
  factory: F;
  config: unknown;
}

export class ClientFactoryRegistry<DataFactory, ExecFactory> {
  readonly #data = new Map<string, DataFactory>();
  readonly #exec = new Map<string, ExecFactory>();

  addDataClientFactory(key: string, factory: DataFactory): void {
    this.#add(this.#data, "data", key, factory);
  }

  addExecClientFactory(key: string, factory: ExecFactory): void {
    this.#add(this.#exec, "exec", key, factory);
  }

  dataFactoryKeys(): string[] {
    return [...this.#data.keys()];
  }

  execFactoryKeys(): string[] {
    return [...this.#exec.keys()];
  }

  /** Every configured client with its factory; throws one error listing every client without one. */
  resolveAll(
    dataClients: Record<string, unknown>,
    execClients: Record<string, unknown>,
  ): { data: ResolvedClient<DataFactory>[]; exec: ResolvedClient<ExecFactory>[] } {
    const missing: string[] = [];
    const data = this.#resolve("data", this.#data, dataClients, missing);
    const exec = this.#resolve("exec", this.#exec, execClients, missing);
    if (missing.length > 0) {
      const registered = `registered: data [${this.dataFactoryKeys().join(", ")}], exec [${this.execFactoryKeys().join(", ")}]`;
      throw new CortanaError(
        "CORTANA_E_MISSING_FACTORY",
        `no factory for ${missing.join("; ")} (${registered}); register it with addDataClientFactory / addExecClientFactory before build()`,
        { details: { missing } },
      );
    }
    return { data, exec };
  }

  #resolve<F>(kind: ClientKind, factories: Map<string, F>, clients: Record<string, unknown>, missing: string[]): ResolvedClient<F>[] {
    const resolved: ResolvedClient<F>[] = [];
    for (const [clientKey, config] of Object.entries(clients)) {
      const factoryKey = factoryKeyOf(clientKey, config);
      const factory = factories.get(factoryKey);
      if (factory === undefined) missing.push(`${kind} client "${clientKey}" needs factory "${factoryKey}"`);
      else resolved.push({ kind, clientKey, factoryKey, factory, config });
    }
    return resolved;
  }

  #add<F>(map: Map<string, F>, kind: ClientKind, key: string, factory: F): void {
    if (!FACTORY_KEY.test(key)) {
      throw new CortanaError("CORTANA_E_FACTORY_KEY_INVALID", `invalid ${kind} client factory key "${key}": use letters, digits, "_" or "." (no "-")`);
    }
    if (map.has(key)) {
      throw new CortanaError("CORTANA_E_FACTORY_DUPLICATE", `a ${kind} client factory is already registered for "${key}"`);
    }
    map.set(key, factory);
  }
}
