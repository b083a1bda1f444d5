/**
 * The public API of cortana-node for config files and programs:
 * `import { defineConfig, fromEnv } from "cortana-node"`.
 */
import type { z } from "zod";
import type { NodeConfigInput } from "./config/define.js";
import type { ClientSchemaRegistry } from "./config/schemas/node.js";
import type {
  InteractiveBrokersDataClientConfigSchema,
  InteractiveBrokersExecClientConfigSchema,
} from "./adapters/ib/config.js";
import { IB_FACTORY_KEY, ibClientSchemas } from "./adapters/ib/schemas.js";
import type { LiveDataClientConfigSchema, LiveExecClientConfigSchema } from "./config/schemas/clients.js";

export type TradingNodeConfigInput = NodeConfigInput<
  z.input<typeof InteractiveBrokersDataClientConfigSchema> | z.input<typeof LiveDataClientConfigSchema>,
  z.input<typeof InteractiveBrokersExecClientConfigSchema> | z.input<typeof LiveExecClientConfigSchema>
>;

/** Types a node config for the editor; returns it unchanged. Parsing happens when the node loads it. */
export function defineConfig<T extends TradingNodeConfigInput>(config: T): T {
  return config;
}

/** The client config schemas of the built-in factories (IB). */
export const builtinClientSchemas: ClientSchemaRegistry = new Map([[IB_FACTORY_KEY, ibClientSchemas]]);

export { fromEnv, Secret } from "./config/secret.js";
export { parseNodeConfig, ConfigInvalidError } from "./config/parse.js";
export { loadConfigFile } from "./config/loader.js";
export type { TradingNodeConfig } from "./config/schemas/node.js";
export { CortanaError } from "./common/errors.js";
export * from "./trading/index.js";
export { TradingNode, type TradingNodeOptions, type StopReason } from "./live/node.js";
export type { DataClientFactory, ExecClientFactory, ClientContext, StartupReconciler } from "./live/clients.js";
