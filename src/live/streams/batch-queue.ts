/**
 * BatchQueue: the publisher's stream batches between publish() and Redis, oldest first, with up
 * to `maxInFlight` EVALSHAs on the wire at once.
 *
 * Entry points: `new BatchQueue(options)`, `add(key, topic, type, message, codec)`, `flush()`,
 * `buffered`.
 * How it works:
 * - add() encodes the entry into the open (last) batch; a batch that reaches `depth` entries is
 *   sent at once, from inside the publish call: ioredis writes it to the socket synchronously, so
 *   Redis appends it while the node goes on encoding the next one (a burst of publishes keeps
 *   both sides busy instead of taking turns). A partial batch waits for flush() (the
 *   bufferIntervalMs timer, the next turn of the event loop, or stop).
 * - flush() sends every batch, in order, keeping up to maxInFlight on the wire, and resolves when
 *   none is left, or when a send failed or Redis is not ready (what is left stays queued, in
 *   order, for the next flush or `ready`).
 * - Redis runs one connection's commands in order, so entries reach each stream in publish order.
 *   A batch whose reply was lost (connection dropped, command timeout) is sent again: it may then
 *   be applied twice (at-least-once, the first copies in order), as with any retry after a lost
 *   reply. A batch Redis refuses whole (ReplyError) is dropped, as are refused entries.
 */
import type { Redis } from "ioredis";
import type { RecordCodec } from "../../cache/database/codec.js";
import { StreamBatch } from "./stream-batch.js";

export interface BatchQueueOptions {
  /** Entries per batch (maxPipelineDepth). */
  readonly depth: number;
  readonly maxInFlight: number;
  /** The `enc` field of every entry. */
  readonly enc: string;
  /** The client to send with (undefined once stopped). */
  readonly redis: () => Redis | undefined;
  /** A batch reached Redis; `refused` are the entries Redis refused (dropped). */
  readonly onWritten: (batch: StreamBatch, refused: readonly { index: number; message: string }[]) => void;
  /** A send failed (Redis unreachable, command timeout): the batch stays queued. */
  readonly onFailed: () => void;
}

export class BatchQueue {
  /** Entries queued and not yet acknowledged by Redis. */
  buffered = 0;
  private readonly batches: StreamBatch[] = [];
  private readonly sending = new Set<StreamBatch>();
  private stalled = false;
  private flushing = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly o: BatchQueueOptions) {}

  /** Appends an entry; throws (nothing queued) when the codec cannot carry the message. */
  add(key: string, topic: string, type: string, message: unknown, codec: RecordCodec): void {
    let batch = this.batches[this.batches.length - 1];
    if (batch === undefined || this.sending.has(batch) || batch.length >= this.o.depth) {
      batch = new StreamBatch(this.o.enc);
      this.batches.push(batch);
    }
    batch.add(key, topic, type, message, codec);
    this.buffered++;
    if (batch.length >= this.o.depth) this.pump(false);
  }

  /** Sends everything queued; resolves when it landed, or sending stopped (failure, Redis away). */
  flush(): Promise<void> {
    if (this.batches.length === 0 || this.o.redis()?.status !== "ready") return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.stalled = false;
    this.flushing = true;
    this.pump(true);
    return done;
  }

  /** Sends queued batches in order (only full ones unless `all`), within the in-flight bound. */
  private pump(all: boolean): void {
    const redis = this.o.redis();
    if (redis !== undefined && redis.status === "ready" && !this.stalled) {
      for (const batch of this.batches) {
        if (this.sending.size >= this.o.maxInFlight) break;
        if (this.sending.has(batch)) continue;
        if (!all && batch.length < this.o.depth) break;
        this.send(redis, batch);
      }
    }
    this.settle();
  }

  private send(redis: Redis, batch: StreamBatch): void {
    this.sending.add(batch);
    batch.exec(redis).then(
      (refused) => this.written(batch, refused),
      (err: unknown) => (err instanceof Error && err.name === "ReplyError" ? this.written(batch, []) : this.failed(batch)),
    );
  }

  private written(batch: StreamBatch, refused: readonly { index: number; message: string }[]): void {
    this.sending.delete(batch);
    this.batches.splice(this.batches.indexOf(batch), 1);
    this.buffered -= batch.length;
    this.o.onWritten(batch, refused);
    this.pump(this.flushing);
  }

  private failed(batch: StreamBatch): void {
    this.sending.delete(batch);
    this.stalled = true;
    this.o.onFailed();
    this.settle();
  }

  /** Resolves the flush once nothing is on the wire and nothing more can be sent now. */
  private settle(): void {
    if (!this.flushing || this.sending.size > 0) return;
    if (this.batches.length > 0 && !this.stalled && this.o.redis()?.status === "ready") return;
    this.flushing = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
