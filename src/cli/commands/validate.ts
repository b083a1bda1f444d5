/** `cortana-node validate --config FILE [--json] [--offline]`: the preflight checklist. */
import type { Command } from "commander";
import { EXIT } from "../../common/errors.js";
import { CONFIG_CHECKS, runChecklist, type PreflightCheck } from "../../config/checklist.js";
import { builtinClientSchemas } from "../../index.js";
import { IB_PREFLIGHT_CHECKS } from "../../adapters/ib/preflight.js";
import { redisCheck } from "../../cache/database/preflight.js";
import { strategyImportsCheck } from "../../trading/loader.js";
import { factoriesCheck } from "../checks.js";
import { renderChecklist, type Io } from "../output.js";

/** Checks beyond the config's own, in order; each layer (node, adapters, Redis) adds its own. */
export const extraChecks: PreflightCheck[] = [factoriesCheck, strategyImportsCheck, ...IB_PREFLIGHT_CHECKS, redisCheck];

export function registerValidateCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("validate")
    .description("load and validate a node config; print a checklist (exit 0 valid, 1 invalid, 2 usage)")
    .requiredOption("-c, --config <file>", "the node config (.ts .mts .js .mjs .json)")
    .option("--json", "print the checklist as JSON")
    .option("--offline", "skip the checks that use the network (gateway, Redis)")
    .action(async (opts: { config: string; json?: boolean; offline?: boolean }) => {
      const result = await runChecklist(
        { file: opts.config, offline: opts.offline === true, registry: builtinClientSchemas },
        [...CONFIG_CHECKS, ...extraChecks],
      );
      io.out(opts.json ? JSON.stringify(result, null, 2) : renderChecklist(result));
      setExit(result.valid ? EXIT.ok : EXIT.invalid);
    });
}
