/**
 * Events the RiskEngine publishes on `events.risk` (Nautilus `TradingStateChanged`).
 *
 * `TradingStateChanged` carries the new state and the engine's risk config at that moment, so a
 * subscriber (or the audit log) sees what limits were in force when trading was halted or reduced.
 */
import type { TradingState } from "../model/enums.js";
import type { InstrumentId, TraderId } from "../model/identifiers.js";

export interface TradingStateChanged {
  readonly type: "TradingStateChanged";
  readonly traderId: TraderId;
  readonly state: TradingState;
  readonly config: {
    readonly bypass: boolean;
    readonly maxOrderSubmitRate: string;
    readonly maxOrderModifyRate: string;
    readonly maxNotionalPerOrder: Readonly<Record<InstrumentId, string>>;
  };
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}
