/**
 * Exact fixed-point arithmetic on raw bigints at one internal scale (10^9, Nautilus'
 * FIXED_PRECISION), and the decimal parser behind Price, Quantity and Money.
 *
 * Why bigint at one fixed scale: values never drift (every add/sub/compare is integer-exact),
 * there is no overflow to guard (a product of two raws is exact before it is rescaled), and one
 * scale means add/sub/compare never rescale. Products and quotients are rounded once, half to
 * even, back to the scale. Values with more than 9 decimals do not exist in this model.
 *
 * Entry points: `parseDecimal` (strict), `parseDecimalLenient` (the strings IB sends),
 * `rawFromNumber`, `mulRaw`, `divRaw`, `divRoundHalfEven`, `rawToString`.
 */
import { CortanaError } from "../common/errors.js";

export const FIXED_PRECISION = 9;
export const FIXED_SCALAR = 1_000_000_000n;
/** Largest magnitude of a Price or Quantity: 10^15 (IB's 1.7976931348623157E308 "unset" is out). */
export const VALUE_RAW_MAX = 10n ** 15n * FIXED_SCALAR;

/** 10^i as bigint, i in [0, 40]. */
export const POW10: readonly bigint[] = Array.from({ length: 41 }, (_, i) => 10n ** BigInt(i));
const POW10_NUM: readonly number[] = Array.from({ length: 10 }, (_, i) => 10 ** i);

export function precisionError(message: string): CortanaError {
  return new CortanaError("CORTANA_E_PRECISION", message);
}

export function checkPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > FIXED_PRECISION) {
    throw precisionError(`precision ${precision} is invalid: must be an integer in [0, ${FIXED_PRECISION}]`);
  }
}

/** n / d rounded half to even (d > 0). */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  // One division: the remainder from a multiplication (a bigint division costs several of those).
  let q = n / d;
  const r = n - q * d;
  if (r === 0n) return q; // the common, exact case
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += n < 0n ? -1n : 1n;
  return q;
}

/** a * b for two raws at the fixed scale, rounded half to even back to the scale. */
export function mulRaw(a: bigint, b: bigint): bigint {
  return divRoundHalfEven(a * b, FIXED_SCALAR);
}

/** a / b for two raws at the fixed scale, rounded half to even (b != 0). */
export function divRaw(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError("division by zero");
  const n = a * FIXED_SCALAR;
  return b < 0n ? divRoundHalfEven(-n, -b) : divRoundHalfEven(n, b);
}

/** Round a raw to `precision` decimals (half to even), keeping the fixed scale. */
export function roundRaw(raw: bigint, precision: number): bigint {
  const unit = POW10[FIXED_PRECISION - precision] as bigint;
  return unit === 1n ? raw : divRoundHalfEven(raw, unit) * unit;
}

/** True if `raw` has no non-zero digit beyond `precision` decimals. */
export function fitsPrecision(raw: bigint, precision: number): boolean {
  return raw % (POW10[FIXED_PRECISION - precision] as bigint) === 0n;
}

/** The fewest decimals (0..9) that represent `raw` exactly. */
export function minimalPrecision(raw: bigint): number {
  if (raw === 0n) return 0;
  // One string conversion beats up to nine bigint divisions.
  const s = raw.toString();
  let zeros = 0;
  while (zeros < FIXED_PRECISION && s.charCodeAt(s.length - 1 - zeros) === 48) zeros++;
  return FIXED_PRECISION - zeros;
}

/** Decimal text of a raw at `precision` decimals (digits beyond it are truncated: callers round first). */
export function rawToString(raw: bigint, precision: number): string {
  const neg = raw < 0n;
  const abs = neg ? -raw : raw;
  const int = abs / FIXED_SCALAR;
  let out = int.toString();
  if (precision > 0) {
    const frac = (abs % FIXED_SCALAR).toString().padStart(FIXED_PRECISION, "0");
    out += "." + frac.slice(0, precision);
  }
  return neg && abs !== 0n ? "-" + out : out;
}

