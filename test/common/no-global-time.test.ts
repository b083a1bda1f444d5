/**
 * Guard for the rule "LiveClock is the single place that reads the system time": scans src/ for
 * direct reads of the clock. src/sim is exempt: the simulator is independent of the node and may
 * import nothing of it (only errors.ts and logger.ts), so it keeps its own time source.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "src");
const ALLOWED = new Set(["src/common/live-clock.ts"]);
const EXEMPT_DIRS = ["src/sim/"];
const READS = [/\bDate\.now\s*\(/, /\bnew Date\s*\(\s*\)/, /\bperformance\.now\s*\(/, /\bprocess\.hrtime\b/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

function offending(source: string): string[] {
  return source
    .split("\n")
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .filter(([line]) => READS.some((re) => re.test(line.replace(/\/\/.*$/, ""))))
    .map(([line, n]) => `${n}: ${line.trim()}`);
}

describe("system time is read only by LiveClock", () => {
  it("the scanner recognises every form of a time read and ignores comments", () => {
    expect(offending("const a = Date.now();\nconst b = new Date();\nconst c = performance.now();\nconst d = process.hrtime.bigint();")).toHaveLength(4);
    expect(offending(" * uses Date.now() in a comment\n// new Date()\nconst d = new Date(ms);")).toEqual([]);
  });

  it("no module under src/ (but LiveClock, and the independent simulator) reads the system time", () => {
    const found: string[] = [];
    for (const file of tsFiles(SRC)) {
      const rel = relative(ROOT, file).split("\\").join("/");
      if (ALLOWED.has(rel) || EXEMPT_DIRS.some((d) => rel.startsWith(d))) continue;
      for (const hit of offending(readFileSync(file, "utf8"))) found.push(`${rel}:${hit}`);
    }
    expect(found).toEqual([]);
  });
});
