/**
 * Price, Quantity and Money: immutable exact fixed-point values.
 *
 * Representation (see decimal.ts for why): `raw` is a bigint at the one internal scale 10^9, and
 * `precision` (0..9) is the number of decimals the value is shown and checked at. Invariant:
 * `raw` has no non-zero digit beyond `precision` decimals, so toString never loses anything and
 * equality is raw equality (1.5 equals 1.50). add/sub/compare are exact bigint operations with no
 * rescaling; results of add/sub take the larger precision (as Nautilus does).
 *
 * Construction:
 * - `Price.from("123.45")` infers precision 2 from the text; `Price.from("123.45", 4)` pads;
 *   `Price.from("123.456", 2)` raises CORTANA_E_PRECISION (a string is never silently rounded).
 * - `Price.from(123.45, 2)` takes a JS number at `precision` decimals, rounding half to even.
 * - `Price.parse(ibText)` accepts IB's decimals ("1,000", "1.0E-4"); `Price.parseOptional`
 *   maps IB's unset markers ("", 1.7976931348623157E308) to undefined.
 * - `Price.fromRaw(raw, precision)` for codecs (checks the invariant).
 * Quantity is never negative. Money carries a Currency and keeps every digit it was given
 * (commissions like 0.0035 stay exact); it prints at least the currency's precision.
 * `toNumber()` is for display and ratios only.
 */
import { Currency } from "./currency.js";
import {
  FIXED_PRECISION,
  VALUE_RAW_MAX,
  checkPrecision,
  divRaw,
  fitsPrecision,
  minimalPrecision,
  mulRaw,
  parseDecimal,
  parseDecimalLenient,
  parseDecimalRounded,
  precisionError,
  rawFromNumber,
  rawToString,
  roundRaw,
  type ParsedDecimal,
} from "./decimal.js";

export { FIXED_PRECISION, FIXED_SCALAR } from "./decimal.js";
export { Currency } from "./currency.js";

const RAW_SCALE_NUM = 1e9;

function fromText(kind: string, text: string, precision: number | undefined, lenient: boolean): { raw: bigint; precision: number } {
  const parsed: ParsedDecimal | undefined = lenient ? parseDecimalLenient(text) : parseDecimal(text);
  if (parsed === undefined) throw precisionError(`${kind} ${JSON.stringify(text)} is not a decimal value in range`);
  if (!lenient && parsed.decimals > FIXED_PRECISION) {
    throw precisionError(`${kind} ${JSON.stringify(text)} has more than ${FIXED_PRECISION} decimals`);
  }
  if (precision === undefined) {
    // Inferred: as written, capped at the fixed scale (lenient text was rounded there once).
    return { raw: parsed.raw, precision: Math.min(parsed.decimals, FIXED_PRECISION) };
  }
  checkPrecision(precision);
  if (fitsPrecision(parsed.raw, precision) && parsed.decimals <= FIXED_PRECISION) return { raw: parsed.raw, precision };
  if (!lenient) throw precisionError(`${kind} ${JSON.stringify(text)} has more than ${precision} decimals`);
  const raw = parseDecimalRounded(text, precision, true);
  if (raw === undefined) throw precisionError(`${kind} ${JSON.stringify(text)} is not a decimal value in range`);
  return { raw, precision };
}

function fromNumber(kind: string, value: number, precision: number): bigint {
  checkPrecision(precision);
  const raw = rawFromNumber(value, precision);
  if (raw === undefined) throw precisionError(`${kind} ${value} is not a finite value in range`);
  return raw;
}

function make(kind: string, value: string | number, precision: number | undefined): { raw: bigint; precision: number } {
  if (typeof value === "string") return fromText(kind, value, precision, false);
  if (precision === undefined) {
    if (!Number.isFinite(value)) throw precisionError(`${kind} ${value} is not a finite value in range`);
    // A bare number carries no precision: use the fewest decimals that represent it (<= 9).
    const raw = fromText(kind, String(value), undefined, true).raw;
    return { raw, precision: minimalPrecision(raw) };
  }
  return { raw: fromNumber(kind, value, precision), precision };
}

function checkRaw(kind: string, raw: bigint, precision: number): void {
  checkPrecision(precision);
  if (raw > VALUE_RAW_MAX || -raw > VALUE_RAW_MAX) throw precisionError(`${kind} raw ${raw} is out of range`);
  if (!fitsPrecision(raw, precision)) throw precisionError(`${kind} raw ${raw} has digits beyond precision ${precision}`);
}

