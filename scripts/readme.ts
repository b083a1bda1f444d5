/**
 * Regenerates the README's generated sections (config reference, error codes) from the code, between
 * `<!-- NAME:begin -->` / `<!-- NAME:end -->` markers. Run `npx tsx scripts/readme.ts` after changing a
 * schema or the error catalogue; test/readme.test.ts fails while the README is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { README_SECTIONS } from "./readme-sections.js";

export const README_PATH = fileURLToPath(new URL("../README.md", import.meta.url));

export function withSections(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(README_SECTIONS)) {
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    const start = out.indexOf(begin);
    const stop = out.indexOf(end);
    if (start === -1 || stop === -1) throw new Error(`README.md lacks the ${begin} / ${end} markers`);
    out = `${out.slice(0, start + begin.length)}\n${render()}\n${out.slice(stop)}`;
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README_PATH, withSections(readFileSync(README_PATH, "utf8")));
  console.log("README.md generated sections updated");
}
