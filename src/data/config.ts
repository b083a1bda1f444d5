/**
 * The DataEngine's config shape (Nautilus `LiveDataEngineConfig`, reference §1.3, camelCase).
 * The zod schema in src/config produces a structurally compatible object; engines only read it.
 * `resolveDataEngineConfig` fills the Nautilus defaults for a partial object (tests, benches).
 */

/** Which end of a time bar's interval is open (Nautilus `time_bars_interval_type`). */
export type TimeBarsIntervalType = "left-open" | "right-open";

export interface LiveDataEngineConfig {
  /**
   * "left-open" (default): a bar covers (open, close], so an update stamped exactly on a
   * boundary belongs to the bar closing there; "right-open": [open, close).
   */
  readonly timeBarsIntervalType: TimeBarsIntervalType;
  /** Stamp a time bar's tsEvent with its close (default true) or its open. */
  readonly timeBarsTimestampOnClose: boolean;
  /** Drop the first time bar when aggregation starts mid-interval (default false). */
  readonly timeBarsSkipFirstNonFullBar: boolean;
  /** Emit a time bar (O=H=L=C = previous close, volume 0) for an interval with no updates (default true). */
  readonly timeBarsBuildWithNoUpdates: boolean;
  /**
   * Shift of time bar boundaries per aggregation, in milliseconds (e.g. `{ DAY: 52_200_000 }` for
   * daily bars from 14:30 UTC). Keys are bar aggregation names. Default none.
   */
  readonly timeBarsOriginOffset?: Readonly<Record<string, number>> | null;
  /** Microseconds to wait after a boundary before building the bar, so late updates land (default 0). */
  readonly timeBarsBuildDelay: number;
  /** Drop (with a warning) data older than the last seen for its stream (default false). */
  readonly validateDataSequence: boolean;
  readonly bufferDeltas: boolean;
  readonly emitQuotesFromBook: boolean;
  readonly emitQuotesFromBookDepths: boolean;
  /** Client ids whose subscriptions are served outside this node (commands to them are not routed). */
  readonly externalClients?: readonly string[] | null;
  readonly debug: boolean;
  /** Capacity of each engine queue (cmd, req, res, data). */
  readonly qsize: number;
  readonly gracefulShutdownOnException: boolean;
}

export const DATA_ENGINE_DEFAULTS: LiveDataEngineConfig = {
  timeBarsIntervalType: "left-open",
  timeBarsTimestampOnClose: true,
  timeBarsSkipFirstNonFullBar: false,
  timeBarsBuildWithNoUpdates: true,
  timeBarsOriginOffset: null,
  timeBarsBuildDelay: 0,
  validateDataSequence: false,
  bufferDeltas: false,
  emitQuotesFromBook: false,
  emitQuotesFromBookDepths: false,
  externalClients: null,
  debug: false,
  qsize: 100_000,
  gracefulShutdownOnException: false,
};

export function resolveDataEngineConfig(partial: Partial<LiveDataEngineConfig> = {}): LiveDataEngineConfig {
  return { ...DATA_ENGINE_DEFAULTS, ...partial };
}
