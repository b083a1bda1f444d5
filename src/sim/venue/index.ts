/**
 * The venue module's public surface: the protocol-free API types, SimVenue, state files.
 */
export * from "./api.js";
export { SimVenue, DEFAULT_VENUE_OPTIONS, type VenueParams } from "./venue.js";
export { saveStateFile, loadStateFile, type StoredState } from "./state.js";
export { DEFAULT_COMMISSIONS, type CommissionTable, type CommissionSchedule } from "./commissions.js";
export type { Instrument, InstrumentSpec, WalkParams } from "./instruments.js";
export { formatZoned, formatExecTime, parseIbTime } from "./time.js";
