/**
 * One live node per process (reference §2.3: Nautilus documents it, we enforce it). A node takes
 * the guard when constructed and releases it on dispose; a second node constructed while the first
 * holds it throws CORTANA_E_NODE_EXISTS. Nodes one after another are fine.
 */
import { CortanaError } from "../common/errors.js";

let holder: string | undefined;

export function acquireNodeGuard(nodeName: string): void {
  if (holder !== undefined) {
    throw new CortanaError(
      "CORTANA_E_NODE_EXISTS",
      `a TradingNode (${holder}) is already live in this process; dispose() it first, or run another process per node`,
    );
  }
  holder = nodeName;
}

export function releaseNodeGuard(nodeName: string): void {
  if (holder === nodeName) holder = undefined;
}

export function currentNodeHolder(): string | undefined {
  return holder;
}
