/**
 * Fast paths of the wire encoding (wire.ts): a record written straight to JSON text or msgpack
 * bytes in one walk, without building the wire tree first.
 *
 * Entry points: `jsonInto(out, value, iso)` (UTF-8 JSON text), `msgpackFast(out, value, iso)`,
 * both writing into a MsgpackBuffer used as a byte buffer (records go straight into a batch).
 * Invariant: the JSON bytes are exactly JSON.stringify(toWire(value)); the msgpack bytes decode
 * (msgpackr, int64AsType "bigint") to exactly the tree packr.pack(toWire(value)) decodes to.
 * They cover what the model's records hold: plain objects without `$` keys, arrays without
 * holes, strings, booleans, null, finite numbers other than -0, bigints (64-bit in msgpack),
 * Price / Quantity / Money / Currency. For anything else they give up (false, `out` then holds a partial write) and
 * the codec takes the general path of wire.ts, which tags the rare values or throws.
 */
import { Currency } from "../../model/currency.js";
import { FIXED_PRECISION } from "../../model/decimal.js";
import { Money, Price, Quantity } from "../../model/values.js";
import type { MsgpackBuffer } from "./msgpack-buffer.js";
import { isTimestampKey, nsToIso } from "./timestamps.js";

const OBJECT_PROTO = Object.prototype;
const PRICE_PROTO: object = Price.prototype;
const QUANTITY_PROTO: object = Quantity.prototype;
const MONEY_PROTO: object = Money.prototype;
const CURRENCY_PROTO: object = Currency.prototype;

/** The tag and text of a fixed-point value or currency, or undefined for another prototype. */
function tagged(value: object, proto: unknown): [string, string] | undefined {
  if (proto === PRICE_PROTO) return ["$px", (value as Price).toString()];
  if (proto === QUANTITY_PROTO) return ["$qty", (value as Quantity).toString()];
  if (proto === MONEY_PROTO) return ["$money", `${(value as Money).toDecimalString()} ${(value as Money).currency.code}`];
  if (proto === CURRENCY_PROTO) return ["$cur", (value as Currency).code];
  return undefined;
}

// ---- JSON ----

// `,"key":` of the field names seen, as bytes (the first field of an object is written from
// byte 1, without the comma). The model's names are a small fixed set; bounded for any other data.
const QUOTED = new Map<string, Buffer>();
const QUOTED_MAX = 4096;

function quotedKey(k: string): Buffer {
  let q = QUOTED.get(k);
  if (q === undefined) {
    q = Buffer.from(`,${JSON.stringify(k)}:`, "utf8");
    if (QUOTED.size < QUOTED_MAX) QUOTED.set(k, q);
  }
  return q;
}

const OPEN_TAG = {
  $px: Buffer.from('{"$px":'),
  $qty: Buffer.from('{"$qty":'),
  $money: Buffer.from('{"$money":'),
  $cur: Buffer.from('{"$cur":'),
  $n: Buffer.from('{"$n":"'),
};

// The text of the last bigint written (a record's tsEvent and tsInit are nearly always the same
// instant: the second one then costs no toString / ISO formatting).
let lastN = -1n;
let lastNText = "";
let lastIso = -1n;
let lastIsoText = "";

/**
 * A JSON string: printable ASCII without `"` or `\` is copied byte by byte between quotes (what
 * JSON.stringify writes for it); anything else is written as JSON.stringify writes it.
 */
function jsonString(out: MsgpackBuffer, s: string): void {
  const len = s.length;
  if (len <= 1024) {
    out.ensure(len + 2);
    const b = out.buf;
    const start = out.pos;
    let p = start;
    b[p++] = 0x22;
    let i = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) break;
      b[p++] = c;
    }
    if (i === len) {
      b[p++] = 0x22;
      out.pos = p;
      return;
    }
  }
  out.utf8(JSON.stringify(s));
}

/** JSON.stringify(toWire(value)) as UTF-8 bytes into `out`; false when the general path is needed. */
export function jsonInto(out: MsgpackBuffer, value: unknown, iso: boolean, key = ""): boolean {
  switch (typeof value) {
    case "string":
      jsonString(out, value);
      return true;
    case "boolean":
      out.ascii(value ? "true" : "false");
      return true;
    case "number":
      if (!Number.isFinite(value) || Object.is(value, -0)) return false;
      out.ascii(String(value)); // JSON.stringify's text for a finite number other than -0
      return true;
    case "bigint":
      jsonBigint(out, value, iso && value >= 0n && isTimestampKey(key));
      return true;
    case "object":
      if (value !== null) return jsonObject(out, value, iso);
      out.ascii("null");
      return true;
    default:
      return false;
  }
}

/** `"<ISO text>"` (a timestamp under timestampsAsIso8601) or `{"$n":"<digits>"}`. */
function jsonBigint(out: MsgpackBuffer, value: bigint, asIso: boolean): void {
  if (asIso) {
    if (value !== lastIso) (lastIsoText = nsToIso(value)), (lastIso = value);
    out.byte(0x22);
    out.ascii(lastIsoText);
    out.byte(0x22);
    return;
  }
  if (value !== lastN) (lastNText = value.toString()), (lastN = value);
  out.raw(OPEN_TAG.$n);
  out.ascii(lastNText);
  out.byte(0x22);
  out.byte(0x7d);
}

