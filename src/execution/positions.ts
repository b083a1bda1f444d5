/**
 * Fills into positions (Nautilus `ExecutionEngine._handle_position_update`, open / update / flip).
 *
 * Entry point: `PositionKeeper.handleFill(instrument, fill, omsType)`; the fill already carries
 * its position id (position-ids.ts).
 * - No position under that id: a new position (PositionOpened).
 * - A closed position under that id (NETTING reuses `{instrument}-{strategy}`): its final state is
 *   snapshotted (`cache.snapshotPosition`), then the fill starts a new lifecycle on it
 *   (PositionOpened). A fill whose trade id the closed position already holds is a duplicate and
 *   is ignored with a warning.
 * - An open position and a fill that crosses zero: the fill is split (model `splitFillAtZero`,
 *   commission prorated exactly) into a closing part (PositionClosed) and an opening part
 *   (PositionOpened) that reopens the position under the same id as above, except for a HEDGING
 *   position with an engine-generated id (`P-...`), whose opening part gets a fresh flip id
 *   (`P-...F`), as in Nautilus.
 * - Otherwise the fill is applied: PositionChanged, or PositionClosed when it goes flat.
 * Every change goes to the cache, is snapshotted when `snapshotPositions`, and is published on
 * `events.position.{strategyId}`.
 */
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus } from "../common/msgbus.js";
import { Topics } from "../common/topics.js";
import type { UuidFactory } from "../common/uuid.js";
import { OmsType } from "../model/enums.js";
import type { EventMeta, OrderFilled, PositionEvent } from "../model/events.js";
import type { PositionId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import { PositionEvents, crossesZero, splitFillAtZero } from "../model/position-events.js";
import { Position } from "../model/position.js";

/** Position ids the engine generated (HEDGING), as opposed to netting or venue-assigned ids. */
export function isVirtualPositionId(id: string): boolean {
  return id.startsWith("P-");
}

export interface PositionKeeperDeps {
  readonly cache: Cache;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly uuid: UuidFactory;
  readonly snapshotPositions: boolean;
  /** A fresh id for the opening part of a HEDGING flip of a virtual position. */
  readonly flipPositionId: (fill: OrderFilled) => PositionId;
}

export class PositionKeeper {
  private readonly topics = new Map<string, string>();

  constructor(private readonly deps: PositionKeeperDeps) {}

  handleFill(instrument: Instrument, fill: OrderFilled, omsType: OmsType): void {
    const positionId = fill.positionId;
    if (positionId === undefined) {
      this.deps.log.error({ tradeId: fill.tradeId }, `Cannot update a position: fill ${fill.tradeId} has no position id`);
      return;
    }
    const position = this.deps.cache.position(positionId);
    if (position === undefined) {
      this.create(instrument, fill, omsType);
      return;
    }
    if (position.isClosed()) {
      this.reopen(position, fill, omsType);
      return;
    }
    if (!crossesZero(position.signedQtyRaw, fill)) {
      this.apply(position, fill);
      return;
    }
    const [close, opening] = splitFillAtZero(position.signedQtyRaw, fill) as [OrderFilled, OrderFilled];
    this.apply(position, close);
    // HEDGING with an engine-generated ("virtual", P-...) id: the flip opens a new position under a
    // fresh id (Nautilus); otherwise the same id is reused (NETTING, venue-assigned ids).
    if (omsType === OmsType.HEDGING && isVirtualPositionId(position.id)) {
      this.create(instrument, { ...opening, positionId: this.deps.flipPositionId(fill) }, omsType);
      return;
    }
    this.reopen(position, opening, omsType);
  }

  private create(instrument: Instrument, fill: OrderFilled, omsType: OmsType): void {
    const position = new Position(instrument, fill, fill.positionId);
    this.deps.cache.addPosition(position, omsType);
    this.afterChange(position, PositionEvents.opened(position, fill, this.meta(fill)));
  }

  /** A closed position's id is reused: snapshot its final state, then start a new lifecycle on it. */
  private reopen(closed: Position, fill: OrderFilled, omsType: OmsType): void {
    if (closed.hasTradeId(fill.tradeId)) {
      this.deps.log.warn({ positionId: closed.id, tradeId: fill.tradeId }, `Ignoring duplicate fill ${fill.tradeId} for closed position ${closed.id}`);
      return;
    }
    if (omsType === OmsType.HEDGING) this.deps.log.warn({ positionId: closed.id }, `Fill for closed position ${closed.id} in HEDGING mode: opening a new lifecycle`);
    this.deps.cache.snapshotPosition(closed);
    this.apply(closed, fill);
  }

  /** Applies a fill that does not cross zero: Opened (new lifecycle), Changed, or Closed (flat). */
  private apply(position: Position, fill: OrderFilled): void {
    position.apply(fill);
    this.deps.cache.updatePosition(position);
    this.afterChange(position, PositionEvents.after(position, fill, this.meta(fill)));
  }

  private afterChange(position: Position, event: PositionEvent): void {
    if (this.deps.snapshotPositions) this.deps.cache.snapshotPositionState(position, event.tsInit);
    let topic = this.topics.get(position.strategyId);
    if (topic === undefined) this.topics.set(position.strategyId, (topic = Topics.positionEvents(position.strategyId)));
    this.deps.bus.publish(topic, event);
  }

  private meta(fill: OrderFilled): EventMeta {
    return { eventId: this.deps.uuid(), tsEvent: fill.tsEvent, tsInit: this.deps.clock.timestampNs() };
  }
}
