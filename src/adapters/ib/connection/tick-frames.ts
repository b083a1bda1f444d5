/**
 * A direct decoder for the two messages that make up nearly all of a market data stream,
 * TICK_PRICE (1) and TICK_SIZE (2), read from the frame's bytes in place and emitting exactly the
 * events @stoqey's decoder emits for them (same names, arguments and order; differential tests in
 * test/adapters/ib/connection/).
 *
 * Why: @stoqey decodes every message through a token queue (an array concat per message, a
 * shift per token, an event queue, a closure per event): ~4-5 us and ~1 KB of garbage a message.
 * A decoder on the message's text still made ~800 bytes a quote (the text, its split tokens), the
 * node's largest source of young-generation garbage at 10,000 quotes/s. Read from the bytes, a
 * tick allocates nothing until its event.
 *
 * Entry point: `decodeTickFrame(bytes, start, end, sink)` -> true when it handled the message;
 * false for any other message, or one of a shape it does not read exactly as @stoqey does (token
 * count, an exponent, a thousands separator, more than 15 digits, any other character): those go
 * to @stoqey, which reports malformed ones as it always has.
 */

/** Where decoded ticks go: @stoqey's `tickPrice` and `tickSize` events, with their arguments. */
export interface TickSink {
  tickPrice(tickerId: number, tickType: number, price: number | undefined, canAutoExecute: boolean | undefined): void;
  tickSize(tickerId: number, tickType: number, size: number | undefined): void;
}

/** The price tick types whose TICK_PRICE carries a size (@stoqey's table; BID -> BID_SIZE is 0). */
const SIZE_TICK_OF_PRICE: Readonly<Record<number, number>> = { 1: 0, 2: 3, 4: 5, 66: 69, 67: 70, 68: 71 };

const NUL = 0;
const ONE = 0x31;
const TWO = 0x32;

export function decodeTickFrame(bytes: Uint8Array, start: number, end: number, sink: TickSink): boolean {
  const id = bytes[start];
  // "1\0" or "2\0": one digit then NUL (message ids 10-19 and 20-29 start with those digits too).
  if ((id !== ONE && id !== TWO) || bytes[start + 1] !== NUL || end - start < 3 || bytes[end - 1] !== NUL) return false;
  return id === ONE ? tickPrice(bytes, start + 2, end, sink) : tickSize(bytes, start + 2, end, sink);
}

/** [1, version, tickerId, tickType, price, size (v >= 2), canAutoExecute (v >= 3)], each NUL-terminated. */
function tickPrice(bytes: Uint8Array, at: number, end: number, sink: TickSink): boolean {
  if (!scan(bytes, at, end, INTEGER)) return false;
  const version = scanned.empty ? 0 : scanned.value;
  if (!scan(bytes, scanned.next, end, INTEGER)) return false;
  const tickerId = scanned.empty ? 0 : scanned.value;
  if (!scan(bytes, scanned.next, end, INTEGER)) return false;
  const tickType = scanned.empty ? 0 : scanned.value;
  if (!scan(bytes, scanned.next, end, DECIMAL)) return false;
  const price = scanned.empty ? 0 : scanned.value;
  let size: number | undefined;
  let canAutoExecute: boolean | undefined;
  if (version >= 2) {
    if (!scan(bytes, scanned.next, end, DECIMAL)) return false;
    size = scanned.empty ? undefined : scanned.value;
  }
  if (version >= 3) {
    if (!scan(bytes, scanned.next, end, INTEGER)) return false;
    canAutoExecute = !scanned.empty && scanned.value !== 0; // !!parseInt(""): false
  }
  if (scanned.next !== end) return false;
  sink.tickPrice(tickerId, tickType, price, canAutoExecute);
  const sizeTickType = version >= 2 ? SIZE_TICK_OF_PRICE[tickType] : undefined;
  if (sizeTickType) sink.tickSize(tickerId, sizeTickType, size);
  return true;
}

/** [2, version (unread), tickerId, tickType, size], each NUL-terminated. */
function tickSize(bytes: Uint8Array, at: number, end: number, sink: TickSink): boolean {
  const versionEnd = bytes.indexOf(NUL, at);
  if (versionEnd < 0 || !scan(bytes, versionEnd + 1, end, INTEGER)) return false;
  const tickerId = scanned.empty ? 0 : scanned.value;
  if (!scan(bytes, scanned.next, end, INTEGER)) return false;
  const tickType = scanned.empty ? 0 : scanned.value;
  if (!scan(bytes, scanned.next, end, DECIMAL) || scanned.next !== end) return false;
  sink.tickSize(tickerId, tickType, scanned.empty ? undefined : scanned.value);
  return true;
}

const INTEGER = false;
const DECIMAL = true;
/** At most this many digits: the digits read as one integer stay exact (< 2^53). */
const MAX_DIGITS = 15;
/** 10^k, each exact (parsed, not computed: Math.pow need not be exact). */
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => Number(`1e${k}`));

/** The last token scanned (one module-level record: a tick allocates nothing while it is read). */
const scanned = { value: 0, empty: false, next: 0 };

/**
 * Reads the NUL-terminated token at `at`: an optional "-", then digits with (`decimal`) at most one
 * ".", at most MAX_DIGITS of them; false for anything else (left to @stoqey). The value is what
 * parseFloat / parseInt give for such a token: m / 10^k, both exact, is the correctly rounded
 * double nearest the decimal, as parseFloat's is.
 */
function scan(bytes: Uint8Array, at: number, end: number, decimal: boolean): boolean {
  let i = at;
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1; // -1 until a "."
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === NUL) break;
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > MAX_DIGITS) return false;
      mantissa = mantissa * 10 + (c - 0x30);
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === 0x2e && decimal && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return false;
    }
  }
  if (i >= end) return false; // no terminating NUL
  scanned.next = i + 1;
  scanned.empty = i === at;
  if (scanned.empty) return true;
  if (digits === 0) return false; // "-", ".", "-."
  const magnitude = fractionDigits > 0 ? mantissa / POW10[fractionDigits]! : mantissa;
  scanned.value = negative ? -magnitude : magnitude;
  return true;
}