function jsonObject(out: MsgpackBuffer, value: object, iso: boolean): boolean {
  if (Array.isArray(value)) {
    out.byte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.byte(0x2c);
      if (!jsonInto(out, value[i], iso)) return false;
    }
    out.byte(0x5d);
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTO && proto !== null) return jsonTagged(out, value, proto);
  out.byte(0x7b);
  let from = 1; // the first field's `"key":` has no comma before it
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k.charCodeAt(0) === 36) return false; // '$': needs the $obj wrapper
    out.raw(quotedKey(k), from);
    if (!jsonInto(out, v, iso, k)) return false;
    from = 0;
  }
  out.byte(0x7d);
  return true;
}

/** `{"$px":"..."}` and the other tags (tagged()'s, written without building the pair). */
function jsonTagged(out: MsgpackBuffer, value: object, proto: unknown): boolean {
  if (proto === PRICE_PROTO) out.raw(OPEN_TAG.$px), jsonFixed(out, (value as Price).raw, (value as Price).precision);
  else if (proto === QUANTITY_PROTO) out.raw(OPEN_TAG.$qty), jsonFixed(out, (value as Quantity).raw, (value as Quantity).precision);
  else if (proto === MONEY_PROTO) out.raw(OPEN_TAG.$money), jsonMoney(out, value as Money);
  else if (proto === CURRENCY_PROTO) out.raw(OPEN_TAG.$cur), jsonString(out, (value as Currency).code);
  else return false;
  out.byte(0x7d);
  return true;
}

/**
 * `"<rawToString(raw, precision)>"` (Price / Quantity toString) written from ONE digit string of
 * |raw|: rawToString divides, takes the remainder and pads, two bigint conversions and three
 * intermediate strings per value.
 */
function jsonFixed(out: MsgpackBuffer, raw: bigint, precision: number): void {
  const digits = (raw < 0n ? -raw : raw).toString();
  out.ensure(digits.length + 16);
  out.byte(0x22);
  writeDecimal(out, raw < 0n, digits, precision);
  out.byte(0x22);
}

/** `"<toDecimalString()> <code>"` (Money toString), the precision found from the same digits. */
function jsonMoney(out: MsgpackBuffer, m: Money): void {
  const code = m.currency.code;
  if (!plainAscii(code)) {
    jsonString(out, m.toString());
    return;
  }
  const raw = m.raw;
  const digits = (raw < 0n ? -raw : raw).toString();
  // minimalPrecision: 9 minus the trailing zeros of the raw (at most 9), 0 for zero.
  let zeros = 0;
  while (zeros < FIXED_PRECISION && digits.charCodeAt(digits.length - 1 - zeros) === 48) zeros++;
  const minimal = raw === 0n ? 0 : FIXED_PRECISION - zeros;
  out.ensure(digits.length + code.length + 16);
  out.byte(0x22);
  writeDecimal(out, raw < 0n, digits, Math.max(m.currency.precision, minimal));
  out.byte(0x20);
  out.ascii(code);
  out.byte(0x22);
}

/** The decimal text of a raw whose |raw| is `digits`, at `precision` decimals (as rawToString). */
function writeDecimal(out: MsgpackBuffer, neg: boolean, digits: string, precision: number): void {
  const b = out.buf;
  let p = out.pos;
  const n = digits.length;
  const intLen = n - FIXED_PRECISION;
  if (neg) b[p++] = 0x2d;
  if (intLen > 0) for (let i = 0; i < intLen; i++) b[p++] = digits.charCodeAt(i);
  else b[p++] = 0x30;
  const decimals = precision < FIXED_PRECISION ? precision : FIXED_PRECISION;
  if (decimals > 0) {
    b[p++] = 0x2e;
    for (let k = 0; k < decimals; k++) {
      const i = intLen + k; // digits left of the string are the zeros rawToString pads with
      b[p++] = i < 0 ? 0x30 : digits.charCodeAt(i);
    }
  }
  out.pos = p;
}

/** True when s is written as is inside JSON quotes (printable ASCII without `"` or `\\`). */
function plainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

// ---- msgpack ----

/** Writes value's wire form into `out`; false when the general path is needed (out is then dirty). */
export function msgpackFast(out: MsgpackBuffer, value: unknown, iso: boolean, key = ""): boolean {
  switch (typeof value) {
    case "string":
      out.str(value);
      return true;
    case "boolean":
      out.bool(value);
      return true;
    case "number":
      if (!Number.isFinite(value) || Object.is(value, -0)) return false;
      out.number(value);
      return true;
    case "bigint":
      if (iso && value >= 0n && isTimestampKey(key)) {
        out.str(nsToIso(value));
        return true;
      }
      return out.bigint(value);
    case "object":
      if (value !== null) return msgpackObject(out, value, iso);
      out.nil();
      return true;
    default:
      return false;
  }
}

function msgpackObject(out: MsgpackBuffer, value: object, iso: boolean): boolean {
  if (Array.isArray(value)) {
    out.arrayHeader(value.length);
    for (let i = 0; i < value.length; i++) if (!msgpackFast(out, value[i], iso)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTO && proto !== null) {
    const t = tagged(value, proto);
    if (t === undefined) return false;
    out.mapHeader(1);
    out.str(t[0]);
    out.str(t[1]);
    return true;
  }
  let n = 0;
  for (const k in value) {
    if ((value as Record<string, unknown>)[k] === undefined) continue;
    if (k.charCodeAt(0) === 36) return false; // '$': needs the $obj wrapper
    n++;
  }
  out.mapHeader(n);
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out.str(k);
    if (!msgpackFast(out, v, iso, k)) return false;
  }
  return true;
}
