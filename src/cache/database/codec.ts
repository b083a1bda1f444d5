/**
 * RecordCodec: the bytes of every record the Redis backends write (cache records and stream
 * payloads), in msgpack (msgpackr, `useRecords: false`, bigints native, beyond 64 bits through
 * msgpackr's extension) or JSON (UTF-8 text), with `timestampsAsIso8601`.
 *
 * Encoding takes the one-walk fast path of fast-wire.ts (records as the model produces them),
 * and the general wire tree of wire.ts for what it does not cover; both give the same bytes'
 * meaning (the same text in JSON).
 *
 * Entry points: `new RecordCodec({ encoding, timestampsAsIso8601 })`; `encode(value)`,
 * `decode(key, bytes)` for plain records (events, account states, fills, order lists, strategy
 * state, snapshots); `encodeInstrument` / `decodeInstrument` for instruments.
 * Invariants: decode(encode(v)) deep-equals v with every Price / Quantity / Money at the same raw
 * and precision (see wire.ts). A record that does not decode raises CORTANA_E_REDIS_DECODE with
 * its key: the caller applies the load rule (skip it, or fail the start).
 */
import { Packr } from "msgpackr";
import { CortanaError } from "../../common/errors.js";
import type { AnyInstrument, Instrument } from "../../model/instruments.js";
import { jsonInto, msgpackFast } from "./fast-wire.js";
import { instrumentFromRecord, instrumentToRecord, type InstrumentRecord } from "./instrument-record.js";
import { MsgpackBuffer } from "./msgpack-buffer.js";
import { fromWire, toWire, type WireOptions } from "./wire.js";

export type Encoding = "msgpack" | "json";

export interface CodecOptions {
  readonly encoding: Encoding;
  readonly timestampsAsIso8601?: boolean;
}

export class RecordCodec {
  readonly encoding: Encoding;
  private readonly wire: WireOptions;
  private readonly packr: Packr | undefined;
  /** The fast path's scratch buffer, reused by every encode(). */
  private readonly scratch = new MsgpackBuffer(16 * 1024);

  constructor(options: CodecOptions) {
    this.encoding = options.encoding;
    this.wire = { bigintNative: options.encoding === "msgpack", iso: options.timestampsAsIso8601 === true };
    this.packr =
      options.encoding === "msgpack"
        ? new Packr({ useRecords: false, int64AsType: "bigint", useBigIntExtension: true, mapsAsObjects: true })
        : undefined;
  }

  /** The record's bytes (msgpack) or text (JSON). Throws for values the model never produces. */
  encode(value: unknown): Buffer | string {
    const scratch = this.scratch;
    scratch.reset();
    if (!this.fast(scratch, value)) return this.general(value);
    return this.packr === undefined ? scratch.buf.toString("utf8", 0, scratch.pos) : scratch.copy();
  }

  /**
   * Writes the record into `out` as one msgpack str holding the bytes encode() gives (how a batch
   * carries it to Redis without an intermediate copy). Throws, as encode() does, for values the
   * model never produces; `out` then holds a partial write the caller rolls back.
   */
  encodeInto(out: MsgpackBuffer, value: unknown): void {
    const at = out.beginStr32();
    if (!this.fast(out, value)) {
      out.pos = at + 5;
      const bytes = this.general(value);
      if (typeof bytes === "string") out.utf8(bytes);
      else out.raw(bytes);
    }
    out.endStr32(at);
  }

  private fast(out: MsgpackBuffer, value: unknown): boolean {
    return this.packr === undefined ? jsonInto(out, value, this.wire.iso) : msgpackFast(out, value, this.wire.iso);
  }

  /** The general path: the wire tree (tags for rare values; throws for what the model never produces). */
  general(value: unknown): Buffer | string {
    const wire = toWire(value, this.wire);
    return this.packr === undefined ? JSON.stringify(wire) : this.packr.pack(wire);
  }

  /** The record stored at `key`; CORTANA_E_REDIS_DECODE naming the key when it does not decode. */
  decode(key: string, bytes: Buffer | string): unknown {
    try {
      const wire = this.packr === undefined ? JSON.parse(typeof bytes === "string" ? bytes : bytes.toString("utf8")) : this.packr.unpack(toBuffer(bytes));
      return fromWire(wire, this.wire);
    } catch (err) {
      throw decodeError(key, err);
    }
  }

  /** decode(), then checks the record is an object whose `type` is one of `types` (when given). */
  decodeRecord<T>(key: string, bytes: Buffer | string, types?: ReadonlySet<string>): T {
    const value = this.decode(key, bytes);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw decodeError(key, new Error(`expected a record, got ${Array.isArray(value) ? "an array" : typeof value}`));
    }
    if (types !== undefined) {
      const type = (value as { type?: unknown }).type;
      if (typeof type !== "string" || !types.has(type)) throw decodeError(key, new Error(`unexpected record type ${JSON.stringify(type)}`));
    }
    return value as T;
  }

  encodeInstrument(instrument: Instrument): Buffer | string {
    return this.encode(instrumentToRecord(instrument));
  }

  decodeInstrument(key: string, bytes: Buffer | string): AnyInstrument {
    const record = this.decodeRecord<InstrumentRecord>(key, bytes, INSTRUMENT_TYPES);
    try {
      return instrumentFromRecord(record);
    } catch (err) {
      throw decodeError(key, err);
    }
  }
}

const INSTRUMENT_TYPES: ReadonlySet<string> = new Set(["Equity", "OptionContract", "FuturesContract"]);

export function decodeError(key: string, cause: unknown): CortanaError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new CortanaError("CORTANA_E_REDIS_DECODE", `record at key ${JSON.stringify(key)} does not decode: ${why}`, { cause, details: { key } });
}

function toBuffer(bytes: Buffer | string): Buffer {
  return typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
}
