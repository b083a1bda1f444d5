// The README stays true: its generated sections match the code, every error code is documented and
// every documented code exists, and the quick start's commands exist.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../src/common/errors.js";
import { README_PATH, withSections } from "../scripts/readme.js";

const readme = readFileSync(README_PATH, "utf8");

describe("README", () => {
  it("generated sections are up to date (run: npx tsx scripts/readme.ts)", () => {
    expect(readme).toBe(withSections(readme));
  });

  it("documents every error code of the catalogue", () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(readme).toContain(`\`${code}\``);
  });

  it("documents no code that does not exist", () => {
    const documented = new Set(readme.match(/CORTANA_E_[A-Z0-9_]+/g) ?? []);
    for (const code of documented) expect(Object.keys(ERROR_CATALOGUE)).toContain(code);
  });

  it("the quick start's commands are package scripts", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(readme).toContain("npm ci && npm start");
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBe("vitest run");
    expect(readFileSync(".ci/run", "utf8")).toContain("npm test");
  });
});