/** A parsed decimal: value = coef * 10^exp, written with `decimals` fractional digits. */
export interface ParsedDecimal {
  readonly raw: bigint;
  /** Fractional digits as written ("1.50" -> 2, "1.5E-3" -> 4, "100" -> 0), before rounding. */
  readonly decimals: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

interface DecimalParts {
  readonly neg: boolean;
  readonly coef: bigint;
  readonly exp: number;
}

function parseParts(text: string): DecimalParts | undefined {
  const m = DECIMAL_RE.exec(text);
  if (m === null) return undefined;
  const intDigits = m[2] ?? "";
  const fracDigits = m[3] ?? "";
  if (intDigits.length + fracDigits.length === 0) return undefined;
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - fracDigits.length;
  const digits = intDigits + fracDigits;
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  if (digits.length - lead + exp > 16) return undefined; // magnitude >= 10^16: not a value
  return { neg: m[1] === "-", coef: lead === digits.length ? 0n : BigInt(digits), exp };
}

/** coef * 10^exp as a raw rounded once (half to even) at `precision` decimals; undefined if out of range. */
function partsToRaw(parts: DecimalParts, precision: number): bigint | undefined {
  const shift = parts.exp + precision;
  let units: bigint;
  if (shift >= 0) units = parts.coef * (POW10[shift] as bigint);
  else if (-shift > 40) units = 0n;
  else units = divRoundHalfEven(parts.coef, POW10[-shift] as bigint);
  const raw = units * (POW10[FIXED_PRECISION - precision] as bigint);
  if (raw > VALUE_RAW_MAX) return undefined;
  return parts.neg ? -raw : raw;
}

/**
 * Parse a decimal string into a raw at the fixed scale. Digits beyond 9 decimals are rounded
 * half to even (`decimals` still tells how many were written, so strict callers can refuse).
 * Returns undefined for text that is not a finite decimal or is out of range (|v| > 10^15).
 */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  const parts = parseParts(text);
  if (parts === undefined) return undefined;
  const raw = partsToRaw(parts, FIXED_PRECISION);
  return raw === undefined ? undefined : { raw, decimals: Math.max(0, -parts.exp) };
}

/** Parse and round once (half to even) at `precision` decimals; lenient as parseDecimalLenient. */
export function parseDecimalRounded(text: string, precision: number, lenient: boolean): bigint | undefined {
  let t = text;
  if (lenient) {
    t = t.trim();
    if (t.includes(",")) {
      if (!GROUPED_RE.test(t)) return undefined;
      t = t.replaceAll(",", "");
    }
  }
  const parts = parseParts(t);
  return parts === undefined ? undefined : partsToRaw(parts, precision);
}

/**
 * The strings IB sends: surrounding whitespace trimmed, thousands separators accepted only in
 * well-formed groups ("1,000", "12,345.5"; "1,5" is refused), exponents accepted ("1.0E-4").
 * Unset markers ("", 1.7976931348623157E308, Infinity, NaN) give undefined.
 */
export function parseDecimalLenient(text: string): ParsedDecimal | undefined {
  let t = text.trim();
  if (t.includes(",")) {
    if (!GROUPED_RE.test(t)) return undefined;
    t = t.replaceAll(",", "");
  }
  const parts = parseParts(t);
  if (parts === undefined) return undefined;
  const decimals = Math.max(0, -parts.exp);
  const raw = partsToRaw(parts, Math.min(decimals, FIXED_PRECISION));
  return raw === undefined ? undefined : { raw, decimals };
}

/**
 * A JS number to a raw rounded half to even at `precision` decimals. A number is taken as its
 * shortest round-trip decimal text (what `String(n)` prints), so 0.1 + 0.2 at precision 2 is 0.30
 * and 123.45 is exactly 123.45. Returns undefined for non-finite or out-of-range numbers.
 */
export function rawFromNumber(value: number, precision: number): bigint | undefined {
  if (!Number.isFinite(value)) return undefined;
  const scaled = value * (POW10_NUM[precision] as number);
  const rounded = Math.round(scaled);
  // Fast path: the product is (within float noise) an integer far from any rounding tie.
  if (Math.abs(scaled - rounded) < 1e-6 && Math.abs(rounded) < 2 ** 50) {
    const raw = BigInt(rounded) * (POW10[FIXED_PRECISION - precision] as bigint);
    return raw > VALUE_RAW_MAX || -raw > VALUE_RAW_MAX ? undefined : raw;
  }
  const parts = parseParts(String(value));
  return parts === undefined ? undefined : partsToRaw(parts, precision);
}
