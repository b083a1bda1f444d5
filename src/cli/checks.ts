/**
 * The preflight checks `validate` adds beyond the config's own: every client has a factory the CLI
 * registers (the built-in IB factories), so `run` cannot fail later with CORTANA_E_MISSING_FACTORY.
 * Strategy imports and network checks come from their layers.
 */
import type { CheckItem, PreflightCheck } from "../config/checklist.js";
import { factoryKeyOf } from "../config/schemas/clients.js";
import { IB_FACTORY_KEY } from "../adapters/ib/schemas.js";

const BUILTIN_FACTORIES = [IB_FACTORY_KEY];

export const factoriesCheck: PreflightCheck = {
  id: "factories",
  needsConfig: true,
  async run(ctx) {
    const config = ctx.parsed!.config;
    const items: CheckItem[] = [];
    for (const [kind, clients] of [["dataClients", config.dataClients], ["execClients", config.execClients]] as const) {
      for (const [key, client] of Object.entries(clients)) {
        const factory = factoryKeyOf(key, client);
        items.push(
          BUILTIN_FACTORIES.includes(factory)
            ? { check: "factories", status: "ok", path: `${kind}.${key}`, message: `factory "${factory}" is built in` }
            : {
                check: "factories",
                status: "error",
                path: `${kind}.${key}`,
                code: "CORTANA_E_MISSING_FACTORY",
                message: `no factory "${factory}" (built in: ${BUILTIN_FACTORIES.join(", ")}); programs register theirs with addDataClientFactory / addExecClientFactory`,
              },
        );
      }
    }
    if (items.length === 0) items.push({ check: "factories", status: "warn", message: "no data or exec clients: the node will not trade" });
    return items;
  },
};
