/**
 * Loads a config file: `.ts` / `.mts` / `.js` / `.mjs` (default export: the config, or a sync or
 * async function returning it; imported through tsx) or `.json`. Every failure names the file and
 * the cause, with a stable code, and no stack trace.
 */
import { readFile, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { CortanaError } from "../common/errors.js";

const MODULE_EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs", ".cts", ".cjs"]);

export async function loadConfigFile(file: string): Promise<unknown> {
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new CortanaError("CORTANA_E_CONFIG_NOT_FOUND", `config file not found: ${file}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return loadJson(file, path);
  if (MODULE_EXTENSIONS.has(ext)) return loadModule(file, path);
  throw new CortanaError("CORTANA_E_CONFIG_FORMAT", `cannot load ${file}: use a .ts, .mts, .js, .mjs or .json file`);
}

async function loadJson(file: string, path: string): Promise<unknown> {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CortanaError("CORTANA_E_CONFIG_LOAD", `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

async function loadModule(file: string, path: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path);
  } catch (err) {
    throw new CortanaError("CORTANA_E_CONFIG_LOAD", `${file} failed to load: ${firstLine(err)}`, { cause: err });
  }
  // tsx may wrap a CommonJS-style module's default export one level deeper.
  let exported = mod.default;
  if (isModuleWrapper(exported)) exported = exported.default;
  if (exported === undefined) {
    throw new CortanaError("CORTANA_E_CONFIG_LOAD", `${file} has no default export: end it with \`export default defineConfig({...})\``);
  }
  if (typeof exported !== "function") return exported;
  try {
    return await (exported as () => unknown)();
  } catch (err) {
    throw new CortanaError("CORTANA_E_CONFIG_LOAD", `${file}: its default export threw: ${firstLine(err)}`, { cause: err });
  }
}

/**
 * A plain import() keeps one module graph, so a Strategy class imported by the config is the same
 * class the node knows. The CLI registers tsx globally; tsImport is the fallback when it is not
 * (a program embedding the loader in plain Node).
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    if ((err as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw err;
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

function isModuleWrapper(value: unknown): value is { default: unknown } {
  return typeof value === "object" && value !== null && "default" in value && Object.keys(value).length <= 2 && "__esModule" in value;
}

function firstLine(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("CORTANA_E_")) return `${code}: ${(err as Error).message}`;
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0] ?? message;
}
