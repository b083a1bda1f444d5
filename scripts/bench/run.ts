/**
 * The benchmark harness: `npm run bench` (all) or `npm run bench -- msgbus exec-engine` (some).
 *
 * Loads every `scripts/bench/*.bench.ts` (or those named on the command line, by the part before
 * `.bench.ts`), runs each default export (`async () => Record<string, unknown>`) one after the
 * other, prints a readable summary, and merges the figures into `scripts/bench/results.json`:
 * `{ machine: { cpu, cores, node, date }, results: { <name>: { date, ...figures } } }`.
 *
 * Invariants: running some benches keeps the other benches' figures in results.json (each entry
 * carries its own date; `machine` describes the latest run). A bench that throws or exports
 * no function is reported, its old figures are kept, and the process exits 1 after the others
 * ran. An unknown name on the command line exits 2 with the list of benches.
 * `CORTANA_BENCH_DIR` (env) replaces the folder searched and written (for the harness' tests).
 */
import { readFile, readdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LiveClock } from "../../src/common/clock.js";

type Figures = Record<string, unknown>;

interface ResultsFile {
  machine: { cpu: string; cores: number; node: string; date: string };
  results: Record<string, Figures>;
}

// CORTANA_BENCH_DIR points the harness at another folder (its own tests use a temporary one).
const HERE = process.env.CORTANA_BENCH_DIR ?? dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, "results.json");
const SUFFIX = ".bench.ts";

async function discover(): Promise<string[]> {
  const files = await readdir(HERE);
  return files.filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
}

async function readResults(): Promise<ResultsFile | undefined> {
  try {
    return JSON.parse(await readFile(RESULTS, "utf8")) as ResultsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read ${RESULTS}: ${(err as Error).message}`);
  }
}

/** JSON-safe: bigints become strings. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

function formatValue(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(3);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "object" && v !== null) return "{…} (see results.json)";
  return String(v);
}

function printSummary(name: string, figures: Figures, seconds: number): void {
  console.log(`\n${name}  (${seconds.toFixed(1)} s)`);
  const keys = Object.keys(figures);
  const width = Math.max(...keys.map((k) => k.length), 0);
  for (const k of keys) console.log(`  ${k.padEnd(width)}  ${formatValue(figures[k])}`);
}

async function runOne(name: string): Promise<Figures> {
  const mod = (await import(pathToFileURL(join(HERE, `${name}${SUFFIX}`)).href)) as { default?: unknown };
  if (typeof mod.default !== "function") throw new Error(`${name}${SUFFIX} has no default-exported function`);
  const figures: unknown = await (mod.default as () => Promise<unknown>)();
  if (typeof figures !== "object" || figures === null || Array.isArray(figures)) throw new Error(`${name}${SUFFIX} did not return an object of figures`);
  return figures as Figures;
}

async function main(): Promise<number> {
  const available = await discover();
  const wanted = process.argv.slice(2).map((a) => a.replace(/\.bench(\.ts)?$/, ""));
  const unknown = wanted.filter((w) => !available.includes(w));
  if (unknown.length > 0) {
    console.error(`unknown bench(es): ${unknown.join(", ")}; available: ${available.join(", ") || "(none)"}`);
    return 2;
  }
  const names = wanted.length > 0 ? wanted : available;
  const clock = new LiveClock();
  const cpuList = cpus();
  const date = clock.utcNow().toISOString();
  const machine = { cpu: cpuList[0]?.model.trim() ?? "unknown", cores: cpuList.length, node: process.version, date };
  console.log(`benchmarks: ${names.join(", ")}\nmachine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);

  const fresh: Record<string, Figures> = {};
  let failed = 0;
  for (const name of names) {
    const t0 = clock.timestampMs();
    try {
      const figures = await runOne(name);
      fresh[name] = { date, ...figures };
      printSummary(name, figures, (clock.timestampMs() - t0) / 1000);
    } catch (err) {
      failed++;
      console.error(`\n${name}: FAILED: ${(err as Error).stack ?? String(err)}`);
    }
  }

  // Re-read just before writing so a concurrent run of another bench is not overwritten.
  const previous = await readResults();
  const merged: ResultsFile = { machine, results: { ...(previous?.results ?? {}), ...fresh } };
  const sorted = Object.fromEntries(Object.entries(merged.results).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(RESULTS, `${toJson({ machine, results: sorted })}\n`);
  console.log(`\nwrote ${RESULTS} (${Object.keys(fresh).length} updated, ${Object.keys(sorted).length} in all)`);
  clock.dispose();
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
