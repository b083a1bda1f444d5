/**
 * Time strings a gateway writes: the connection time of the handshake (`yyyyMMdd HH:mm:ss <zone>`,
 * tws-protocol.md §1.3), historical bar dates, and the parsing of client-sent date-times
 * (`yyyymmdd-hh:mm:ss` UTC, `yyyymmdd hh:mm:ss <tz>`, zone-less). Pure functions of (ms, zone).
 *
 * A UTC gateway writes "UTC". A gateway in another zone writes the zone's short name as Java does
 * ("EST"/"EDT" for America/New_York); that is what the node's preflight must catch.
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  zoneName: string;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneParts(ms: number, timeZone: string): Parts {
  let f = partsFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
      minute: "2-digit", second: "2-digit", timeZoneName: "short",
    });
    partsFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second), zoneName: p.timeZoneName ?? timeZone };
}

/** True when `timeZone` is a zone Intl knows (validates --tz). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `yyyyMMdd HH:mm:ss <zone>`: the gateway's connection time, and intraday bar dates. */
export function formatZoned(ms: number, timeZone: string): string {
  const p = zoneParts(ms, timeZone);
  const zone = timeZone === "UTC" || timeZone === "Etc/UTC" ? "UTC" : p.zoneName;
  return `${p.y}${pad(p.mo)}${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)} ${zone}`;
}

/** `yyyyMMdd` in the zone (daily bar dates). */
export function formatDay(ms: number, timeZone: string): string {
  const p = zoneParts(ms, timeZone);
  return `${p.y}${pad(p.mo)}${pad(p.d)}`;
}

/** `HH:mm` in the zone (ACCT_UPDATE_TIME). */
export function formatHourMinute(ms: number, timeZone: string): string {
  const p = zoneParts(ms, timeZone);
  return `${pad(p.h)}:${pad(p.mi)}`;
}

/** Offset of `timeZone` from UTC at `ms`, in ms (local = utc + offset). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = zoneParts(ms, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/**
 * Parse a client-sent date-time. Returns epoch ms, or undefined when malformed. `""` is "now".
 * `zoneless` reports a time without a zone (read as UTC; a real gateway warns with 2174).
 */
export function parseClientDateTime(text: string, nowMs: number): { ms: number; zoneless: boolean } | undefined {
  const t = text.trim();
  if (t === "") return { ms: nowMs, zoneless: false };
  const m = /^(\d{4})(\d{2})(\d{2})(?:([ -])\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+(\S+))?)?$/.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, sep, h = "0", mi = "0", s = "0", zone] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return undefined;
  if (sep === "-" || sep === undefined) return { ms: utc, zoneless: false };
  if (zone === undefined) return { ms: utc, zoneless: true };
  if (zone === "UTC" || zone === "GMT") return { ms: utc, zoneless: false };
  if (!isValidTimeZone(zone)) return undefined;
  return { ms: utc - zoneOffsetMs(utc, zone), zoneless: false };
}

/** Seconds of an IB duration string ("1 D", "3600 S", "2 W", "1 M", "1 Y"). */
export function durationSeconds(text: string): number | undefined {
  const m = /^(\d+)\s*([SDWMY])$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "").toUpperCase();
  const per: Record<string, number> = { S: 1, D: 86_400, W: 604_800, M: 2_592_000, Y: 31_536_000 };
  const u = per[unit];
  return u === undefined ? undefined : n * u;
}

/** Seconds of an IB bar size ("1 secs", "5 secs", "1 min", "5 mins", "1 hour", "1 day", ...). */
export function barSizeSeconds(text: string): number | undefined {
  const m = /^(\d+)\s*(secs?|mins?|hours?|days?|weeks?|months?)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase().replace(/s$/, "");
  const per: Record<string, number> = { sec: 1, min: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };
  const u = per[unit];
  return u === undefined || n <= 0 ? undefined : n * u;
}
