/**
 * The node's framing of @stoqey/ib's socket, installed on a session once its handshake is done
 * (the handshake itself runs through @stoqey's own code).
 *
 * Reading: messages are cut out of each socket read in place (@stoqey concatenates its buffer
 * with every read and re-slices it per message), market data ticks are decoded directly
 * (tick-frames.ts: ~5x cheaper than @stoqey's token queue, and most of the garbage gone), and
 * every other message goes to @stoqey's own per-message decoder, in order. The node reacts to a
 * quote after the read that carried it is decoded (the quote streams conflate a read's ticks),
 * so a cheaper decode is a shorter tick-to-trade.
 *
 * Writing: @stoqey frames each outgoing message through per-byte JS arrays (TextEncoder, spreads,
 * a Uint8Array copy): ~100-300 us for an order. Here the same bytes (tested byte for byte) are
 * written from one Buffer: length prefix, the tokens joined by NUL, a trailing NUL. Messages go
 * straight from @stoqey's encoder to the socket: the node's pacer already paced them.
 *
 * Entry point: `installFraming(api)` -> false when @stoqey's internals are not the expected ones
 * (another version): the connection then keeps @stoqey's own paths and says so. Internals used:
 * Socket.onData / onMessage / send / disconnect, `useV100Plus`, `_v100MessageBuffer`,
 * `dataFragment`, `client`, `controller.emitEvent` / `emitError` / `rateLimiter` / `ib` (checked in
 * test/adapters/ib/connection/frames.test.ts).
 */
import type { Socket as NetSocket } from "node:net";
import { EventName, ErrorCode, type IBApi } from "@stoqey/ib";
import { stoqeyInternalSocket } from "./socket.js";
import { decodeTickFrame, type TickSink } from "./tick-frames.js";

/** @stoqey's limit on one incoming message (MAX_V100_MESSAGE_LENGTH). */
export const MAX_FRAME_BYTES = 0xffffff;
const EMPTY = Buffer.alloc(0);

/** The @stoqey Socket members this module relies on. */
export interface StoqeySocket {
  client?: NetSocket;
  useV100Plus: boolean;
  _v100MessageBuffer: Buffer;
  onData(data: Buffer): void;
  onMessage(text: string): void;
  send(tokens: unknown[]): void;
  disconnect(): void;
  dataFragment: string;
  controller: {
    ib: { listenerCount(event: string): number; emit(event: string, ...args: unknown[]): boolean };
    rateLimiter: (tokens: unknown[]) => void;
    emitEvent(name: string, ...args: unknown[]): void;
    emitError(message: string, code: number): void;
  };
}

function stoqeySocket(api: IBApi): StoqeySocket | undefined {
  const socket = stoqeyInternalSocket(api) as Partial<StoqeySocket> | undefined;
  if (socket === undefined || socket.useV100Plus !== true || !Buffer.isBuffer(socket._v100MessageBuffer)) return undefined;
  if (typeof socket.onData !== "function" || typeof socket.onMessage !== "function" || typeof socket.send !== "function") return undefined;
  const controller = socket.controller;
  if (typeof controller?.emitEvent !== "function" || typeof controller.emitError !== "function") return undefined;
  if (typeof controller.ib?.listenerCount !== "function" || typeof controller.ib.emit !== "function" || typeof socket.dataFragment !== "string") return undefined;
  if (typeof controller.rateLimiter !== "function") return undefined;
  return socket as StoqeySocket;
}

/** Replaces the session's read and write framing; false (nothing changed) on unexpected internals. */
export function installFraming(api: IBApi): boolean {
  const socket = stoqeySocket(api);
  if (socket === undefined) return false;
  const reader = new FrameReader(socket);
  const original = socket.send;
  socket.onData = (data) => reader.push(data);
  socket.send = (tokens) => sendFrame(socket, tokens, original);
  // The node's pacer (pacer.ts) already holds every message to IB's limit; @stoqey's own limiter,
  // set far above it, only added a setTimeout per message.
  socket.controller.rateLimiter = (tokens) => socket.send(tokens);
  return true;
}

/**
 * Splits reads into messages and hands them to @stoqey's per-message decoder, as its own onData
 * does, without copying the read per message (@stoqey concatenates and re-slices its buffer).
 */
export class FrameReader {
  #buffer: Buffer = EMPTY;
  #offset = 0;
  /** The bounds of the message #next found. */
  #start = 0;
  #end = 0;

  readonly #ticks: TickSink;

