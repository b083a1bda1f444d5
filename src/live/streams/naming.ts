/**
 * Stream key names (Nautilus `get_stream_key`):
 *
 *   base = ("trader-" if useTraderPrefix) + ("{traderId}:" if useTraderId)
 *          + ("{instanceId}:" if useInstanceId) + streamsPrefix
 *   key  = streamPerTopic ? "{base}:{topic}" : base
 *
 * e.g. `trader-TRADER-001:stream:events.order.EMACross-001`. Per-tenant streamsPrefix (or trader
 * ids) keep tenants apart on one Redis. The heartbeat goes to topic HEARTBEAT_TOPIC.
 */
import type { MessageBusConfig } from "../../config/schemas/cache.js";

export const HEARTBEAT_TOPIC = "health.heartbeat";

export type StreamNamingConfig = Pick<MessageBusConfig, "useTraderPrefix" | "useTraderId" | "useInstanceId" | "streamsPrefix" | "streamPerTopic">;

export function streamBaseKey(config: StreamNamingConfig, traderId: string, instanceId?: string): string {
  let key = config.useTraderPrefix ? "trader-" : "";
  if (config.useTraderId) key += `${traderId}:`;
  if (config.useInstanceId) {
    if (instanceId === undefined || instanceId === "") throw new Error("messageBus.useInstanceId needs an instanceId");
    key += `${instanceId}:`;
  }
  return key + config.streamsPrefix;
}

export function streamKeyFor(base: string, topic: string, streamPerTopic: boolean): string {
  return streamPerTopic ? `${base}:${topic}` : base;
}
