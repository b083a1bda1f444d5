/**
 * LiveDataEngineConfig, LiveRiskEngineConfig and LiveExecEngineConfig (reference §1.2, §1.3), every
 * field with Nautilus' default, in camelCase.
 */
import { z } from "zod";
import {
  InstrumentIdString,
  NonEmptyString,
  NonNegativeInt,
  PositiveFloat,
  PositiveInt,
  RateString,
} from "../primitives.js";

const liveQueueFields = {
  qsize: PositiveInt.default(100_000),
  /** false: a queue handler exception exits the process with code 1; true: one graceful shutdown. */
  gracefulShutdownOnException: z.boolean().default(false),
};

export const LiveDataEngineConfigSchema = z.strictObject({
  timeBarsIntervalType: z.enum(["left-open", "right-open"]).default("left-open"),
  timeBarsTimestampOnClose: z.boolean().default(true),
  timeBarsSkipFirstNonFullBar: z.boolean().default(false),
  timeBarsBuildWithNoUpdates: z.boolean().default(true),
  /** Per bar aggregation (e.g. MINUTE), an origin offset in milliseconds. */
  timeBarsOriginOffset: z.record(z.string(), NonNegativeInt).optional(),
  /** Microseconds to wait after a bar closes before building it. */
  timeBarsBuildDelay: NonNegativeInt.default(0),
  validateDataSequence: z.boolean().default(false),
  bufferDeltas: z.boolean().default(false),
  emitQuotesFromBook: z.boolean().default(false),
  emitQuotesFromBookDepths: z.boolean().default(false),
  externalClients: z.array(NonEmptyString).optional(),
  debug: z.boolean().default(false),
  ...liveQueueFields,
});

export const LiveRiskEngineConfigSchema = z.strictObject({
  /** Skips every check and throttle. Never on a live account. */
  bypass: z.boolean().default(false),
  maxOrderSubmitRate: RateString.default("100/00:00:01"),
  maxOrderModifyRate: RateString.default("100/00:00:01"),
  /** Instrument id -> maximum notional per order, in the quote currency. */
  maxNotionalPerOrder: z.record(InstrumentIdString, PositiveInt).prefault({}),
  debug: z.boolean().default(false),
  ...liveQueueFields,
});

export const LiveExecEngineConfigSchema = z.strictObject({
  // base ExecEngineConfig
  loadCache: z.boolean().default(true),
  manageOwnOrderBooks: z.boolean().default(false),
  snapshotOrders: z.boolean().default(false),
  snapshotPositions: z.boolean().default(false),
  snapshotPositionsIntervalSecs: PositiveFloat.optional(),
  externalClients: z.array(NonEmptyString).optional(),
  allowOverfills: z.boolean().default(false),
  purgeClosedOrdersIntervalMins: PositiveInt.optional(),
  purgeClosedOrdersBufferMins: NonNegativeInt.optional(),
  purgeClosedPositionsIntervalMins: PositiveInt.optional(),
  purgeClosedPositionsBufferMins: NonNegativeInt.optional(),
  purgeAccountEventsIntervalMins: PositiveInt.optional(),
  purgeAccountEventsLookbackMins: NonNegativeInt.optional(),
  purgeFromDatabase: z.boolean().default(false),
  debug: z.boolean().default(false),
  // live fields
  reconciliation: z.boolean().default(true),
  /** Unset or 0: the venue's maximum. */
  reconciliationLookbackMins: NonNegativeInt.optional(),
  /** Include-list; unset or empty means all instruments. */
  reconciliationInstrumentIds: z.array(InstrumentIdString).optional(),
  filterUnclaimedExternalOrders: z.boolean().default(false),
  filterPositionReports: z.boolean().default(false),
  filteredClientOrderIds: z.array(NonEmptyString).optional(),
  generateMissingOrders: z.boolean().default(true),
  /** 0 disables the in-flight check. */
  inflightCheckIntervalMs: NonNegativeInt.default(2000),
  inflightCheckThresholdMs: NonNegativeInt.default(5000),
  inflightCheckRetries: NonNegativeInt.default(5),
  ownBooksAuditIntervalSecs: PositiveFloat.optional(),
  /** Unset disables the open-order check (5-10 s recommended). */
  openCheckIntervalSecs: PositiveFloat.optional(),
  openCheckOpenOnly: z.boolean().default(true),
  openCheckLookbackMins: PositiveInt.default(60),
  openCheckThresholdMs: NonNegativeInt.default(5000),
  openCheckMissingRetries: NonNegativeInt.default(5),
  maxSingleOrderQueriesPerCycle: PositiveInt.default(10),
  singleOrderQueryDelayMs: NonNegativeInt.default(100),
  /** Unset disables the position check (30-60 s recommended). */
  positionCheckIntervalSecs: PositiveFloat.optional(),
  positionCheckLookbackMins: PositiveInt.default(60),
  positionCheckThresholdMs: NonNegativeInt.default(5000),
  positionCheckRetries: NonNegativeInt.default(3),
  reconciliationStartupDelaySecs: PositiveFloat.default(10),
  ...liveQueueFields,
});

export type LiveDataEngineConfig = z.output<typeof LiveDataEngineConfigSchema>;
export type LiveRiskEngineConfig = z.output<typeof LiveRiskEngineConfigSchema>;
export type LiveExecEngineConfig = z.output<typeof LiveExecEngineConfigSchema>;
