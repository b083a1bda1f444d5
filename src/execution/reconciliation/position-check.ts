/**
 * The position check's pure parts (reference §3.8 C).
 *
 * Entry points:
 * - `positionKey(instrumentId, accountId)`: positions are keyed by (instrument, account);
 * - `groupOpenPositions(positions)`: signed sums per key (the cache's side);
 * - `groupPositionReports(reports)`: signed sums per key (the venue's side);
 * - `hasDiscrepancy(cachedRaw, venueRaw, sizePrecision)`: equal, or within one unit of the size
 *   precision (10^-precision; exact when the precision is 0), is no discrepancy;
 * - `missingFills(fills, known)`: the fills whose trade id is on no cached order and not in the
 *   recent-fills cache.
 */
import { FIXED_PRECISION, POW10 } from "../../model/decimal.js";
import type { AccountId, InstrumentId, TradeId } from "../../model/identifiers.js";
import type { FillReport, PositionStatusReport } from "../../model/reports.js";
import type { PositionView } from "./types.js";

export type PositionKey = string & { readonly __positionKey: true };

export const positionKey = (instrumentId: InstrumentId, accountId: AccountId): PositionKey => `${instrumentId}|${accountId}` as PositionKey;

export interface KeyedQty {
  readonly instrumentId: InstrumentId;
  readonly accountId: AccountId;
  signedRaw: bigint;
  /** The latest position or report time of the key (UTC ns). */
  tsLast: bigint;
}

export function groupOpenPositions(positions: readonly PositionView[]): Map<PositionKey, KeyedQty> {
  const out = new Map<PositionKey, KeyedQty>();
  for (const p of positions) {
    const key = positionKey(p.instrumentId, p.accountId);
    const e = out.get(key);
    if (e === undefined) out.set(key, { instrumentId: p.instrumentId, accountId: p.accountId, signedRaw: p.signedQtyRaw, tsLast: p.tsLast });
    else {
      e.signedRaw += p.signedQtyRaw;
      if (p.tsLast > e.tsLast) e.tsLast = p.tsLast;
    }
  }
  return out;
}

export function groupPositionReports(reports: readonly PositionStatusReport[]): Map<PositionKey, KeyedQty> {
  const out = new Map<PositionKey, KeyedQty>();
  for (const r of reports) {
    const key = positionKey(r.instrumentId, r.accountId);
    const e = out.get(key);
    if (e === undefined) out.set(key, { instrumentId: r.instrumentId, accountId: r.accountId, signedRaw: r.signedQtyRaw, tsLast: r.tsLast });
    else e.signedRaw += r.signedQtyRaw;
  }
  return out;
}

export function hasDiscrepancy(cachedRaw: bigint, venueRaw: bigint, sizePrecision: number): boolean {
  const diff = cachedRaw > venueRaw ? cachedRaw - venueRaw : venueRaw - cachedRaw;
  if (diff === 0n) return false;
  if (sizePrecision === 0) return true;
  const unit = POW10[FIXED_PRECISION - sizePrecision] as bigint;
  return diff > unit;
}

export function missingFills(fills: readonly FillReport[], known: (tradeId: TradeId) => boolean): FillReport[] {
  return fills.filter((f) => !known(f.tradeId));
}
