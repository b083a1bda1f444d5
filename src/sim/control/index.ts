/** The simulator facade (in-process) and its loopback HTTP control API. */
export { SIM_LOG_COMPONENTS, Simulator, type SimulatorOptions } from "./simulator.js";
export { ControlHttpServer } from "./http.js";
export { readTruth, type Truth } from "./truth.js";
