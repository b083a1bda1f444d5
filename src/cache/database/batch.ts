/**
 * Batch: many cache writes sent as ONE command, a Lua script run with EVALSHA.
 *
 * Why: ioredis spends microseconds per command (a Command object, a promise, argument
 * conversion) whatever the pipeline depth; on a node persisting tens of thousands of order
 * events a second that client-side cost, not Redis, is the ceiling. A batch of up to
 * maxPipelineDepth ops travels as one EVALSHA whose KEYS are each command's key and whose ARGV
 * is `name, argc, args...` per command; Redis runs them in order, atomically (a batch is applied
 * whole or, if Redis dies first, not at all; a retry after a lost reply may re-apply it, which
 * the loader's de-duplication absorbs).
 *
 * Each command runs with redis.pcall: one refused command (WRONGTYPE...) does not stop the
 * others; the script returns the 1-based positions and messages of those refused, which the
 * write-behind logs with the op's key.
 *
 * Entry points: `new Batch()`; the command methods the ops call; `exec(redis)`.
 */
import type { Redis } from "ioredis";

const SCRIPT = `
local refused = {}
local a = 1
for i = 1, #KEYS do
  local name = ARGV[a]
  local argc = tonumber(ARGV[a + 1])
  local r = redis.pcall(name, KEYS[i], unpack(ARGV, a + 2, a + 1 + argc))
  if type(r) == 'table' and r.err then
    refused[#refused + 1] = i
    refused[#refused + 1] = r.err
  end
  a = a + 2 + argc
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
}

export class Batch implements BatchCommands {
  private readonly keys: string[] = [];
  private readonly argv: Arg[] = [];

  /** Commands in the batch so far. */
  get length(): number {
    return this.keys.length;
  }

  private add(name: string, key: string, args: readonly Arg[]): void {
    this.keys.push(key);
    this.argv.push(name, String(args.length));
    for (const a of args) this.argv.push(a);
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
    if (this.keys.length === 0) return [];
    const reply = (await evalBatch(redis, this.keys, this.argv)) as (number | string)[];
    const refused: { index: number; message: string }[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) refused.push({ index: Number(reply[i]) - 1, message: String(reply[i + 1]) });
    return refused;
  }
}

const shas = new WeakMap<Redis, string>();

async function evalBatch(redis: Redis, keys: string[], argv: Arg[]): Promise<unknown> {
  let sha = shas.get(redis);
  if (sha === undefined) {
    sha = (await redis.script("LOAD", SCRIPT)) as string;
    shas.set(redis, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...argv);
  } catch (err) {
    // A restarted Redis has forgotten the script: load it again once.
    if (err instanceof Error && err.message.startsWith("NOSCRIPT")) {
      shas.delete(redis);
      return evalBatch(redis, keys, argv);
    }
    throw err;
  }
}
