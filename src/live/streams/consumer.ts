/**
 * RedisStreamConsumer: follows `externalStreams` (keys or globs) on a connection of its own and
 * republishes each message on the internal bus under its original topic, so this node sees
 * another node's events (a dashboard, a risk service, a second tenant process...). Republished
 * messages are marked as external (origin.ts): the publisher never sends them out again.
 *
 * Entry points: `new RedisStreamConsumer(options)`, `start()` (CORTANA_E_REDIS_UNREACHABLE when
 * Redis does not answer), `stop()` (ends the blocked read, releases the connection), `received`.
 * Entries that do not decode are logged at ERROR with stream#id and skipped.
 */
import type { Redis } from "ioredis";
import { connectRedis, createRedis } from "../../cache/database/connection.js";
import type { Clock } from "../../common/clock.js";
import type { Logger } from "../../common/logger.js";
import type { MessageBus } from "../../common/msgbus.js";
import type { DatabaseConfig, MessageBusConfig } from "../../config/schemas/cache.js";
import { StreamFollower } from "./follower.js";
import { markExternalOrigin } from "./origin.js";

export interface StreamConsumerOptions {
  readonly bus: MessageBus;
  readonly config: Pick<MessageBusConfig, "externalStreams"> & { readonly database: DatabaseConfig };
  readonly traderId: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** XREAD BLOCK milliseconds (default 500). */
  readonly blockMs?: number;
  /** How often glob patterns are re-resolved (default 1000 ms). */
  readonly rescanMs?: number;
}

export class RedisStreamConsumer {
  /** Messages republished on the internal bus so far. */
  received = 0;
  private readonly o: StreamConsumerOptions;
  private readonly log: Logger;
  private follower: StreamFollower | undefined;

  constructor(options: StreamConsumerOptions) {
    this.o = options;
    this.log = options.logger.child({ component: "StreamConsumer" });
  }

  async start(): Promise<void> {
    const patterns = this.o.config.externalStreams ?? [];
    if (this.follower !== undefined || patterns.length === 0) return;
    const redis: Redis = createRedis(this.o.config.database, `cortana-node:streams-in:${this.o.traderId}`, this.log);
    await connectRedis(redis, "external streams");
    this.follower = new StreamFollower({
      redis,
      patterns,
      logger: this.log,
      clock: this.o.clock,
      blockMs: this.o.blockMs,
      rescanMs: this.o.rescanMs,
      onMessage: (m) => {
        markExternalOrigin(m.payload);
        this.received++;
        this.o.bus.publish(m.topic, m.payload);
      },
    });
    await this.follower.start();
    this.log.info({ externalStreams: patterns }, "following external streams");
  }

  async stop(): Promise<void> {
    const f = this.follower;
    this.follower = undefined;
    await f?.stop();
  }
}
