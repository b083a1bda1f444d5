/**
 * Batch: many cache writes sent as ONE command, a Lua script run with EVALSHA whose only
 * argument is the whole batch as one msgpack array (unpacked in Redis by its built-in cmsgpack).
 *
 * Why: ioredis spends microseconds per command and per argument (a Command object, a promise,
 * flattening and converting every argument); on a node persisting tens of thousands of order
 * events a second that client-side cost, not Redis, is the ceiling (measured: ~25 us per
 * pipelined command). A batch of up to maxPipelineDepth ops is written straight into one
 * Buffer, `argc, name, key, args...` per command (strings and Buffers as msgpack str: the bytes
 * Redis stores are exactly them), and travels as one EVALSHA with one argument. Redis runs the
 * commands in order, atomically (a batch is applied whole or, if Redis dies first, not at all;
 * a retry after a lost reply may re-apply it, which the loader's de-duplication absorbs). The
 * keys travel inside the batch, not in KEYS: a standalone Redis allows that (no cluster here).
 *
 * Each command runs with redis.pcall: one refused command (WRONGTYPE...) does not stop the
 * others; the script returns the 1-based positions and messages of those refused, which the
 * write-behind logs with the op's key.
 *
 * Entry points: `new Batch()`; the command methods the ops call; `exec(redis)`;
 * `evalPacked(redis, script, packed, ...args)` (EVALSHA with the script loaded once per client
 * and again after a Redis restart: the stream publisher's batch uses it too), `loadScript`.
 */
import type { Redis } from "ioredis";
import { MsgpackBuffer } from "./msgpack-buffer.js";

const SCRIPT = `
local t = cmsgpack.unpack(ARGV[1])
local refused = {}
local a = 1
local i = 0
local n = #t
while a <= n do
  local argc = t[a]
  i = i + 1
  local r = redis.pcall(unpack(t, a + 1, a + argc))
  if type(r) == 'table' and r.err then
    refused[#refused + 1] = i
    refused[#refused + 1] = r.err
  end
  a = a + 1 + argc
end
return refused
`;

type Arg = string | Buffer;

/** The write commands an op may issue (the subset of Redis the cache writes with). */
export interface BatchCommands {
  del(key: string): void;
  unlink(...keys: string[]): void;
  rpush(key: string, ...values: Arg[]): void;
  sadd(key: string, member: string): void;
  srem(key: string, member: string): void;
  hset(key: string, field: string, value: Arg): void;
  hdel(key: string, field: string): void;
  set(key: string, value: Arg): void;
  xadd(key: string, fields: readonly Arg[]): void;
  /** RPUSH key with each record encoded in place by `codec` (no intermediate copy). */
  rpushRecords(key: string, records: readonly unknown[], codec: RecordEncoder): void;
}

/** What encodes a record into a batch (the RecordCodec). */
export interface RecordEncoder {
  encodeInto(out: MsgpackBuffer, value: unknown): void;
}

/** A point of a batch to roll back to (an op that threw half-written). */
export interface BatchMark {
  readonly pos: number;
  readonly commands: number;
  readonly items: number;
}

export class Batch implements BatchCommands {
  private readonly out = new MsgpackBuffer();
  private readonly header: number;
  private commands = 0;
  private items = 0;

  constructor() {
    this.header = this.out.reserveArray32();
  }

  /** Commands in the batch so far. */
  get length(): number {
    return this.commands;
  }

  mark(): BatchMark {
    return { pos: this.out.pos, commands: this.commands, items: this.items };
  }

  /** Forgets what was written since `mark`. */
  rollback(mark: BatchMark): void {
    this.out.pos = mark.pos;
    this.commands = mark.commands;
    this.items = mark.items;
  }

  private head(name: string, key: string, argc: number): void {
    this.out.number(argc + 2);
    this.out.str(name);
    this.out.str(key);
    this.commands++;
    this.items += argc + 3;
  }

