/**
 * RedisStreamPublisher: the node's external message bus (Nautilus' MessageBus with a database):
 * every message published on the internal bus whose `type` is not listed in typesFilter (Nautilus'
 * `types_filter`: the types NOT to publish externally) is appended with
 * XADD to its stream (naming.ts), batched: each message is encoded at publish time straight into
 * the open StreamBatch (stream-batch.ts), and up to maxPipelineDepth entries travel as one EVALSHA,
 * which spares the client's per-command cost. The BatchQueue (batch-queue.ts) sends a batch as
 * soon as it is full and the rest on flush, oldest first, so entries reach each stream in
 * publish order.
 *
 * Entry points: `new RedisStreamPublisher(options)`, `start()` (connects: CORTANA_E_REDIS_UNREACHABLE
 * when Redis does not answer, taps the bus, starts timers), `stop()` (writes what is buffered,
 * untaps, releases every timer and the connection), `flush()`, `stats()`.
 * Behaviour:
 * - Buffered: written every bufferIntervalMs, or on the next turn of the event loop without it
 *   (a batch that fills up, maxPipelineDepth entries, goes at once).
 *   Bounded: past `maxBacklog` buffered entries new ones are dropped, counted, ERROR once per
 *   episode; publishing on the internal bus never waits on Redis and never throws.
 * - A message the codec cannot carry (a class instance such as a command holding an Order) is
 *   skipped, logged once per type at WARN. Messages republished by the consumer (externalOrigin)
 *   are not published again (no echo loops between nodes that follow each other).
 * - autotrimMins: each known stream is trimmed with XTRIM MINID (entries older than autotrimMins)
 *   every `trimIntervalMs` (default 60 s), exactly. heartbeatIntervalSecs: an entry of type
 *   "Heartbeat" on topic `health.heartbeat` every interval, whatever typesFilter says.
 */
import type { Redis } from "ioredis";
import { closeRedis, connectRedis, createRedis } from "../../cache/database/connection.js";
import type { Clock } from "../../common/clock.js";
import type { Logger } from "../../common/logger.js";
import type { MessageBus } from "../../common/msgbus.js";
import type { DatabaseConfig, MessageBusConfig } from "../../config/schemas/cache.js";
import { StreamEnvelopeCodec, messageType } from "./envelope.js";
import { HEARTBEAT_TOPIC, streamBaseKey, streamKeyFor } from "./naming.js";
import { isExternalOrigin } from "./origin.js";
import { BatchQueue } from "./batch-queue.js";
import { StreamBatch } from "./stream-batch.js";
import { tapPublish } from "./tap.js";

export interface StreamPublisherOptions {
  readonly bus: MessageBus;
  /** The node's messageBus config; `database` must be set. */
  readonly config: MessageBusConfig & { readonly database: DatabaseConfig };
  readonly traderId: string;
  readonly instanceId?: string | undefined;
  readonly logger: Logger;
  /** Heartbeat times and the trim threshold (the node's clock). */
  readonly clock: Clock;
  /** Most entries buffered while Redis is slow or away (default 100,000). */
  readonly maxBacklog?: number;
  /** Most XADDs in one pipeline (default 1000). */
  readonly maxPipelineDepth?: number;
  /** How often streams are trimmed when autotrimMins is set (default 60,000 ms). */
  readonly trimIntervalMs?: number;
  /** A connected client to use instead of one built from config.database (benchmarks, tests). */
  readonly redis?: Redis;
}

export interface StreamPublisherStats {
  readonly published: number;
  readonly buffered: number;
  readonly dropped: number;
  readonly skipped: number;
  readonly failedBatches: number;
}

/**
 * Batches on the wire at once. Replies cannot be taken during a burst of synchronous publishes,
 * so this bounds how much of a burst Redis works on meanwhile; 128 x 1000 entries at ~7 us each
 * is ~1 s of Redis work, well within a response timeout (20 s by default).
 */
const MAX_IN_FLIGHT = 128;

export class RedisStreamPublisher {
  readonly baseKey: string;
  private readonly o: StreamPublisherOptions;
  private readonly log: Logger;
  private readonly codec: StreamEnvelopeCodec;
  /** typesFilter: message types kept off the streams. */
  private readonly excluded: ReadonlySet<string>;
  private readonly now: () => number;
  private redis: Redis | undefined;
  private readonly queue: BatchQueue;
  private readonly streams = new Set<string>();
  private readonly unencodable = new Set<string>();
  private untap: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private immediate: NodeJS.Immediate | undefined;
  private overflowing = false;
  private lastTopic: string | undefined;
  private lastKey = "";
  private counts = { published: 0, dropped: 0, skipped: 0, failedBatches: 0 };

