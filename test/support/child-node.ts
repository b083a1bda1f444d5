// The body of a node run in its own process by the SIGKILL scenarios: the real TradingNode with
// the built-in factories, logging at WARNING; prints "NODE RUNNING" once trading (the parent
// waits for it), then runs until stopped or killed.
import type { TradingNodeConfig } from "../../src/config/schemas/node.js";
import { registerBuiltinFactories } from "../../src/cli/builtin.js";
import { TradingNode } from "../../src/live/node.js";

export async function runChildNode(config: TradingNodeConfig): Promise<void> {
  const node = await TradingNode.create({ ...config, logging: { ...config.logging, logLevel: "WARNING" } }, { executorThreads: 1 });
  registerBuiltinFactories(node);
  node.build();
  await node.run();
  process.stderr.write("NODE RUNNING\n");
  await node.stopped;
  await node.dispose();
}
