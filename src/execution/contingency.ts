/**
 * Contingent order management for strategies with `manageContingentOrders` (Nautilus'
 * `OrderManager`): the engine, not the venue, enforces OTO / OCO / OUO links.
 *
 * Entry points (called by the ExecEngine): `holdChildren(SubmitOrderList)`, `holdIfChild(order,
 * SubmitOrder)`, `onEvent(order, event)`, `forget(id)`.
 * Rules:
 * - OTO: a child (parentOrderId -> an OTO parent) is HELD locally (stays INITIALIZED, not sent)
 *   until its parent fills. On each parent fill, held children take the parent's filled quantity
 *   (local OrderUpdated) and are released (SubmitOrder straight to the engine: the list already
 *   passed the risk checks); working children are modified to that quantity. A parent that closes
 *   (canceled, expired, rejected, denied) without any fill cancels its children.
 * - OCO: the first fill, or a cancel / expiry / rejection / denial, of one order cancels its
 *   linked siblings (a close never cancels a sibling that has already started filling).
 * - OUO: a partial fill reduces each sibling's quantity to its own filled quantity plus the
 *   order's leaves quantity; a full fill or a close cancels the siblings.
 * Held orders are canceled locally (OrderCanceled from INITIALIZED); working ones get a CancelOrder
 * or ModifyOrder. Commands and local events are applied immediately, inside the current event.
 */
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { UuidFactory } from "../common/uuid.js";
import { ContingencyType, OrderStatus } from "../model/enums.js";
import { OrderEvents, type OrderEvent } from "../model/events.js";
import type { ClientId, ClientOrderId, PositionId, TraderId } from "../model/identifiers.js";
import { OrderList, type Order } from "../model/orders/index.js";
import type { Quantity } from "../model/values.js";
import type { SubmitOrder, SubmitOrderList, TradingCommand } from "./messages.js";

export interface ContingencyDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly uuid: UuidFactory;
  readonly traderId: TraderId;
  readonly execute: (command: TradingCommand) => void;
  readonly process: (event: OrderEvent) => void;
}

interface HeldSubmit {
  readonly clientId: ClientId | undefined;
  readonly positionId: PositionId | undefined;
}

export class ContingencyManager {
  private readonly held = new Map<ClientOrderId, HeldSubmit>();

  constructor(private readonly deps: ContingencyDeps) {}

  isHeld(clientOrderId: ClientOrderId): boolean {
    return this.held.has(clientOrderId);
  }

  heldCount(): number {
    return this.held.size;
  }

  forget(clientOrderId: ClientOrderId): void {
    this.held.delete(clientOrderId);
  }

  /** Holds the list's unreleased OTO children; returns what to send now (undefined: nothing). */
  holdChildren(command: SubmitOrderList): SubmitOrderList | undefined {
    const send: Order[] = [];
    for (const order of command.orderList.orders) {
      if (this.awaitsParent(order)) this.hold(order, command);
      else send.push(order);
    }
    if (send.length === command.orderList.orders.length) return command;
    if (send.length === 0) return undefined;
    const list = command.orderList;
    return { ...command, orderList: new OrderList(list.id, send, list.tsInit) };
  }

  /** Holds a single submitted child whose OTO parent has not filled yet. */
  holdIfChild(order: Order, command: SubmitOrder): boolean {
    if (!this.awaitsParent(order)) return false;
    this.hold(order, command);
    return true;
  }

  onEvent(order: Order, event: OrderEvent): void {
    switch (event.type) {
      case "OrderFilled":
        return this.onFill(order);
      case "OrderCanceled":
      case "OrderExpired":
      case "OrderRejected":
      case "OrderDenied":
        return this.onClosedWithoutFill(order);
      default:
        return;
    }
  }

  private awaitsParent(order: Order): boolean {
    if (order.parentOrderId === undefined) return false;
    const parent = this.deps.cache.order(order.parentOrderId);
    return parent !== undefined && parent.contingencyType === ContingencyType.OTO && parent.filledQty.isZero() && !parent.isClosed();
  }

  private hold(order: Order, command: SubmitOrder | SubmitOrderList): void {
    this.held.set(order.clientOrderId, { clientId: command.clientId, positionId: command.positionId });
    this.deps.log.info({ clientOrderId: order.clientOrderId, parent: order.parentOrderId }, `Holding ${order.clientOrderId} until its OTO parent fills`);
  }

