/**
 * TradingNodeConfig (reference §1.1) with its timeouts, engines and clients.
 *
 * Client configs are validated by the schema registered for their factory key (the map key's part
 * before the first "-", or an explicit `factory`): the IB adapter registers "IB". A client whose
 * factory has no registered schema is checked as a generic Live*ClientConfig; its factory checks the
 * rest at build time. The registry keeps this layer free of adapter imports.
 */
import { z } from "zod";
import { NonNegativeFloat, PositiveFloat, TraderIdString, UuidString } from "../primitives.js";
import { CacheConfigSchema, MessageBusConfigSchema } from "./cache.js";
import { LiveDataClientConfigSchema, LiveExecClientConfigSchema, factoryKeyOf } from "./clients.js";
import { LiveDataEngineConfigSchema, LiveExecEngineConfigSchema, LiveRiskEngineConfigSchema } from "./engines.js";
import { LoggingConfigSchema, PortfolioConfigSchema } from "./portfolio-logging.js";
import { ImportableActorConfigSchema, ImportableStrategyConfigSchema } from "./strategy.js";

export interface ClientSchemas {
  data?: z.ZodType;
  exec?: z.ZodType;
}

/** Factory key -> the schemas of its client configs. */
export type ClientSchemaRegistry = ReadonlyMap<string, ClientSchemas>;

function clientsSchema(kind: "data" | "exec", registry: ClientSchemaRegistry) {
  const generic = kind === "data" ? LiveDataClientConfigSchema : LiveExecClientConfigSchema;
  return z.record(z.string().min(1), z.unknown()).transform((clients, ctx) => {
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(clients)) {
      const schema = registry.get(factoryKeyOf(key, raw))?.[kind] ?? generic;
      const parsed = schema.safeParse(raw);
      if (parsed.success) {
        out[key] = parsed.data;
        continue;
      }
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ ...(issue as z.core.$ZodIssue), path: [key, ...issue.path], input: undefined } as never);
      }
    }
    return out;
  });
}

/** Seconds; every timeout is a hard failure of `run` (reference §7). */
const timeoutFields = {
  timeoutConnection: PositiveFloat.default(60),
  timeoutReconciliation: PositiveFloat.default(30),
  timeoutPortfolio: PositiveFloat.default(10),
  timeoutDisconnection: PositiveFloat.default(10),
  timeoutPostStop: PositiveFloat.default(10),
  timeoutShutdown: PositiveFloat.default(5),
};

export function makeTradingNodeConfigSchema(registry: ClientSchemaRegistry = new Map()) {
  return z.strictObject({
    environment: z.literal("LIVE").default("LIVE"),
    traderId: TraderIdString.default("TRADER-001"),
    /** Unset: a fresh UUID each start. Pin it so Redis keys survive restarts. */
    instanceId: UuidString.optional(),
    cache: CacheConfigSchema.prefault({}),
    messageBus: MessageBusConfigSchema.optional(),
    portfolio: PortfolioConfigSchema.prefault({}),
    dataEngine: LiveDataEngineConfigSchema.prefault({}),
    riskEngine: LiveRiskEngineConfigSchema.prefault({}),
    execEngine: LiveExecEngineConfigSchema.prefault({}),
    actors: z.array(ImportableActorConfigSchema).default([]),
    strategies: z.array(ImportableStrategyConfigSchema).default([]),
    loadState: z.boolean().default(false),
    saveState: z.boolean().default(false),
    logging: LoggingConfigSchema.prefault({}),
    ...timeoutFields,
    /** Event-loop stall threshold in ms above which the slow component is named in a warning. */
    eventLoopStallThresholdMs: NonNegativeFloat.default(100),
    dataClients: clientsSchema("data", registry).default({}),
    execClients: clientsSchema("exec", registry).default({}),
  });
}

export type TradingNodeConfigSchema = ReturnType<typeof makeTradingNodeConfigSchema>;
export type TradingNodeConfig = z.output<TradingNodeConfigSchema>;
