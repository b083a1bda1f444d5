/** The IB connection layer: shared sessions, pacing, reconnects, watchdog, time zone check. */
export { IBConnection, connectionKey, REQUEST_ID_BASE, type IBConnectionOptions, type ConnectionListener, type ConnectionState, type ReconnectCause } from "./connection.js";
export { IBConnectionRegistry, defaultConnectionRegistry } from "./registry.js";
export { OutboundPacer, DEFAULT_PACING_LIMIT, type PacedMessage } from "./pacer.js";
export { Backoff } from "./backoff.js";
export { parseConnectionTimeZone, TIMEZONE_FIX } from "./timezone.js";
export { setNoDelay, rawSocket } from "./socket.js";
export { IB_CODES, farmLogLevel, connectivityChange, isWarningCode } from "./codes.js";
export { STOQEY_MAX_REQ_PER_SEC } from "./attempt.js";
