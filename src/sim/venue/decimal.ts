/**
 * Exact decimal arithmetic for the venue: a `Dec` is a bigint holding the value times 10^8.
 * Money, prices and quantities live as Dec inside the venue so thousands of fills never drift;
 * numbers and decimal strings appear only at the API edge (`fromNumber`, `toNumber`, `toStr`).
 *
 * Invariants: add/sub are exact; `mul` is exact whenever the true product has at most 8 decimals
 * (prices x quantities, rates x amounts in this venue); `div` rounds half away from zero.
 */

export type Dec = bigint;

export const DEC_DECIMALS = 8;
export const ONE: Dec = 100_000_000n;
export const ZERO: Dec = 0n;

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parse a decimal string ("12.5", "-0.01", "100"); undefined when malformed. Rounds past 8 decimals. */
export function parseDec(text: string): Dec | undefined {
  if (isShortDigits(text)) return BigInt(text) * ONE; // "1", "100": most quantities, no regex
  const m = DECIMAL_RE.exec(text.trim());
  if (m === null) return undefined;
  const sign = m[1] === "-" ? -1n : 1n;
  const whole = BigInt(m[2] ?? "0");
  const frac = m[3] ?? "";
  const kept = frac.slice(0, DEC_DECIMALS).padEnd(DEC_DECIMALS, "0");
  let value = whole * ONE + BigInt(kept);
  const next = frac.charCodeAt(DEC_DECIMALS);
  if (!Number.isNaN(next) && next >= 53 /* '5' */) value += 1n;
  return sign * value;
}

/** 1 to 15 ASCII digits (exact as a double, so BigInt(text) is the value). */
function isShortDigits(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 15) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Below this, n * 1e8 is within 2^-11 of the exact scaled value (its ulp is at most 2^-10). */
const FAST_SCALED_LIMIT = 2 ** 43;

/**
 * A JS number (from the wire) as Dec: the double's decimal expansion (toFixed(12)) rounded half
 * away from zero at 8 decimals. Fast path: when n * 1e8 lies within 0.25 of an integer, that
 * integer is the answer (the rounding error of the product and of toFixed(12) are far below the
 * 0.25 margin, so no tie can be decided differently); otherwise the exact text path.
 */
export function fromNumber(n: number): Dec {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const scaled = n * 1e8;
  if (Math.abs(scaled) < FAST_SCALED_LIMIT) {
    const r = Math.round(scaled);
    if (Math.abs(scaled - r) < 0.25) return BigInt(r);
  }
  const text = Math.abs(n) < 1e21 ? n.toFixed(12) : String(n);
  const parsed = parseDec(text);
  if (parsed === undefined) throw new RangeError(`cannot represent ${n} as a decimal`);
  return parsed;
}

/** Like parseDec but throws: for strings the venue itself produced or validated. */
export function dec(text: string): Dec {
  const parsed = parseDec(text);
  if (parsed === undefined) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  return parsed;
}

export function fromInt(n: number | bigint): Dec {
  return BigInt(n) * ONE;
}

export function mul(a: Dec, b: Dec): Dec {
  return divRound(a * b, ONE);
}

export function div(a: Dec, b: Dec): Dec {
  if (b === 0n) throw new RangeError("division by zero");
  return divRound(a * ONE, b);
}

/** a / b for bigints, rounded half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const absB = b < 0n ? -b : b;
  if (twice < absB) return q;
  return (a < 0n) !== (b < 0n) ? q - 1n : q + 1n;
}

export function abs(a: Dec): Dec {
  return a < 0n ? -a : a;
}

export function min(a: Dec, b: Dec): Dec {
  return a < b ? a : b;
}

export function max(a: Dec, b: Dec): Dec {
  return a > b ? a : b;
}

/** Shortest decimal string ("100", "0.5", "-12.25"). */
export function toStr(a: Dec): string {
  const neg = a < 0n;
  const v = neg ? -a : a;
  const whole = v / ONE;
  const rem = v % ONE;
  const frac = rem === 0n ? "" : rem.toString().padStart(DEC_DECIMALS, "0").replace(/0+$/, "");
  const body = frac === "" ? whole.toString() : `${whole}.${frac}`;
  return neg && v !== 0n ? `-${body}` : body;
}

/** Fixed number of decimals (rounded half away from zero), e.g. account values "100000.00". */
export function toFixed(a: Dec, decimals: number): string {
  const unit = 10n ** BigInt(DEC_DECIMALS - decimals);
  const rounded = divRound(a, unit);
  const neg = rounded < 0n;
  const v = neg ? -rounded : rounded;
  const scale = 10n ** BigInt(decimals);
  const whole = v / scale;
  const body = decimals === 0 ? whole.toString() : `${whole}.${(v % scale).toString().padStart(decimals, "0")}`;
  return neg ? `-${body}` : body;
}

const EXACT_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The double nearest to the decimal value. Below 2^53 the scaled integer is exact as a double and
 * IEEE division rounds correctly, so this equals Number(toStr(a)) without building a string.
 */
export function toNumber(a: Dec): number {
  if (a <= EXACT_LIMIT && a >= -EXACT_LIMIT) return Number(a) / 1e8;
  return Number(toStr(a));
}

/** True when `a` is an integer multiple of `step` (step > 0). */
export function isMultiple(a: Dec, step: Dec): boolean {
  return a % step === 0n;
}
