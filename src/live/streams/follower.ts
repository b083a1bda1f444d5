/**
 * StreamFollower: reads Redis streams with XREAD BLOCK on a connection of its own and hands
 * every entry, decoded, to `onMessage`. Used by the consumer (externalStreams, republished on
 * the internal bus) and by `cortana-node tail`.
 *
 * Entry points: `new StreamFollower(options)`, `start()`, `stop()`, `streams()`.
 * Behaviour:
 * - `patterns` are stream keys or Redis globs (`trader-T-1:stream:*`); globs are resolved with
 *   SCAN TYPE stream, again every `rescanMs`, so streams created later are followed too.
 * - Streams found at start are read from their current last entry (only new entries) unless
 *   `fromStart`; streams found later are read from their beginning (they appeared after start).
 *   Exact keys that do not exist yet are read from the beginning once they do.
 * - Each stream's last id is tracked, so no entry is skipped between two XREADs.
 * - An entry that does not decode goes to `onError` (stream#id named) and the follower goes on;
 *   a lost connection is retried (ioredis reconnects) while running.
 * - `stop()` ends the loop: it disconnects the blocked connection and waits for the loop.
 */
import type { Redis } from "ioredis";
import type { Clock } from "../../common/clock.js";
import type { Logger } from "../../common/logger.js";
import { decodeEntry, type StreamMessage } from "./envelope.js";

export interface StreamFollowerOptions {
  /** A connected client used by this follower alone (it blocks on it). */
  readonly redis: Redis;
  readonly patterns: readonly string[];
  readonly onMessage: (message: StreamMessage) => void;
  readonly onError?: (where: string, err: unknown) => void;
  readonly logger: Logger;
  /** Times the pattern rescans (the node's clock; nothing else reads the system time). */
  readonly clock: Clock;
  /** XREAD BLOCK milliseconds (default 500). Keep it below the connection's command timeout. */
  readonly blockMs?: number;
  /** Most entries per XREAD (default 1000). */
  readonly count?: number;
  /** How often glob patterns are re-resolved (default 1000 ms). */
  readonly rescanMs?: number;
  /** Read streams found at start from their first entry (default false: only new entries). */
  readonly fromStart?: boolean;
}

const isGlob = (p: string): boolean => /[*?[]/.test(p);

export class StreamFollower {
  private readonly o: StreamFollowerOptions;
  private readonly lastIds = new Map<string, string>();
  private running = false;
  private loop: Promise<void> | undefined;
  private lastScan = 0;
  private wake: (() => void) | undefined;

  constructor(options: StreamFollowerOptions) {
    this.o = options;
  }

  /** The streams followed so far, with the id of the last entry read. */
  streams(): Map<string, string> {
    return new Map(this.lastIds);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.discover(this.o.fromStart !== true);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    this.o.redis.disconnect();
    await this.loop;
  }

  private async discover(atStart: boolean): Promise<void> {
    this.lastScan = this.o.clock.timestampMs();
    for (const pattern of this.o.patterns) {
      const keys = isGlob(pattern) ? await this.scan(pattern) : [pattern];
      for (const key of keys) {
        if (this.lastIds.has(key)) continue;
        this.lastIds.set(key, atStart ? await this.lastIdOf(key) : "0-0");
      }
    }
  }

  private async scan(pattern: string): Promise<string[]> {
    const out: string[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await this.o.redis.scan(cursor, "MATCH", pattern, "COUNT", 1000, "TYPE", "stream");
      cursor = next;
      out.push(...keys);
    } while (cursor !== "0");
    return out.sort();
  }

  private async lastIdOf(key: string): Promise<string> {
    const last = await this.o.redis.xrevrange(key, "+", "-", "COUNT", 1);
    return last[0]?.[0] ?? "0-0";
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.o.clock.timestampMs() - this.lastScan >= (this.o.rescanMs ?? 1000)) await this.discover(false);
        if (this.lastIds.size === 0) {
          await this.sleep(Math.min(this.o.rescanMs ?? 1000, 200));
          continue;
        }
        await this.readOnce();
      } catch (err) {
        if (!this.running) return;
        this.o.logger.debug({ err: err instanceof Error ? err.message : String(err) }, "stream read failed; retrying");
        await this.sleep(200);
      }
    }
  }

  private async readOnce(): Promise<void> {
    const keys = [...this.lastIds.keys()];
    const ids = keys.map((k) => this.lastIds.get(k) as string);
    const reply = (await this.o.redis.xreadBuffer("COUNT", this.o.count ?? 1000, "BLOCK", this.o.blockMs ?? 500, "STREAMS", ...keys, ...ids)) as
      | [Buffer, [Buffer, Buffer[]][]][]
      | null;
    if (reply === null || !this.running) return;
    for (const [keyBuf, entries] of reply) {
      const stream = keyBuf.toString("utf8");
      for (const [idBuf, fields] of entries) {
        const id = idBuf.toString("utf8");
        this.lastIds.set(stream, id);
        let message: StreamMessage;
        try {
          message = decodeEntry(stream, id, fields);
        } catch (err) {
          if (this.o.onError) this.o.onError(`${stream}#${id}`, err);
          else this.o.logger.error({ stream, id, err: err instanceof Error ? err.message : String(err) }, "stream entry does not decode; skipped");
          continue;
        }
        this.o.onMessage(message);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
