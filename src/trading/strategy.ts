/**
 * Strategy: an Actor that trades (Nautilus `Strategy`).
 *
 * Entry points: subclass with a static `configSchema` (strategyConfigSchema({...})) and override
 * the data handlers and the order / position handlers (onOrderFilled, onPositionOpened...,
 * onOrderEvent, onPositionEvent); trade with `orderFactory` and submitOrder / submitOrderList /
 * modifyOrder / cancelOrder / cancelOrders / cancelAllOrders / closePosition / closeAllPositions /
 * marketExit (outcome in onMarketExit).
 *
 * Invariants:
 * - id: config.strategyId, else `{ClassName}-{orderIdTag ?? "000"}`; it is the component id.
 * - Every command goes to `RiskEngine.execute` (which forwards what it does not check). A
 *   submitted order is added to the cache first (so a duplicate is caught even while commands are
 *   queued or throttled) and its OrderInitialized is published on `events.order.{id}`.
 * - A duplicate ClientOrderId or OrderListId is denied here, as in Nautilus: the new order object
 *   gets OrderDenied locally and onOrderDenied; the cached order with that id is left untouched.
 * - Order and position events arrive on `events.order.{id}` / `events.position.{id}` and reach the
 *   handlers only while RUNNING, each measured and guarded (handler.ts).
 * - manageStop: stop() while exposed runs a market exit first and stops when it ends.
 */
import type { z } from "zod";
import type { ModifyOrder, SubmitOrder, SubmitOrderList, TradingCommand } from "../execution/messages.js";
import type { StrategyExecOptions } from "../execution/config.js";
import { nextComponentState } from "../common/component.js";
import { Endpoints, Topics } from "../common/topics.js";
import { OrderSide, OmsType, TimeInForce, closingSide } from "../model/enums.js";
import { OrderEvents, type OrderEvent, type PositionEvent } from "../model/events.js";
import * as E from "../model/events.js";
import { InstrumentId, StrategyId, type ClientId, type PositionId } from "../model/identifiers.js";
import type { Order, OrderList } from "../model/orders/index.js";
import type { Position } from "../model/position.js";
import type { Price, Quantity } from "../model/values.js";
import { Actor, type ActorDeps } from "./actor.js";
import { StrategyConfigSchema, type StrategyConfig } from "./config.js";
import { MarketExit, type MarketExitResult } from "./market-exit.js";
import { OrderFactory } from "./order-factory.js";
import { dispatchOrderEvent, dispatchPositionEvent, type OrderEventHandlers, type PositionEventHandlers } from "./strategy-events.js";

export interface SubmitOptions {
  /** HEDGING: the position the order trades; NETTING: `{instrument}-{strategy}` or nothing. */
  readonly positionId?: PositionId;
  readonly clientId?: ClientId;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface ModifyParams {
  readonly quantity?: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
}

export interface CloseOptions {
  readonly clientId?: ClientId;
  readonly timeInForce?: TimeInForce;
  /** Default true. */
  readonly reduceOnly?: boolean;
  readonly tags?: readonly string[];
}

/** `config.strategyId`, else `{ClassName}-{orderIdTag ?? "000"}` (validated as a StrategyId). */
export function strategyIdFor(className: string, config: Pick<StrategyConfig, "strategyId" | "orderIdTag">): StrategyId {
  return StrategyId(config.strategyId ?? `${className}-${config.orderIdTag ?? "000"}`);
}

export abstract class Strategy<C extends StrategyConfig = StrategyConfig> extends Actor<C> implements OrderEventHandlers, PositionEventHandlers {
  static override configSchema: z.ZodType = StrategyConfigSchema;

  readonly id: StrategyId;
  readonly orderFactory: OrderFactory;
  private readonly exit: MarketExit;
  private stopAfterExit = false;
  /** `events.order.{id}`, built once: a topic built per publish is a new string to hash per order. */
  private readonly orderTopic: string;

  constructor(config: C, deps: ActorDeps) {
    super(config, deps, strategyIdFor(new.target.name, config));
    this.id = this.componentId as StrategyId;
    this.orderFactory = new OrderFactory({
      traderId: deps.traderId,
      strategyId: this.id,
      clock: this.clock,
      uuid: this.uuid,
      useUuidClientOrderIds: config.useUuidClientOrderIds,
      useHyphensInClientOrderIds: config.useHyphensInClientOrderIds,
    });
    // After a restart the cache holds this strategy's earlier orders: keep counting after them.
    this.orderFactory.setClientOrderIdCount(this.cache.ordersTotalCount({ strategyId: this.id }));
    this.orderFactory.setOrderListIdCount(this.cache.orderLists({ strategyId: this.id }).length);
    this.exit = new MarketExit({
      strategyId: this.id,
      cache: this.cache,
      config,
      log: this.log,
      cancelAllOrders: (id) => this.cancelAllOrders(id),
      closeAllPositions: (id, options) => this.closeAllPositions(id, undefined, options),
      setTimer: (name, intervalNs, cb) => this.setTimer(name, intervalNs, cb),
      cancelTimer: (name) => this.cancelTimer(name),
      finished: (result) => this.marketExitFinished(result),
    });
    this.orderTopic = Topics.orderEvents(this.id);
    this.subscribeTopic(this.orderTopic, this.handleOrderEvent);
    this.subscribeTopic(Topics.positionEvents(this.id), this.handlePositionEvent);
  }

