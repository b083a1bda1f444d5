/**
 * CacheConfig, DatabaseConfig and MessageBusConfig (reference §1.3). A missing `database` means
 * the in-memory cache and the in-process bus; only "redis" is a valid database type.
 */
import { z } from "zod";
import { EnvString, NonNegativeInt, PositiveInt, SecretString } from "../primitives.js";

export const DatabaseConfigSchema = z.strictObject({
  /** Only Redis is supported (Nautilus raises on any other type). */
  type: z.literal("redis").default("redis"),
  host: EnvString.optional(),
  port: PositiveInt.max(65535).optional(),
  username: SecretString.optional(),
  password: SecretString.optional(),
  ssl: z.boolean().default(false),
  /** Seconds to establish a connection. */
  connectionTimeout: PositiveInt.default(20),
  /** Seconds to wait for a command's reply. */
  responseTimeout: PositiveInt.default(20),
  numberOfRetries: NonNegativeInt.default(100),
  exponentBase: PositiveInt.default(2),
  /** Milliseconds: the cap of the reconnect delay. */
  maxDelay: PositiveInt.default(1000),
  factor: PositiveInt.default(2),
});

export const CacheConfigSchema = z.strictObject({
  database: DatabaseConfigSchema.optional(),
  encoding: z.enum(["msgpack", "json"]).default("msgpack"),
  timestampsAsIso8601: z.boolean().default(false),
  persistAccountEvents: z.boolean().default(true),
  /** Write-behind batching interval; unset writes at once. 10-1000 recommended. */
  bufferIntervalMs: PositiveInt.optional(),
  bulkReadBatchSize: PositiveInt.optional(),
  useTraderPrefix: z.boolean().default(true),
  useInstanceId: z.boolean().default(false),
  /** Wipes this trader's cache keys at start and skips loading them. Almost always wrong. */
  flushOnStart: z.boolean().default(false),
  dropInstrumentsOnReset: z.boolean().default(true),
  tickCapacity: PositiveInt.default(10_000),
  barCapacity: PositiveInt.default(10_000),
  /**
   * Most cache writes held in memory while Redis is slow or unreachable (write-behind queue).
   * When it is full, new writes are dropped (orders, positions and accounts re-send what was
   * dropped with their next update), ERROR is logged and `onBackpressure` applies.
   */
  writeQueueCapacity: PositiveInt.default(100_000),
  /** Milliseconds Redis may stay unreachable with writes pending before `onBackpressure` applies. */
  unreachableAfterMs: PositiveInt.default(30_000),
  /**
   * What the node does when the write queue fills or Redis stays unreachable past
   * `unreachableAfterMs`: "continue" keeps trading, "reducing" / "halted" set the RiskEngine's
   * trading state (back to ACTIVE once the backlog has landed).
   */
  onBackpressure: z.enum(["continue", "reducing", "halted"]).default("reducing"),
});

export const MessageBusConfigSchema = z.strictObject({
  database: DatabaseConfigSchema.optional(),
  encoding: z.enum(["json", "msgpack"]).default("json"),
  timestampsAsIso8601: z.boolean().default(false),
  bufferIntervalMs: PositiveInt.optional(),
  autotrimMins: NonNegativeInt.optional(),
  useTraderPrefix: z.boolean().default(true),
  useTraderId: z.boolean().default(true),
  useInstanceId: z.boolean().default(false),
  streamsPrefix: z.string().min(1).default("stream"),
  streamPerTopic: z.boolean().default(true),
  /** Streams of other nodes republished on this node's internal bus. */
  externalStreams: z.array(z.string().min(1)).optional(),
  /** Message type names NOT to publish externally (Nautilus types_filter, e.g. ["QuoteTick", "TradeTick"] keeps ticks off the streams); unset publishes every type. Heartbeats are always published. */
  typesFilter: z.array(z.string().min(1)).optional(),
  heartbeatIntervalSecs: PositiveInt.optional(),
});

export type DatabaseConfig = z.output<typeof DatabaseConfigSchema>;
export type CacheConfig = z.output<typeof CacheConfigSchema>;
export type MessageBusConfig = z.output<typeof MessageBusConfigSchema>;
