/**
 * IB numbers to exact model values. @stoqey/ib decodes prices and sizes into JS doubles; IB wrote
 * them as short decimal text, so the shortest round-trip text of the double (`String(x)` after
 * trimming float noise at 15 significant digits) is IB's text, which Price/Quantity parse exactly.
 * IB's "unset" marker (Number.MAX_VALUE) and non-finite values are absent.
 */
import { Price, Quantity } from "../../../model/values.js";

/** The decimal text IB sent for `value` (float noise beyond 15 significant digits dropped). */
export function decimalText(value: number): string {
  const text = String(value);
  // Fast path (every tick runs this): the shortest round-trip text of a double that has at most
  // 15 characters has at most 15 significant digits, so trimming at 15 digits would give it back.
  return text.length <= 15 ? text : String(Number(value.toPrecision(15)));
}

export function isUnset(value: number | undefined | null): value is undefined | null {
  return value === undefined || value === null || !Number.isFinite(value) || value === Number.MAX_VALUE || value >= 1.7976931348623157e308;
}

/** Price at `precision` decimals (IB doubles round half to even there); undefined when unset. */
export function priceOf(value: number | undefined, precision?: number): Price | undefined {
  if (isUnset(value)) return undefined;
  return Price.parse(decimalText(value), precision);
}

export function qtyOf(value: number | undefined, precision?: number): Quantity | undefined {
  if (isUnset(value)) return undefined;
  return Quantity.parse(decimalText(Math.abs(value)), precision);
}

/** Decimals needed to write an increment such as a minTick (0.01 -> 2, 0.25 -> 2, 5 -> 0). */
export function precisionOf(increment: number): number {
  const text = decimalText(increment);
  const m = /e-(\d+)$/.exec(text);
  if (m) return Math.min(9, Number(m[1]) + (text.split("e")[0]?.split(".")[1]?.length ?? 0));
  return Math.min(9, text.split(".")[1]?.length ?? 0);
}

/** A model value as the number @stoqey/ib sends (exact for IB's decimal prices and sizes). */
export function toIbNumber(value: Price | Quantity): number {
  return Number(value.toString());
}
