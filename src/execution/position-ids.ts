/**
 * Position ids (Nautilus `ExecutionEngine._determine_position_id` and `PositionIdGenerator`).
 *
 * Entry points: `PositionIdGenerator` (HEDGING ids `P-YYYYMMDD-HHMMSS-TRADERTAG-STRATEGYTAG-N`,
 * per-strategy counts restorable from the cache on restart) and `determinePositionId`.
 * OMS rules:
 * - NETTING: always `{instrumentId}-{strategyId}` (one position per instrument and strategy). A fill
 *   carrying another position id is re-stamped with the netting id (the caller warns): a netting
 *   venue cannot hold two positions for one instrument and strategy.
 * - HEDGING: the fill's own position id (venue-assigned), else the id already bound to the order
 *   (an earlier fill, or the positionId its SubmitOrder named), else a freshly generated id.
 */
import { datetimeTag, strategyIdTag, traderIdTag, PositionId, type ClientOrderId, type InstrumentId, type StrategyId, type TraderId } from "../model/identifiers.js";
import { OmsType } from "../model/enums.js";
import type { OrderFilled } from "../model/events.js";
import { nettingPositionId } from "../model/position.js";

export class PositionIdGenerator {
  private readonly traderTag: string;
  private readonly counts = new Map<StrategyId, number>();

  constructor(
    traderId: TraderId,
    private readonly nowNs: () => bigint,
  ) {
    this.traderTag = traderIdTag(traderId);
  }

  generate(strategyId: StrategyId, flipped = false): PositionId {
    const count = (this.counts.get(strategyId) ?? 0) + 1;
    this.counts.set(strategyId, count);
    const id = `P-${datetimeTag(this.nowNs())}-${this.traderTag}-${strategyIdTag(strategyId)}-${count}${flipped ? "F" : ""}`;
    return PositionId(id);
  }

  count(strategyId: StrategyId): number {
    return this.counts.get(strategyId) ?? 0;
  }

  /** Resume after `count` ids (restart: the number of cached positions of the strategy). */
  setCount(strategyId: StrategyId, count: number): void {
    this.counts.set(strategyId, count);
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Netting ids memoized per (instrument, strategy): built and validated once, not per fill. */
export class NettingIds {
  private readonly ids = new Map<InstrumentId, Map<StrategyId, PositionId>>();
  // The last pair asked for: fills come in runs on one instrument and strategy.
  private lastInstrumentId: InstrumentId | undefined;
  private lastStrategyId: StrategyId | undefined;
  private lastId: PositionId | undefined;

  get(instrumentId: InstrumentId, strategyId: StrategyId): PositionId {
    if (instrumentId === this.lastInstrumentId && strategyId === this.lastStrategyId && this.lastId !== undefined) return this.lastId;
    this.lastInstrumentId = instrumentId;
    this.lastStrategyId = strategyId;
    return (this.lastId = this.lookup(instrumentId, strategyId));
  }

  private lookup(instrumentId: InstrumentId, strategyId: StrategyId): PositionId {
    let byStrategy = this.ids.get(instrumentId);
    if (byStrategy === undefined) this.ids.set(instrumentId, (byStrategy = new Map()));
    let id = byStrategy.get(strategyId);
    if (id === undefined) byStrategy.set(strategyId, (id = nettingPositionId(instrumentId, strategyId)));
    return id;
  }
}

export interface PositionIdLookup {
  /** The position id already bound to the order (HEDGING), if any. */
  readonly boundTo: (clientOrderId: ClientOrderId) => PositionId | undefined;
  readonly generator: PositionIdGenerator;
  readonly netting: NettingIds;
}

export function determinePositionId(fill: OrderFilled, omsType: OmsType, lookup: PositionIdLookup): PositionId {
  if (omsType === OmsType.HEDGING) {
    return fill.positionId ?? lookup.boundTo(fill.clientOrderId) ?? lookup.generator.generate(fill.strategyId);
  }
  return lookup.netting.get(fill.instrumentId, fill.strategyId);
}