  /** What the ExecEngine must know about this strategy (registered by the Trader). */
  execOptions(): StrategyExecOptions {
    return {
      manageContingentOrders: this.config.manageContingentOrders,
      manageGtdExpiry: this.config.manageGtdExpiry,
      omsType: this.config.omsType === undefined ? undefined : OmsType[this.config.omsType],
      externalOrderClaims: this.config.externalOrderClaims?.map((id) => InstrumentId(id)),
    };
  }

  get isExiting(): boolean {
    return this.exit.isExiting;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /**
   * Starts the strategy. Its id counters first catch up with the cache: startup reconciliation
   * (after the strategy was built) may have adopted orders an earlier run of it placed, and a new
   * id must not repeat one of theirs (a restart within the same second would reuse `...-1`).
   */
  override start(): void {
    const orders = this.cache.ordersTotalCount({ strategyId: this.id });
    if (orders > this.orderFactory.clientOrderIdCount) this.orderFactory.setClientOrderIdCount(orders);
    const lists = this.cache.orderLists({ strategyId: this.id }).length;
    if (lists > this.orderFactory.orderListIdCount) this.orderFactory.setOrderListIdCount(lists);
    super.start();
  }

  override stop(): void {
    if (this.config.manageStop && this.isRunning) {
      if (this.exit.isExiting || this.hasExposure()) {
        this.stopAfterExit = true;
        if (!this.exit.isExiting) this.marketExit();
        return;
      }
    }
    super.stop();
    if (!this.isRunning) this.exit.cancel(); // stopped: its timers are gone, and so is any exit
  }

  override reset(): void {
    if (nextComponentState(this.state, "RESET") !== undefined) {
      this.exit.cancel();
      this.stopAfterExit = false;
    }
    super.reset();
  }

  override dispose(): void {
    if (nextComponentState(this.state, "DISPOSE") !== undefined) this.exit.cancel();
    super.dispose();
  }

  // ---- orders --------------------------------------------------------------------------------

  submitOrder(order: Order, options: SubmitOptions = {}): void {
    this.checkOwn(order);
    if (this.cache.orderExists(order.clientOrderId)) {
      this.denyLocally(order, `Duplicate ClientOrderId ${order.clientOrderId}`);
      return;
    }
    this.cache.addOrder(order, options.positionId, options.clientId);
    this.bus.publish(this.orderTopic, order.initEvent);
    // One literal with commandBase's fields first (a spread of commandBase() costs microseconds per order).
    const command: SubmitOrder = {
      traderId: this.traderIdValue,
      strategyId: this.id,
      clientId: options.clientId,
      commandId: this.uuid(),
      tsInit: this.clock.timestampNs(),
      params: options.params,
      type: "SubmitOrder",
      instrumentId: order.instrumentId,
      order,
      positionId: options.positionId,
    };
    this.send(command);
  }

  submitOrderList(list: OrderList, options: SubmitOptions = {}): void {
    for (const order of list.orders) this.checkOwn(order);
    const duplicate = this.cache.orderListExists(list.id)
      ? `Duplicate OrderListId ${list.id}`
      : list.orders.find((o) => this.cache.orderExists(o.clientOrderId)) !== undefined
        ? `Duplicate ClientOrderId in order list ${list.id}`
        : undefined;
    if (duplicate !== undefined) {
      for (const order of list.orders) this.denyLocally(order, duplicate);
      return;
    }
    this.cache.addOrderList(list);
    for (const order of list.orders) {
      this.cache.addOrder(order, options.positionId, options.clientId);
      this.bus.publish(this.orderTopic, order.initEvent);
    }
    const command: SubmitOrderList = { ...this.commandBase(options.clientId, options.params), type: "SubmitOrderList", instrumentId: list.instrumentId, orderList: list, positionId: options.positionId };
    this.send(command);
  }

  /** Changes quantity, price or trigger of a working order (nothing to change: logged, not sent). */
  modifyOrder(order: Order, change: ModifyParams, clientId?: ClientId): void {
    if (order.isClosed() || order.isPendingCancel()) {
      this.log.warn({ clientOrderId: order.clientOrderId, status: order.status }, `Cannot modify ${order.clientOrderId}: order is ${order.status}`);
      return;
    }
    const differs =
      (change.quantity !== undefined && !change.quantity.eq(order.quantity)) ||
      (change.price !== undefined && (order.price === undefined || !change.price.eq(order.price))) ||
      (change.triggerPrice !== undefined && (order.triggerPrice === undefined || !change.triggerPrice.eq(order.triggerPrice)));
    if (!differs) {
      this.log.error({ clientOrderId: order.clientOrderId }, `Cannot modify ${order.clientOrderId}: no quantity, price or trigger price differs`);
      return;
    }
    const command: ModifyOrder = {
      ...this.commandBase(clientId ?? this.cache.clientId(order.clientOrderId)),
      type: "ModifyOrder",
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      quantity: change.quantity,
      price: change.price,
      triggerPrice: change.triggerPrice,
    };
    this.send(command);
  }

  cancelOrder(order: Order, clientId?: ClientId): void {
    if (order.isClosed() || order.isPendingCancel()) {
      this.log.warn({ clientOrderId: order.clientOrderId, status: order.status }, `Cannot cancel ${order.clientOrderId}: order is ${order.status}`);
      return;
    }
    this.send({
      ...this.commandBase(clientId ?? this.cache.clientId(order.clientOrderId)),
      type: "CancelOrder",
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
    });
  }

  cancelOrders(orders: readonly Order[], clientId?: ClientId): void {
    for (const order of orders) this.cancelOrder(order, clientId);
  }

  /** Cancels this strategy's open and in-flight orders on `instrumentId` (one side, or both). */
  cancelAllOrders(instrumentId: InstrumentId, side: OrderSide = OrderSide.NO_ORDER_SIDE, clientId?: ClientId): void {
    const filter = { strategyId: this.id, instrumentId, ...(side === OrderSide.NO_ORDER_SIDE ? {} : { side }) };
    if (this.cache.ordersOpenCount(filter) + this.cache.ordersInflightCount(filter) === 0) {
      this.log.info({ instrumentId, side }, `No open or in-flight ${instrumentId} orders to cancel`);
      return;
    }
    this.send({ ...this.commandBase(clientId), type: "CancelAllOrders", instrumentId, orderSide: side });
  }

  /** Closes `position` with a MARKET order (reduce-only by default). */
  closePosition(position: Position, options: CloseOptions = {}): void {
    if (position.strategyId !== this.id) {
      this.log.error({ positionId: position.id, owner: position.strategyId }, `Cannot close ${position.id}: it belongs to ${position.strategyId}`);
      return;
    }
    if (position.isClosed()) {
      this.log.warn({ positionId: position.id }, `Cannot close ${position.id}: already closed`);
      return;
    }
    const order = this.orderFactory.market({
      instrumentId: position.instrumentId,
      side: closingSide(position.side),
      quantity: position.quantity,
      timeInForce: options.timeInForce ?? TimeInForce.GTC,
      reduceOnly: options.reduceOnly ?? true,
      tags: options.tags,
    });
    this.submitOrder(order, { positionId: position.id, clientId: options.clientId });
  }

  /** Closes every open position of this strategy (on one instrument, one side, when given). */
  closeAllPositions(instrumentId?: InstrumentId, side?: "LONG" | "SHORT", options: CloseOptions = {}): void {
    const positions = this.cache.positionsOpen({ strategyId: this.id, ...(instrumentId === undefined ? {} : { instrumentId }) });
    const selected = side === undefined ? positions : positions.filter((p) => p.side === side);
    if (selected.length === 0) this.log.info({ instrumentId, side }, "No open positions to close");
    for (const position of selected) this.closePosition(position, options);
  }

  /** Cancels every order and closes every position, retried until flat or out of attempts. */
  marketExit(): void {
    this.exit.start();
  }

  // ---- handlers (override) -------------------------------------------------------------------

  onOrderInitialized(_e: E.OrderInitialized): void {}
  onOrderDenied(_e: E.OrderDenied): void {}
  onOrderEmulated(_e: E.OrderEmulated): void {}
  onOrderReleased(_e: E.OrderReleased): void {}
  onOrderSubmitted(_e: E.OrderSubmitted): void {}
  onOrderAccepted(_e: E.OrderAccepted): void {}
  onOrderRejected(_e: E.OrderRejected): void {}
  onOrderCanceled(_e: E.OrderCanceled): void {}
  onOrderExpired(_e: E.OrderExpired): void {}
  onOrderTriggered(_e: E.OrderTriggered): void {}
  onOrderPendingUpdate(_e: E.OrderPendingUpdate): void {}
  onOrderPendingCancel(_e: E.OrderPendingCancel): void {}
  onOrderModifyRejected(_e: E.OrderModifyRejected): void {}
  onOrderCancelRejected(_e: E.OrderCancelRejected): void {}
  onOrderUpdated(_e: E.OrderUpdated): void {}
  onOrderFilled(_e: E.OrderFilled): void {}
  onOrderEvent(_e: OrderEvent): void {}
  onPositionOpened(_e: E.PositionOpened): void {}
  onPositionChanged(_e: E.PositionChanged): void {}
  onPositionClosed(_e: E.PositionClosed): void {}
  onPositionEvent(_e: PositionEvent): void {}
  /** Called when a market exit ends (completed or out of attempts). */
  onMarketExit(_result: MarketExitResult): void {}

  // ---- internals -----------------------------------------------------------------------------

  /**
   * Calls one event handler, measured and guarded, unless the strategy left it at the base class'
   * no-op: an order event reaches three handlers (specific, category, onEvent), and timing and
   * guarding empty ones cost more than anything else on the way of OrderInitialized, which is
   * published on the order path before the command goes to risk. Checked per call, so a handler
   * assigned on the instance later is called.
   */
  private readonly callHandler = (name: string, event: unknown, fn: () => void): void => {
    if ((this as unknown as Record<string, unknown>)[name] === (Strategy.prototype as unknown as Record<string, unknown>)[name]) return;
    this.guard.call(name, event, fn);
  };

  private readonly handleOrderEvent = (event: OrderEvent): void => {
    if (this.config.logEvents) this.logEvent(event);
    if (!this.isRunning) return;
    dispatchOrderEvent(this, event, this.callHandler);
  };

  private readonly handlePositionEvent = (event: PositionEvent): void => {
    if (this.config.logEvents) this.log.info({ event: event.type, positionId: event.positionId }, `[EVT] ${event.type} ${event.positionId}`);
    if (!this.isRunning) return;
    dispatchPositionEvent(this, event, this.callHandler);
  };

  private logEvent(event: OrderEvent): void {
    const fields = { event: event.type, clientOrderId: event.clientOrderId };
    const msg = `[EVT] ${event.type} ${event.clientOrderId}${"reason" in event ? `: ${event.reason}` : ""}`;
    const postOnlyInfo = event.type === "OrderRejected" && event.dueToPostOnly && !this.config.logRejectedDuePostOnlyAsWarning;
    const warn = !postOnlyInfo && (event.type === "OrderDenied" || event.type === "OrderRejected" || event.type === "OrderModifyRejected" || event.type === "OrderCancelRejected");
    if (warn) this.log.warn(fields, msg);
    else this.log.info(fields, msg);
  }

  private commandBase(clientId: ClientId | undefined, params?: Readonly<Record<string, unknown>>) {
    return { traderId: this.traderIdValue, strategyId: this.id, clientId, commandId: this.uuid(), tsInit: this.clock.timestampNs(), params };
  }

  private send(command: TradingCommand): void {
    if (this.config.logCommands) this.log.info({ command: command.type }, `[CMD] ${command.type}`);
    this.bus.send(Endpoints.RiskEngineExecute, command);
  }

  private checkOwn(order: Order): void {
    if (order.strategyId !== this.id) throw new Error(`${this.id} cannot submit order ${order.clientOrderId} of strategy ${order.strategyId}`);
  }

  /** Denies an order object that never reached the cache; the cached order with that id is untouched. */
  private denyLocally(order: Order, reason: string): void {
    this.log.error({ clientOrderId: order.clientOrderId, reason }, `SubmitOrder DENIED: ${reason}`);
    if (this.cache.order(order.clientOrderId) === order || order.status !== "INITIALIZED") return;
    const ts = this.clock.timestampNs();
    const denied = OrderEvents.denied(order, reason, { eventId: this.uuid(), tsEvent: ts, tsInit: ts });
    order.apply(denied);
    if (this.isRunning) dispatchOrderEvent(this, denied, this.callHandler);
  }

  private hasExposure(): boolean {
    const filter = { strategyId: this.id };
    return this.cache.ordersOpenCount(filter) + this.cache.ordersInflightCount(filter) + this.cache.positionsOpenCount(filter) > 0;
  }

  private marketExitFinished(result: MarketExitResult): void {
    this.guard.call("onMarketExit", { type: "MarketExit" }, () => this.onMarketExit(result));
    if (!this.stopAfterExit) return;
    this.stopAfterExit = false;
    super.stop();
  }
}
