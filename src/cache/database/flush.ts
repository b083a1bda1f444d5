/**
 * flushOnStart: deletes this trader's cache keys and nothing else.
 *
 * Entry point: `flushCacheKeys(redis, prefix)` returns how many keys it unlinked.
 * Scope: one SCAN per cache key family of keys.ts (`{prefix}orders:*`, ...), each with SCAN's
 * TYPE filter, the prefix glob-escaped. So a stream never goes (not even one named under the
 * same trader prefix), nor another trader's keys, nor another instance's (useInstanceId).
 */
import type { Redis } from "ioredis";
import { CACHE_COLLECTIONS, escapeGlob } from "./keys.js";

const SCAN_COUNT = 1000;

export async function flushCacheKeys(redis: Redis, prefix: string): Promise<number> {
  let unlinked = 0;
  const escaped = escapeGlob(prefix);
  for (const { pattern, type } of CACHE_COLLECTIONS) {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${escaped}${pattern}`, "COUNT", SCAN_COUNT, "TYPE", type);
      cursor = next;
      if (keys.length > 0) unlinked += await redis.unlink(...keys);
    } while (cursor !== "0");
  }
  return unlinked;
}
