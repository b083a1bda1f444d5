/**
 * The last local activity per client order id (Nautilus' `_order_local_activity_ns`).
 *
 * `ExecEngine.process()` records the receipt time of every order event here (and command
 * handling records submissions, modifies and cancels), so reconciliation can tell an order that
 * is merely quiet at the venue from one the node touched a moment ago and must not be resolved yet.
 *
 * Entry points: `record(id, tsNs)`, `get(id)`, `forget(id)` (on purge), `size`.
 * Invariant: a recorded time never moves backwards (a late, older event does not hide a newer one).
 */
import type { ClientOrderId } from "../model/identifiers.js";

export class LocalActivity {
  private readonly lastNs = new Map<ClientOrderId, bigint>();
  // The last order recorded and its stored time: an order's events and commands come in runs, so
  // most records find their order here without a lookup in the (large) map.
  private memoId: ClientOrderId | undefined;
  private memoNs = 0n;

  record(clientOrderId: ClientOrderId, tsNs: bigint): void {
    if (clientOrderId === this.memoId) {
      if (tsNs > this.memoNs) {
        this.lastNs.set(clientOrderId, tsNs);
        this.memoNs = tsNs;
      }
      return;
    }
    const prev = this.lastNs.get(clientOrderId);
    const next = prev === undefined || tsNs > prev ? tsNs : prev;
    if (next !== prev) this.lastNs.set(clientOrderId, next);
    this.memoId = clientOrderId;
    this.memoNs = next;
  }

  /** The last local activity (UTC ns), or undefined when the order was never touched here. */
  get(clientOrderId: ClientOrderId): bigint | undefined {
    return this.lastNs.get(clientOrderId);
  }

  forget(clientOrderId: ClientOrderId): void {
    this.lastNs.delete(clientOrderId);
    if (clientOrderId === this.memoId) this.memoId = undefined;
  }

  clear(): void {
    this.lastNs.clear();
    this.memoId = undefined;
  }

  get size(): number {
    return this.lastNs.size;
  }
}
