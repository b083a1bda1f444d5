/**
 * A direct decoder for the two messages that make up nearly all of a market data stream,
 * TICK_PRICE (1) and TICK_SIZE (2), emitting exactly the events @stoqey's decoder emits for them
 * (same names, arguments and order; differential tests in test/adapters/ib/connection/).
 *
 * Why: @stoqey decodes every message through a token queue (an array concat per message, a
 * shift per token, an event queue, a closure per event): ~4-5 us and ~1 KB of garbage a message.
 * At 10,000 quotes/s (~40 messages per socket read) that decoding delays every quote by the
 * rest of its read, and its garbage drives most young-generation collections.
 *
 * Entry point: `decodeTickFrame(text, emit)` -> true when it handled the message; false for any
 * other message, or one whose shape it does not expect (wrong token count, no trailing NUL):
 * those go to @stoqey, which reports malformed ones as it always has.
 */

/** The price tick types whose TICK_PRICE carries a size (@stoqey's table; BID -> BID_SIZE is 0). */
const SIZE_TICK_OF_PRICE: Readonly<Record<number, number>> = { 1: 0, 2: 3, 4: 5, 66: 69, 67: 70, 68: 71 };

export type EmitEvent = (name: string, ...args: unknown[]) => void;

export function decodeTickFrame(text: string, emit: EmitEvent): boolean {
  const id = text.charCodeAt(0);
  // "1\0" or "2\0": one digit then NUL (message ids 10-19 and 20-29 start with those digits too).
  if ((id !== 49 && id !== 50) || text.charCodeAt(1) !== 0 || text.charCodeAt(text.length - 1) !== 0) return false;
  const tokens = text.split("\0");
  return id === 49 ? tickPrice(tokens, emit) : tickSize(tokens, emit);
}

/** [1, version, tickerId, tickType, price, size (v >= 2), canAutoExecute (v >= 3), ""]. */
function tickPrice(t: string[], emit: EmitEvent): boolean {
  const version = readInt(t[1]!);
  if (Number.isNaN(version) || t.length !== (version >= 3 ? 8 : version >= 2 ? 7 : 6)) return false;
  const tickerId = readInt(t[2]!);
  const tickType = readInt(t[3]!);
  const price = readDouble(t[4]!);
  const size = version >= 2 ? readDecimal(t[5]!) : undefined;
  const canAutoExecute = version >= 3 ? !!parseInt(t[6]!) : undefined;
  emit("tickPrice", tickerId, tickType, price, canAutoExecute);
  const sizeTickType = version >= 2 ? SIZE_TICK_OF_PRICE[tickType] : undefined;
  if (sizeTickType) emit("tickSize", tickerId, sizeTickType, size);
  return true;
}

/** [2, version, tickerId, tickType, size, ""]. */
function tickSize(t: string[], emit: EmitEvent): boolean {
  if (t.length !== 6) return false;
  emit("tickSize", readInt(t[2]!), readInt(t[3]!), readDecimal(t[4]!));
  return true;
}

// @stoqey's token readers (decoder.js), same results for every input.
const readInt = (token: string): number => (token === "" ? 0 : parseInt(token, 10));

function readDouble(token: string): number | undefined {
  if (token === "") return 0;
  const value = parseFloat(token);
  return value === Number.MAX_VALUE ? undefined : value;
}

function readDecimal(token: string): number | undefined {
  if (token === "") return undefined;
  const value = parseFloat(token.includes(",") ? token.replaceAll(",", "") : token);
  return value === Number.MAX_VALUE || value === Infinity ? undefined : value;
}
