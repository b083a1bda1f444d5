/** The sections of the README's config reference, in the order an operator reads them. */
import {
  DockerizedIBGatewayConfigSchema,
  InteractiveBrokersDataClientConfigSchema,
  InteractiveBrokersExecClientConfigSchema,
  SimulatedGatewayConfigSchema,
} from "../src/adapters/ib/config.js";
import { ERROR_CATALOGUE } from "../src/common/errors.js";
import { renderReference } from "../src/config/reference.js";
import { DatabaseConfigSchema, MessageBusConfigSchema } from "../src/config/schemas/cache.js";
import { makeTradingNodeConfigSchema } from "../src/config/schemas/node.js";
import { ImportableActorConfigSchema, ImportableStrategyConfigSchema, StrategyConfigBaseSchema } from "../src/config/schemas/strategy.js";

export function configReferenceMarkdown(): string {
  return renderReference([
    { title: "TradingNodeConfig", schema: makeTradingNodeConfigSchema() },
    { title: "DatabaseConfig (cache.database, messageBus.database)", schema: DatabaseConfigSchema },
    { title: "MessageBusConfig (messageBus)", schema: MessageBusConfigSchema },
    { title: "ImportableStrategyConfig (strategies[])", schema: ImportableStrategyConfigSchema },
    { title: "StrategyConfig base fields (strategies[].config)", schema: StrategyConfigBaseSchema },
    { title: "ImportableActorConfig (actors[])", schema: ImportableActorConfigSchema },
    { title: "InteractiveBrokersDataClientConfig (dataClients.IB)", schema: InteractiveBrokersDataClientConfigSchema },
    { title: "InteractiveBrokersExecClientConfig (execClients.IB)", schema: InteractiveBrokersExecClientConfigSchema },
    { title: "DockerizedIBGatewayConfig (dockerizedGateway)", schema: DockerizedIBGatewayConfigSchema },
    { title: "SimulatedGatewayConfig (simulatedGateway)", schema: SimulatedGatewayConfigSchema },
  ]);
}

/** The error catalogue as a markdown table: code, exit code, meaning. */
export function errorCodesMarkdown(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(([code, entry]) => `| \`${code}\` | ${entry.exitCode} | ${entry.summary} |`);
  return ["| code | exit | meaning |", "|---|---|---|", ...rows].join("\n");
}

/** Marker name -> generated content; scripts/readme.ts writes them, test/readme.test.ts checks them. */
export const README_SECTIONS: Record<string, () => string> = {
  "config-reference": configReferenceMarkdown,
  "error-codes": errorCodesMarkdown,
};
