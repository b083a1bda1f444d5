/**
 * The scenario module: schema, loading with clear errors, the default scenario, createVenue, and
 * the venue-level fault applier.
 */
export { scenarioSchema, faultSchema, timelineEntrySchema, isConnectionFault, CONNECTION_FAULTS } from "./schema.js";
export type { Scenario, ScenarioInput, Fault, TimelineEntry, ConnectionFault, VenueFault, ContractRef, OrderSelector } from "./schema.js";
export { loadScenario, parseScenario } from "./load.js";
export { defaultScenario, DEFAULT_SCENARIO_INPUT, DEFAULT_ACCOUNT, SPY_CONID, ES_CONID, SPY_OPTIONS_CONID_START } from "./default.js";
export { createVenue, type CreateOptions } from "./create.js";
export { applyVenueFault } from "./faults.js";
export { resolveContractRef, selectOrder } from "./refs.js";
