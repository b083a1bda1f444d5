/**
 * The node's default startup reconciliation hook: every exec client must produce its mass status
 * (orders, fills, positions) within timeoutReconciliation, or the node does not trade. Applying the
 * reports to the cache is the reconciliation engine's (src/execution/reconciliation), which replaces
 * this hook when present; this one proves each venue answers and logs what it reported.
 */
import type { Logger } from "../common/logger.js";
import type { ExecutionClient } from "../execution/client.js";
import type { StartupReconciler } from "./clients.js";

export class MassStatusReconciler implements StartupReconciler {
  readonly #logger: Logger;
  readonly #lookbackMins: number | undefined;

  constructor(options: { logger: Logger; lookbackMins: number | undefined }) {
    this.#logger = options.logger;
    this.#lookbackMins = options.lookbackMins;
  }

  async reconcile(execClients: readonly ExecutionClient[]): Promise<boolean> {
    const statuses = await Promise.all(execClients.map((c) => c.generateMassStatus(this.#lookbackMins || undefined)));
    statuses.forEach((status, i) => {
      const fills = [...status.fillReports.values()].reduce((n, list) => n + list.length, 0);
      this.#logger.info(
        { clientId: String(execClients[i]?.clientId), orders: status.orderReports.size, fills, positions: status.positionReports.size },
        "mass status received",
      );
    });
    return true;
  }
}
