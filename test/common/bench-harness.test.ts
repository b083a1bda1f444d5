/**
 * The benchmark harness (scripts/bench/run.ts) run as a child process under tsx, on a temporary
 * folder of fake benches: discovery, filtering by name, merging into results.json, failures.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const RUN = fileURLToPath(new URL("../../scripts/bench/run.ts", import.meta.url));
let dir = "";

function bench(name: string, body: string): void {
  writeFileSync(join(dir, `${name}.bench.ts`), body);
}

function run(...names: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", RUN, ...names], {
    env: { ...process.env, CORTANA_BENCH_DIR: dir },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function results(): { machine: Record<string, unknown>; results: Record<string, Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bench-harness-"));
  bench("alpha", "export default async () => ({ opsPerSec: 1234567, ratio: 1.5, big: 10n });\n");
  bench("beta", "export default async () => ({ opsPerSec: 42 });\n");
  writeFileSync(join(dir, "helper.ts"), "throw new Error('a helper must not be loaded as a bench');\n");
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("bench harness", () => {
  it("runs every *.bench.ts, prints a summary and writes results with the machine", () => {
    const r = run();
    expect(r.code).toBe(0);
    expect(r.out).toContain("1,234,567");
    const file = results();
    expect(Object.keys(file.results)).toEqual(["alpha", "beta"]);
    expect(file.results.alpha).toMatchObject({ opsPerSec: 1234567, ratio: 1.5, big: "10" });
    expect(file.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
    expect(typeof file.machine.cpu).toBe("string");
    expect(Date.parse(String(file.machine.date))).not.toBeNaN();
  });

  it("running one bench keeps the other benches' figures", () => {
    writeFileSync(join(dir, "results.json"), JSON.stringify({ machine: {}, results: { gamma: { opsPerSec: 7 }, beta: { opsPerSec: 1 } } }));
    const r = run("beta");
    expect(r.code).toBe(0);
    const file = results();
    expect(file.results.gamma).toEqual({ opsPerSec: 7 });
    expect(file.results.beta).toMatchObject({ opsPerSec: 42 });
    expect(file.results.alpha).toBeUndefined();
  });

  it("a failing bench is reported, keeps its old figures, and the exit code is 1", () => {
    bench("broken", "export default async () => { throw new Error('kaboom'); };\n");
    writeFileSync(join(dir, "results.json"), JSON.stringify({ machine: {}, results: { broken: { opsPerSec: 3 } } }));
    const r = run("broken", "beta");
    expect(r.code).toBe(1);
    expect(r.out).toContain("kaboom");
    const file = results();
    expect(file.results.broken).toEqual({ opsPerSec: 3 });
    expect(file.results.beta).toMatchObject({ opsPerSec: 42 });
  });

  it("an unknown bench name exits 2 listing the available ones", () => {
    const r = run("nope");
    expect(r.code).toBe(2);
    expect(r.out).toContain("available: alpha, beta");
  });
});