/**
 * What Price and Quantity share: an exact raw at the fixed scale plus a display precision, and
 * comparison and formatting on the raw. Arguments are `this`-typed, so a Price never compares
 * with a Quantity.
 */
abstract class FixedPoint {
  /** Unchecked: use the static factories. */
  constructor(
    readonly raw: bigint,
    readonly precision: number,
  ) {}

  /** True when the value is a whole number of `increment`s. */
  isMultipleOf(increment: this): boolean {
    return increment.raw !== 0n && this.raw % increment.raw === 0n;
  }

  compare(other: this): -1 | 0 | 1 {
    return this.raw < other.raw ? -1 : this.raw > other.raw ? 1 : 0;
  }
  eq(other: this): boolean {
    return this.raw === other.raw;
  }
  lt(other: this): boolean {
    return this.raw < other.raw;
  }
  le(other: this): boolean {
    return this.raw <= other.raw;
  }
  gt(other: this): boolean {
    return this.raw > other.raw;
  }
  ge(other: this): boolean {
    return this.raw >= other.raw;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }
  isPositive(): boolean {
    return this.raw > 0n;
  }
  toNumber(): number {
    return Number(this.raw) / RAW_SCALE_NUM;
  }
  toString(): string {
    return rawToString(this.raw, this.precision);
  }
  toJSON(): string {
    return this.toString();
  }
}

/** A price (may be negative: spreads, some futures). */
export class Price extends FixedPoint {
  declare private readonly brand: "Price";

  static from(value: string | number, precision?: number): Price {
    const r = make("price", value, precision);
    return new Price(r.raw, r.precision);
  }

  static fromRaw(raw: bigint, precision: number): Price {
    checkRaw("price", raw, precision);
    return new Price(raw, precision);
  }

  /** IB's decimal text; `precision` rounds half to even (IB doubles carry noise digits). */
  static parse(text: string, precision?: number): Price {
    const r = fromText("price", text, precision, true);
    return new Price(r.raw, r.precision);
  }

  /** Like parse, but IB's unset markers and empty text give undefined. */
  static parseOptional(text: string | undefined, precision?: number): Price | undefined {
    if (text === undefined || parseDecimalLenient(text) === undefined) return undefined;
    return Price.parse(text, precision);
  }

  static zero(precision = 0): Price {
    checkPrecision(precision);
    return new Price(0n, precision);
  }

  add(other: Price): Price {
    return new Price(this.raw + other.raw, this.precision > other.precision ? this.precision : other.precision);
  }

  sub(other: Price): Price {
    return new Price(this.raw - other.raw, this.precision > other.precision ? this.precision : other.precision);
  }

  neg(): Price {
    return new Price(-this.raw, this.precision);
  }

  abs(): Price {
    return this.raw < 0n ? new Price(-this.raw, this.precision) : this;
  }

  /** price x quantity as a raw at the fixed scale (rounded half to even beyond 9 decimals). */
  mulQty(qty: Quantity): bigint {
    return mulRaw(this.raw, qty.raw);
  }

  /** This price rounded half to even at `precision` decimals. */
  round(precision: number): Price {
    checkPrecision(precision);
    return new Price(roundRaw(this.raw, precision), precision);
  }

  isNegative(): boolean {
    return this.raw < 0n;
  }
}

/** A non-negative quantity. */
export class Quantity extends FixedPoint {
  declare private readonly brand: "Quantity";

  static from(value: string | number, precision?: number): Quantity {
    const r = make("quantity", value, precision);
    if (r.raw < 0n) throw precisionError(`quantity ${value} is negative`);
    return new Quantity(r.raw, r.precision);
  }

  static fromRaw(raw: bigint, precision: number): Quantity {
    checkRaw("quantity", raw, precision);
    if (raw < 0n) throw precisionError(`quantity raw ${raw} is negative`);
    return new Quantity(raw, precision);
  }

  static parse(text: string, precision?: number): Quantity {
    const r = fromText("quantity", text, precision, true);
    if (r.raw < 0n) throw precisionError(`quantity ${text} is negative`);
    return new Quantity(r.raw, r.precision);
  }

  static parseOptional(text: string | undefined, precision?: number): Quantity | undefined {
    if (text === undefined || parseDecimalLenient(text) === undefined) return undefined;
    return Quantity.parse(text, precision);
  }

