#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources (and user .ts configs) load directly.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
