/**
 * The Redis key layout of the cache (one layout, documented in the README):
 *
 *   {prefix} = "trader-{traderId}:" (useTraderPrefix) + "{instanceId}:" (useInstanceId)
 *   {prefix}instruments                 HASH   instrumentId -> instrument record
 *   {prefix}accounts:{accountId}        LIST   AccountState records, oldest first
 *   {prefix}orders:{clientOrderId}      LIST   order events, oldest first
 *   {prefix}positions:{positionId}      LIST   OrderFilled records of the position, oldest first
 *   {prefix}order_lists                 HASH   orderListId -> { id, clientOrderIds, tsInit }
 *   {prefix}strategies:{strategyId}     STRING the strategy's saved state record
 *   {prefix}snapshots:orders:{coid}     LIST   order snapshots, oldest first
 *   {prefix}snapshots:positions:{pid}   LIST   position snapshots, oldest first
 *   {prefix}index:accounts              SET    account ids stored
 *   {prefix}index:orders                SET    client order ids stored
 *   {prefix}index:positions             SET    position ids stored
 *   {prefix}index:order_position        HASH   clientOrderId -> positionId
 *   {prefix}index:order_client          HASH   clientOrderId -> clientId
 *
 * Index sets let loads run without SCAN. `CACHE_COLLECTIONS` lists every key family with its
 * Redis type: flushOnStart scans exactly these patterns, with SCAN's TYPE filter, so it never
 * touches a stream (even one whose name starts with this prefix) or another trader's keys.
 */

export interface KeyLayoutOptions {
  readonly traderId: string;
  readonly instanceId?: string | undefined;
  readonly useTraderPrefix: boolean;
  readonly useInstanceId: boolean;
}

export function cachePrefix(o: KeyLayoutOptions): string {
  let prefix = o.useTraderPrefix ? `trader-${o.traderId}:` : "";
  if (o.useInstanceId) {
    if (o.instanceId === undefined || o.instanceId === "") throw new Error("useInstanceId needs an instanceId");
    prefix += `${o.instanceId}:`;
  }
  return prefix;
}

export type RedisKeyType = "string" | "list" | "hash" | "set";

/** Every key family of the cache: its SCAN pattern (after the prefix) and its Redis type. */
export const CACHE_COLLECTIONS: readonly { readonly pattern: string; readonly type: RedisKeyType }[] = [
  { pattern: "instruments", type: "hash" },
  { pattern: "accounts:*", type: "list" },
  { pattern: "orders:*", type: "list" },
  { pattern: "positions:*", type: "list" },
  { pattern: "order_lists", type: "hash" },
  { pattern: "strategies:*", type: "string" },
  { pattern: "snapshots:orders:*", type: "list" },
  { pattern: "snapshots:positions:*", type: "list" },
  { pattern: "index:accounts", type: "set" },
  { pattern: "index:orders", type: "set" },
  { pattern: "index:positions", type: "set" },
  { pattern: "index:order_position", type: "hash" },
  { pattern: "index:order_client", type: "hash" },
];

export class CacheKeys {
  constructor(readonly prefix: string) {}

  get instruments(): string {
    return `${this.prefix}instruments`;
  }
  account(id: string): string {
    return `${this.prefix}accounts:${id}`;
  }
  order(id: string): string {
    return `${this.prefix}orders:${id}`;
  }
  position(id: string): string {
    return `${this.prefix}positions:${id}`;
  }
  get orderLists(): string {
    return `${this.prefix}order_lists`;
  }
  strategy(id: string): string {
    return `${this.prefix}strategies:${id}`;
  }
  orderSnapshots(id: string): string {
    return `${this.prefix}snapshots:orders:${id}`;
  }
  positionSnapshots(id: string): string {
    return `${this.prefix}snapshots:positions:${id}`;
  }
  get indexAccounts(): string {
    return `${this.prefix}index:accounts`;
  }
  get indexOrders(): string {
    return `${this.prefix}index:orders`;
  }
  get indexPositions(): string {
    return `${this.prefix}index:positions`;
  }
  get indexOrderPosition(): string {
    return `${this.prefix}index:order_position`;
  }
  get indexOrderClient(): string {
    return `${this.prefix}index:order_client`;
  }
}

/** `text` with Redis glob characters escaped, for SCAN MATCH. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
