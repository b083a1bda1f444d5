/** The built-in client factories the CLI registers on every node: Interactive Brokers under "IB". */
import { InteractiveBrokersDataClientFactory, InteractiveBrokersExecClientFactory } from "../adapters/ib/factories.js";
import { IB_FACTORY_KEY } from "../adapters/ib/schemas.js";
import type { TradingNode } from "../live/node.js";

export function registerBuiltinFactories(node: TradingNode): void {
  node.addDataClientFactory(IB_FACTORY_KEY, InteractiveBrokersDataClientFactory);
  node.addExecClientFactory(IB_FACTORY_KEY, InteractiveBrokersExecClientFactory);
}
