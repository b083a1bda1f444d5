/**
 * MsgpackBuffer: a growable byte buffer that msgpack values are written into directly, reused
 * between records and batches (no intermediate tree, no per-value allocation).
 *
 * Entry points: `new MsgpackBuffer()`, `reset()`, the writers (`nil`, `bool`, `number`,
 * `bigint`, `str`, `bytes`, `mapHeader`, `arrayHeader`, `reserveArray32`), `copy(from)`; raw
 * bytes (`raw`, `ascii`, `utf8`) inside a str opened with `beginStr32` and closed by `endStr32`
 * (how a record's JSON text or msgpack bytes are written in place into a batch).
 * Formats written (any msgpack reader decodes them; Redis' Lua cmsgpack too, which is why
 * Buffers are written as str, never bin: cmsgpack in Redis 7.0 has no bin):
 * - numbers: integers in the int32 / uint32 range as int formats, every other finite number as
 *   float64, so a reader with int64AsType "bigint" always gives a number back (never a bigint);
 * - bigints as int64 / uint64 (`bigint` returns false beyond 64 bits: the caller falls back);
 * - strings as fixstr (ASCII under 32 bytes), str16 or str32.
 */

const TWO_63 = 1n << 63n;
const TWO_64 = 1n << 64n;

export class MsgpackBuffer {
  buf: Buffer;
  pos = 0;

  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  reset(): void {
    this.pos = 0;
  }

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A copy of the bytes written since `from` (the record or batch, owned by the caller). */
  copy(from = 0): Buffer {
    const out = Buffer.allocUnsafe(this.pos - from);
    this.buf.copy(out, 0, from, this.pos);
    return out;
  }

  nil(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 0xc3 : 0xc2;
  }

  /** A finite number (callers tag -0, NaN and the infinities before). */
  number(v: number): void {
    this.ensure(9);
    const b = this.buf;
    let p = this.pos;
    if (Number.isInteger(v) && v >= -2147483648 && v <= 4294967295) {
      if (v >= 0) {
        if (v < 0x80) b[p++] = v;
        else if (v < 0x100) (b[p++] = 0xcc), (b[p++] = v);
        else if (v < 0x10000) (b[p++] = 0xcd), b.writeUInt16BE(v, p), (p += 2);
        else (b[p++] = 0xce), b.writeUInt32BE(v, p), (p += 4);
      } else if (v >= -32) b[p++] = v & 0xff;
      else (b[p++] = 0xd2), b.writeInt32BE(v, p), (p += 4);
    } else {
      b[p++] = 0xcb;
      b.writeDoubleBE(v, p);
      p += 8;
    }
    this.pos = p;
  }

  /** int64 / uint64; false (nothing written) beyond 64 bits. */
  bigint(v: bigint): boolean {
    if (v >= TWO_64 || v < -TWO_63) return false;
    this.ensure(9);
    if (v < TWO_63) {
      this.buf[this.pos] = 0xd3;
      this.buf.writeBigInt64BE(v, this.pos + 1);
    } else {
      this.buf[this.pos] = 0xcf;
      this.buf.writeBigUInt64BE(v, this.pos + 1);
    }
    this.pos += 9;
    return true;
  }

  str(s: string): void {
    const len = s.length;
    if (len < 32) {
      // Short strings (keys, ids, enums) are nearly always ASCII: one pass, no byteLength.
      this.ensure(1 + len * 3 + 5);
      const b = this.buf;
      const start = this.pos;
      let p = start + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p++] = c;
      }
      if (i === len) {
        b[start] = 0xa0 | len;
        this.pos = p;
        return;
      }
    }
    this.ensure(len * 3 + 5);
    const start = this.pos;
    if (len * 3 <= 0xffff) {
      const n = this.buf.write(s, start + 3, "utf8");
      this.buf[start] = 0xda;
      this.buf.writeUInt16BE(n, start + 1);
      this.pos = start + 3 + n;
    } else {
      const n = this.buf.write(s, start + 5, "utf8");
      this.buf[start] = 0xdb;
      this.buf.writeUInt32BE(n, start + 1);
      this.pos = start + 5 + n;
    }
  }

  /** Bytes, as a msgpack str (raw bytes: what Redis stores is exactly them). */
  bytes(v: Uint8Array): void {
    const len = v.length;
    this.ensure(len + 5);
    const b = this.buf;
    if (len < 32) b[this.pos++] = 0xa0 | len;
    else if (len <= 0xffff) (b[this.pos] = 0xda), b.writeUInt16BE(len, this.pos + 1), (this.pos += 3);
    else (b[this.pos] = 0xdb), b.writeUInt32BE(len, this.pos + 1), (this.pos += 5);
    b.set(v, this.pos);
    this.pos += len;
  }

  mapHeader(n: number): void {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x80 | n;
    else if (n <= 0xffff) (this.buf[this.pos] = 0xde), this.buf.writeUInt16BE(n, this.pos + 1), (this.pos += 3);
    else (this.buf[this.pos] = 0xdf), this.buf.writeUInt32BE(n, this.pos + 1), (this.pos += 5);
  }

  arrayHeader(n: number): void {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x90 | n;
    else if (n <= 0xffff) (this.buf[this.pos] = 0xdc), this.buf.writeUInt16BE(n, this.pos + 1), (this.pos += 3);
    else (this.buf[this.pos] = 0xdd), this.buf.writeUInt32BE(n, this.pos + 1), (this.pos += 5);
  }

  /** One raw byte (a JSON bracket or comma). */
  byte(c: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Raw bytes (no header), from v[start]. */
  raw(v: Uint8Array, start = 0): void {
    const len = v.length - start;
    this.ensure(len);
    if (len < 64) {
      // Field names, tags, packed keys: a byte loop beats TypedArray.set's call overhead here.
      const b = this.buf;
      let p = this.pos;
      for (let i = start; i < v.length; i++) b[p++] = v[i] as number;
      this.pos = p;
      return;
    }
    this.buf.set(start === 0 ? v : v.subarray(start), this.pos);
    this.pos += len;
  }

  /** Raw text known to be ASCII (numbers, tags), no header. */
  ascii(s: string): void {
    const len = s.length;
    this.ensure(len);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < len; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Raw UTF-8 text, no header. */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }

  /** Opens a str32 whose length is known once written; returns where to close it. */
  beginStr32(): number {
    this.ensure(5);
    const at = this.pos;
    this.pos += 5;
    return at;
  }

  endStr32(at: number): void {
    this.buf[at] = 0xdb;
    this.buf.writeUInt32BE(this.pos - at - 5, at + 1);
  }

  /** Reserves an array32 header at the current position; `patchArray32(at, n)` fills it in. */
  reserveArray32(): number {
    this.ensure(5);
    const at = this.pos;
    this.pos += 5;
    return at;
  }

  patchArray32(at: number, n: number): void {
    this.buf[at] = 0xdd;
    this.buf.writeUInt32BE(n, at + 1);
  }
}
