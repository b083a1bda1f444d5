/**
 * The effective config as plain data for printing (`config print`, logging.printConfig): secrets
 * become "[REDACTED]", classes given directly become "[class Name]", bigints become strings.
 */
import { REDACTED, Secret, isPlainObject } from "./secret.js";

export function toPrintable(value: unknown): unknown {
  if (value instanceof Secret) return REDACTED;
  if (typeof value === "function") return `[class ${value.name || "anonymous"}]`;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toPrintable);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toPrintable(item);
    return out;
  }
  return value;
}
