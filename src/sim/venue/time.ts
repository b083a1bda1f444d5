/**
 * Calendar arithmetic for the venue without reading the clock: zoned wall-clock parts of an epoch
 * ms, the inverse (wall clock in a zone -> epoch ms), IB date-time strings both ways, and session
 * boundaries (US equities close at 16:00 America/New_York). Uses Intl only, which is deterministic
 * for a given Node build.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (IANA names such as "UTC", "US/Eastern", "America/New_York"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Last result per zone: formatting the same second again (fills, views) costs nothing. */
const lastWall = new Map<string, { sec: number; wall: WallClock }>();

export function wallClock(ms: number, timeZone: string): WallClock {
  const sec = Math.floor(ms / 1000);
  const hit = lastWall.get(timeZone);
  if (hit !== undefined && hit.sec === sec) return { ...hit.wall };
  const wall = computeWallClock(sec * 1000, timeZone);
  lastWall.set(timeZone, { sec, wall });
  return { ...wall };
}

function computeWallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/** Epoch ms of a wall-clock time in a zone (the earlier instant when ambiguous). */
export function zonedToMs(w: Omit<WallClock, "weekday">, timeZone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  let guess = asUtc;
  // Two corrections converge for every real zone (offsets change at most once around a point).
  for (let i = 0; i < 2; i++) {
    const seen = wallClock(guess, timeZone);
    const seenUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    guess += asUtc - seenUtc;
  }
  return guess;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** yyyymmdd of the instant in the zone. */
export function ymd(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}${pad(w.month)}${pad(w.day)}`;
}

/** `yyyyMMdd HH:mm:ss <tz>` (completedTime, connection time). */
export function formatZoned(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}${pad(w.month)}${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)} ${timeZone}`;
}

/** Execution time in one of the forms IB sends (tws-protocol.md 4.5). */
export function formatExecTime(ms: number, format: "legacy" | "utcDash" | "zoned", timeZone: string): string {
  switch (format) {
    case "legacy": {
      const w = wallClock(ms, timeZone);
      return `${w.year}${pad(w.month)}${pad(w.day)}  ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
    }
    case "utcDash": {
      const w = wallClock(ms, "UTC");
      return `${w.year}${pad(w.month)}${pad(w.day)}-${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
    }
    case "zoned":
      return formatZoned(ms, timeZone);
  }
}

const IB_TIME_RE = /^(\d{4})(\d{2})(\d{2})(?:(?:-|\s+)(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?)?$/;

/**
 * Parse `yyyymmdd hh:mm:ss <tz>`, `yyyymmdd-hh:mm:ss` (UTC), zone-less `yyyymmdd hh:mm:ss`
 * (in `defaultZone`) or `yyyymmdd` (midnight). undefined when malformed or the zone is unknown.
 */
export function parseIbTime(text: string, defaultZone = "UTC"): number | undefined {
  const m = IB_TIME_RE.exec(text.trim());
  if (m === null) return undefined;
  const zone = m[7] ?? (text.includes("-") ? "UTC" : defaultZone);
  if (!isValidTimeZone(zone)) return undefined;
  const w = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 23 || w.minute > 59 || w.second > 59) return undefined;
  return zonedToMs(w, zone);
}

export const EXCHANGE_ZONE = "America/New_York";

/** For every instant in [from, close) the next session close is `close`: no Intl work per order. */
let closeMemo: { from: number; close: number } | undefined;

/** The first 16:00 America/New_York strictly after `ms` (end of the DAY session). */
export function nextSessionClose(ms: number): number {
  if (closeMemo !== undefined && ms >= closeMemo.from && ms < closeMemo.close) return closeMemo.close;
  const close = computeSessionClose(ms);
  closeMemo = { from: ms, close };
  return close;
}

function computeSessionClose(ms: number): number {
  const w = wallClock(ms, EXCHANGE_ZONE);
  const today = zonedToMs({ year: w.year, month: w.month, day: w.day, hour: 16, minute: 0, second: 0 }, EXCHANGE_ZONE);
  if (today > ms) return today;
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return zonedToMs(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 16, minute: 0, second: 0 },
    EXCHANGE_ZONE,
  );
}

/** yyyymmdd shifted by whole calendar days. */
export function addDays(yyyymmdd: string, days: number): string {
  const d = new Date(Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)) + days));
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** Epoch ms of 16:00 America/New_York on yyyymmdd (option expiry instant). */
export function expiryMs(yyyymmdd: string): number {
  return zonedToMs(
    { year: Number(yyyymmdd.slice(0, 4)), month: Number(yyyymmdd.slice(4, 6)), day: Number(yyyymmdd.slice(6, 8)), hour: 16, minute: 0, second: 0 },
    EXCHANGE_ZONE,
  );
}
