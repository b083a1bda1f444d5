/**
 * Config schemas of strategies and actors. The base StrategyConfig fields are the config layer's
 * (`StrategyConfigBaseSchema`, reference §1.4); a strategy declares its own parameters with
 * `strategyConfigSchema({...})`, which adds them to the base fields in a STRICT object: an unknown
 * key is rejected with its path, closing the seed's "range-validation gap" at load time.
 *
 * Entry points: `strategyConfigSchema(shape)`, `actorConfigSchema(shape)`, `StrategyConfigSchema`
 * (base fields only), the `StrategyConfig` / `ActorConfig` types, `parseComponentConfig` (the one
 * place a component config is validated: by the loader at validate / build time and by the Trader).
 */
import { z } from "zod";
import { StrategyConfigBaseSchema } from "../config/schemas/strategy.js";
import { NonEmptyString } from "../config/primitives.js";
import { toProblems } from "../config/issues.js";
import { CortanaError } from "../common/errors.js";

/** The base StrategyConfig fields plus `shape`, unknown keys rejected. */
export function strategyConfigSchema<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...StrategyConfigBaseSchema.shape, ...shape });
}

/** A strategy without parameters of its own. */
export const StrategyConfigSchema = strategyConfigSchema({});
export type StrategyConfig = z.output<typeof StrategyConfigSchema>;

const actorBaseShape = {
  /** The actor's component id; default its class name. */
  componentId: NonEmptyString.optional(),
};

/** The base actor fields plus `shape`, unknown keys rejected. */
export function actorConfigSchema<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...actorBaseShape, ...shape });
}

export const ActorConfigSchema = actorConfigSchema({});
export type ActorConfig = z.output<typeof ActorConfigSchema>;

/** A zod problem of a strategy's or actor's config, with its full path (`strategies[0].config.fastPeriod`). */
export interface ComponentConfigProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Parses `config` with `schema`; failure throws CORTANA_E_STRATEGY_CONFIG listing every problem
 * under `basePath` (e.g. `strategies[0].config`), unknown keys with a "did you mean" hint.
 * `label` names the component in the message (its index and path or class).
 */
export function parseComponentConfig(schema: z.ZodType, config: unknown, basePath: string, label: string): unknown {
  const result = schema.safeParse(config ?? {});
  if (result.success) return result.data;
  const problems: ComponentConfigProblem[] = toProblems(result.error.issues, schema, config, new Map()).map((p) => ({
    path: p.path === "<root>" ? basePath : `${basePath}.${p.path}`,
    message: p.message,
  }));
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`).join("\n");
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  throw new CortanaError("CORTANA_E_STRATEGY_CONFIG", `${label}: config is invalid (${count}):\n${lines}`, { details: { problems } });
}
