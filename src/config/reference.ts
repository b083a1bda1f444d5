/**
 * The config reference, generated from the schemas themselves so the README can never drift from
 * the code: one row per field with its path, type (with Nautilus' constrained-number names) and
 * default. `renderReference()` gives the markdown tables the README embeds (a test compares them).
 */
import { globalRegistry, type z } from "zod";

export interface ReferenceRow {
  path: string;
  type: string;
  default: string;
}

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  defaultValue?: unknown;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[];
};

const defOf = (s: z.core.$ZodType) => s._zod.def as unknown as Def;

export function referenceRows(schema: z.core.$ZodType, prefix = ""): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const shape = defOf(unwrap(schema).schema).shape ?? {};
  for (const [key, field] of Object.entries(shape)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const { schema: inner, optional, defaultValue } = unwrap(field);
    const innerDef = defOf(inner);
    if (innerDef.type === "object") {
      rows.push({ path, type: optional ? "object?" : "object", default: defaultValue === undefined ? "unset" : "{} (defaults below)" });
      rows.push(...referenceRows(inner, path));
      continue;
    }
    const fallback = optional ? "unset" : "**required**";
    rows.push({ path, type: `${typeName(inner)}${optional && defaultValue === undefined ? "?" : ""}`, default: defaultValue === undefined ? fallback : formatDefault(defaultValue) });
  }
  return rows;
}

function unwrap(schema: z.core.$ZodType): { schema: z.core.$ZodType; optional: boolean; defaultValue: unknown } {
  let cur = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(cur);
    if (def.type === "optional" && def.innerType) {
      optional = true;
      cur = def.innerType;
    } else if ((def.type === "default" || def.type === "prefault") && def.innerType) {
      defaultValue = def.defaultValue;
      cur = def.innerType;
    } else if (def.type === "pipe" && def.in && defOf(def.in).type !== "transform" && globalRegistry.get(cur)?.description !== "secret") {
      cur = def.in;
    } else return { schema: cur, optional, defaultValue };
  }
}

function typeName(schema: z.core.$ZodType): string {
  if (globalRegistry.get(schema)?.description === "secret") return "secret (string \\| fromEnv(...))";
  const def = defOf(schema);
  switch (def.type) {
    case "number":
      return numberName(def);
    case "enum":
      return Object.values(def.entries ?? {}).map((v) => JSON.stringify(v)).join(" \\| ");
    case "literal":
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(" \\| ");
    case "array":
      return def.element ? `${typeName(unwrap(def.element).schema)}[]` : "array";
    case "record":
      return `record<${def.keyType ? typeName(unwrap(def.keyType).schema) : "string"}, ${def.valueType ? typeName(unwrap(def.valueType).schema) : "unknown"}>`;
    case "union":
      return (def.options ?? []).map((o) => typeName(unwrap(o).schema)).filter((t, i, all) => all.indexOf(t) === i).join(" \\| ");
    case "pipe":
      return def.in ? typeName(unwrap(def.in).schema) : "value";
    case "custom":
      return "fromEnv(...)";
    default:
      return def.type;
  }
}

function numberName(def: Def): string {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const int = checks.some((c) => c.format === "safeint");
  const min = checks.find((c) => c.check === "greater_than");
  const max = checks.find((c) => c.check === "less_than");
  let name = int ? "int" : "float";
  if (min?.value === 0) name = `${min.inclusive ? "NonNegative" : "Positive"}${int ? "Int" : "Float"}`;
  return max ? `${name} (<= ${max.value})` : name;
}

function formatDefault(value: unknown): string {
  if (value === undefined) return "unset";
  return `\`${JSON.stringify(value)}\``;
}

export function renderReference(sections: { title: string; schema: z.core.$ZodType; prefix?: string }[]): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(`#### ${section.title}`, "", "| field | type | default |", "|---|---|---|");
    for (const row of referenceRows(section.schema, section.prefix)) out.push(`| \`${row.path}\` | ${row.type} | ${row.default} |`);
    out.push("");
  }
  return out.join("\n");
}
