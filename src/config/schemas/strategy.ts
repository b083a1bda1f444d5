/**
 * StrategyConfig base fields (reference §1.4) and the importable strategy / actor shapes.
 *
 * A strategy's `config` holds the base fields below plus the strategy's own parameters. The base
 * fields are checked here; the strategy's own zod schema checks the rest when the strategy is
 * imported (validate and build time), so unknown keys pass this layer and are caught there.
 */
import { z } from "zod";
import { InstrumentIdString, NonEmptyString, PositiveInt } from "../primitives.js";

export const StrategyConfigBaseSchema = z.looseObject({
  strategyId: NonEmptyString.optional(),
  /** Unique per trader; part of every client order id of the strategy. */
  orderIdTag: NonEmptyString.optional(),
  useUuidClientOrderIds: z.boolean().default(false),
  useHyphensInClientOrderIds: z.boolean().default(true),
  omsType: z.enum(["NETTING", "HEDGING"]).optional(),
  /** Instruments whose external orders this strategy takes over at reconciliation. */
  externalOrderClaims: z.array(InstrumentIdString).optional(),
  manageContingentOrders: z.boolean().default(false),
  manageGtdExpiry: z.boolean().default(false),
  manageStop: z.boolean().default(false),
  marketExitIntervalMs: PositiveInt.default(100),
  marketExitMaxAttempts: PositiveInt.default(100),
  marketExitTimeInForce: z.enum(["GTC", "DAY", "IOC", "FOK"]).default("GTC"),
  marketExitReduceOnly: z.boolean().default(true),
  logEvents: z.boolean().default(true),
  logCommands: z.boolean().default(true),
  logRejectedDuePostOnlyAsWarning: z.boolean().default(true),
});

/** A class given directly in a .ts config instead of a path. */
const ClassRef = z.custom<abstract new (...args: never[]) => unknown>((v) => typeof v === "function", {
  message: "expected a class",
});

/** `"./src/strategies/ema-cross.ts:EmaCross"` or a package specifier `"pkg/mod:Export"`. */
const ImportPath = z.string().regex(/^.+:[A-Za-z_$][\w$]*$/, {
  message: 'must be "module:ExportName", e.g. "./src/strategies/ema-cross.ts:EmaCross"',
});

export const ImportableStrategyConfigSchema = z.strictObject({
  strategyPath: z.union([ImportPath, ClassRef]),
  /** Optional: a separate export holding the strategy's config schema (default: the class's own). */
  configPath: ImportPath.optional(),
  config: StrategyConfigBaseSchema.prefault({}),
});

export const ImportableActorConfigSchema = z.strictObject({
  actorPath: z.union([ImportPath, ClassRef]),
  configPath: ImportPath.optional(),
  config: z.looseObject({ componentId: NonEmptyString.optional() }).prefault({}),
});

export type StrategyConfigBase = z.output<typeof StrategyConfigBaseSchema>;
export type ImportableStrategyConfig = z.output<typeof ImportableStrategyConfigSchema>;
export type ImportableActorConfig = z.output<typeof ImportableActorConfigSchema>;
