/**
 * purgeAccountEvents with purgeFromDatabase: in every stored account's list, drops the states
 * with tsEvent < beforeNs except the account's latest. A read-modify-write run by the
 * WriteBehind between pipelines (so no queued append interleaves with it); each account's list
 * is replaced in one MULTI with the stored bytes of the states it keeps (never re-encoded).
 * A state that does not decode is kept as it is (the load rule reports it, a purge never
 * destroys what it cannot read).
 */
import type { Redis } from "ioredis";
import type { Logger } from "../../common/logger.js";
import type { RecordCodec } from "./codec.js";
import type { CacheKeys } from "./keys.js";

export async function purgeAccountStates(redis: Redis, keys: CacheKeys, codec: RecordCodec, beforeNs: bigint, logger: Logger): Promise<void> {
  const ids = await redis.smembers(keys.indexAccounts);
  for (const id of ids) {
    const key = keys.account(id);
    const raw = await redis.lrangeBuffer(key, 0, -1);
    const kept = raw.filter((bytes, i) => {
      if (i === raw.length - 1) return true;
      try {
        const state = codec.decodeRecord<{ tsEvent: bigint }>(`${key}#${i}`, bytes);
        return !(typeof state.tsEvent === "bigint" && state.tsEvent < beforeNs);
      } catch {
        return true;
      }
    });
    if (kept.length === raw.length) continue;
    await redis.multi().del(key).rpush(key, ...kept).exec();
    logger.debug({ key, dropped: raw.length - kept.length }, "account states purged");
  }
}
