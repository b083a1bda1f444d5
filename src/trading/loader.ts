/**
 * Importable strategies and actors (Nautilus `ImportableStrategyConfig` + `StrategyFactory`):
 * resolves each `strategyPath` / `actorPath` ("./src/strategies/ema-cross.ts:EmaCross", relative
 * to the working directory; a package specifier "pkg/mod:Export"; or a class given directly in a
 * .ts config), checks it is a Strategy (Actor) subclass, and validates its `config` with the
 * class's own zod schema (or the `configPath` export). Every failure is found here, at `validate`
 * and at build time, never at the first event.
 *
 * Entry points: `loadStrategies(configs)`, `loadActors(configs)` (throw the first failure),
 * `settleStrategies` / `settleActors` (every entry's outcome), `strategyImportsCheck` (the
 * `validate` preflight check, id "strategies").
 * Errors: CORTANA_E_STRATEGY_IMPORT (import failed, export missing, not a subclass) and
 * CORTANA_E_STRATEGY_CONFIG (config fails the schema), each naming the index, path and cause.
 * Modules are loaded with a plain dynamic import(): the CLI registers tsx, vitest imports .ts.
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { CortanaError, isCortanaError } from "../common/errors.js";
import type { CheckItem, PreflightCheck } from "../config/checklist.js";
import type { ImportableActorConfigSchema, ImportableStrategyConfigSchema } from "../config/schemas/strategy.js";
import { Actor } from "./actor.js";
import { parseComponentConfig } from "./config.js";
import { Strategy } from "./strategy.js";
import type { AddOptions, ComponentClass } from "./trader.js";

export interface LoadedComponent<T extends Actor<object>> {
  readonly index: number;
  /** `strategies[0] (./src/strategies/ema-cross.ts:EmaCross)`: names the entry in messages. */
  readonly label: string;
  readonly cls: ComponentClass<T>;
  /** The config as the schema parsed it (defaults filled). */
  readonly config: unknown;
  /** The config as given (the Trader parses it again when it builds the component). */
  readonly rawConfig: unknown;
  /** What to hand `Trader.addStrategy` / `addActor` (label, schema, path). */
  readonly options: AddOptions & { readonly schema: z.ZodType; readonly path: string };
}

export type LoadedStrategy = LoadedComponent<Strategy>;
export type LoadedActor = LoadedComponent<Actor<object>>;

export type Settled<T extends Actor<object>> = { readonly ok: true; readonly value: LoadedComponent<T> } | { readonly ok: false; readonly error: CortanaError };

export interface LoadOptions {
  /** Base of relative module paths. Default process.cwd(). */
  readonly cwd?: string;
}

/** An entry of `strategies` / `actors`, parsed by the node config or as written (defaults optional). */
export type ImportableStrategyInput = z.input<typeof ImportableStrategyConfigSchema>;
export type ImportableActorInput = z.input<typeof ImportableActorConfigSchema>;

type Kind = "strategies" | "actors";
type ClassRef = abstract new (...args: never[]) => unknown;

interface Entry {
  readonly path: string | ClassRef;
  readonly configPath?: string | undefined;
  readonly config: unknown;
}

export async function loadStrategies(configs: readonly ImportableStrategyInput[], options: LoadOptions = {}): Promise<LoadedStrategy[]> {
  return unwrap(await settleStrategies(configs, options));
}

export async function loadActors(configs: readonly ImportableActorInput[], options: LoadOptions = {}): Promise<LoadedActor[]> {
  return unwrap(await settleActors(configs, options));
}

export function settleStrategies(configs: readonly ImportableStrategyInput[], options: LoadOptions = {}): Promise<Settled<Strategy>[]> {
  return Promise.all(configs.map((c, i) => settle<Strategy>("strategies", i, { path: c.strategyPath, configPath: c.configPath, config: c.config }, options)));
}

export function settleActors(configs: readonly ImportableActorInput[], options: LoadOptions = {}): Promise<Settled<Actor<object>>[]> {
  return Promise.all(configs.map((c, i) => settle<Actor<object>>("actors", i, { path: c.actorPath, configPath: c.configPath, config: c.config }, options)));
}

function unwrap<T extends Actor<object>>(settled: readonly Settled<T>[]): LoadedComponent<T>[] {
  const failed = settled.find((s) => !s.ok);
  if (failed !== undefined && !failed.ok) throw failed.error;
  return settled.map((s) => (s as { value: LoadedComponent<T> }).value);
}

