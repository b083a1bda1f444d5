/**
 * The ExecEngine's configuration: the base ExecEngineConfig fields of reference §1.2 (the config
 * layer's zod-inferred LiveExecEngineConfig, picked), plus per-strategy execution options that
 * Nautilus keeps on StrategyConfig (`manageContingentOrders`, `manageGtdExpiry`, `omsType`,
 * `externalOrderClaims`), registered by the trader with `ExecEngine.registerStrategy`.
 */
import type { LiveExecEngineConfig } from "../config/schemas/engines.js";
import type { OmsType } from "../model/enums.js";
import type { InstrumentId } from "../model/identifiers.js";

export type ExecEngineConfig = Pick<
  LiveExecEngineConfig,
  | "snapshotOrders"
  | "snapshotPositions"
  | "snapshotPositionsIntervalSecs"
  | "externalClients"
  | "allowOverfills"
  | "purgeClosedOrdersIntervalMins"
  | "purgeClosedOrdersBufferMins"
  | "purgeClosedPositionsIntervalMins"
  | "purgeClosedPositionsBufferMins"
  | "purgeAccountEventsIntervalMins"
  | "purgeAccountEventsLookbackMins"
  | "purgeFromDatabase"
  | "debug"
>;

/** The live engine adds its queues (reference §2.4). */
export type LiveExecEngineQueueConfig = Pick<LiveExecEngineConfig, "qsize" | "gracefulShutdownOnException">;

export interface StrategyExecOptions {
  /** OTO / OCO / OUO handled by the engine for this strategy's orders (Nautilus manage_contingent_orders). */
  readonly manageContingentOrders?: boolean;
  /** Cancel this strategy's GTD orders locally at their expire time (Nautilus manage_gtd_expiry). */
  readonly manageGtdExpiry?: boolean;
  /** Overrides the venue's OMS type for this strategy's fills. */
  readonly omsType?: OmsType;
  /** External orders on these instruments are claimed by this strategy. */
  readonly externalOrderClaims?: readonly InstrumentId[];
}
