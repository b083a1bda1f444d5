/**
 * The price of a reconciliation fill (reference §3.5, Rust `calculate_reconciliation_price`): the
 * price a fill of (target - current) must have so the netted position ends at the target quantity
 * with the target average price. Exact on raw bigints (scale 10^9); quantities signed.
 *
 * Rules: no change -> none; target flat -> the current average; no target price (or 0) -> none;
 * currently flat (or no current price) -> the target price; a sign flip -> the target price;
 * otherwise (tq*tp - cq*cp) / (tq - cq), used only when positive.
 */
import { divRaw, minimalPrecision, mulRaw } from "../../model/decimal.js";
import { Price } from "../../model/values.js";

export function priceFromRaw(raw: bigint, minPrecision = 0): Price {
  return new Price(raw, Math.max(minPrecision, minimalPrecision(raw)));
}

export function calculateReconciliationPrice(
  currentQtyRaw: bigint,
  currentAvgPx: Price | undefined,
  targetQtyRaw: bigint,
  targetAvgPx: Price | undefined,
): Price | undefined {
  const diff = targetQtyRaw - currentQtyRaw;
  if (diff === 0n) return undefined;
  if (targetQtyRaw === 0n) return currentAvgPx;
  if (targetAvgPx === undefined || targetAvgPx.isZero()) return undefined;
  if (currentQtyRaw === 0n || currentAvgPx === undefined) return targetAvgPx;
  if (currentQtyRaw > 0n !== targetQtyRaw > 0n) return targetAvgPx;
  const valueRaw = mulRaw(targetQtyRaw, targetAvgPx.raw) - mulRaw(currentQtyRaw, currentAvgPx.raw);
  const raw = divRaw(valueRaw, diff);
  return raw > 0n ? priceFromRaw(raw, Math.max(targetAvgPx.precision, currentAvgPx.precision)) : undefined;
}
