/**
 * Test harness around the REAL @stoqey/ib 1.6.10 codec (never a mock of it):
 * - `decodeWithStoqey(frames)`: runs server frames through the client's own `Decoder` at server
 *   version 193 and returns the events it emitted and every error (505 = layout bug).
 * - `encodeWithStoqey(fn)`: builds the exact bytes the client's `Encoder` + `Socket.send` put on
 *   the wire for a request, as frames our `FrameReader` can read.
 */
import { Decoder } from "@stoqey/ib/dist/core/io/decoder.js";
import { Encoder } from "@stoqey/ib/dist/core/io/encoder.js";
import { splitFields } from "../../../src/sim/wire/framing.js";

export interface Decoded {
  events: { name: string; args: unknown[] }[];
  errors: { message: string; code: number; reqId: number | undefined; advancedOrderReject?: unknown }[];
  infos: { message: string; code: number }[];
}

export function decodeWithStoqey(frames: readonly Buffer[]): Decoded {
  const out: Decoded = { events: [], errors: [], infos: [] };
  const decoder = new Decoder({
    serverVersion: 193,
    emitEvent: (name: string, ...args: unknown[]) => out.events.push({ name, args }),
    emitError: (message: string, code: number, reqId?: number, adv?: unknown) =>
      out.errors.push(adv === undefined ? { message, code, reqId } : { message, code, reqId, advancedOrderReject: adv }),
    emitInfo: (message: string, code: number) => out.infos.push({ message, code }),
  });
  for (const frame of frames) {
    const len = frame.readUInt32BE(0);
    if (len !== frame.length - 4) throw new Error(`frame length prefix ${len} != payload ${frame.length - 4}`);
    const payload = frame.toString("utf8", 4);
    if (!payload.endsWith("\0")) throw new Error("frame does not end with NUL");
    decoder.enqueueMessage(splitFields(payload));
    decoder.process();
  }
  return out;
}

/** Flatten + booleans to 1/0 + join, exactly as `Socket.send` does, then frame it. */
function frameLikeSocket(tokens: unknown[]): Buffer {
  const flat = (tokens as unknown[]).flat(Infinity).map((v) => (v === true ? 1 : v === false ? 0 : v));
  const body = Buffer.from(flat.join("\0"), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length + 1, 0);
  return Buffer.concat([len, body, Buffer.from([0])]);
}

/** The frames the real client encoder produces for the calls made in `fn`. */
export function encodeWithStoqey(fn: (enc: Encoder) => void): Buffer[] {
  const frames: Buffer[] = [];
  const errors: string[] = [];
  const enc = new Encoder({
    serverVersion: 193,
    sendMsg: (...tokens: unknown[]) => frames.push(frameLikeSocket(tokens)),
    emitError: (msg: string) => errors.push(msg),
  });
  fn(enc);
  if (errors.length > 0) throw new Error(`client encoder refused: ${errors.join("; ")}`);
  return frames;
}

/** The client's handshake bytes (what Socket.onConnect writes). */
export function clientHandshake(version = "v100..193"): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(version.length, 0);
  return Buffer.concat([Buffer.from("API\0", "latin1"), len, Buffer.from(version, "latin1")]);
}
