/**
 * What a client factory receives and returns. A factory is an object with `create(context)`; the
 * node calls it once per configured client at `build()` and registers the client with its engine.
 * Clients are the core's DataClient / ExecutionClient contracts; gateways they share (one IB
 * connection per host, port and client id) are the factory's business.
 */
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus } from "../common/msgbus.js";
import type { DataClient } from "../data/client.js";
import type { ExecutionClient } from "../execution/client.js";
import type { TraderId } from "../model/identifiers.js";

export interface ClientContext {
  /** The client's key in the config map (its client id), e.g. "IB" or "IB-2". */
  clientKey: string;
  /** The parsed client config (the factory's own schema when registered, else the generic one). */
  config: unknown;
  traderId: TraderId;
  bus: MessageBus;
  cache: Cache;
  clock: Clock;
  logger: Logger;
}

export interface DataClientFactory {
  create(context: ClientContext): DataClient;
}

export interface ExecClientFactory {
  create(context: ClientContext): ExecutionClient;
}

/**
 * Startup reconciliation hook (reference §3.2), run by `run()` after the clients connect and
 * enforced with timeoutReconciliation. Resolves true when the node's state matches the venues.
 */
export interface StartupReconciler {
  reconcile(execClients: readonly ExecutionClient[]): Promise<boolean>;
}
