/**
 * The logger contract every layer writes to. It is pino's shape (object first, message second),
 * so a pino logger satisfies it; layers below config never import pino themselves.
 * `nullLogger` discards everything (tests, benchmarks); `memoryLogger` records lines for tests.
 */

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** A logger for one component: its lines carry `component` and obey that component's level. */
  child(bindings: { component?: string; [key: string]: unknown }): Logger;
}

const noop: LogFn = () => {};

export const nullLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  fatal: noop,
  child: () => nullLogger,
};

export interface LogRecord {
  level: LogLevel;
  msg: string;
  [key: string]: unknown;
}

/** A logger that keeps every record in `records`, for assertions in tests. */
export function memoryLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger & { records: LogRecord[] } {
  const at =
    (level: LogLevel): LogFn =>
    (a: string | object, b?: string) => {
      if (typeof a === "string") records.push({ ...bindings, level, msg: a });
      else records.push({ ...bindings, ...(a as object), level, msg: b ?? "" });
    };
  return {
    records,
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    fatal: at("fatal"),
    child: (more) => memoryLogger(records, { ...bindings, ...more }),
  };
}
