/**
 * Shared types of the reconciliation layer (reference §3): the config fields it reads, the
 * read-only view of the cache the pure functions take, the context they build events with, and
 * the notes they return instead of logging.
 *
 * Invariants: nothing here holds a clock, a bus or a logger. `CacheView` is structural: the real
 * `Cache` satisfies it, and so does any test double; the pure functions never mutate what it
 * returns (orders and positions are read through their getters only).
 */
import type { QuoteTick } from "../../model/data.js";
import type { LiveExecEngineConfig } from "../../config/schemas/engines.js";
import type { Instrument } from "../../model/instruments.js";
import type { AccountId, ClientOrderId, InstrumentId, PositionId, StrategyId, TraderId, VenueOrderId } from "../../model/identifiers.js";
import type { Order } from "../../model/orders/index.js";
import type { Position } from "../../model/position.js";
import type { UuidFactory } from "../../common/uuid.js";

/** The LiveExecEngineConfig fields reconciliation reads (reference §1.2, camelCase). */
export type ReconciliationConfig = Pick<
  LiveExecEngineConfig,
  | "reconciliation"
  | "reconciliationLookbackMins"
  | "reconciliationInstrumentIds"
  | "filterUnclaimedExternalOrders"
  | "filterPositionReports"
  | "filteredClientOrderIds"
  | "generateMissingOrders"
  | "allowOverfills"
  | "inflightCheckIntervalMs"
  | "inflightCheckThresholdMs"
  | "inflightCheckRetries"
  | "ownBooksAuditIntervalSecs"
  | "openCheckIntervalSecs"
  | "openCheckOpenOnly"
  | "openCheckLookbackMins"
  | "openCheckThresholdMs"
  | "openCheckMissingRetries"
  | "maxSingleOrderQueriesPerCycle"
  | "singleOrderQueryDelayMs"
  | "positionCheckIntervalSecs"
  | "positionCheckLookbackMins"
  | "positionCheckThresholdMs"
  | "positionCheckRetries"
  | "reconciliationStartupDelaySecs"
>;

/** An order as reconciliation reads it: every getter, no `apply`. */
export type OrderView = Omit<Order, "apply">;
/** A position as reconciliation reads it: every getter, no `apply`. */
export type PositionView = Omit<Position, "apply">;

/** What the pure functions may read from the cache. */
export interface CacheView {
  order(id: ClientOrderId): OrderView | undefined;
  clientOrderIdFor(venueOrderId: VenueOrderId): ClientOrderId | undefined;
  positionsOpen(filter?: { instrumentId?: InstrumentId; accountId?: AccountId }): readonly PositionView[];
  position(id: PositionId): PositionView | undefined;
  instrument(id: InstrumentId): Instrument | undefined;
  externalOrderClaim(instrumentId: InstrumentId): StrategyId | undefined;
  quote(instrumentId: InstrumentId): QuoteTick | undefined;
}

/** What events are stamped with: the node's trader, the time of the pass, fresh event ids. */
export interface EventContext {
  readonly traderId: TraderId;
  readonly tsNow: bigint;
  readonly uuid: UuidFactory;
}

export type NoteLevel = "info" | "warn" | "error";

/** A finding for the operator; the manager logs it at `level` (pure functions never log). */
export interface Note {
  readonly level: NoteLevel;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export const note = (level: NoteLevel, message: string, details?: Record<string, unknown>): Note =>
  details === undefined ? { level, message } : { level, message, details };

/** Tags of orders reconciliation creates (reference §3.4). */
export const TAG_VENUE = "VENUE";
export const TAG_RECONCILIATION = "RECONCILIATION";

export const NANOS_PER_MS = 1_000_000n;
export const NANOS_PER_MIN = 60_000_000_000n;
