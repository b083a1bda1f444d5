/**
 * Client configs shared by every venue: RoutingConfig, InstrumentProviderConfig, and the generic
 * LiveDataClientConfig / LiveExecClientConfig used by clients whose factory is not built in (their
 * extra fields are left to the factory). `factory` overrides the factory key taken from the map key.
 */
import { z } from "zod";
import { EnvString, InstrumentIdString, NonEmptyString } from "../primitives.js";

export const RoutingConfigSchema = z.strictObject({
  /** This client receives commands for venues no other client routes. At most one per kind. */
  default: z.boolean().default(false),
  venues: z.array(NonEmptyString).optional(),
});

export const instrumentProviderFields = {
  loadAll: z.boolean().default(false),
  loadIds: z.array(InstrumentIdString).optional(),
  filters: z.record(z.string(), z.unknown()).optional(),
  filterCallable: z.string().optional(),
  logWarnings: z.boolean().default(true),
};

export const InstrumentProviderConfigSchema = z.strictObject(instrumentProviderFields);

export const LiveDataClientConfigSchema = z.looseObject({
  factory: NonEmptyString.optional(),
  handleRevisedBars: z.boolean().default(false),
  instrumentProvider: InstrumentProviderConfigSchema.prefault({}),
  routing: RoutingConfigSchema.prefault({}),
});

export const LiveExecClientConfigSchema = z.looseObject({
  factory: NonEmptyString.optional(),
  /** The venue account this client trades; required (a cross-field rule names a missing one). */
  accountId: EnvString.optional(),
  instrumentProvider: InstrumentProviderConfigSchema.prefault({}),
  routing: RoutingConfigSchema.prefault({}),
});

export type RoutingConfig = z.output<typeof RoutingConfigSchema>;
export type InstrumentProviderConfig = z.output<typeof InstrumentProviderConfigSchema>;
export type LiveDataClientConfig = z.output<typeof LiveDataClientConfigSchema>;
export type LiveExecClientConfig = z.output<typeof LiveExecClientConfigSchema>;

/** The factory key of a client: its explicit `factory`, else the part of the map key before the first "-". */
export function factoryKeyOf(mapKey: string, config: unknown): string {
  const explicit = (config as { factory?: unknown } | null)?.factory;
  if (typeof explicit === "string" && explicit.length > 0) return explicit;
  const dash = mapKey.indexOf("-");
  return dash === -1 ? mapKey : mapKey.slice(0, dash);
}
