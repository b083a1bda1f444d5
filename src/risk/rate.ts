/**
 * Parsing of the risk engine's rate strings (`maxOrderSubmitRate`, `maxOrderModifyRate`).
 *
 * Entry point: `parseRate("100/00:00:01")` -> `{ limit: 100, intervalNs: 1_000_000_000n }`.
 * Form: `limit/HH:MM:SS` with an optional fraction of a second (`00:00:00.5`), as Nautilus
 * parses it with `pd.to_timedelta`. Invariants: limit is a positive integer, interval > 0.
 * Anything else is a `CORTANA_E_RATE_INVALID` naming the bad string and the expected form.
 */
import { CortanaError } from "../common/errors.js";

export interface Rate {
  /** Maximum number of messages per interval. */
  readonly limit: number;
  /** The interval in nanoseconds. */
  readonly intervalNs: bigint;
}

const RATE_PATTERN = /^\s*(\d+)\s*\/\s*(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*$/;

function invalid(text: string, why: string): CortanaError {
  return new CortanaError(
    "CORTANA_E_RATE_INVALID",
    `invalid rate "${text}": ${why}; use limit/HH:MM:SS, e.g. "100/00:00:01"`,
  );
}

/** Parses `limit/HH:MM:SS[.fraction]` exactly (no float arithmetic on the interval). */
export function parseRate(text: string): Rate {
  const m = RATE_PATTERN.exec(text);
  if (m === null) throw invalid(text, "not in the form limit/HH:MM:SS");
  const [, limitText, hh, mm, ss, fraction] = m as unknown as [string, string, string, string, string, string | undefined];
  const limit = Number(limitText);
  if (!Number.isSafeInteger(limit) || limit <= 0) throw invalid(text, "the limit must be a positive integer");
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (minutes > 59 || seconds > 59) throw invalid(text, "minutes and seconds must be below 60");
  const fractionNs = fraction === undefined ? 0n : BigInt(fraction.padEnd(9, "0"));
  const intervalNs = (BigInt(hh) * 3600n + BigInt(minutes) * 60n + BigInt(seconds)) * 1_000_000_000n + fractionNs;
  if (intervalNs <= 0n) throw invalid(text, "the interval must be positive");
  return { limit, intervalNs };
}
