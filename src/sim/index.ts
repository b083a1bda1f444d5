/**
 * The IB Gateway simulator's public API: the in-process `Simulator` (what tests and the CLI use),
 * the gateway server and codec for lower-level use, scenarios and venue state files.
 * It knows nothing of the node.
 */
export { SIM_LOG_COMPONENTS, Simulator, type SimulatorOptions, type Truth } from "./control/index.js";
export { GatewayServer, type GatewayOptions, type SessionInfo, SYSTEM_MESSAGES, type SystemCode } from "./server/index.js";
export { SERVER_VERSION } from "./wire/ids.js";
export {
  loadScenario, parseScenario, defaultScenario, createVenue, applyVenueFault, isConnectionFault,
  type Scenario, type ScenarioInput, type Fault, type TimelineEntry,
} from "./scenario/index.js";
export { SimVenue, saveStateFile, loadStateFile } from "./venue/index.js";
export type {
  Venue, VenueControl, VenueEvent, VenueOrder, VenueState, Execution, CommissionReport, PositionRow, AccountValue, Quote, SimContract,
} from "./venue/index.js";
