/**
 * The tick-to-trade bench's measuring process (forked by tick-to-trade.bench.ts with the node's V8
 * run flags): measures floor and node, sends the figures to its parent, and exits.
 */
import { measureTickToTrade } from "./tick-to-trade.bench.js";

const figures = await measureTickToTrade();
process.send?.(figures, () => process.exit(0));
