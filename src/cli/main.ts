/**
 * The `cortana-node` program. `main(argv)` parses the command line, runs one command and returns
 * the process exit code: 0 success, 1 invalid config, 2 usage, and the distinct failure codes of
 * src/common/errors.ts. A user's mistake prints `error CORTANA_E_...: message` and no stack
 * (`--debug` adds it); an internal error prints its stack.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { EXIT } from "../common/errors.js";
import { registerConfigCommand } from "./commands/config-print.js";
import { registerRunCommand } from "./commands/run.js";
import { registerSimCommand } from "./commands/sim.js";
import { registerTailCommand } from "./commands/tail.js";
import { registerValidateCommand } from "./commands/validate.js";
import { processIo, renderError, type Io } from "./output.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("cortana-node")
    .description("A live trading node for Interactive Brokers")
    .version(VERSION, "-V, --version")
    .option("--debug", "show stack traces of errors")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(`error CORTANA_E_USAGE: ${s.replace(/^error: /, "")}`) })
    .showHelpAfterError("(run cortana-node --help for usage)");
  registerValidateCommand(program, io, setExit);
  registerConfigCommand(program, io, setExit);
  registerRunCommand(program, io, setExit);
  registerSimCommand(program);
  registerTailCommand(program, io, setExit);
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const args = argv.slice(2);
  if (args.length === 0) {
    io.err(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with commander's exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(renderError(err, args.includes("--debug")));
    return (err as { exitCode?: number }).exitCode ?? EXIT.unhandled;
  }
}
