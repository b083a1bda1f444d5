/**
 * TWS framing, server side (tws-protocol.md §1.1-§1.3).
 *
 * Entry points:
 * - `encodeFrame(fields)`: one length-prefixed frame, every field NUL-terminated.
 * - `FrameReader`: feeds raw socket chunks, yields the client's handshake once, then frames as
 *   token arrays. Handles frames split across chunks and several frames per chunk.
 *
 * Invariants: a frame's length counts its trailing NUL; a frame larger than `maxFrameBytes`
 * (default 0xFFFFFF, the client's own limit) is a protocol violation, reported once and the
 * reader stops (the caller closes the socket); the handshake is exactly `API\0` + uint32 BE
 * length + version string, and a connection that starts any other way is a violation too.
 */

export const MAX_FRAME_BYTES = 0xffffff;
const API_PREFIX = Buffer.from("API\0", "latin1");

/** A field as the server writes it: `undefined` goes out empty, booleans as 1/0. */
export type WireField = string | number | boolean | undefined;

/** Encode one frame: uint32 BE length, then each field followed by NUL. */
export function encodeFrame(fields: readonly WireField[]): Buffer {
  let body = "";
  for (const f of fields) body += fieldText(f) + "\0";
  const len = Buffer.byteLength(body, "utf8");
  const buf = Buffer.allocUnsafe(4 + len);
  buf.writeUInt32BE(len, 0);
  buf.write(body, 4, "utf8");
  return buf;
}

/** Several frames in one buffer (one allocation; what a burst of ticks for one quote needs). */
export function encodeFrames(frames: readonly (readonly WireField[])[]): Buffer {
  const bodies: string[] = [];
  let total = 0;
  for (const fields of frames) {
    let body = "";
    for (const f of fields) body += fieldText(f) + "\0";
    bodies.push(body);
    total += 4 + Buffer.byteLength(body, "utf8");
  }
  const buf = Buffer.allocUnsafe(total);
  let off = 0;
  for (const body of bodies) {
    const len = buf.write(body, off + 4, "utf8");
    buf.writeUInt32BE(len, off);
    off += 4 + len;
  }
  return buf;
}

/** Text of one field: `undefined` is empty, booleans are 1/0, non-finite numbers are empty. */
export function fieldText(f: WireField): string {
  if (f === undefined) return "";
  if (typeof f === "boolean") return f ? "1" : "0";
  if (typeof f === "number") return Number.isFinite(f) ? String(f) : "";
  return f;
}

/** What a reader yields. */
export type FrameEvent =
  | { kind: "handshake"; minVersion: number; maxVersion: number; raw: string }
  | { kind: "frame"; tokens: string[] }
  | { kind: "violation"; reason: string };

/** Parse the client's version string: "v100..193" or "v100". */
export function parseVersionString(raw: string): { minVersion: number; maxVersion: number } | undefined {
  const m = /^v(\d+)(?:\.\.(\d+))?/.exec(raw);
  if (!m?.[1]) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  return { minVersion: min, maxVersion: max };
}

/** Split a frame payload into its fields (the payload ends with NUL; the last split part is dropped). */
export function splitFields(payload: string): string[] {
  const parts = payload.split("\0");
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Incremental reader of one connection's inbound bytes. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private handshakeDone = false;
  private dead = false;

  constructor(private readonly maxFrameBytes: number = MAX_FRAME_BYTES) {}

  /** Feed one chunk; returns every complete event it produced, in order. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.dead) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FrameEvent[] = [];
    let off = 0;
    if (!this.handshakeDone) {
      const hs = this.readHandshake();
      if (hs === undefined) return out;
      out.push(hs);
      if (hs.kind === "violation") return this.kill(out);
      off = this.handshakeLength();
      this.handshakeDone = true;
    }
    while (this.buf.length - off >= 4) {
      const len = this.buf.readUInt32BE(off);
      if (len > this.maxFrameBytes) {
        out.push({ kind: "violation", reason: `frame of ${len} bytes exceeds the limit of ${this.maxFrameBytes}` });
        return this.kill(out);
      }
      if (this.buf.length - off - 4 < len) break;
      out.push({ kind: "frame", tokens: splitFields(this.buf.toString("utf8", off + 4, off + 4 + len)) });
      off += 4 + len;
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(off);
    return out;
  }

  /** Bytes buffered but not yet a complete frame (for tests and diagnostics). */
  get pending(): number {
    return this.buf.length;
  }

  private kill(out: FrameEvent[]): FrameEvent[] {
    this.dead = true;
    this.buf = Buffer.alloc(0);
    return out;
  }

  private handshakeLength(): number {
    return API_PREFIX.length + 4 + this.buf.readUInt32BE(API_PREFIX.length);
  }

  private readHandshake(): FrameEvent | undefined {
    const have = Math.min(this.buf.length, API_PREFIX.length);
    if (!this.buf.subarray(0, have).equals(API_PREFIX.subarray(0, have))) {
      return { kind: "violation", reason: "connection does not start with API\\0" };
    }
    if (this.buf.length < API_PREFIX.length + 4) return undefined;
    const len = this.buf.readUInt32BE(API_PREFIX.length);
    if (len > 1024) return { kind: "violation", reason: `version string of ${len} bytes` };
    if (this.buf.length < API_PREFIX.length + 4 + len) return undefined;
    const raw = this.buf.toString("utf8", API_PREFIX.length + 4, API_PREFIX.length + 4 + len);
    const v = parseVersionString(raw);
    if (v === undefined) return { kind: "violation", reason: `bad version string ${JSON.stringify(raw)}` };
    return { kind: "handshake", ...v, raw };
  }
}