  constructor(options: StreamPublisherOptions) {
    this.o = options;
    this.log = options.logger.child({ component: "StreamPublisher" });
    this.codec = new StreamEnvelopeCodec(options.config.encoding, options.config.timestampsAsIso8601);
    this.excluded = new Set(options.config.typesFilter ?? []);
    this.now = () => options.clock.timestampMs();
    this.baseKey = streamBaseKey(options.config, options.traderId, options.instanceId);
    this.queue = new BatchQueue({
      depth: options.maxPipelineDepth ?? 1000,
      maxInFlight: MAX_IN_FLIGHT,
      enc: options.config.encoding,
      redis: () => this.redis,
      onWritten: (batch, refused) => {
        for (const r of refused) this.log.error({ stream: batch.keys[r.index], err: r.message }, "Redis refused a stream entry; dropped");
        for (const key of batch.keys) this.streams.add(key);
        this.counts.published += batch.length;
        if (this.queue.buffered === 0) this.overflowing = false;
      },
      onFailed: () => this.counts.failedBatches++,
    });
  }

  /** The stream a topic is written to. */
  streamKey(topic: string): string {
    return streamKeyFor(this.baseKey, topic, this.o.config.streamPerTopic);
  }

  stats(): StreamPublisherStats {
    return { ...this.counts, buffered: this.queue.buffered };
  }

  async start(): Promise<void> {
    if (this.redis !== undefined) return;
    if (this.o.redis !== undefined) this.redis = this.o.redis;
    else {
      const redis = createRedis(this.o.config.database, `cortana-node:streams:${this.o.traderId}`, this.log);
      await connectRedis(redis, "message bus streams");
      this.redis = redis;
    }
    await StreamBatch.preload(this.redis);
    this.redis.on("ready", this.onReady);
    this.untap = tapPublish(this.o.bus, (topic, message) => this.publish(topic, message));
    const c = this.o.config;
    if (c.bufferIntervalMs !== undefined) this.every(c.bufferIntervalMs, () => void this.flush());
    if (c.heartbeatIntervalSecs !== undefined) this.every(c.heartbeatIntervalSecs * 1000, () => this.heartbeat());
    if (c.autotrimMins !== undefined && c.autotrimMins > 0) this.every(this.o.trimIntervalMs ?? 60_000, () => void this.trim());
    this.log.info({ stream: this.streamKey("{topic}") }, "publishing the message bus to Redis streams");
  }

  /** Writes what is buffered, then releases the bus tap, every timer and the connection. */
  async stop(): Promise<void> {
    if (this.redis === undefined) return;
    this.untap?.();
    this.untap = undefined;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.immediate = undefined;
    await this.flush();
    const redis = this.redis;
    redis.off("ready", this.onReady);
    this.redis = undefined;
    if (this.o.redis === undefined) await closeRedis(redis);
  }

  /** Appends one message (what the bus tap calls). Never throws, never waits. */
  publish(topic: string, message: unknown): void {
    if (isExternalOrigin(message)) return;
    const type = messageType(message);
    if (this.excluded.has(type)) return;
    this.append(topic, type, message);
  }

  /** An entry of type Heartbeat with the current time (ms since epoch, and ISO text). */
  heartbeat(): void {
    const ms = this.now();
    this.append(HEARTBEAT_TOPIC, "Heartbeat", { type: "Heartbeat", traderId: this.o.traderId, ts: new Date(ms).toISOString() });
  }

  /** Trims every stream written so far to the last autotrimMins (XTRIM MINID, exact). */
  async trim(): Promise<void> {
    const mins = this.o.config.autotrimMins;
    const redis = this.redis;
    if (mins === undefined || redis === undefined || redis.status !== "ready") return;
    const minId = `${Math.max(0, this.now() - mins * 60_000)}-0`;
    const pipeline = redis.pipeline();
    for (const key of this.streams) pipeline.xtrim(key, "MINID", minId);
    await pipeline.exec().catch((err: unknown) => this.log.warn({ err: String(err) }, "stream trim failed"));
  }

  /** Writes what is buffered, oldest first; a batch that failed stays queued and is retried. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  private append(topic: string, type: string, message: unknown): void {
    if (this.redis === undefined) return;
    if (this.queue.buffered >= (this.o.maxBacklog ?? 100_000)) {
      this.counts.dropped++;
      if (!this.overflowing) {
        this.overflowing = true;
        this.log.error({ buffered: this.queue.buffered }, "stream publishing backlog is full: messages are dropped");
      }
      return;
    }
    // A burst publishes to one topic: its key is built (and hashed by the batch's lookups) once.
    if (topic !== this.lastTopic) (this.lastKey = this.streamKey(topic)), (this.lastTopic = topic);
    const key = this.lastKey;
    try {
      this.queue.add(key, topic, type, message, this.codec.records);
    } catch (err) {
      this.counts.skipped++;
      if (!this.unencodable.has(type)) {
        this.unencodable.add(type);
        this.log.warn({ type, topic, err: err instanceof Error ? err.message : String(err) }, "message type cannot be published externally; skipped (add typesFilter to exclude it)");
      }
      return;
    }
    if (this.o.config.bufferIntervalMs === undefined && this.immediate === undefined) {
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        void this.flush();
      });
    }
  }

  private readonly onReady = (): void => {
    if (this.queue.buffered > 0) void this.flush();
  };

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }
}
