/**
 * UUID v4 generators, injected wherever the node needs ids (event ids, request correlation ids).
 *
 * Entry points: `UuidFactory` (the injected type), `randomUuid` (crypto-random, the default),
 * `sequentialUuids()` and `seededUuids(seed)` (deterministic, for tests and replays).
 *
 * Invariant: every generator returns lowercase RFC 4122 version-4 strings
 * (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx), so code and tests cannot tell them apart by format.
 */
import { randomFillSync } from "node:crypto";

export type UuidFactory = () => string;

export const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Char codes of the hex digits. */
const HEX = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const DASH = 45;
/** Random bytes for 256 ids, refilled from the CSPRNG (crypto.randomUUID batches the same way). */
const POOL_BYTES = 16 * 256;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;

/**
 * Cryptographically random v4 UUIDs as flat strings. crypto.randomUUID builds its text by
 * concatenation: a rope of ~20 pieces that takes ~490 bytes for as long as the id is kept, and
 * every event and command keeps one (a third of the memory an order holds). This one is ~64
 * bytes, at the same speed.
 */
export const randomUuid: UuidFactory = () => {
  if (poolAt === POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const o = poolAt;
  poolAt += 16;
  const version = (pool[o + 6]! & 0x0f) | 0x40;
  const variant = (pool[o + 8]! & 0x3f) | 0x80;
  return String.fromCharCode(
    hi(o), lo(o), hi(o + 1), lo(o + 1), hi(o + 2), lo(o + 2), hi(o + 3), lo(o + 3), DASH,
    hi(o + 4), lo(o + 4), hi(o + 5), lo(o + 5), DASH,
    HEX[version >> 4]!, HEX[version & 15]!, hi(o + 7), lo(o + 7), DASH,
    HEX[variant >> 4]!, HEX[variant & 15]!, hi(o + 9), lo(o + 9), DASH,
    hi(o + 10), lo(o + 10), hi(o + 11), lo(o + 11), hi(o + 12), lo(o + 12), hi(o + 13), lo(o + 13), hi(o + 14), lo(o + 14), hi(o + 15), lo(o + 15),
  );
};

/** The high / low hex digit's char code of pool byte `i`. */
function hi(i: number): number {
  return HEX[pool[i]! >> 4]!;
}

function lo(i: number): number {
  return HEX[pool[i]! & 15]!;
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const LOW16 = 65_536;
const SEQUENTIAL_LIMIT = 2 ** 48;

/** 00000000-0000-4000-8000-000000000001, ...0002, ...: readable ids in test expectations. */
export function sequentialUuids(start = 1): UuidFactory {
  // A double counts exactly far beyond 48 bits. The id's text above the low 16 bits changes once
  // every 65,536 ids: it is formatted then, and the low 16 bits come from a table.
  let n = Number(start);
  let high = -1;
  let prefix = "";
  return () => {
    const v = n++;
    if (v >= SEQUENTIAL_LIMIT) throw new Error("sequentialUuids: exhausted 48 bits");
    const hi = Math.floor(v / LOW16);
    if (hi !== high) {
      high = hi;
      prefix = `00000000-0000-4000-8000-${hi.toString(16).padStart(8, "0")}`;
    }
    const lo = v - hi * LOW16;
    return prefix + (HEX2[lo >> 8] as string) + (HEX2[lo & 255] as string);
  };
}

/** A reproducible stream of random-looking v4 UUIDs from a 32-bit seed (mulberry32). */
export function seededUuids(seed: number): UuidFactory {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => {
    const words = [next32(), next32(), next32(), next32()];
    const bytes = words.flatMap((w) => [w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff]);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
