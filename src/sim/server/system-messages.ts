/**
 * Texts of the connectivity and farm-status messages a gateway sends with id -1
 * (tws-protocol.md §4.2). @stoqey/ib emits them as `info`; IBApiNext treats 1100 and 2110 as a
 * disconnect.
 */
export const SYSTEM_MESSAGES = {
  1100: "Connectivity between IB and Trader Workstation has been lost.",
  1101: "Connectivity between IB and Trader Workstation has been restored - data lost.",
  1102: "Connectivity between IB and Trader Workstation has been restored - data maintained.",
  2103: "Market data farm connection is broken:usfarm",
  2104: "Market data farm connection is OK:usfarm",
  2105: "HMDS data farm connection is broken:ushmds",
  2106: "HMDS data farm connection is OK:ushmds",
  2110: "Connectivity between Trader Workstation and server is broken. It will be restored automatically.",
  2158: "Sec-def data farm connection is OK:secdefnj",
} as const;

export type SystemCode = keyof typeof SYSTEM_MESSAGES;

export const SYSTEM_CODES = Object.keys(SYSTEM_MESSAGES).map(Number) as SystemCode[];

export function isSystemCode(n: number): n is SystemCode {
  return (SYSTEM_CODES as number[]).includes(n);
}