  private onFill(order: Order): void {
    switch (order.contingencyType) {
      case ContingencyType.OTO:
        return this.releaseChildren(order);
      case ContingencyType.OCO:
        return this.cancelLinked(order);
      case ContingencyType.OUO:
        return order.isClosed() ? this.cancelLinked(order) : this.reduceLinked(order);
      default:
        return;
    }
  }

  /**
   * A linked order that is already filling is the one executing: a sibling's close (often our own
   * cancel after that fill) must not cancel it back.
   */
  private onClosedWithoutFill(order: Order): void {
    if (!order.isClosed()) return;
    if (order.contingencyType === ContingencyType.OTO && order.filledQty.isZero()) this.cancelLinked(order);
    if (order.contingencyType === ContingencyType.OCO || order.contingencyType === ContingencyType.OUO) {
      for (const other of this.linked(order)) if (other.filledQty.isZero()) this.cancel(other, order);
    }
  }

  private linked(order: Order): Order[] {
    const out: Order[] = [];
    for (const id of order.linkedOrderIds) {
      const other = this.deps.cache.order(id);
      if (other !== undefined && !other.isClosed()) out.push(other);
    }
    return out;
  }

  /** OTO parent filled (partly or fully): children follow the parent's filled quantity. */
  private releaseChildren(parent: Order): void {
    const target = parent.filledQty;
    for (const child of this.linked(parent)) {
      const held = this.held.get(child.clientOrderId);
      if (held !== undefined) {
        if (!child.quantity.eq(target)) this.updateLocally(child, target);
        this.held.delete(child.clientOrderId);
        this.deps.log.info({ clientOrderId: child.clientOrderId, quantity: target.toString() }, `Releasing ${child.clientOrderId}: OTO parent ${parent.clientOrderId} filled`);
        this.deps.execute(this.submit(child, held, parent.positionId));
      } else if (!child.quantity.eq(target)) {
        this.modifyQuantity(child, target);
      }
    }
  }

  private reduceLinked(order: Order): void {
    for (const sibling of this.linked(order)) {
      const target = sibling.filledQty.add(order.leavesQty);
      if (!sibling.quantity.eq(target)) this.modifyQuantity(sibling, target);
    }
  }

  private cancelLinked(order: Order): void {
    for (const other of this.linked(order)) this.cancel(other, order);
  }

  private cancel(order: Order, cause: Order): void {
    this.deps.log.info({ clientOrderId: order.clientOrderId, cause: cause.clientOrderId }, `Canceling ${order.clientOrderId}: contingent on ${cause.clientOrderId}`);
    if (this.held.delete(order.clientOrderId) || order.status === OrderStatus.INITIALIZED) {
      this.deps.process(OrderEvents.canceled(order, this.meta()));
      return;
    }
    if (order.isPendingCancel()) return;
    const { commandId, tsInit } = this.ids();
    this.deps.execute({
      type: "CancelOrder",
      traderId: this.deps.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      clientId: this.deps.cache.clientId(order.clientOrderId),
      commandId,
      tsInit,
    });
  }

  private modifyQuantity(order: Order, quantity: Quantity): void {
    if (this.held.has(order.clientOrderId) || order.status === OrderStatus.INITIALIZED) {
      this.updateLocally(order, quantity);
      return;
    }
    if (order.isPendingCancel()) return;
    const { commandId, tsInit } = this.ids();
    this.deps.execute({
      type: "ModifyOrder",
      traderId: this.deps.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      quantity,
      clientId: this.deps.cache.clientId(order.clientOrderId),
      commandId,
      tsInit,
    });
  }

  private updateLocally(order: Order, quantity: Quantity): void {
    this.deps.process(OrderEvents.updated(order, { quantity, price: order.price, triggerPrice: order.triggerPrice }, this.meta()));
  }

  private submit(order: Order, held: HeldSubmit, parentPositionId: PositionId | undefined): SubmitOrder {
    const { commandId, tsInit } = this.ids();
    return {
      type: "SubmitOrder",
      traderId: this.deps.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      order,
      positionId: held.positionId ?? parentPositionId,
      clientId: held.clientId,
      commandId,
      tsInit,
    };
  }

  private ids(): { commandId: string; tsInit: bigint } {
    return { commandId: this.deps.uuid(), tsInit: this.deps.clock.timestampNs() };
  }

  private meta(): { eventId: string; tsEvent: bigint; tsInit: bigint } {
    const ts = this.deps.clock.timestampNs();
    return { eventId: this.deps.uuid(), tsEvent: ts, tsInit: ts };
  }
}
