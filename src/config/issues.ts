/**
 * Turns zod issues into one-line messages that name the full path and the fix:
 * `execEngine.openCheckLookbackMins: must be >= 1, got 0`, or for an unknown key
 * `execEngine.openCheckLookback: unknown key (did you mean "openCheckLookbackMins"?)`.
 * Values of secret-looking fields are never echoed.
 */
import type { z } from "zod";
import type { ClientSchemaRegistry } from "./schemas/node.js";
import { LiveDataClientConfigSchema, LiveExecClientConfigSchema, factoryKeyOf } from "./schemas/clients.js";

export interface ConfigProblem {
  path: string;
  message: string;
}

const SECRET_KEY = /pass|secret|token|user|credential|key$/i;

/** Nautilus options with no meaning in cortana-node, and why. */
const UNSUPPORTED: Record<string, string> = {
  emulator: "the order emulator is not supported",
  streaming: "streaming to a catalog is not supported",
  catalogs: "data catalogs are not supported (live only)",
  controller: "controllers are not supported",
  execAlgorithms: "execution algorithms are not supported",
  loopDebug: "asyncio loop debug has no Node equivalent; see eventLoopStallThresholdMs",
};

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out || "<root>";
}

export function toProblems(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  raw: unknown,
  registry: ClientSchemaRegistry,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(root, issue.path, raw, registry);
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), message: unknownKeyMessage(key, known) });
      }
      continue;
    }
    problems.push({ path: formatPath(issue.path), message: describe(issue, valueAt(raw, issue.path)) });
  }
  return problems;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const why = UNSUPPORTED[key];
  if (why) return `unknown key: ${why}`;
  const hint = nearestKey(key, known);
  return hint ? `unknown key (did you mean "${hint}"?)` : `unknown key${known.length ? ` (known keys: ${known.join(", ")})` : ""}`;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  const got = gotText(issue.path, value);
  switch (issue.code) {
    case "too_small": {
      if (issue.origin === "string" || issue.origin === "array") return issue.message;
      return `must be ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}${got}`;
    }
    case "too_big": {
      if (issue.origin === "string" || issue.origin === "array") return issue.message;
      return `must be ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}${got}`;
    }
    case "invalid_type":
      if (value === undefined) return `is required (expected ${issue.expected})`;
      if (issue.expected === "int") return `must be an integer${got}`;
      return `expected ${issue.expected}${got}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${got}`;
    case "invalid_union":
      if (value === undefined) return "is required";
      return `${firstUnionMessage(issue) ?? "has no valid form"}${got}`;
    case "invalid_key":
      return `invalid key: ${issue.issues[0]?.message ?? issue.message}`;
    default:
      return `${issue.message}${issue.code === "custom" ? "" : got}`;
  }
}

function firstUnionMessage(issue: z.core.$ZodIssueInvalidUnion): string | undefined {
  const custom = issue.errors.flat().find((e) => e.code === "custom" || e.code === "invalid_format");
  return custom?.message;
}

function gotText(path: readonly PropertyKey[], value: unknown): string {
  if (value === undefined) return "";
  const last = path[path.length - 1];
  if (typeof last === "string" && SECRET_KEY.test(last)) return "";
  const text = typeof value === "string" ? JSON.stringify(value) : typeof value === "object" ? (Array.isArray(value) ? "an array" : "an object") : String(value);
  return `, got ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

/** The keys the schema accepts at `path`, walking wrappers, objects, arrays, records and client configs. */
function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[], raw: unknown, registry: ClientSchemaRegistry): string[] {
  let schema: z.core.$ZodType | undefined = root;
  for (let i = 0; i < path.length && schema; i++) {
    const seg = path[i];
    const parent = path[i - 1];
    if (i === 1 && (parent === "dataClients" || parent === "execClients") && typeof seg === "string") {
      const kind = parent === "dataClients" ? "data" : "exec";
      const generic = kind === "data" ? LiveDataClientConfigSchema : LiveExecClientConfigSchema;
      schema = registry.get(factoryKeyOf(seg, valueAt(raw, path.slice(0, 2))))?.[kind] ?? generic;
      continue;
    }
    schema = child(unwrap(schema), seg);
  }
  const shape = schema ? objectShape(unwrap(schema)) : undefined;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let cur = schema;
  for (;;) {
    const def = cur._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if ((def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable") && def.innerType) cur = def.innerType;
    else if (def.type === "pipe" && def.in) cur = def.in;
    else return cur;
  }
}

function objectShape(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | undefined {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType> };
  return def.type === "object" ? def.shape : undefined;
}

function child(schema: z.core.$ZodType, seg: PropertyKey | undefined): z.core.$ZodType | undefined {
  const def = schema._zod.def as unknown as { type: string; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
  if (def.type === "array") return def.element;
  if (def.type === "record") return def.valueType;
  return objectShape(schema)?.[String(seg)];
}

/** snake_case -> camelCase, then the closest known key by edit distance (if close enough). */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const exact = known.find((k) => k.toLowerCase() === camel.toLowerCase());
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(camel.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const limit = Math.max(2, Math.floor(camel.length / 3));
  if (best && bestDistance <= limit) return best;
  return known.find((k) => k.toLowerCase().startsWith(camel.toLowerCase()) || camel.toLowerCase().startsWith(k.toLowerCase()));
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
