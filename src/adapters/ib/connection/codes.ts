/**
 * IB message codes the connection acts on, and the log level of the informational ones.
 * (tws-protocol.md §4.2; interactivebrokers.github.io/tws-api/message_codes.html)
 */
import type { LogLevel } from "../../../common/logger.js";

export const IB_CODES = {
  PACING_VIOLATION: 100,
  CLIENT_ID_IN_USE: 326,
  CONNECT_FAIL: 502,
  NOT_CONNECTED: 504,
  DECODE_ERROR: 505,
  UNSUPPORTED_VERSION: 506,
  CONNECTIVITY_LOST: 1100,
  RESTORED_DATA_LOST: 1101,
  RESTORED_DATA_MAINTAINED: 1102,
  SERVER_BROKEN: 2110,
} as const;

/** Connectivity between the gateway and IB's servers: lost (trading impossible) or restored. */
export type ConnectivityChange = "lost" | "restoredDataLost" | "restoredDataMaintained";

export function connectivityChange(code: number): ConnectivityChange | undefined {
  switch (code) {
    case IB_CODES.CONNECTIVITY_LOST:
    case IB_CODES.SERVER_BROKEN:
      return "lost";
    case IB_CODES.RESTORED_DATA_LOST:
      return "restoredDataLost";
    case IB_CODES.RESTORED_DATA_MAINTAINED:
      return "restoredDataMaintained";
    default:
      return undefined;
  }
}

/**
 * Farm status messages: "is OK" codes are routine (info, or debug for the inactive ones);
 * "is broken" codes mean data from that farm stops until it recovers (warn).
 * 2103 market data farm broken, 2105 HMDS farm broken, 2157 sec-def farm broken: warn.
 * 2104 / 2106 / 2158 OK: info. 2107 / 2108 inactive but available on demand: debug.
 */
export function farmLogLevel(code: number): LogLevel | undefined {
  switch (code) {
    case 2103:
    case 2105:
    case 2157:
      return "warn";
    case 2104:
    case 2106:
    case 2158:
      return "info";
    case 2107:
    case 2108:
      return "debug";
    default:
      return undefined;
  }
}

/** Codes 2100-2999 and a few others are warnings, never a failed request (IBApiNext's rule). */
export function isWarningCode(code: number): boolean {
  return (code >= 2100 && code <= 2999) || code === 10167 || code === 10090 || code === 399 || code === 492;
}
