/** `cortana-node config print --config FILE [--format json|yaml]`: the effective config, secrets redacted. */
import { Command, Option } from "commander";
import { EXIT } from "../../common/errors.js";
import { loadConfigFile } from "../../config/loader.js";
import { parseNodeConfig } from "../../config/parse.js";
import { toPrintable } from "../../config/redact.js";
import { builtinClientSchemas } from "../../index.js";
import { renderConfig, type Io } from "../output.js";

export function registerConfigCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const config = program.command("config").description("inspect node configs");
  config
    .command("print")
    .description("print the effective config with every default filled in and secrets redacted")
    .requiredOption("-c, --config <file>", "the node config (.ts .mts .js .mjs .json)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "yaml"]).default("yaml"))
    .action(async (opts: { config: string; format: "json" | "yaml" }) => {
      const raw = await loadConfigFile(opts.config);
      const { config: parsed, warnings } = parseNodeConfig(raw, builtinClientSchemas);
      io.out(renderConfig(toPrintable(parsed), opts.format));
      for (const w of warnings) io.err(`warning ${w.path}: ${w.message}`);
      setExit(EXIT.ok);
    });
}
