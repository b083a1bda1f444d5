/**
 * ISO 8601 text for UTC nanosecond timestamps, exact to the nanosecond both ways
 * (`2024-01-02T15:30:00.123456789Z`), for `timestampsAsIso8601`.
 *
 * Entry points: `nsToIso(ns)`, `isoToNs(text)`, `isTimestampKey(key)`.
 * Invariant: isoToNs(nsToIso(ns)) === ns for every ns in [0, 2^63) (Date covers that range).
 * Negative timestamps have no ISO form here: callers keep them as integers.
 */

const ISO_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** Field names that hold UTC ns timestamps in the model (tsEvent, tsInit, tsOpened, expireTime...). */
const NAMED = new Set(["expireTime", "activationNs", "expirationNs"]);

export function isTimestampKey(key: string): boolean {
  if (NAMED.has(key)) return true;
  // ts followed by an upper-case letter: tsEvent, tsInit, tsSnapshot, tsClosed...
  return key.length > 2 && key.charCodeAt(0) === 116 && key.charCodeAt(1) === 115 && key.charCodeAt(2) >= 65 && key.charCodeAt(2) <= 90;
}

export function nsToIso(ns: bigint): string {
  const seconds = ns / NS_PER_S;
  const frac = (ns % NS_PER_S).toString().padStart(9, "0");
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${frac}Z`;
}

/** The ns timestamp of ISO text, or undefined when it is not `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`. */
export function isoToNs(text: string): bigint | undefined {
  const m = ISO_RE.exec(text);
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return undefined;
  const frac = BigInt((m[2] ?? "").padEnd(9, "0"));
  return BigInt(ms) * NS_PER_MS + frac;
}
