/**
 * From raw config data to a TradingNodeConfig: environment references resolved, the schema applied
 * (defaults filled, unknown keys rejected with a hint), then the cross-field rules. Schema problems
 * and rule errors are gathered into one CORTANA_E_CONFIG_INVALID listing every problem.
 */
import { CortanaError } from "../common/errors.js";
import { formatPath, toProblems, type ConfigProblem } from "./issues.js";
import { checkRules, type Finding } from "./rules.js";
import { makeTradingNodeConfigSchema, type ClientSchemaRegistry, type TradingNodeConfig } from "./schemas/node.js";
import { resolveEnv } from "./secret.js";

export interface ParsedConfig {
  config: TradingNodeConfig;
  /** Rule findings: warnings only (errors throw). */
  warnings: Finding[];
}

export class ConfigInvalidError extends CortanaError {
  readonly problems: ConfigProblem[];
  readonly warnings: Finding[];

  constructor(problems: ConfigProblem[], warnings: Finding[] = []) {
    const lines = problems.map((p) => `  ${p.path}: ${p.message}`).join("\n");
    super("CORTANA_E_CONFIG_INVALID", `config is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines}`, {
      details: { problems },
    });
    this.problems = problems;
    this.warnings = warnings;
  }
}

/**
 * Validates `raw`. Throws CORTANA_E_ENV_MISSING when fromEnv variables are unset and
 * ConfigInvalidError (CORTANA_E_CONFIG_INVALID) for schema problems or rule errors.
 */
export function parseNodeConfig(raw: unknown, registry: ClientSchemaRegistry = new Map(), env = process.env): ParsedConfig {
  const resolved = resolveEnv(raw, env);
  const schema = makeTradingNodeConfigSchema(registry);
  const result = schema.safeParse(resolved);
  if (!result.success) {
    throw new ConfigInvalidError(toProblems(result.error.issues, schema, resolved, registry));
  }
  const findings = checkRules(result.data);
  const errors = findings.filter((f) => f.level === "error");
  const warnings = findings.filter((f) => f.level === "warning");
  if (errors.length > 0) {
    throw new ConfigInvalidError(errors.map((f) => ({ path: f.path, message: f.message })), warnings);
  }
  return { config: result.data, warnings };
}

export { formatPath };
