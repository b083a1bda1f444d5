/**
 * The gateway's time zone, read from the connection time string it sends first
 * (`yyyyMMdd HH:mm:ss <zone>`, the zone as an abbreviation, an IANA id or a Java display name,
 * e.g. `20250323 22:21:01 Greenwich Mean Time`). Execution times without a zone are in that zone,
 * so the node requires UTC (seed friction point 2).
 */
const UTC_NAMES = new Set([
  "UTC", "ETC/UTC", "COORDINATED UNIVERSAL TIME", "UNIVERSAL", "ETC/UNIVERSAL", "ZULU", "ETC/ZULU", "Z",
  "GMT", "ETC/GMT", "GMT+00:00", "UTC+00:00", "GREENWICH MEAN TIME",
]);

export interface GatewayTimeZone {
  /** The zone as the gateway wrote it ("" when absent). */
  readonly zone: string;
  readonly isUtc: boolean;
}

export function parseConnectionTimeZone(connectionTime: string): GatewayTimeZone {
  const m = /^\s*\d{8}\s+\d{1,2}:\d{2}:\d{2}\s*(.*)$/.exec(connectionTime);
  const zone = (m?.[1] ?? "").trim();
  return { zone, isUtc: UTC_NAMES.has(zone.toUpperCase()) };
}

/** How to fix a gateway that is not on UTC. */
export const TIMEZONE_FIX =
  "set the gateway's time zone to UTC (IB Gateway login screen: Configure > Settings > Lock and Exit > Time Zone = Etc/UTC; Docker: TIME_ZONE=Etc/UTC) and restart it";
