/**
 * The node's Redis side (issue 9), in one place: the cache database (opened before the Cache is
 * built, loaded or flushed at start, synced on stop, closed on dispose) and the external message
 * bus on Redis Streams (publisher before the engines start, consumer after). Without
 * `cache.database` / `messageBus.database` every method is a no-op.
 *
 * Backpressure: when Redis cannot keep up or stays away, the database calls `onDegraded(policy)`;
 * this maps the policy to the RiskEngine's trading state (REDUCING or HALTED; "continue" keeps
 * trading) and restores ACTIVE when the backlog has landed, only if it was the one that changed it.
 */
import type { Cache } from "../cache/cache.js";
import type { CacheDatabase } from "../cache/database.js";
import { openRedisCacheDatabase, type RedisCacheDatabase } from "../cache/database/redis.js";
import type { Clock } from "../common/clock.js";
import type { BackpressurePolicy } from "../cache/database/write-behind.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus } from "../common/msgbus.js";
import type { TradingNodeConfig } from "../config/schemas/node.js";
import { TradingState } from "../model/enums.js";
import type { RiskEngine } from "../risk/engine.js";
import { RedisStreamConsumer } from "./streams/consumer.js";
import { RedisStreamPublisher } from "./streams/publisher.js";

export class Persistence {
  #database: RedisCacheDatabase | undefined;
  readonly #config: TradingNodeConfig;
  readonly #log: Logger;
  #risk: RiskEngine | undefined;
  #degradedByUs = false;
  #publisher: RedisStreamPublisher | undefined;
  #consumer: RedisStreamConsumer | undefined;

  static async open(config: TradingNodeConfig, deps: { instanceId: string; logger: Logger }): Promise<Persistence> {
    const persistence = new Persistence(config, deps.logger);
    const { database } = config.cache;
    if (database === undefined) return persistence;
    persistence.#database = await openRedisCacheDatabase({
      config: { ...config.cache, database },
      traderId: config.traderId,
      instanceId: deps.instanceId,
      logger: deps.logger,
      onDegraded: (policy) => persistence.#onDegraded(policy),
      onRecovered: () => persistence.#onRecovered(),
    });
    return persistence;
  }

  private constructor(config: TradingNodeConfig, logger: Logger) {
    this.#config = config;
    this.#log = logger.child({ component: "Persistence" });
  }

  /** The Cache's backend, when `cache.database` is configured. */
  get database(): CacheDatabase | undefined {
    return this.#database;
  }

  bindRiskEngine(risk: RiskEngine): void {
    this.#risk = risk;
  }

  /** flushOnStart wipes this trader's keys (and skips the load); otherwise loadCache fills the Cache. */
  async load(cache: Cache): Promise<void> {
    if (!this.#database) return;
    if (this.#config.cache.flushOnStart) {
      await this.#database.flush();
      this.#log.warn("flushOnStart: this trader's cache keys were deleted; state comes from reconciliation only");
      return;
    }
    if (this.#config.execEngine.loadCache) {
      const summary = await cache.loadCache();
      this.#log.info({ ...summary }, "cache loaded from Redis");
    }
  }

  async startPublisher(bus: MessageBus, clock: Clock, instanceId: string): Promise<void> {
    const { messageBus } = this.#config;
    if (!messageBus?.database) return;
    this.#publisher = new RedisStreamPublisher({ bus, clock, config: { ...messageBus, database: messageBus.database }, traderId: this.#config.traderId, instanceId, logger: this.#log });
    await this.#publisher.start();
  }

  async startConsumer(bus: MessageBus, clock: Clock): Promise<void> {
    const { messageBus } = this.#config;
    if (!messageBus?.database || !messageBus.externalStreams?.length) return;
    this.#consumer = new RedisStreamConsumer({ bus, clock, config: { ...messageBus, database: messageBus.database }, traderId: this.#config.traderId, logger: this.#log });
    await this.#consumer.start();
  }

  /** Stops the streams and makes every cache write durable (the node's stop). */
  async stop(): Promise<void> {
    await this.#publisher?.stop();
    await this.#consumer?.stop();
    await this.#database?.sync().catch((err: unknown) => this.#log.error({ err: String(err) }, "cache writes could not be synced to Redis"));
  }

  /** Releases every connection. Idempotent. */
  async close(): Promise<void> {
    await this.stop();
    await this.#database?.close();
  }

  #onDegraded(policy: BackpressurePolicy): void {
    if (policy === "continue" || !this.#risk) return;
    this.#risk.setTradingState(policy === "halted" ? TradingState.HALTED : TradingState.REDUCING);
    this.#degradedByUs = true;
  }

  #onRecovered(): void {
    if (!this.#degradedByUs || !this.#risk) return;
    this.#degradedByUs = false;
    this.#risk.setTradingState(TradingState.ACTIVE);
  }
}
