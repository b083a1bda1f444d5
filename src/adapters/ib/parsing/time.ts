/**
 * IB time strings to UTC nanoseconds, and UTC to IB's request form.
 *
 * Forms (tws-protocol.md §4.5): `yyyyMMdd-HH:mm:ss` (UTC), `yyyyMMdd  HH:mm:ss` / `yyyyMMdd
 * HH:mm:ss` (the gateway's zone, which the connection requires to be UTC), `yyyyMMdd HH:mm:ss
 * <zone>` (IANA ids such as US/Eastern, or UTC/GMT), `yyyyMMdd` (a date), and epoch seconds.
 * Zone conversion uses Intl (no dependency); an unknown zone gives undefined, never a guess.
 */
const NS_PER_MS = 1_000_000n;

const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat | undefined {
  let f = fmtCache.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch {
      return undefined;
    }
    fmtCache.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC at `utcMs`, in ms (positive east of Greenwich). */
function offsetMs(zone: string, utcMs: number): number | undefined {
  const f = formatter(zone);
  if (f === undefined) return undefined;
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Wall-clock fields in `zone` to UTC ms (two passes settle DST edges). */
export function zonedToUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number | undefined {
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  if (/^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(zone)) return naive;
  const first = offsetMs(zone, naive);
  if (first === undefined) return undefined;
  const second = offsetMs(zone, naive - first);
  return naive - (second ?? first);
}

const RE = /^(\d{4})(\d{2})(\d{2})(?:(?:-|\s+)(\d{1,2}):(\d{2}):(\d{2})(?:\s+(\S.*))?)?$/;

/** UTC ns of an IB time string; `defaultZone` for zone-less forms (default UTC). */
export function ibTimeToNs(text: string | undefined, defaultZone = "UTC"): bigint | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^\d{9,10}$/.test(t)) return BigInt(t) * 1_000_000_000n;
  const m = RE.exec(t);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  const zone = t.includes("-") && m[7] === undefined ? "UTC" : (m[7]?.trim() ?? defaultZone);
  const ms = zonedToUtcMs(y, mo, d, h, mi, s, zone);
  return ms === undefined ? undefined : BigInt(ms) * NS_PER_MS;
}

/** `yyyyMMdd-HH:mm:ss` in UTC: the request form IB documents for goodTillDate and filters. */
export function utcRequestTime(ns: bigint): string {
  const d = new Date(Number(ns / NS_PER_MS));
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
