/**
 * Secrets and environment references in configs.
 *
 * `Secret` wraps a credential so it can never print: JSON, string conversion, util.inspect and
 * template literals all give "[REDACTED]"; only `reveal()` returns the value, at the one place
 * that hands it to a socket or a child process.
 *
 * `fromEnv(name)` marks a config value to be read from the environment when the config is loaded
 * (`resolveEnv`), so every missing variable can be reported in one error instead of one at a time.
 */
import { inspect } from "node:util";
import { CortanaError } from "../common/errors.js";

export const REDACTED = "[REDACTED]";

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The credential itself. Call it only where the value leaves the process (a login, a child env). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

const ENV_REF = Symbol.for("cortana.envRef");

/** A value to be read from the environment variable `name` when the config is loaded. */
export interface EnvRef {
  readonly [ENV_REF]: true;
  readonly name: string;
  readonly fallback: string | undefined;
}

export function fromEnv(name: string, options?: { default?: string }): EnvRef {
  return { [ENV_REF]: true, name, fallback: options?.default };
}

export function isEnvRef(value: unknown): value is EnvRef {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ENV_REF] === true;
}

/**
 * Replaces every EnvRef in `value` (deeply) by the variable's value. All missing variables are
 * collected into one CORTANA_E_ENV_MISSING error naming each one and where it is used.
 */
export function resolveEnv(value: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  const missing = new Map<string, string[]>();
  const resolved = walk(value, env, missing, []);
  if (missing.size > 0) {
    const names = [...missing.keys()];
    const where = [...missing].map(([name, paths]) => `${name} (used at ${paths.join(", ")})`).join("; ");
    throw new CortanaError(
      "CORTANA_E_ENV_MISSING",
      `missing environment variable${names.length > 1 ? "s" : ""} ${names.join(", ")}: export ${names.length > 1 ? "them" : "it"} before starting the node. ${where}`,
      { details: { missing: names } },
    );
  }
  return resolved;
}

function walk(value: unknown, env: NodeJS.ProcessEnv, missing: Map<string, string[]>, path: (string | number)[]): unknown {
  if (isEnvRef(value)) {
    const found = env[value.name];
    if (found !== undefined && found !== "") return found;
    if (value.fallback !== undefined) return value.fallback;
    const paths = missing.get(value.name) ?? [];
    paths.push(path.join(".") || "<root>");
    missing.set(value.name, paths);
    return undefined;
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, env, missing, [...path, i]));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, env, missing, [...path, key]);
    return out;
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
