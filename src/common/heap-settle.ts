/**
 * Settles V8's young generation before trading starts: what startup built (instruments, engines,
 * reconciled state, compiled code's metadata) sits in the young generation until two young
 * collections have copied and then promoted it, and the first of those pauses ~10-16 ms (several
 * MB copied, measured in the tick-to-trade bench) against ~1-4 ms in steady state. Started by
 * allocation, that collection lands on whatever quote comes a few seconds into trading; here it is
 * driven by short-lived allocations while nothing trades yet.
 *
 * Without `--expose-gc` there is no call that runs a young collection, so this allocates
 * throwaway arrays until the young generation's used size drops twice (each drop is a collection),
 * bounded by `maxBytes`.
 */
import { getHeapSpaceStatistics, type HeapSpaceInfo } from "node:v8";
import type { Clock } from "./clock.js";

export interface HeapSettleResult {
  /** Young-generation collections observed (the target is 2). */
  youngCollections: number;
  allocatedBytes: number;
  ms: number;
}

/** Throwaway arrays of about this many bytes (under V8's large-object size, so they go to the young generation). */
const CHUNK_ELEMENTS = 4096;
const CHUNK_BYTES = CHUNK_ELEMENTS * 8;

/** The last chunk (kept reachable so no compiler can drop the allocation as unused). */
let sink: unknown;

export function settleYoungGeneration(clock: Clock, maxBytes = 256 * 1024 * 1024, collections = 2): HeapSettleResult {
  const started = clock.monotonicMs();
  let allocatedBytes = 0;
  let youngCollections = 0;
  let used = youngUsedBytes();
  while (youngCollections < collections && allocatedBytes < maxBytes) {
    sink = new Array<number>(CHUNK_ELEMENTS).fill(0);
    allocatedBytes += CHUNK_BYTES;
    const now = youngUsedBytes();
    if (now < used) youngCollections++;
    used = now;
  }
  sink = undefined;
  return { youngCollections, allocatedBytes, ms: Math.round((clock.monotonicMs() - started) * 100) / 100 };
}

/** V8's statistics of its young generation (the new space). */
export function youngGeneration(): HeapSpaceInfo | undefined {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
}

/** Bytes in use in the young generation. */
export function youngUsedBytes(): number {
  return youngGeneration()?.space_used_size ?? 0;
}
