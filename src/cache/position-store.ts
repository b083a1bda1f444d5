/**
 * PositionStore: the cache's positions and their indexes, plus the order <-> position index.
 *
 * Entry points: `add(position)`, `update(position)` (after each applied fill), `query(set,
 * filter)`, `addPositionId(positionId, clientOrderId, strategyId)`, `positionIdFor(orderId)`,
 * `orderIdsFor(positionId)`, `remove(positionId)`, `addSnapshot/snapshots`.
 * Indexes: by instrument, strategy, venue, account and side (so (instrument, account) is one
 * query); open / closed sets following `isOpen()` / `isClosed()`.
 * Invariants: the order -> position index may name a position before it exists (the ExecEngine
 * assigns the id before the first fill opens it); removing a position drops its order links.
 */
import { InstrumentId, type ClientOrderId, type PositionId, type StrategyId } from "../model/identifiers.js";
import type { PositionSnapshot } from "../model/events.js";
import type { Position } from "../model/position.js";
import { IndexedCollection, type IndexFilter } from "./indexed-collection.js";
import { MultiIndex } from "./multi-index.js";

export type PositionIndex = "instrumentId" | "strategyId" | "venue" | "accountId" | "side";
export type PositionSet = "open" | "closed";
/** Narrows a position query; `side` is a PositionSide (LONG, SHORT, FLAT). */
export type PositionFilter = IndexFilter<PositionIndex>;

/** The status sets ("open" bit 0, "closed" bit 1) a position belongs in now. */
function positionFlags(position: Position): number {
  return (position.isOpen() ? 1 : 0) | (position.isClosed() ? 2 : 0);
}

export class PositionStore {
  readonly items = new IndexedCollection<PositionId, Position, PositionIndex, PositionSet>(
    {
      instrumentId: (p) => p.instrumentId,
      strategyId: (p) => p.strategyId,
      venue: (p) => InstrumentId.venue(p.instrumentId),
      accountId: (p) => p.accountId,
      side: (p) => p.side,
    },
    ["open", "closed"],
    ["side"],
  );
  private readonly positionOfOrder = new Map<ClientOrderId, PositionId>();
  private readonly ordersOfPosition = new MultiIndex<PositionId, ClientOrderId>();
  private readonly strategyOfPosition = new Map<PositionId, StrategyId>();
  private readonly snapshotsOf = new Map<PositionId, PositionSnapshot[]>();

  add(position: Position): void {
    this.items.add(position.id, position, positionFlags(position));
    this.strategyOfPosition.set(position.id, position.strategyId);
  }

  update(position: Position): void {
    this.items.update(position.id, position, positionFlags(position));
  }

  /**
   * Links an order to a position (before or after the position exists). Returns false, changing
   * nothing, when the order is already linked to that position (one lookup on the hot path).
   */
  addPositionId(positionId: PositionId, clientOrderId: ClientOrderId, strategyId: StrategyId): boolean {
    const previous = this.positionOfOrder.get(clientOrderId);
    if (previous === positionId) return false;
    if (previous !== undefined) this.ordersOfPosition.remove(previous, clientOrderId);
    this.positionOfOrder.set(clientOrderId, positionId);
    this.ordersOfPosition.add(positionId, clientOrderId);
    if (!this.strategyOfPosition.has(positionId)) this.strategyOfPosition.set(positionId, strategyId);
    return true;
  }

  positionIdFor(clientOrderId: ClientOrderId): PositionId | undefined {
    return this.positionOfOrder.get(clientOrderId);
  }

  orderIdsFor(positionId: PositionId): ClientOrderId[] {
    return [...this.ordersOfPosition.get(positionId)];
  }

  strategyIdFor(positionId: PositionId): StrategyId | undefined {
    return this.strategyOfPosition.get(positionId);
  }

  /** Unlinks an order (when the order is purged). */
  removeOrder(clientOrderId: ClientOrderId): void {
    const pid = this.positionOfOrder.get(clientOrderId);
    if (pid === undefined) return;
    this.positionOfOrder.delete(clientOrderId);
    this.ordersOfPosition.remove(pid, clientOrderId);
  }

  remove(positionId: PositionId): Position | undefined {
    const p = this.items.remove(positionId);
    for (const coid of this.ordersOfPosition.get(positionId)) this.positionOfOrder.delete(coid);
    this.ordersOfPosition.delete(positionId);
    this.strategyOfPosition.delete(positionId);
    this.snapshotsOf.delete(positionId);
    return p;
  }

  /** Keeps a closed position's final state before a NETTING id is reused (Nautilus snapshot_position). */
  addSnapshot(snapshot: PositionSnapshot): void {
    const list = this.snapshotsOf.get(snapshot.positionId);
    if (list === undefined) this.snapshotsOf.set(snapshot.positionId, [snapshot]);
    else list.push(snapshot);
  }

  snapshots(positionId?: PositionId): PositionSnapshot[] {
    if (positionId !== undefined) return [...(this.snapshotsOf.get(positionId) ?? [])];
    return [...this.snapshotsOf.values()].flat();
  }

  clear(): void {
    this.items.clear();
    this.positionOfOrder.clear();
    this.ordersOfPosition.clear();
    this.strategyOfPosition.clear();
    this.snapshotsOf.clear();
  }
}
