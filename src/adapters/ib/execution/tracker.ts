/**
 * The exec client's book of the orders it placed or adopted: identity (clientOrderId from
 * orderRef, venueOrderId = permId) and the session-scoped IB orderId needed to modify or cancel.
 *
 * Invariants: an order is found by clientOrderId, by permId, or by its orderId in the CURRENT
 * session only (`newSession()` forgets orderIds: a restarted gateway can reissue them). A closed
 * order stays until the cache purges it (`forget`). The `deferred` queue keeps an order's status
 * events behind its fills still waiting for their commission report, so a fill is never applied
 * after the cancel that followed it.
 */
import type { Contract, Order as IbOrder } from "@stoqey/ib";
import type { Currency } from "../../../model/currency.js";
import type { OrderRef } from "../../../model/events.js";
import type { ClientOrderId } from "../../../model/identifiers.js";
import type { OrderType } from "../../../model/enums.js";
import type { OrderFields } from "../parsing/orders.js";

export interface TrackedOrder {
  readonly ref: OrderRef;
  readonly fields: OrderFields;
  readonly orderType: OrderType;
  readonly contract: Contract;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly currency: Currency;
  ibOrder: IbOrder;
  orderId: number;
  permId: number | undefined;
  accepted: boolean;
  closed: boolean;
  pendingModify: boolean;
  pendingCancel: boolean;
  pendingFills: number;
  readonly deferred: (() => void)[];
  lastError: string | undefined;
}

export class OrderTracker {
  readonly #byClientOrderId = new Map<string, TrackedOrder>();
  readonly #byPermId = new Map<number, TrackedOrder>();
  #byOrderId = new Map<number, TrackedOrder>();

  add(t: TrackedOrder): void {
    this.#byClientOrderId.set(t.ref.clientOrderId, t);
    this.#byOrderId.set(t.orderId, t);
    if (t.permId !== undefined) this.#byPermId.set(t.permId, t);
  }

  get(clientOrderId: ClientOrderId | string): TrackedOrder | undefined {
    return this.#byClientOrderId.get(clientOrderId);
  }

  byPermId(permId: number | undefined): TrackedOrder | undefined {
    return permId === undefined || permId === 0 ? undefined : this.#byPermId.get(permId);
  }

  byOrderId(orderId: number): TrackedOrder | undefined {
    return this.#byOrderId.get(orderId);
  }

  /** The order an IB message is about: orderRef first, then permId, then this session's orderId. */
  find(orderRef: string | undefined, permId: number | undefined, orderId: number | undefined): TrackedOrder | undefined {
    const t = (orderRef ? this.get(orderRef) : undefined) ?? this.byPermId(permId) ?? (orderId ? this.byOrderId(orderId) : undefined);
    if (t !== undefined) this.#learn(t, permId, orderId);
    return t;
  }

  #learn(t: TrackedOrder, permId: number | undefined, orderId: number | undefined): void {
    if (permId !== undefined && permId !== 0 && t.permId !== permId) {
      t.permId = permId;
      this.#byPermId.set(permId, t);
    }
    if (orderId !== undefined && orderId !== 0 && t.orderId !== orderId) {
      t.orderId = orderId;
      this.#byOrderId.set(orderId, t);
    }
  }

  /**
   * Drops a closed order (the cache purged it). IB's later messages about it are then ignored, as
   * for any order this client did not place. An order still open here is kept: false.
   */
  forget(clientOrderId: ClientOrderId | string): boolean {
    const t = this.#byClientOrderId.get(clientOrderId);
    if (t === undefined || !t.closed) return false;
    this.#byClientOrderId.delete(clientOrderId);
    if (t.permId !== undefined && this.#byPermId.get(t.permId) === t) this.#byPermId.delete(t.permId);
    if (this.#byOrderId.get(t.orderId) === t) this.#byOrderId.delete(t.orderId);
    return true;
  }

  get size(): number {
    return this.#byClientOrderId.size;
  }

  /** A new IB session: orderIds of the old one mean nothing until IB re-announces them. */
  newSession(): void {
    this.#byOrderId = new Map();
  }

  open(): TrackedOrder[] {
    return [...this.#byClientOrderId.values()].filter((t) => !t.closed);
  }
}
