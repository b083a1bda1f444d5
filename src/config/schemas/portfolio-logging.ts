/** PortfolioConfig and LoggingConfig (reference §1.3). */
import { z } from "zod";
import { LogLevelName, NonNegativeInt, PositiveInt } from "../primitives.js";

export const PortfolioConfigSchema = z.strictObject({
  useMarkPrices: z.boolean().default(false),
  useMarkXrates: z.boolean().default(false),
  barUpdates: z.boolean().default(true),
  convertToAccountBaseCurrency: z.boolean().default(true),
  minAccountStateLoggingIntervalMs: PositiveInt.optional(),
  snapshotIntervalMs: PositiveInt.optional(),
  debug: z.boolean().default(false),
});

export const LoggingConfigSchema = z.strictObject({
  logLevel: LogLevelName.default("INFO"),
  /** Level of the log file; unset means no file. */
  logLevelFile: LogLevelName.optional(),
  logDirectory: z.string().min(1).optional(),
  /** A fixed file name (turns off the daily name). */
  logFileName: z.string().min(1).optional(),
  logFileFormat: z.enum(["JSON"]).optional(),
  /** Rotate the file when it reaches this many bytes. */
  logFileMaxSize: PositiveInt.optional(),
  logFileMaxBackupCount: NonNegativeInt.default(5),
  logColors: z.boolean().default(true),
  /** Component name -> level, e.g. { RiskEngine: "DEBUG" }. */
  logComponentLevels: z.record(z.string().min(1), LogLevelName).optional(),
  /** Only components named in logComponentLevels log. */
  logComponentsOnly: z.boolean().default(false),
  bypassLogging: z.boolean().default(false),
  /** Logs the effective config (secrets redacted) at start. Never in production. */
  printConfig: z.boolean().default(false),
  clearLogFile: z.boolean().default(false),
  fileoutSyncOnFlush: z.boolean().default(true),
  bufferedStdout: z.boolean().default(false),
});

export type PortfolioConfig = z.output<typeof PortfolioConfigSchema>;
export type LoggingConfig = z.output<typeof LoggingConfigSchema>;