  static zero(precision = 0): Quantity {
    checkPrecision(precision);
    return new Quantity(0n, precision);
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.raw + other.raw, this.precision > other.precision ? this.precision : other.precision);
  }

  /** Raises CORTANA_E_PRECISION if the result would be negative (see saturatingSub). */
  sub(other: Quantity): Quantity {
    const raw = this.raw - other.raw;
    if (raw < 0n) throw precisionError(`quantity ${this.toString()} - ${other.toString()} is negative`);
    return new Quantity(raw, this.precision > other.precision ? this.precision : other.precision);
  }

  /** this - other, clamped at zero. */
  saturatingSub(other: Quantity): Quantity {
    const raw = this.raw - other.raw;
    return new Quantity(raw < 0n ? 0n : raw, this.precision > other.precision ? this.precision : other.precision);
  }

  /** quantity x price as a raw at the fixed scale. */
  mulPrice(price: Price): bigint {
    return mulRaw(this.raw, price.raw);
  }

  round(precision: number): Quantity {
    checkPrecision(precision);
    return new Quantity(roundRaw(this.raw, precision), precision);
  }

  min(other: Quantity): Quantity {
    return other.raw < this.raw ? other : this;
  }
  max(other: Quantity): Quantity {
    return other.raw > this.raw ? other : this;
  }
}

/** An amount in a currency, exact at the fixed scale (no rounding to the currency's precision). */
export class Money {
  /** Unchecked: use the static factories. */
  constructor(
    readonly raw: bigint,
    readonly currency: Currency,
  ) {}

  /** `Money.from("1.25", USD)`, `Money.from(0.0035, USD)` (numbers at up to 9 decimals). */
  static from(value: string | number, currency: Currency): Money {
    if (typeof value === "string") return new Money(fromText("money", value, undefined, false).raw, currency);
    return new Money(fromNumber("money", value, FIXED_PRECISION), currency);
  }

  static fromRaw(raw: bigint, currency: Currency): Money {
    return new Money(raw, currency);
  }

  static parse(text: string, currency: Currency): Money {
    return new Money(fromText("money", text, undefined, true).raw, currency);
  }

  static zero(currency: Currency): Money {
    return new Money(0n, currency);
  }

  private same(other: Money): void {
    if (other.currency.code !== this.currency.code) {
      throw new Error(`currency mismatch: ${this.currency.code} vs ${other.currency.code}`);
    }
  }

  add(other: Money): Money {
    this.same(other);
    return new Money(this.raw + other.raw, this.currency);
  }
  sub(other: Money): Money {
    this.same(other);
    return new Money(this.raw - other.raw, this.currency);
  }
  neg(): Money {
    return new Money(-this.raw, this.currency);
  }
  abs(): Money {
    return this.raw < 0n ? new Money(-this.raw, this.currency) : this;
  }
  /** This amount times a quantity or price, rounded half to even at 9 decimals. */
  mul(factor: Quantity | Price): Money {
    return new Money(mulRaw(this.raw, factor.raw), this.currency);
  }
  /** This amount divided by a quantity or price, rounded half to even at 9 decimals. */
  div(divisor: Quantity | Price): Money {
    return new Money(divRaw(this.raw, divisor.raw), this.currency);
  }
  compare(other: Money): -1 | 0 | 1 {
    this.same(other);
    return this.raw < other.raw ? -1 : this.raw > other.raw ? 1 : 0;
  }
  eq(other: Money): boolean {
    return this.raw === other.raw && this.currency.code === other.currency.code;
  }
  lt(other: Money): boolean {
    return this.compare(other) < 0;
  }
  gt(other: Money): boolean {
    return this.compare(other) > 0;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }
  isPositive(): boolean {
    return this.raw > 0n;
  }
  isNegative(): boolean {
    return this.raw < 0n;
  }
  /** The amount rounded half to even at the currency's precision (for settlement / display). */
  rounded(): Money {
    return new Money(roundRaw(this.raw, this.currency.precision), this.currency);
  }
  toNumber(): number {
    return Number(this.raw) / RAW_SCALE_NUM;
  }
  /** Decimal text with at least the currency's precision and every non-zero digit. */
  toDecimalString(): string {
    const p = Math.max(this.currency.precision, minimalPrecision(this.raw));
    return rawToString(this.raw, p);
  }
  /** "12.34 USD". */
  toString(): string {
    return `${this.toDecimalString()} ${this.currency.code}`;
  }
  toJSON(): string {
    return this.toString();
  }
}
