/**
 * PnL and exposure arithmetic over positions (pure functions), and NetPosition, the signed net
 * quantity of an instrument.
 *
 * Entry points: `markSide(position)`, `sumUnrealized`, `sumRealized`, `sumExposure` (each over
 * one instrument's positions, so one currency), `addByCurrency` (venue totals, per currency),
 * `netPositionOf`.
 *
 * Invariants:
 * - Everything is bigint arithmetic on raws at the fixed scale 10^9: sums never drift. Per
 *   position, unrealized PnL is `Position.unrealizedPnl(mark)`, which marks against the
 *   position's exact cost basis, so realized + unrealized over a position's life is exactly
 *   (sell notional - buy notional + open qty x mark) x multiplier - commissions.
 * - A position that cannot be marked makes the whole sum undefined: a total that silently
 *   leaves a position out would be wrong, not approximate.
 * - Realized PnL of an instrument = its cached positions' realized PnL + the realized PnL of
 *   the snapshots the ExecEngine took before reusing a NETTING position id (earlier lifecycles).
 */
import { rawToString } from "../model/decimal.js";
import { PositionSide } from "../model/enums.js";
import type { PositionSnapshot } from "../model/events.js";
import type { InstrumentId, PositionId } from "../model/identifiers.js";
import type { Position } from "../model/position.js";
import { Money, Quantity, type Currency, type Price } from "../model/values.js";
import type { MarkSide } from "./marks.js";

export type MarkFn = (instrumentId: InstrumentId, side: MarkSide) => Price | undefined;
export type SnapshotsFn = (positionId: PositionId) => readonly PositionSnapshot[];

/** The side an open position is marked for; undefined for a flat one. */
export function markSide(position: Position): MarkSide | undefined {
  const q = position.signedQtyRaw;
  return q > 0n ? PositionSide.LONG : q < 0n ? PositionSide.SHORT : undefined;
}

/** Unrealized PnL of the open positions (all of one currency); undefined if one has no mark. */
export function sumUnrealized(positions: readonly Position[], mark: MarkFn, currency: Currency): Money | undefined {
  let raw = 0n;
  for (const p of positions) {
    const side = markSide(p);
    if (side === undefined) continue;
    const px = mark(p.instrumentId, side);
    if (px === undefined) return undefined;
    raw += p.unrealizedPnl(px).raw;
  }
  return new Money(raw, currency);
}

/** Realized PnL of the positions (open and closed) plus their earlier lifecycles' snapshots. */
export function sumRealized(positions: readonly Position[], snapshots: SnapshotsFn, currency: Currency): Money {
  let raw = 0n;
  for (const p of positions) {
    raw += p.realizedPnl.raw;
    for (const s of snapshots(p.id)) raw += s.realizedPnl.raw;
  }
  return new Money(raw, currency);
}

/** Signed notional at the mark (long > 0, short < 0), multiplier applied; undefined if one has no mark. */
export function sumExposure(positions: readonly Position[], mark: MarkFn, currency: Currency): Money | undefined {
  let raw = 0n;
  for (const p of positions) {
    const side = markSide(p);
    if (side === undefined) continue;
    const px = mark(p.instrumentId, side);
    if (px === undefined) return undefined;
    const notional = p.notionalValue(px).raw;
    raw += side === PositionSide.LONG ? notional : -notional;
  }
  return new Money(raw, currency);
}

/** Adds `amount` into the per-currency totals (keyed by currency code). */
export function addByCurrency(totals: Map<string, Money>, amount: Money): void {
  const code = amount.currency.code;
  const prev = totals.get(code);
  totals.set(code, prev === undefined ? amount : prev.add(amount));
}

/** The signed net quantity of an instrument's open positions. */
export class NetPosition {
  constructor(
    /** Signed quantity as a raw at the fixed scale 10^9 (long > 0, short < 0). */
    readonly raw: bigint,
    /** The instrument's size precision (decimals shown). */
    readonly precision: number,
  ) {}

  get side(): PositionSide {
    return this.raw > 0n ? PositionSide.LONG : this.raw < 0n ? PositionSide.SHORT : PositionSide.FLAT;
  }

  /** The absolute quantity. */
  get quantity(): Quantity {
    return new Quantity(this.raw < 0n ? -this.raw : this.raw, this.precision);
  }

  isLong(): boolean {
    return this.raw > 0n;
  }

  isShort(): boolean {
    return this.raw < 0n;
  }

  isFlat(): boolean {
    return this.raw === 0n;
  }

  /** Signed decimal text at the size precision ("-150", "2.5"). */
  toString(): string {
    return rawToString(this.raw, this.precision);
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Net of the open positions; `precision` is used when there are none. */
export function netPositionOf(positions: readonly Position[], precision: number): NetPosition {
  let raw = 0n;
  let p = precision;
  for (const pos of positions) {
    raw += pos.signedQtyRaw;
    p = pos.sizePrecision;
  }
  return new NetPosition(raw, p);
}
