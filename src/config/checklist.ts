/**
 * The preflight checklist behind `cortana-node validate`. A check reads the loading context and
 * returns items (ok / warn / error / skip), each with a message that says what to do. The config
 * checks live here; later layers add theirs (strategy imports, client factories, gateway and Redis
 * reachability) by passing more checks to `runChecklist`: the list is open for extension.
 */
import { isCortanaError } from "../common/errors.js";
import { loadConfigFile } from "./loader.js";
import { ConfigInvalidError, parseNodeConfig, type ParsedConfig } from "./parse.js";
import type { ClientSchemaRegistry } from "./schemas/node.js";

export type CheckStatus = "ok" | "warn" | "error" | "skip";

export interface CheckItem {
  check: string;
  status: CheckStatus;
  message: string;
  path?: string;
  code?: string;
}

export interface CheckContext {
  file: string;
  offline: boolean;
  registry: ClientSchemaRegistry;
  /** Set by the config checks; later checks need it and are skipped without it. */
  raw?: unknown;
  parsed?: ParsedConfig;
}

export interface PreflightCheck {
  id: string;
  /** Whether the check needs a valid config (skipped otherwise). */
  needsConfig: boolean;
  /** Whether the check uses the network (skipped with --offline). */
  network?: boolean;
  run(ctx: CheckContext): Promise<CheckItem[]>;
}

export interface ChecklistResult {
  valid: boolean;
  file: string;
  items: CheckItem[];
}

const loadCheck: PreflightCheck = {
  id: "load",
  needsConfig: false,
  async run(ctx) {
    try {
      ctx.raw = await loadConfigFile(ctx.file);
      return [{ check: "load", status: "ok", message: `loaded ${ctx.file}` }];
    } catch (err) {
      return [errorItem("load", err)];
    }
  },
};

const schemaCheck: PreflightCheck = {
  id: "schema",
  needsConfig: false,
  async run(ctx) {
    if (ctx.raw === undefined) return [{ check: "schema", status: "skip", message: "config not loaded" }];
    try {
      ctx.parsed = parseNodeConfig(ctx.raw, ctx.registry);
    } catch (err) {
      if (err instanceof ConfigInvalidError) {
        return [
          ...err.problems.map((p): CheckItem => ({ check: "schema", status: "error", path: p.path, message: p.message, code: err.code })),
          ...err.warnings.map((w): CheckItem => ({ check: `rule:${w.rule}`, status: "warn", path: w.path, message: w.message })),
        ];
      }
      return [errorItem("schema", err)];
    }
    const warnings = ctx.parsed.warnings.map((w): CheckItem => ({ check: `rule:${w.rule}`, status: "warn", path: w.path, message: w.message }));
    return [{ check: "schema", status: "ok", message: "every field valid, defaults filled, cross-field rules pass" }, ...warnings];
  },
};

export const CONFIG_CHECKS: readonly PreflightCheck[] = [loadCheck, schemaCheck];

export async function runChecklist(ctx: CheckContext, checks: readonly PreflightCheck[]): Promise<ChecklistResult> {
  const items: CheckItem[] = [];
  for (const check of checks) {
    if (check.needsConfig && ctx.parsed === undefined) {
      items.push({ check: check.id, status: "skip", message: "skipped: the config is not valid" });
      continue;
    }
    if (check.network && ctx.offline) {
      items.push({ check: check.id, status: "skip", message: "skipped: --offline" });
      continue;
    }
    try {
      items.push(...(await check.run(ctx)));
    } catch (err) {
      items.push(errorItem(check.id, err));
    }
  }
  return { valid: !items.some((i) => i.status === "error"), file: ctx.file, items };
}

function errorItem(check: string, err: unknown): CheckItem {
  if (isCortanaError(err)) return { check, status: "error", message: err.message, code: err.code };
  return { check, status: "error", message: err instanceof Error ? err.message : String(err) };
}
