/**
 * What the CLI writes: the checklist (human or JSON), errors (code + message, a stack only with
 * --debug), and the effective config. Writers are injected so tests capture them.
 */
import { stringify as toYaml } from "yaml";
import { isCortanaError } from "../common/errors.js";
import type { ChecklistResult, CheckStatus } from "../config/checklist.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

const MARK: Record<CheckStatus, string> = { ok: "✓", warn: "⚠", error: "✗", skip: "-" };

export function renderChecklist(result: ChecklistResult): string {
  const lines = [`cortana-node validate ${result.file}`];
  for (const item of result.items) {
    const where = item.path ? `${item.path}: ` : "";
    const code = item.code ? ` [${item.code}]` : "";
    lines.push(`  ${MARK[item.status]} ${item.check.padEnd(24)} ${where}${item.message}${code}`);
  }
  const errors = result.items.filter((i) => i.status === "error").length;
  const warnings = result.items.filter((i) => i.status === "warn").length;
  lines.push(result.valid ? `valid (${warnings} warning${warnings === 1 ? "" : "s"})` : `invalid: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
  return lines.join("\n");
}

export function renderError(err: unknown, debug: boolean): string {
  if (isCortanaError(err)) {
    const stack = debug && err.stack ? `\n${err.stack}` : "";
    return `error ${err.code}: ${err.message}${stack}`;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return `internal error: ${e.message}\n${e.stack ?? ""}`;
}

export function renderConfig(config: unknown, format: "json" | "yaml"): string {
  return format === "json" ? JSON.stringify(config, null, 2) : toYaml(config);
}
