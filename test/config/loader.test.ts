// Each loader (.ts .mts .js .mjs .json), function and async-function exports, and every failure
// named with the file and the cause.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/config/loader.js";

const dir = mkdtempSync(join(tmpdir(), "cortana-loader-"));
const indexUrl = pathToFileURL(resolve("src/index.ts")).href;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadConfigFile", () => {
  it.each([
    ["a.ts", `import { defineConfig } from "${indexUrl}";\nconst id: string = "TS-001";\nexport default defineConfig({ traderId: id });`],
    ["b.mts", `export default { traderId: "TS-001" } as const;`],
    ["c.js", `export default { traderId: "TS-001" };`],
    ["d.mjs", `export default { traderId: "TS-001" };`],
    ["e.json", `{ "traderId": "TS-001" }`],
    ["f.ts", `export default () => ({ traderId: "TS-001" });`],
    ["g.ts", `export default async () => { await new Promise((r) => setTimeout(r, 5)); return { traderId: "TS-001" }; };`],
  ])("loads %s", async (name, text) => {
    expect(await loadConfigFile(file(name, text))).toEqual({ traderId: "TS-001" });
  });

  it.each([
    ["missing.ts", null, "CORTANA_E_CONFIG_NOT_FOUND", "not found"],
    ["h.yaml", "traderId: X", "CORTANA_E_CONFIG_FORMAT", ".json"],
    ["i.json", "{ nope", "CORTANA_E_CONFIG_LOAD", "not valid JSON"],
    ["j.ts", "export const config = {};", "CORTANA_E_CONFIG_LOAD", "no default export"],
    ["k.ts", "throw new Error('boom at import');\nexport default {};", "CORTANA_E_CONFIG_LOAD", "boom at import"],
    ["l.ts", "export default () => { throw new Error('boom in factory'); };", "CORTANA_E_CONFIG_LOAD", "boom in factory"],
    ["m.ts", "import { x } from './does-not-exist.js';\nexport default { x };", "CORTANA_E_CONFIG_LOAD", "does-not-exist"],
    ["n.ts", "export default { traderId: ;", "CORTANA_E_CONFIG_LOAD", "failed to load"],
  ])("%s fails with %s", async (name, text, code, cause) => {
    const path = text === null ? join(dir, name) : file(name, text);
    const error = await loadConfigFile(path).then(
      () => undefined,
      (err: unknown) => err as { code: string; message: string },
    );
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(cause);
    expect(error?.message).toContain(name);
  });
});
