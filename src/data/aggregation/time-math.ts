/**
 * Pure time arithmetic of time bars (UTC nanoseconds, bigint): where a bar starts and closes.
 *
 * Entry points: `alignedStartNs(now, interval, anchorUnit, originOffset)`, `floorDiv`.
 * Invariants: the returned start `s` satisfies `s <= now < s + interval`; bars are aligned to the
 * enclosing larger unit (5-second bars to the minute, 15-minute bars to the hour, 4-hour bars to
 * the UTC day) shifted by the origin offset, as Nautilus' `get_start_time` does; after the first
 * bar the bars follow each other every `interval` without re-aligning.
 */

export const NS_PER_MS = 1_000_000n;
export const NS_PER_SECOND = 1_000_000_000n;
export const NS_PER_MINUTE = 60n * NS_PER_SECOND;
export const NS_PER_HOUR = 60n * NS_PER_MINUTE;
export const NS_PER_DAY = 24n * NS_PER_HOUR;

/** Floor division for bigints (rounds toward negative infinity, unlike `/`). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/**
 * Start of the bar that contains `nowNs`.
 * @param intervalNs   bar length (step * unit), > 0
 * @param anchorUnitNs the enclosing unit bars align to (a minute for second bars...); 0n aligns to the epoch
 * @param originOffsetNs shift of every boundary (timeBarsOriginOffset)
 */
export function alignedStartNs(nowNs: bigint, intervalNs: bigint, anchorUnitNs: bigint, originOffsetNs = 0n): bigint {
  if (intervalNs <= 0n) throw new RangeError(`bar interval must be positive, got ${intervalNs}`);
  const anchor = anchorUnitNs > 0n ? floorDiv(nowNs, anchorUnitNs) * anchorUnitNs : 0n;
  const base = anchor + originOffsetNs;
  return base + floorDiv(nowNs - base, intervalNs) * intervalNs;
}
