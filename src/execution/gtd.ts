/**
 * GTD expiry for strategies with `manageGtdExpiry` (Nautilus `Strategy._set_gtd_expiry`): the node
 * cancels a GTD order itself at its expire time instead of trusting the venue to.
 *
 * Entry points: `arm(order)` (on submit), `cancel(id)` (the order closed), `rearm(strategyId)`
 * (restart: every open or in-flight GTD order of the strategy), `cancelAll()` (engine stop).
 * One clock alert per order, named `GTD-EXPIRY:{clientOrderId}` (re-arming replaces it). When it
 * fires: an order still working gets a CancelOrder; one never sent (held, INITIALIZED) expires
 * locally (OrderExpired); a closed or pending-cancel order is left alone.
 */
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { UuidFactory } from "../common/uuid.js";
import { OrderStatus, TimeInForce } from "../model/enums.js";
import { OrderEvents, type OrderEvent } from "../model/events.js";
import type { ClientOrderId, StrategyId, TraderId } from "../model/identifiers.js";
import type { Order } from "../model/orders/index.js";
import type { TradingCommand } from "./messages.js";

export interface GtdDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly uuid: UuidFactory;
  readonly traderId: TraderId;
  readonly execute: (command: TradingCommand) => void;
  readonly process: (event: OrderEvent) => void;
}

export function gtdTimerName(clientOrderId: ClientOrderId): string {
  return `GTD-EXPIRY:${clientOrderId}`;
}

export class GtdExpiryManager {
  private readonly armed = new Set<ClientOrderId>();

  constructor(private readonly deps: GtdDeps) {}

  arm(order: Order): void {
    if (order.timeInForce !== TimeInForce.GTD || order.expireTime === undefined || order.isClosed()) return;
    const id = order.clientOrderId;
    this.deps.clock.setTimeAlert(gtdTimerName(id), order.expireTime, () => this.expire(id), { keepAlive: false });
    this.armed.add(id);
  }

  cancel(clientOrderId: ClientOrderId): void {
    if (!this.armed.delete(clientOrderId)) return;
    this.deps.clock.cancelTimer(gtdTimerName(clientOrderId));
  }

  rearm(strategyId: StrategyId): void {
    for (const order of [...this.deps.cache.ordersOpen({ strategyId }), ...this.deps.cache.ordersInflight({ strategyId })]) this.arm(order);
  }

  cancelAll(): void {
    for (const id of [...this.armed]) this.cancel(id);
  }

  isArmed(clientOrderId: ClientOrderId): boolean {
    return this.armed.has(clientOrderId);
  }

  private expire(clientOrderId: ClientOrderId): void {
    this.armed.delete(clientOrderId);
    const order = this.deps.cache.order(clientOrderId);
    if (order === undefined || order.isClosed() || order.isPendingCancel()) return;
    const ts = this.deps.clock.timestampNs();
    this.deps.log.info({ clientOrderId }, `GTD expiry reached for ${clientOrderId}`);
    if (order.status === OrderStatus.INITIALIZED) {
      this.deps.process(OrderEvents.expired(order, { eventId: this.deps.uuid(), tsEvent: ts, tsInit: ts }));
      return;
    }
    this.deps.execute({
      type: "CancelOrder",
      traderId: this.deps.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId,
      venueOrderId: order.venueOrderId,
      clientId: this.deps.cache.clientId(clientOrderId),
      commandId: this.deps.uuid(),
      tsInit: ts,
    });
  }
}
