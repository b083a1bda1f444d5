/** The simulated gateway's TCP server (sessions, handshake, dispatch, routing, connection faults). */
export { GatewayServer, type GatewayOptions, type SessionInfo } from "./gateway.js";
export { SYSTEM_MESSAGES, SYSTEM_CODES, isSystemCode, type SystemCode } from "./system-messages.js";
export { formatZoned, isValidTimeZone, parseClientDateTime } from "./time-format.js";
