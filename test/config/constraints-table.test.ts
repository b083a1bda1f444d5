// Every constrained number of the TradingNodeConfig, found from the schema itself: a PositiveInt
// rejects 0, a NonNegativeInt rejects -1 and accepts 0, an Int rejects 1.5, a PositiveFloat rejects 0.
import { describe, expect, it } from "vitest";
import { ConfigInvalidError, parseNodeConfig } from "../../src/config/parse.js";
import { referenceRows } from "../../src/config/reference.js";
import { makeTradingNodeConfigSchema } from "../../src/config/schemas/node.js";

const rows = referenceRows(makeTradingNodeConfigSchema()).filter((r) => /^(Positive|NonNegative)(Int|Float)/.test(r.type) && !r.path.includes("database"));

function withValue(path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const keys = path.split(".");
  let cur = root;
  keys.slice(0, -1).forEach((k) => (cur = (cur[k] = {}) as Record<string, unknown>));
  cur[keys[keys.length - 1]!] = value;
  return root;
}

function problemAt(path: string, value: unknown): string | undefined {
  try {
    parseNodeConfig(withValue(path, value), new Map(), {});
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigInvalidError)) throw err;
    return err.problems.find((p) => p.path === path)?.message;
  }
}

describe("constrained numbers", () => {
  it("finds the constrained fields of reference §1", () => {
    expect(rows.length).toBeGreaterThan(40);
  });

  it.each(rows.map((r) => [r.path, r.type] as const))("%s (%s)", (path, type) => {
    if (type.startsWith("Positive")) expect(problemAt(path, 0)).toMatch(/must be > 0/);
    if (type.startsWith("NonNegative")) {
      expect(problemAt(path, -1)).toMatch(/must be >= 0/);
      expect(problemAt(path, 0)).toBeUndefined();
    }
    if (type.includes("Int")) expect(problemAt(path, 1.5)).toMatch(/integer/);
    expect(problemAt(path, "7")).toMatch(/expected number/);
  });
});
