/**
 * Time units and conversions between UTC nanoseconds (bigint), milliseconds and ISO strings.
 * Pure functions: nothing here reads the system time (only LiveClock does).
 */

export const NANOS_PER_MS = 1_000_000n;
export const NANOS_PER_SEC = 1_000_000_000n;

/** Milliseconds (integer or fractional: sub-ms kept to the nanosecond, truncated) to ns. */
export function msToNs(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new RangeError(`msToNs: not a finite number: ${ms}`);
  if (Number.isInteger(ms)) return BigInt(ms) * NANOS_PER_MS;
  const whole = Math.trunc(ms);
  return BigInt(whole) * NANOS_PER_MS + BigInt(Math.trunc((ms - whole) * 1e6));
}

/** Seconds (may be fractional, precision to the ns) to ns. */
export function secsToNs(secs: number): bigint {
  return msToNs(secs * 1000);
}

/** Nanoseconds to milliseconds, truncated toward zero. */
export function nsToMs(ns: bigint): number {
  return Number(ns / NANOS_PER_MS);
}

/** UTC ns to an ISO 8601 string with nanoseconds: 2024-01-02T03:04:05.123456789Z. */
export function nsToIso(ns: bigint): string {
  const ms = ns / NANOS_PER_MS;
  let subMs = ns % NANOS_PER_MS;
  let wholeMs = ms;
  if (subMs < 0n) {
    subMs += NANOS_PER_MS;
    wholeMs -= 1n;
  }
  const base = new Date(Number(wholeMs)).toISOString(); // ...T03:04:05.123Z
  return `${base.slice(0, -1)}${subMs.toString().padStart(6, "0")}Z`;
}