  private add(name: string, key: string, args: readonly Arg[]): void {
    const out = this.out;
    this.head(name, key, args.length);
    for (const a of args) {
      if (typeof a === "string") out.str(a);
      else out.bytes(a);
    }
  }

  del(key: string): void {
    this.add("DEL", key, []);
  }
  unlink(...keys: string[]): void {
    for (const k of keys) this.add("UNLINK", k, []);
  }
  rpush(key: string, ...values: Arg[]): void {
    // RPUSH needs a value (an empty append is no command); chunks stay within Lua's unpack limit.
    for (let i = 0; i < values.length; i += 1000) this.add("RPUSH", key, values.slice(i, i + 1000));
  }
  rpushRecords(key: string, records: readonly unknown[], codec: RecordEncoder): void {
    for (let i = 0; i < records.length; i += 1000) {
      const end = Math.min(records.length, i + 1000);
      this.head("RPUSH", key, end - i);
      for (let j = i; j < end; j++) codec.encodeInto(this.out, records[j]);
    }
  }
  sadd(key: string, member: string): void {
    this.add("SADD", key, [member]);
  }
  srem(key: string, member: string): void {
    this.add("SREM", key, [member]);
  }
  hset(key: string, field: string, value: Arg): void {
    this.add("HSET", key, [field, value]);
  }
  hdel(key: string, field: string): void {
    this.add("HDEL", key, [field]);
  }
  set(key: string, value: Arg): void {
    this.add("SET", key, [value]);
  }
  /** XADD key * field value... (the stream publisher's append). */
  xadd(key: string, fields: readonly Arg[]): void {
    this.add("XADD", key, ["*", ...fields]);
  }

  /** Runs the batch; returns the refused commands (0-based index, Redis' message). */
  async exec(redis: Redis): Promise<{ index: number; message: string }[]> {
    if (this.commands === 0) return [];
    this.out.patchArray32(this.header, this.items);
    // The batch's own buffer goes to the socket as is (a Batch is never written to again).
    const packed = this.out.buf.subarray(0, this.out.pos);
    return refusedOf(await evalPacked(redis, SCRIPT, packed));
  }

  /** Loads the batch script on this client's Redis (so the first batch goes out without waiting). */
  static preload(redis: Redis): Promise<string> {
    return loadScript(redis, SCRIPT);
  }
}

/** The script's reply (position, message pairs) as 0-based refused commands. */
export function refusedOf(reply: unknown): { index: number; message: string }[] {
  const r = reply as (number | string)[];
  const refused: { index: number; message: string }[] = [];
  for (let i = 0; i + 1 < r.length; i += 2) refused.push({ index: Number(r[i]) - 1, message: String(r[i + 1]) });
  return refused;
}

const shas = new WeakMap<Redis, Map<string, string>>();

/** Loads `script` on this client's Redis once (SCRIPT LOAD); its sha is then known synchronously. */
export async function loadScript(redis: Redis, script: string): Promise<string> {
  let loaded = shas.get(redis);
  if (loaded === undefined) shas.set(redis, (loaded = new Map()));
  let sha = loaded.get(script);
  if (sha === undefined) {
    sha = (await redis.script("LOAD", script)) as string;
    loaded.set(script, sha);
  }
  return sha;
}

/**
 * EVALSHA of `script` with no keys and these args (loaded first when needed, again after
 * NOSCRIPT). With the script already loaded the command is written to the socket within this
 * call, before any await: a caller inside a burst of synchronous work gets it to Redis at once.
 */
export async function evalPacked(redis: Redis, script: string, ...args: (string | Buffer)[]): Promise<unknown> {
  const sha = shas.get(redis)?.get(script) ?? (await loadScript(redis, script));
  try {
    return await redis.evalsha(sha, 0, ...args);
  } catch (err) {
    // A restarted Redis has forgotten the script: load it again once.
    if (err instanceof Error && err.message.startsWith("NOSCRIPT")) {
      shas.get(redis)?.delete(script);
      return evalPacked(redis, script, ...args);
    }
    throw err;
  }
}
