/**
 * StreamBatch: up to maxPipelineDepth stream entries written as they are published straight into
 * one Buffer (key, topic, type, payload per entry, as a msgpack array), then sent as ONE EVALSHA
 * whose script runs `XADD key * topic T type Y enc E payload P` per entry, in order.
 *
 * Why: ioredis costs ~25 us of client CPU per pipelined XADD (a Command, a promise and every
 * argument converted); here an entry costs its encoding and a few byte copies, and Redis does
 * the rest. The entry has exactly the fields a consumer and `cortana-node tail` read (envelope.ts).
 * A refused entry (WRONGTYPE...) does not stop the others: its position and message come back.
 *
 * Entry points: `new StreamBatch(enc)`, `add(key, topic, type, message, codec)`, `length`,
 * `keys`, `exec(redis)`; `StreamBatch.preload(redis)` at start, so that a batch sent in the middle
 * of a burst of publishes reaches Redis at once instead of waiting for SCRIPT LOAD's reply.
 */
import type { Redis } from "ioredis";
import { evalPacked, loadScript, refusedOf } from "../../cache/database/batch.js";
import type { RecordCodec } from "../../cache/database/codec.js";
import { MsgpackBuffer } from "../../cache/database/msgpack-buffer.js";

const XADD_SCRIPT = `
local t = cmsgpack.unpack(ARGV[1])
local enc = ARGV[2]
local refused = {}
local i = 0
for a = 1, #t, 4 do
  i = i + 1
  local r = redis.pcall('XADD', t[a], '*', 'topic', t[a + 1], 'type', t[a + 2], 'enc', enc, 'payload', t[a + 3])
  if type(r) == 'table' and r.err then
    refused[#refused + 1] = i
    refused[#refused + 1] = r.err
  end
end
return refused
`;

// The msgpack bytes of the stream keys, topics and types seen: a node publishes to a handful, so
// an entry's three header strings are copied, not encoded again (bounded for any other use).
const PACKED = new Map<string, Buffer>();
const PACKED_MAX = 4096;
const packer = new MsgpackBuffer(1024);

function packed(s: string): Buffer {
  let b = PACKED.get(s);
  if (b === undefined) {
    packer.reset();
    packer.str(s);
    b = packer.copy();
    if (PACKED.size < PACKED_MAX) PACKED.set(s, b);
  }
  return b;
}

// The size of the largest batch sent so far (capped): a new batch starts that big instead of
// growing (and copying itself) while it fills. JSON entries are ~500 bytes, 1000 per batch.
const MAX_SIZE_HINT = 8 * 1024 * 1024;
let sizeHint = 256 * 1024;

export class StreamBatch {
  /** The stream of each entry, in order (for trimming and for logging a refused entry). */
  readonly keys: string[] = [];
  private readonly out = new MsgpackBuffer(sizeHint);
  private readonly header: number;

  constructor(private readonly enc: string) {
    this.header = this.out.reserveArray32();
  }

  get length(): number {
    return this.keys.length;
  }

  /** Appends one entry; throws (nothing appended) when the codec cannot carry the message. */
  add(key: string, topic: string, type: string, message: unknown, codec: RecordCodec): void {
    const out = this.out;
    const mark = out.pos;
    try {
      out.raw(packed(key));
      out.raw(packed(topic));
      out.raw(packed(type));
      codec.encodeInto(out, message);
    } catch (err) {
      out.pos = mark;
      throw err;
    }
    this.keys.push(key);
  }

  /** Sends the batch (again, after a transport failure); returns the refused entries. */
  async exec(redis: Redis): Promise<{ index: number; message: string }[]> {
    if (this.keys.length === 0) return [];
    this.out.patchArray32(this.header, this.keys.length * 4);
    if (this.out.pos > sizeHint) sizeHint = Math.min(MAX_SIZE_HINT, this.out.pos + (this.out.pos >> 4));
    return refusedOf(await evalPacked(redis, XADD_SCRIPT, this.out.buf.subarray(0, this.out.pos), this.enc));
  }

  static async preload(redis: Redis): Promise<void> {
    await loadScript(redis, XADD_SCRIPT);
  }
}
