/**
 * `cortana-node tail --redis URL [--stream PATTERN] [--count N] [--from-start]`: follows a node's
 * Redis streams from another process and prints one readable line per message:
 *
 *   2024-01-02T15:30:00.123Z  events.order.EMACross-001  OrderFilled  {"clientOrderId":"O-1",...}
 *
 * (the entry's time, its topic, its type, the payload as compact JSON: prices and quantities as
 * their decimal text, Money as "1.50 USD", bigint timestamps as decimal strings). PATTERN is a stream key or a Redis glob
 * (default `*`: every stream); streams that appear later are picked up. Only new entries are shown
 * unless --from-start. --count N exits after N messages; Ctrl+C (SIGINT) or SIGTERM stops it
 * (exit 0). A Redis that does not answer exits 1 with CORTANA_E_REDIS_UNREACHABLE.
 */
import { LiveClock } from "../../common/clock.js";
import type { Command } from "commander";
import { Redis } from "ioredis";
import { CortanaError, EXIT } from "../../common/errors.js";
import { nullLogger } from "../../common/logger.js";
import { StreamFollower } from "../../live/streams/follower.js";
import type { StreamMessage } from "../../live/streams/envelope.js";
import type { Io } from "../output.js";

interface TailOptions {
  redis: string;
  stream: string;
  count?: string;
  fromStart?: boolean;
}

export function registerTailCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("tail")
    .description("follow a node's Redis streams from another process, one readable line per message (Ctrl+C stops)")
    .requiredOption("--redis <url>", "Redis URL: redis://[user:password@]host:port[/db], rediss:// for TLS")
    .option("--stream <pattern>", "stream key or glob, e.g. 'trader-TRADER-001:stream:events.order.*'", "*")
    .option("--count <n>", "exit after n messages")
    .option("--from-start", "print the entries already in the streams first")
    .action(async (opts: TailOptions) => {
      setExit(await tail(opts, io));
    });
}

async function tail(opts: TailOptions, io: Io): Promise<number> {
  const limit = opts.count === undefined ? undefined : Number(opts.count);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new CortanaError("CORTANA_E_USAGE", `--count must be a positive integer, got ${JSON.stringify(opts.count)}`);
  }
  const redis = new Redis(opts.redis, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: (n) => Math.min(50 * n, 1000) });
  let lastError: Error | undefined;
  redis.on("error", (err: Error) => (lastError = err));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    const why = (lastError ?? (err instanceof Error ? err : new Error(String(err)))).message;
    throw new CortanaError("CORTANA_E_REDIS_UNREACHABLE", `cannot connect to ${redactUrl(opts.redis)}: ${why}`);
  }
  let seen = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const follower = new StreamFollower({
    redis,
    patterns: [opts.stream],
    logger: nullLogger,
    clock: new LiveClock(),
    fromStart: opts.fromStart === true,
    onMessage: (m) => {
      if (limit !== undefined && seen >= limit) return;
      io.out(formatLine(m));
      seen++;
      if (limit !== undefined && seen >= limit) finish();
    },
    onError: (where, err) => io.err(`undecodable entry ${where}: ${err instanceof Error ? err.message : String(err)}`),
  });
  const onSignal = (): void => finish();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await follower.start();
    io.err(`following ${opts.stream} on ${redactUrl(opts.redis)} (Ctrl+C to stop)`);
    await done;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await follower.stop();
  }
  return EXIT.ok;
}

/** `time  topic  type  payload` for one entry. */
export function formatLine(m: StreamMessage): string {
  const ms = Number(m.id.split("-")[0]);
  const time = Number.isFinite(ms) ? new Date(ms).toISOString() : m.id;
  return `${time}  ${m.topic}  ${m.type}  ${JSON.stringify(m.payload, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
