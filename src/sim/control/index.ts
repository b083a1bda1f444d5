/** The simulator facade (in-process) and its loopback HTTP control API. */
export { Simulator, type SimulatorOptions } from "./simulator.js";
export { ControlHttpServer } from "./http.js";
export { readTruth, type Truth } from "./truth.js";
