/** The IB factory key and its client config schemas, for the config layer's registry. */
import type { ClientSchemas } from "../../config/schemas/node.js";
import { InteractiveBrokersDataClientConfigSchema, InteractiveBrokersExecClientConfigSchema } from "./config.js";

export const IB_FACTORY_KEY = "IB";

export const ibClientSchemas: ClientSchemas = {
  data: InteractiveBrokersDataClientConfigSchema,
  exec: InteractiveBrokersExecClientConfigSchema,
};
