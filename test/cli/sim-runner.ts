/**
 * A tiny program for the sim command's tests: builds a commander program, registers the sim
 * command (as the lead's main.ts does) and runs it with the process arguments.
 * Exit code: 0 on a clean stop, the CortanaError's exit code otherwise.
 */
import { Command } from "commander";
import { isCortanaError } from "../../src/common/errors.js";
import { registerSimCommand } from "../../src/cli/commands/sim.js";

const program = new Command("cortana-node").exitOverride();
registerSimCommand(program);
program.parseAsync(process.argv.slice(2), { from: "user" }).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`error ${isCortanaError(err) ? err.code : ""}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(isCortanaError(err) ? err.exitCode : 70);
  },
);
