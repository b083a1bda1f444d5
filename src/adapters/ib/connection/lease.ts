/** How a client gets (and gives back) its shared connection (the factories implement it). */
import type { IBConnection } from "./connection.js";

export interface ConnectionLease {
  /** Resolves once the connection is ready (a managed gateway is started first when configured). */
  acquire(): Promise<IBConnection>;
  /** Gives the connection back; the last holder closes it (and stops its managed gateway). */
  release(): Promise<void>;
}
