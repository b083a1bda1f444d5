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

// `"key":` of the field names seen, as bytes (the model's are a small fixed set; bounded for
// any other data).
const QUOTED = new Map<string, Buffer>();
const QUOTED_MAX = 4096;

function quotedKey(k: string): Buffer {
  let q = QUOTED.get(k);
  if (q === undefined) {
    q = Buffer.from(`${JSON.stringify(k)}:`, "utf8");
    if (QUOTED.size < QUOTED_MAX) QUOTED.set(k, q);
  }
  return q;
}

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
      out.ascii(JSON.stringify(value));
      return true;
    case "bigint":
      if (iso && value >= 0n && isTimestampKey(key)) out.ascii(`"${nsToIso(value)}"`);
      else out.ascii(`{"$n":"${value.toString()}"}`);
      return true;
    case "object":
      if (value !== null) return jsonObject(out, value, iso);
      out.ascii("null");
      return true;
    default:
      return false;
  }
}

function jsonObject(out: MsgpackBuffer, value: object, iso: boolean): boolean {
  if (Array.isArray(value)) {
    out.ascii("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.ascii(",");
      if (!jsonInto(out, value[i], iso)) return false;
    }
    out.ascii("]");
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTO && proto !== null) {
    const t = tagged(value, proto);
    if (t === undefined) return false;
    out.ascii(`{"${t[0]}":`);
    jsonString(out, t[1]);
    out.ascii("}");
    return true;
  }
  out.ascii("{");
  let first = true;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k.charCodeAt(0) === 36) return false; // '$': needs the $obj wrapper
    if (!first) out.ascii(",");
    out.raw(quotedKey(k));
    if (!jsonInto(out, v, iso, k)) return false;
    first = false;
  }
  out.ascii("}");
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
