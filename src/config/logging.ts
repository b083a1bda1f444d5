/**
 * Builds the node's pino logger from LoggingConfig: console level, per-component levels
 * (`logComponentLevels`, `logComponentsOnly`), pretty output on a TTY (JSON otherwise), an optional
 * JSON log file (`logDirectory` / `logFileName`, rotation by size through pino-roll with
 * `logFileMaxBackupCount` kept), and redaction of secret paths as a second line of defence
 * (secrets are `Secret` objects that already print as "[REDACTED]").
 *
 * Entry point: `createLogger(config, options)` -> `{ logger, close }`. Call `close()` on dispose
 * to flush and release the file handle.
 */
import { mkdirSync, truncateSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pino, type DestinationStream, type Level, type LevelWithSilent, type StreamEntry } from "pino";
import pretty from "pino-pretty";
import roll from "pino-roll";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import { redactSecretFields } from "./log-redaction.js";
import type { LoggingConfig } from "./schemas/portfolio-logging.js";

type NautilusLevel = LoggingConfig["logLevel"];

const LEVELS: Record<NautilusLevel, LevelWithSilent> = {
  OFF: "silent",
  TRACE: "trace",
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warn",
  ERROR: "error",
};

const RANK: Record<LevelWithSilent, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export interface LoggerOptions {
  /** Dates the default log file name (the node's clock: nothing else reads the system time). */
  clock: Clock;
  /** Where console lines go (default: stdout). Tests pass a stream to capture them. */
  stdout?: DestinationStream;
  /** Pretty, colored output; default: stdout is a TTY. */
  pretty?: boolean;
  /** Used in the default log file name. */
  traderId?: string;
  instanceId?: string;
}

export interface BuiltLogger {
  logger: Logger;
  /** The log file being written, if any. */
  file: string | undefined;
  close(): Promise<void>;
}

export async function createLogger(config: LoggingConfig, options: LoggerOptions): Promise<BuiltLogger> {
  const consoleLevel = config.bypassLogging ? "silent" : LEVELS[config.logLevel];
  const fileLevel = config.logLevelFile && !config.bypassLogging ? LEVELS[config.logLevelFile] : "silent";
  const componentLevels = Object.values(config.logComponentLevels ?? {}).map((l) => LEVELS[l]);
  // Component levels apply to every output: a stream lets through the most verbose level any
  // component asks for, and each component's child logger does the gating.
  const consoleStreamLevel = lowest([consoleLevel, ...componentLevels]);
  const streams: StreamEntry[] = [];
  if (consoleStreamLevel !== "silent" && !config.bypassLogging) streams.push({ level: consoleStreamLevel, stream: consoleStream(config, options) });
  let file: string | undefined;
  let fileStream: ClosableStream | undefined;
  if (fileLevel !== "silent") {
    file = logFilePath(config, options);
    fileStream = await openFile(config, file);
    streams.push({ level: lowest([fileLevel, ...componentLevels]) as Level, stream: fileStream });
  }
  const rootLevel = lowest([consoleLevel, fileLevel, ...componentLevels]);
  const root = pino(
    {
      level: rootLevel,
      formatters: { log: redactSecretFields },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams, { dedupe: false }),
  );
  const levelFor = (component: string | undefined): LevelWithSilent => {
    const own = component === undefined ? undefined : config.logComponentLevels?.[component];
    if (own) return LEVELS[own];
    if (config.logComponentsOnly || config.bypassLogging) return "silent";
    return lowest([consoleLevel, fileLevel]);
  };
  const scope: LevelScope = { levelFor, configured: (name) => config.logComponentLevels?.[name] !== undefined };
  const logger = wrap(root as unknown as PinoLogger, {}, levelFor(undefined), scope);
  return {
    logger,
    file,
    close: async () => {
      root.flush();
      const stream = fileStream;
      if (stream) await new Promise<void>((done) => { stream.once("close", done); stream.end(); setTimeout(done, 500).unref(); });
    },
  };
}

type PinoLogger = ReturnType<typeof pino>;
type ClosableStream = DestinationStream & NodeJS.EventEmitter & { end(): void };

/**
 * A child's component nests under its parent's ("DataClient-IB.IBConnection[...]"), so a line names
 * one component; its level is its own configured level, else its parent's. Children are always made
 * from the root with the merged bindings: pino would otherwise repeat a rebound key in every line.
 */
function wrap(root: PinoLogger, bindings: Record<string, unknown>, level: LevelWithSilent, scope: LevelScope): Logger {
  const current = root.child(redactSecretFields(bindings), { level }) as PinoLogger;
  return {
    trace: current.trace.bind(current),
    debug: current.debug.bind(current),
    info: current.info.bind(current),
    warn: current.warn.bind(current),
    error: current.error.bind(current),
    fatal: current.fatal.bind(current),
    child: (more) => {
      const own = typeof more.component === "string" ? more.component : undefined;
      if (own === undefined) return wrap(root, { ...bindings, ...more }, level, scope);
      const parent = typeof bindings.component === "string" ? bindings.component : undefined;
      const name = parent === undefined ? own : `${parent}.${own}`;
      const childLevel = parent === undefined || scope.configured(own) ? scope.levelFor(own) : level;
      return wrap(root, { ...bindings, ...more, component: name }, childLevel, scope);
    },
  } as Logger;
}

interface LevelScope {
  levelFor(component: string | undefined): LevelWithSilent;
  configured(component: string): boolean;
}

function consoleStream(config: LoggingConfig, options: LoggerOptions): DestinationStream {
  const base = options.stdout ?? pino.destination({ fd: 1, sync: !config.bufferedStdout });
  const usePretty = options.pretty ?? (options.stdout === undefined && process.stdout.isTTY === true);
  if (!usePretty) return base;
  return pretty({ colorize: config.logColors, destination: base, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
}

function logFilePath(config: LoggingConfig, options: LoggerOptions): string {
  const dir = config.logDirectory ?? "logs";
  const date = options.clock.utcNow().toISOString().slice(0, 10);
  const name = config.logFileName ?? `${options.traderId ?? "TRADER-001"}_${date}${options.instanceId ? `_${options.instanceId}` : ""}.json`;
  return join(dir, name);
}

async function openFile(config: LoggingConfig, path: string): Promise<ClosableStream> {
  const dir = config.logDirectory ?? "logs";
  mkdirSync(dir, { recursive: true });
  if (config.clearLogFile && existsSync(path)) truncateSync(path);
  if (config.logFileMaxSize === undefined) {
    return pino.destination({ dest: path, sync: config.fileoutSyncOnFlush, mkdir: true, append: !config.clearLogFile }) as unknown as ClosableStream;
  }
  return roll({
    file: path,
    size: `${Math.max(1, Math.ceil(config.logFileMaxSize / 1024))}k`,
    limit: { count: config.logFileMaxBackupCount },
    mkdir: true,
  });
}

function lowest(levels: LevelWithSilent[]): LevelWithSilent {
  return levels.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), "silent" as LevelWithSilent);
}

