/** The TWS v193 codec of the simulator: framing, client-message decoders, server-message encoders. */
export * from "./framing.js";
export * from "./ids.js";
export * from "./types.js";
export * from "./reader.js";
export * from "./decode.js";
export type { PlaceOrderMsg } from "./decode-order.js";
export * from "./encode.js";
export * from "./encode-order.js";
export * from "./encode-contract.js";
export * from "./order-defaults.js";
