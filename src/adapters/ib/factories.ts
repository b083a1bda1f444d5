/**
 * The built-in IB client factories (registered under "IB" by the CLI): objects implementing
 * src/live/clients.ts' `DataClientFactory` / `ExecClientFactory`.
 *
 *   InteractiveBrokersDataClientFactory.create(context): InteractiveBrokersDataClient
 *   InteractiveBrokersExecClientFactory.create(context): InteractiveBrokersExecutionClient
 *
 * `context.config` is the client's parsed config (InteractiveBrokersDataClientConfig /
 * InteractiveBrokersExecClientConfig). The client id is `context.clientKey`; the venue is "IB"
 * (orders reach the exec client through `routing`). Each client gets a ConnectionLease: on
 * connect it starts the managed gateway if the config names one (shared per gateway, started
 * once, disposed with its last client), then acquires the shared IBConnection for
 * (host, port, ibgClientId) from the process-wide registry; disconnect releases both.
 * `createIbClientParts` exposes the same wiring with injectable registries for tests.
 */
import { CortanaError } from "../../common/errors.js";
import { ClientId, AccountId, Venue } from "../../model/identifiers.js";
import type { ClientContext, DataClientFactory, ExecClientFactory } from "../../live/clients.js";
import type { InteractiveBrokersDataClientConfig, InteractiveBrokersExecClientConfig } from "./config.js";
import type { IBConnection } from "./connection/connection.js";
import type { ConnectionLease } from "./connection/lease.js";
import { IBConnectionRegistry, defaultConnectionRegistry } from "./connection/registry.js";
import { ClockTimers } from "./connection/timers.js";
import { InteractiveBrokersDataClient } from "./data/client.js";
import { InteractiveBrokersExecutionClient } from "./execution/client.js";
import { ManagedGateways, managedGateways, type ManagedGatewayConfig } from "./managed.js";
import { InteractiveBrokersInstrumentProvider } from "./providers/provider.js";

export const IB_VENUE = "IB";

type IbClientConfig = InteractiveBrokersDataClientConfig | InteractiveBrokersExecClientConfig;

export interface IbFactoryDeps {
  readonly connections?: IBConnectionRegistry;
  readonly gateways?: ManagedGateways;
}

function managedOf(cfg: IbClientConfig): ManagedGatewayConfig | undefined {
  if (cfg.simulatedGateway !== undefined) return { kind: "simulated", config: cfg.simulatedGateway };
  if (cfg.dockerizedGateway !== undefined) return { kind: "docker", config: cfg.dockerizedGateway };
  return undefined;
}

/** A lease: managed gateway (if any) then the shared connection; release undoes both. */
export function connectionLease(context: ClientContext, cfg: IbClientConfig, deps: IbFactoryDeps = {}): ConnectionLease & { current(): IBConnection | undefined } {
  const connections = deps.connections ?? defaultConnectionRegistry;
  const gateways = deps.gateways ?? managedGateways;
  let conn: IBConnection | undefined;
  let gatewayKey: string | undefined;
  const release = async (): Promise<void> => {
    const c = conn;
    conn = undefined;
    if (c !== undefined) await connections.release(c);
    const key = gatewayKey;
    gatewayKey = undefined;
    if (key !== undefined) await gateways.release(key);
  };
  return {
    current: () => conn,
    release,
    acquire: async () => {
      if (conn !== undefined) return conn;
      let host = cfg.ibgHost ?? "127.0.0.1";
      let port = cfg.ibgPort;
      const managed = managedOf(cfg);
      try {
        if (managed !== undefined) {
          const held = gateways.acquire(managed, { clock: context.clock, logger: context.logger });
          gatewayKey = held.key;
          ({ host, port } = await held.endpoint);
        }
        if (port === undefined) throw new CortanaError("CORTANA_E_CONFIG_INVALID", `${context.clientKey}: set ibgPort or a managed gateway`);
        conn = connections.acquire({ host, port, clientId: cfg.ibgClientId, clock: context.clock, logger: context.logger, connectTimeoutMs: cfg.connectionTimeout * 1000 });
        await conn.connect();
        return conn;
      } catch (err) {
        await release();
        throw err;
      }
    },
  };
}

function providerFor(context: ClientContext, cfg: IbClientConfig, lease: ReturnType<typeof connectionLease>): InteractiveBrokersInstrumentProvider {
  return new InteractiveBrokersInstrumentProvider({
    connection: () => {
      const c = lease.current();
      if (c === undefined) throw new CortanaError("CORTANA_E_IB_DISCONNECTED", `${context.clientKey}: instrument request before the IB connection is up`);
      return c;
    },
    cache: context.cache, clock: context.clock, logger: context.logger,
    timers: new ClockTimers(context.clock, `${context.clientKey}.provider`),
    config: cfg.instrumentProvider, requestTimeoutMs: cfg.requestTimeout * 1000,
  });
}

export function createIbDataClient(context: ClientContext, deps: IbFactoryDeps = {}): InteractiveBrokersDataClient {
  const cfg = context.config as InteractiveBrokersDataClientConfig;
  const lease = connectionLease(context, cfg, deps);
  return new InteractiveBrokersDataClient({
    clientId: ClientId(context.clientKey), venue: Venue(IB_VENUE), config: cfg, lease,
    provider: providerFor(context, cfg, lease), clock: context.clock, logger: context.logger,
  });
}

export function createIbExecClient(context: ClientContext, deps: IbFactoryDeps = {}): InteractiveBrokersExecutionClient {
  const cfg = context.config as InteractiveBrokersExecClientConfig;
  if (cfg.accountId === undefined || cfg.accountId === "") {
    throw new CortanaError("CORTANA_E_CONFIG_INVALID", `execClients.${context.clientKey}.accountId: required (the IB account, e.g. DU1234567)`);
  }
  const lease = connectionLease(context, cfg, deps);
  return new InteractiveBrokersExecutionClient({
    clientId: ClientId(context.clientKey), venue: Venue(IB_VENUE), accountId: AccountId(`${IB_VENUE}-${String(cfg.accountId)}`),
    traderId: context.traderId, bus: context.bus, clock: context.clock, logger: context.logger, cache: context.cache,
    lease, provider: providerFor(context, cfg, lease), readOnly: cfg.readOnly, requestTimeoutMs: cfg.requestTimeout * 1000,
  });
}

export const InteractiveBrokersDataClientFactory: DataClientFactory = {
  create: (context) => createIbDataClient(context),
};

export const InteractiveBrokersExecClientFactory: ExecClientFactory = {
  create: (context) => createIbExecClient(context),
};
