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

/** One order's last activity, updated in place (a new time costs no map write). */
interface Stamp {
  ns: bigint;
}

export class LocalActivity {
  private readonly lastNs = new Map<ClientOrderId, Stamp>();
  // The last order recorded and its stamp: an order's events and commands come in runs, so most
  // records find their order here without a lookup in the (large) map, and a live clock's newer
  // time is written into the stamp, not into the map.
  private memoId: ClientOrderId | undefined;
  private memoStamp: Stamp | undefined;

  record(clientOrderId: ClientOrderId, tsNs: bigint): void {
    let stamp = clientOrderId === this.memoId ? this.memoStamp : undefined;
    if (stamp === undefined) {
      stamp = this.lastNs.get(clientOrderId);
      if (stamp === undefined) {
        this.lastNs.set(clientOrderId, (stamp = { ns: tsNs }));
      }
      this.memoId = clientOrderId;
      this.memoStamp = stamp;
    }
    if (tsNs > stamp.ns) stamp.ns = tsNs;
  }

  /** The last local activity (UTC ns), or undefined when the order was never touched here. */
  get(clientOrderId: ClientOrderId): bigint | undefined {
    return this.lastNs.get(clientOrderId)?.ns;
  }

  forget(clientOrderId: ClientOrderId): void {
    this.lastNs.delete(clientOrderId);
    if (clientOrderId === this.memoId) {
      this.memoId = undefined;
      this.memoStamp = undefined;
    }
  }

  clear(): void {
    this.lastNs.clear();
    this.memoId = undefined;
    this.memoStamp = undefined;
  }

  get size(): number {
    return this.lastNs.size;
  }
}