  constructor(
    private readonly socket: StoqeySocket,
    /** Where a message's throw goes (default: rethrown from process.nextTick, an uncaught exception). */
    private readonly onThrow: (err: unknown) => void = rethrowLater,
  ) {
    this.#ticks = tickEvents(socket.controller);
  }

  push(data: Buffer): void {
    // Bytes @stoqey buffered before the takeover (a partial message) come first.
    const left = this.socket._v100MessageBuffer;
    if (left.length > 0) {
      this.socket._v100MessageBuffer = EMPTY;
      this.#append(left);
    }
    this.#append(data);
    while (this.#next()) this.#decode(this.#buffer, this.#start, this.#end);
  }

  #append(data: Buffer): void {
    if (this.#offset >= this.#buffer.length) {
      this.#buffer = data;
      this.#offset = 0;
      return;
    }
    this.#buffer = Buffer.concat([this.#buffer.subarray(this.#offset), data]);
    this.#offset = 0;
  }

  /** Finds the next complete message (its bounds in #start / #end); false when there is none yet (the partial rest stays buffered). */
  #next(): boolean {
    const available = this.#buffer.length - this.#offset;
    if (available < 4) return false;
    const size = this.#buffer.readInt32BE(this.#offset);
    if (size < 0 || size > MAX_FRAME_BYTES) {
      this.#buffer = EMPTY;
      this.#offset = 0;
      this.socket.controller.emitError(`Message of size ${size} exceeded max message length ${MAX_FRAME_BYTES}`, ErrorCode.CONNECT_FAIL);
      this.socket.disconnect();
      return false;
    }
    if (available < 4 + size) return false;
    this.#start = this.#offset + 4;
    this.#end = this.#start + size;
    this.#offset = this.#end;
    return true;
  }

  /**
   * One message: ticks through tick-frames.ts (unless someone listens to @stoqey's `received`,
   * which only its own path emits), the rest through @stoqey. A throw (a handler's bug) surfaces
   * as @stoqey's would, and the messages after it still flow.
   */
  #decode(bytes: Buffer, start: number, end: number): void {
    const socket = this.socket;
    try {
      if (socket.dataFragment === "" && socket.controller.ib.listenerCount("received") === 0 && decodeTickFrame(bytes, start, end, this.#ticks)) return;
      socket.onMessage(bytes.toString("utf8", start, end));
    } catch (err) {
      this.onThrow(err);
    }
  }
}

/**
 * The tick events as @stoqey's controller emits them: the event itself, then `result` and `all`.
 * Emitted straight on the IBApi when nobody listens to those two (the usual case), which spares
 * the argument arrays of three emits per tick.
 */
function tickEvents(controller: StoqeySocket["controller"]): TickSink {
  const ib = controller.ib;
  const plain = (): boolean => ib.listenerCount(EventName.result) === 0 && ib.listenerCount(EventName.all) === 0;
  return {
    tickPrice(tickerId, tickType, price, canAutoExecute) {
      if (plain()) ib.emit(EventName.tickPrice, tickerId, tickType, price, canAutoExecute);
      else controller.emitEvent(EventName.tickPrice, tickerId, tickType, price, canAutoExecute);
    },
    tickSize(tickerId, tickType, size) {
      if (plain()) ib.emit(EventName.tickSize, tickerId, tickType, size);
      else controller.emitEvent(EventName.tickSize, tickerId, tickType, size);
    },
  };
}

function rethrowLater(err: unknown): void {
  process.nextTick(() => {
    throw err;
  });
}

/** @stoqey's Socket.send for a V100 message, from one Buffer; anything else goes to `original`. */
export function sendFrame(socket: StoqeySocket, tokens: unknown[], original: (tokens: unknown[]) => void): void {
  const flat: unknown[] = [];
  flatten(tokens, flat);
  if (!socket.useV100Plus || typeof flat[0] === "string") {
    original.call(socket, tokens);
    return;
  }
  const text = flat.join("\0");
  const length = Buffer.byteLength(text, "utf8");
  const frame = Buffer.allocUnsafe(length + 5);
  frame.writeUInt32BE(length + 1, 0);
  frame.write(text, 4, "utf8");
  frame[length + 4] = 0;
  socket.client?.write(frame);
  socket.controller.emitEvent(EventName.sent, flat, text);
}

/** Nested arrays flattened, booleans as 1 / 0 (as @stoqey's send does). */
function flatten(tokens: readonly unknown[], out: unknown[]): void {
  for (const value of tokens) {
    if (Array.isArray(value)) flatten(value, out);
    else if (value === true || value === false || value instanceof Boolean) out.push(value.valueOf() ? 1 : 0);
    else out.push(value);
  }
}