async function settle<T extends Actor<object>>(kind: Kind, index: number, entry: Entry, options: LoadOptions): Promise<Settled<T>> {
  try {
    return { ok: true, value: await loadOne<T>(kind, index, entry, options) };
  } catch (err) {
    if (isCortanaError(err)) return { ok: false, error: err };
    const label = `${kind}[${index}]`;
    return { ok: false, error: new CortanaError("CORTANA_E_STRATEGY_IMPORT", `${label}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }) };
  }
}

async function loadOne<T extends Actor<object>>(kind: Kind, index: number, entry: Entry, options: LoadOptions): Promise<LoadedComponent<T>> {
  const field = kind === "strategies" ? "strategyPath" : "actorPath";
  const where = `${kind}[${index}]`;
  const label = `${where} (${typeof entry.path === "string" ? entry.path : entry.path.name || "<anonymous class>"})`;
  const exported = typeof entry.path === "string" ? await importExport(entry.path, `${where}.${field}`, options) : entry.path;
  const cls = checkClass(kind, exported, `${where}.${field}`, label) as unknown as ComponentClass<T>;
  const schema = entry.configPath === undefined ? cls.configSchema : checkSchema(await importExport(entry.configPath, `${where}.configPath`, options), `${where}.configPath`);
  const path = `${where}.config`;
  const config = parseComponentConfig(schema, entry.config, path, label);
  return { index, label, cls, config, rawConfig: entry.config, options: { label, schema, path } };
}

/** Imports `module:Export` and returns the export; failures are CORTANA_E_STRATEGY_IMPORT. */
async function importExport(spec: string, where: string, options: LoadOptions): Promise<unknown> {
  const colon = spec.lastIndexOf(":");
  const modulePath = colon > 0 ? spec.slice(0, colon) : spec;
  const exportName = colon > 0 ? spec.slice(colon + 1) : "default";
  const isFile = modulePath.startsWith(".") || isAbsolute(modulePath);
  const url = isFile ? pathToFileURL(resolve(options.cwd ?? process.cwd(), modulePath)).href : modulePath;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new CortanaError("CORTANA_E_STRATEGY_IMPORT", `${where}: cannot import "${modulePath}" (${spec}): ${reason}`, { cause, details: { path: where } });
  }
  if (!(exportName in mod) || mod[exportName] === undefined) {
    const names = Object.keys(mod).filter((k) => k !== "__esModule");
    throw new CortanaError("CORTANA_E_STRATEGY_IMPORT", `${where}: "${modulePath}" has no export "${exportName}" (exports: ${names.join(", ") || "none"})`, { details: { path: where } });
  }
  return mod[exportName];
}

function checkClass(kind: Kind, value: unknown, where: string, label: string): ClassRef {
  const base = kind === "strategies" ? Strategy : Actor;
  const want = kind === "strategies" ? "Strategy" : "Actor";
  const isSub = typeof value === "function" && value.prototype instanceof base;
  if (!isSub) {
    const got = typeof value === "function" ? `class or function ${value.name || "<anonymous>"}` : typeof value;
    throw new CortanaError("CORTANA_E_STRATEGY_IMPORT", `${where}: ${label} is not a ${want} subclass (got ${got})`, { details: { path: where } });
  }
  if (kind === "actors" && (value as { prototype: unknown }).prototype instanceof Strategy) {
    throw new CortanaError("CORTANA_E_STRATEGY_IMPORT", `${where}: ${label} is a Strategy; list it under strategies, not actors`, { details: { path: where } });
  }
  return value as ClassRef;
}

function checkSchema(value: unknown, where: string): z.ZodType {
  const ok = typeof value === "object" && value !== null && typeof (value as { safeParse?: unknown }).safeParse === "function";
  if (!ok) throw new CortanaError("CORTANA_E_STRATEGY_IMPORT", `${where}: the export is not a zod schema`, { details: { path: where } });
  return value as z.ZodType;
}

function items(kind: Kind, settled: readonly Settled<Actor<object>>[]): CheckItem[] {
  return settled.flatMap((s): CheckItem[] => {
    if (s.ok) return [{ check: "strategies", status: "ok", path: `${kind}[${s.value.index}]`, message: `${s.value.label}: imports, config valid` }];
    const details = s.error.details as { problems?: { path: string; message: string }[]; path?: string } | undefined;
    const problems = details?.problems;
    if (problems === undefined) return [{ check: "strategies", status: "error", message: s.error.message, code: s.error.code, ...(details?.path === undefined ? {} : { path: details.path }) }];
    return problems.map((p) => ({ check: "strategies", status: "error", path: p.path, message: p.message, code: s.error.code }));
  });
}

/** `validate`'s check: every strategy and actor imports and its config passes its schema. */
export const strategyImportsCheck: PreflightCheck = {
  id: "strategies",
  needsConfig: true,
  async run(ctx) {
    const config = ctx.parsed?.config;
    if (config === undefined) return [{ check: "strategies", status: "skip", message: "config not parsed" }];
    const found = [...items("strategies", await settleStrategies(config.strategies)), ...items("actors", await settleActors(config.actors))];
    return found.length > 0 ? found : [{ check: "strategies", status: "ok", message: "no strategies or actors configured" }];
  },
};
