/**
 * `defineConfig()`: an identity function whose parameter is the config's input type, so an editor
 * completes and checks every field of a .ts config. Parsing (defaults, rules) happens at load.
 */
import type { z } from "zod";
import type { LiveDataClientConfigSchema, LiveExecClientConfigSchema } from "./schemas/clients.js";
import type { TradingNodeConfigSchema } from "./schemas/node.js";

type NodeInput = z.input<TradingNodeConfigSchema>;

/** The input type of a node config whose clients may be any of `DataInputs` / `ExecInputs`. */
export type NodeConfigInput<DataInputs = z.input<typeof LiveDataClientConfigSchema>, ExecInputs = z.input<typeof LiveExecClientConfigSchema>> = Omit<
  NodeInput,
  "dataClients" | "execClients"
> & {
  dataClients?: Record<string, DataInputs>;
  execClients?: Record<string, ExecInputs>;
};
