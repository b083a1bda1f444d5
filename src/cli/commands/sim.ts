/**
 * `cortana-node sim [--port 4002] [--scenario FILE] [--seed N] [--control-port P] [--state FILE]
 * [--tz ZONE] [--log-level LEVEL]`: run the IB Gateway simulator until Ctrl+C / SIGTERM.
 *
 * --state FILE: when the file exists the venue continues from it (orders, executions, positions,
 * cash, ids); on a clean stop the venue is saved there. Bad arguments throw CORTANA_E_USAGE
 * (exit 2); a bad scenario CORTANA_E_SCENARIO_INVALID; a taken port CORTANA_E_SIM_PORT_IN_USE.
 * Logs go to stdout as pino JSON lines.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { pino } from "pino";
import { CortanaError } from "../../common/errors.js";
import type { Logger } from "../../common/logger.js";
import { SIM_LOG_COMPONENTS, Simulator, loadScenario, loadStateFile, saveStateFile, type Scenario, type VenueState } from "../../sim/index.js";
import { isValidTimeZone } from "../../sim/server/index.js";

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

export interface SimCliOptions {
  port: string;
  scenario?: string;
  seed?: string;
  controlPort?: string;
  state?: string;
  tz?: string;
  logLevel: string;
}

function usage(message: string): CortanaError {
  return new CortanaError("CORTANA_E_USAGE", message);
}

function intOption(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw usage(`--${name} must be an integer, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw usage(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export interface ParsedSimOptions {
  port: number;
  controlPort: number | undefined;
  seed: number | undefined;
  scenarioFile: string | undefined;
  stateFile: string | undefined;
  timeZone: string | undefined;
  logLevel: (typeof LEVELS)[number];
}

/** Validate the raw options; throws CORTANA_E_USAGE naming the bad flag. */
export function parseSimOptions(o: SimCliOptions): ParsedSimOptions {
  const level = LEVELS.find((l) => l === o.logLevel);
  if (level === undefined) throw usage(`--log-level must be one of ${LEVELS.join(", ")}, got "${o.logLevel}"`);
  if (o.tz !== undefined && !isValidTimeZone(o.tz)) throw usage(`--tz "${o.tz}" is not a time zone (use an IANA name such as UTC or America/New_York)`);
  const port = intOption("port", o.port, 0, 65535);
  const controlPort = o.controlPort === undefined ? undefined : intOption("control-port", o.controlPort, 0, 65535);
  if (controlPort !== undefined && controlPort !== 0 && controlPort === port) throw usage("--control-port must differ from --port");
  return {
    port, controlPort, seed: o.seed === undefined ? undefined : intOption("seed", o.seed, 0, 0xffffffff),
    scenarioFile: o.scenario, stateFile: o.state, timeZone: o.tz, logLevel: level,
  };
}

/**
 * Resolves once SIGINT or SIGTERM arrives, or, when started by a node (simulatedGateway, with an
 * IPC channel), once that parent is gone: a node killed without disposing leaves no simulator.
 */
function untilSignal(logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string): void => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.off("disconnect", onParentGone);
      logger.info({ signal: sig }, "stopping");
      resolve(sig);
    };
    const onInt = (): void => on("SIGINT");
    const onTerm = (): void => on("SIGTERM");
    const onParentGone = (): void => on("parent process exited");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    if (process.channel !== undefined) {
      process.channel.unref(); // the channel must not keep the simulator alive after its stop
      process.on("disconnect", onParentGone);
    }
  });
}

async function runSim(p: ParsedSimOptions): Promise<void> {
  // The root carries no component: the simulator binds "sim", "sim.gateway", ... itself, and pino
  // would write a second `component` key on every line of a child of a bound parent.
  const root: Logger = pino({ level: p.logLevel, base: {} });
  const logger = root.child({ component: SIM_LOG_COMPONENTS.sim });
  const scenario: Scenario | undefined = p.scenarioFile === undefined ? undefined : await loadScenario(p.scenarioFile);
  let state: VenueState | undefined;
  if (p.stateFile !== undefined && existsSync(p.stateFile)) {
    state = await loadStateFile(p.stateFile);
    logger.info({ file: p.stateFile }, "continuing from saved venue state");
  }
  const sim = await Simulator.start({
    ...(scenario !== undefined ? { scenario } : {}), ...(state !== undefined ? { state } : {}),
    ...(p.seed !== undefined ? { seed: p.seed } : {}), ...(p.timeZone !== undefined ? { timeZone: p.timeZone } : {}),
    ...(p.controlPort !== undefined ? { controlPort: p.controlPort } : {}),
    port: p.port, logger: root,
  });
  logger.info({ port: sim.port, controlPort: sim.controlPort, state: p.stateFile }, "simulator ready");
  await untilSignal(logger);
  await sim.stop();
  if (p.stateFile !== undefined) {
    await saveStateFile(p.stateFile, sim.snapshot());
    logger.info({ file: p.stateFile }, "venue state saved");
  }
}

export function registerSimCommand(program: import("commander").Command): void {
  (program as Command)
    .command("sim")
    .description("run the IB Gateway simulator (TWS protocol v193) until Ctrl+C")
    .option("--port <port>", "gateway port (0 = a free port)", "4002")
    .option("--scenario <file>", "scenario file (JSON); default: SPY, a 0DTE SPY option chain and ES")
    .option("--seed <n>", "random-walk seed (wins over the scenario's)")
    .option("--control-port <port>", "loopback HTTP control API port (0 = a free port); off when absent")
    .option("--state <file>", "venue state file: loaded at start when it exists, saved on stop")
    .option("--tz <zone>", "time zone of the gateway's connection time (default: the scenario's, UTC)")
    .option("--log-level <level>", `log level (${LEVELS.join(", ")})`, "info")
    .action(async (opts: SimCliOptions) => {
      await runSim(parseSimOptions(opts));
    });
}
