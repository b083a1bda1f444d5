/**
 * The wire tree: model values as plain data that msgpack and JSON both carry, and back, exactly.
 *
 * Entry points: `toWire(value, options)`, `fromWire(value, options)`.
 *
 * Plain objects, arrays, strings, booleans, null and finite numbers pass through. The values
 * neither format carries as such become single-key objects whose key starts with `$`:
 *   Price {"$px":"100.50"}   Quantity {"$qty":"10"}   Money {"$money":"0.0035 USD"}
 *   Currency {"$cur":"USD"}  bigint (JSON only) {"$n":"1700000000000000000"}
 *   -0, NaN, ±Infinity {"$num":"-0"}   undefined in an array {"$u":1}
 *   a data object that itself has a `$` key {"$obj":{...}} (so tags are never ambiguous).
 * Decimal text carries raw and precision exactly (the precision is the number of decimals
 * written, as toString writes them), so fixed-point values round-trip to the same raw and
 * precision, whatever their magnitude.
 * bigints travel natively in msgpack (int64, or msgpackr's extension beyond 64 bits).
 * Undefined object fields are left out (reading them back gives undefined again).
 * With `iso`, bigint timestamps (fields named ts*, expireTime, activationNs, expirationNs) are
 * written as ISO 8601 text with nanoseconds and read back as bigint.
 * Invariant: fromWire(toWire(v)) deep-equals v for every value the model produces; anything
 * else (a class this module does not know) throws rather than being written half.
 */
import { Currency } from "../../model/currency.js";
import { Money, Price, Quantity } from "../../model/values.js";
import { isTimestampKey, isoToNs, nsToIso } from "./timestamps.js";

export interface WireOptions {
  /** msgpack: bigints stay bigints; JSON: they become {"$n": text}. */
  readonly bigintNative: boolean;
  /** timestampsAsIso8601. */
  readonly iso: boolean;
}

type Wire = null | boolean | number | string | bigint | Wire[] | { [k: string]: Wire };

const OBJECT_PROTO = Object.prototype;

export function toWire(value: unknown, options: WireOptions, key = ""): Wire {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { $num: Object.is(value, -0) ? "-0" : String(value) };
    case "bigint":
      if (options.iso && value >= 0n && isTimestampKey(key)) return nsToIso(value);
      return options.bigintNative ? value : { $n: value.toString() };
    case "undefined":
      return { $u: 1 };
    case "object":
      return objectToWire(value, options);
    default:
      throw new Error(`cannot encode a ${typeof value} at ${key || "<root>"}`);
  }
}

function objectToWire(value: object | null, options: WireOptions): Wire {
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out: Wire[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = toWire(value[i], options);
    return out;
  }
  // One prototype lookup decides the kind (cheaper than a chain of instanceof on the hot path).
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTO && proto !== null) {
    if (proto === Price.prototype) return { $px: (value as Price).toString() };
    if (proto === Quantity.prototype) return { $qty: (value as Quantity).toString() };
    if (proto === Money.prototype) return { $money: `${(value as Money).toDecimalString()} ${(value as Money).currency.code}` };
    if (proto === Currency.prototype) return { $cur: (value as Currency).code };
    throw new Error(`cannot encode an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? "?"}`);
  }
  const out: { [k: string]: Wire } = {};
  let tagged = false;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k.charCodeAt(0) === 36) tagged = true; // '$'
    out[k] = toWire(v, options, k);
  }
  return tagged ? { $obj: out } : out;
}

export function fromWire(value: unknown, options: WireOptions, key = ""): unknown {
  switch (typeof value) {
    case "string":
      if (options.iso && isTimestampKey(key)) return isoToNs(value) ?? value;
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return value;
    case "object":
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v) => fromWire(v, options));
      if (Object.getPrototypeOf(value) !== OBJECT_PROTO) throw new Error(`unexpected ${(value as object).constructor?.name ?? "object"} at ${key || "<root>"}`);
      return objectFromWire(value as Record<string, unknown>, options);
    default:
      throw new Error(`unexpected ${typeof value} at ${key || "<root>"}`);
  }
}

function objectFromWire(value: Record<string, unknown>, options: WireOptions): unknown {
  let first: string | undefined;
  let count = 0;
  for (const k in value) {
    if (count++ === 0) first = k;
    else break;
  }
  if (count === 1 && first !== undefined && first.charCodeAt(0) === 36) return fromTag(first, value[first], options);
  return fieldsFromWire(value, options);
}

function fieldsFromWire(value: Record<string, unknown>, options: WireOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = fromWire(value[k], options, k);
  return out;
}

function fromTag(tag: string, body: unknown, options: WireOptions): unknown {
  switch (tag) {
    case "$px": {
      const d = decimal(text(tag, body));
      return new Price(d.raw, d.precision);
    }
    case "$qty": {
      const d = decimal(text(tag, body));
      if (d.raw < 0n) throw new Error(`negative quantity ${JSON.stringify(body)}`);
      return new Quantity(d.raw, d.precision);
    }
    case "$money": {
      const t = text(tag, body);
      const space = t.lastIndexOf(" ");
      if (space <= 0) throw new Error(`malformed $money ${JSON.stringify(t)}`);
      return Money.fromRaw(decimal(t.slice(0, space)).raw, Currency.from(t.slice(space + 1)));
    }
    case "$cur":
      return Currency.from(text(tag, body));
    case "$n":
      return BigInt(text(tag, body));
    case "$num":
      return Number(text(tag, body));
    case "$u":
      return undefined;
    case "$obj":
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("malformed $obj");
      return fieldsFromWire(body as Record<string, unknown>, options);
    default:
      throw new Error(`unknown tag ${tag}`);
  }
}

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d{1,9}))?$/;
const SCALE = 1_000_000_000n;

/**
 * Decimal text as written by toString (at most 9 decimals) to raw at 10^9 and the precision
 * written. No range check: what was written is read back as it was (Money has no range).
 */
function decimal(t: string): { raw: bigint; precision: number } {
  const m = DECIMAL_RE.exec(t);
  if (m === null) throw new Error(`malformed decimal ${JSON.stringify(t)}`);
  const frac = m[3] ?? "";
  const abs = BigInt(m[2] as string) * SCALE + BigInt(frac.padEnd(9, "0"));
  return { raw: m[1] === "-" ? -abs : abs, precision: frac.length };
}

function text(tag: string, body: unknown): string {
  if (typeof body !== "string") throw new Error(`${tag} must hold text, got ${typeof body}`);
  return body;
}
