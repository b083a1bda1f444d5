/**
 * `cortana-node run --config FILE`: validate, build (with the built-in IB factories), run until a
 * signal or a ShutdownSystem, stop, dispose. Exit codes: 0 clean stop; 1 invalid config; 3 missing
 * factory; 4 connection timeout; 5 reconciliation failure; 6 portfolio timeout; 7 connection lost;
 * 70 unhandled error or a component-requested shutdown.
 */
import type { Command } from "commander";
import { CortanaError, EXIT, isCortanaError } from "../../common/errors.js";
import { loadConfigFile } from "../../config/loader.js";
import { parseNodeConfig } from "../../config/parse.js";
import { builtinClientSchemas } from "../../index.js";
import { TradingNode, type StopReason } from "../../live/node.js";
import { registerBuiltinFactories } from "../builtin.js";
import { renderError, type Io } from "../output.js";

export function registerRunCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("run")
    .description("run a live trading node until SIGINT/SIGTERM")
    .requiredOption("-c, --config <file>", "the node config (.ts .mts .js .mjs .json)")
    .action(async (opts: { config: string }) => {
      const { config, warnings } = parseNodeConfig(await loadConfigFile(opts.config), builtinClientSchemas);
      for (const w of warnings) io.err(`warning ${w.path}: ${w.message}`);
      setExit(await runNode(await TradingNode.create(config), io));
    });
}

/** Runs a created node to its end and returns the process exit code. */
export async function runNode(node: TradingNode, io: Io): Promise<number> {
  const onFatal = (err: unknown) => {
    const error = isCortanaError(err) ? err : new CortanaError("CORTANA_E_QUEUE_HANDLER", `unhandled error: ${(err as Error)?.stack ?? String(err)}`);
    node.kernel.logger.fatal({ code: error.code }, error.message);
    void node.stop();
  };
  process.on("uncaughtException", onFatal);
  process.on("unhandledRejection", onFatal);
  try {
    registerBuiltinFactories(node);
    node.build();
    await node.run();
    const reason = await node.stopped;
    if (reason.error) io.err(renderError(reason.error, false));
    return exitCodeFor(reason);
  } catch (err) {
    if (!isCortanaError(err)) throw err;
    io.err(renderError(err, false));
    return err.exitCode;
  } finally {
    await node.dispose();
    process.off("uncaughtException", onFatal);
    process.off("unhandledRejection", onFatal);
  }
}

function exitCodeFor(reason: StopReason): number {
  switch (reason.kind) {
    case "signal":
    case "stop":
      return EXIT.ok;
    case "failure":
      return reason.error?.exitCode ?? EXIT.unhandled;
    case "shutdown-system":
      return EXIT.unhandled;
  }
}
