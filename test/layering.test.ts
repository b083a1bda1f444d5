// The layering of design.md: a module imports only from its own layer or lower ones (model is the
// bottom; errors.ts and logger.ts of common are the foundation every layer may use), and the
// simulator imports nothing of the node.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ORDER = ["model", "common", "config", "cache", "data", "risk", "execution", "portfolio", "trading", "live", "adapters", "strategies", "cli"];
const FOUNDATION = new Set(["src/common/errors.ts", "src/common/logger.ts"]);
/**
 * Data the layer below receives: the trading commands flow strategy -> RiskEngine -> ExecEngine,
 * so the RiskEngine reads them (as Nautilus' RiskEngine handles execution.messages).
 */
const SHARED_DATA = new Set(["src/execution/messages.ts"]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

const layerOf = (path: string): string => path.split("/")[1] ?? "";

function violations(): string[] {
  const found: string[] = [];
  for (const file of files("src")) {
    const from = relative(".", file);
    const layer = layerOf(from);
    if (layer === "index.ts" || layer === "types") continue;
    for (const m of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
      const target = relative(".", resolve(dirname(file), m[1]!)).replace(/\.js$/, ".ts");
      if (FOUNDATION.has(target) || (SHARED_DATA.has(target) && layer === "risk")) continue;
      const to = layerOf(target);
      if (layer === "sim") {
        if (to !== "sim") found.push(`${from} -> ${target} (the simulator knows nothing of the node)`);
        continue;
      }
      if (to === "sim" && layer !== "cli") found.push(`${from} -> ${target}`);
      else if (to !== "index.ts" && to !== "sim" && ORDER.indexOf(to) > ORDER.indexOf(layer)) found.push(`${from} -> ${target}`);
    }
  }
  return found;
}

describe("layering", () => {
  it("no module imports from a layer above its own", () => {
    expect(violations()).toEqual([]);
  });
});
