/**
 * RiskEngine: pre-trade checks, throttles and the trading state (reference §4, Nautilus
 * `risk/engine.pyx`).
 *
 * Entry points: endpoint `RiskEngine.execute` (or `execute(command)`), `setTradingState(state)`,
 * `setMaxNotionalPerOrder(instrumentId, value)`, `tradingState`, `maxNotionalPerOrder(id)`.
 *
 * SubmitOrder, in this order (the first failure denies):
 *   1. bypass: straight to `ExecEngine.execute`;
 *   2. reduce-only with a positionId: the position must exist and the order must only reduce it;
 *   3. the instrument must be cached;
 *   4-6. price and trigger, quantity, GTD expiry (checks.ts);
 *   7. notional and balance (notional.ts);
 *   8. trading state: HALTED denies; REDUCING denies a BUY when net long, a SELL when net short;
 *   9. the submit throttler, which drops over-limit orders: "Exceeded MAX_ORDER_SUBMIT_RATE".
 * SubmitOrderList: every instrument must exist, each order passes 4-6 against its own instrument,
 * step 7 runs over all orders with the list's instrument, step 8 for every order, and one throttle
 * slot for the list; any failure denies every order of the list.
 * ModifyOrder: missing order -> ERROR log only; closed or pending cancel, bad price / trigger /
 * quantity, HALTED, or REDUCING with a quantity increase that adds exposure -> OrderModifyRejected;
 * then the modify throttler, which rejects over-limit: "Exceeded MAX_ORDER_MODIFY_RATE".
 * Other commands pass through to `ExecEngine.execute`.
 * Denials are `OrderDenied` events (only for INITIALIZED orders) sent to `ExecEngine.process`.
 * With `debug` it also subscribes to `events.order.*` and `events.position.*` and logs them.
 */
import type { Account } from "../cache/account.js";
import type { Cache } from "../cache/cache.js";
import { Component } from "../common/component.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus } from "../common/msgbus.js";
import { Endpoints, Topics } from "../common/topics.js";
import type { UuidFactory } from "../common/uuid.js";
import type { LiveRiskEngineConfig } from "../config/schemas/engines.js";
import type { ModifyOrder, SubmitOrder, SubmitOrderList, TradingCommand } from "../execution/messages.js";
import { OrderSide, OrderStatus, TradingState } from "../model/enums.js";
import { OrderEvents } from "../model/events.js";
import { InstrumentId, type TraderId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { Order } from "../model/orders/index.js";
import { Money, type Price } from "../model/values.js";
import { checkOrderStatic, checkPrice, checkQuantity } from "./checks.js";
import type { TradingStateChanged } from "./events.js";
import { checkOrdersNotional, type NotionalContext } from "./notional.js";
import { Throttler, rateFromString } from "./throttler.js";

export type RiskEngineConfig = Pick<
  LiveRiskEngineConfig,
  "bypass" | "maxOrderSubmitRate" | "maxOrderModifyRate" | "maxNotionalPerOrder" | "debug"
>;

export interface RiskEngineOptions {
  readonly traderId: TraderId;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly logger: Logger;
  readonly uuid?: UuidFactory;
  readonly config: RiskEngineConfig;
}


type SubmitCommand = SubmitOrder | SubmitOrderList;

export class RiskEngine extends Component {
  private readonly cache: Cache;
  private readonly config: RiskEngineConfig;
  private readonly traderIdValue: TraderId;
  private readonly maxNotional = new Map<InstrumentId, string>();
  private tradingStateValue: TradingState = TradingState.ACTIVE;
  private readonly submitThrottler: Throttler<SubmitCommand>;
  private readonly modifyThrottler: Throttler<ModifyOrder>;
  commandCount = 0;

  constructor(options: RiskEngineOptions) {
    super({ componentId: "RiskEngine", bus: options.bus, clock: options.clock, logger: options.logger, uuid: options.uuid, traderId: options.traderId });
    this.cache = options.cache;
    this.config = options.config;
    this.traderIdValue = options.traderId;
    for (const [id, value] of Object.entries(options.config.maxNotionalPerOrder)) this.setMaxNotionalPerOrder(InstrumentId(id), value);
    const now = (): bigint => this.clock.timestampNs();
    this.submitThrottler = new Throttler<SubmitCommand>({
      name: "ORDER_SUBMIT_THROTTLER",
      rate: rateFromString(options.config.maxOrderSubmitRate),
      now,
      onSend: (cmd) => this.sendToExecution(cmd),
      onDrop: (cmd) => this.denySubmit(cmd, "Exceeded MAX_ORDER_SUBMIT_RATE"),
    });
    this.modifyThrottler = new Throttler<ModifyOrder>({
      name: "ORDER_MODIFY_THROTTLER",
      rate: rateFromString(options.config.maxOrderModifyRate),
      now,
      onSend: (cmd) => this.sendToExecution(cmd),
      onDrop: (cmd) => this.rejectModify(cmd, this.cache.order(cmd.clientOrderId), "Exceeded MAX_ORDER_MODIFY_RATE"),
    });
    this.bus.register(Endpoints.RiskEngineExecute, (cmd: TradingCommand) => this.execute(cmd));
    // Nautilus' RiskEngine listens to order and position events only to log them (debug): the
    // subscription costs a handler call per event, so it exists only when debug is on.
    if (options.config.debug) {
      const logEvent = (event: { type: string }): void => this.log.debug({ event: event.type }, `<--[EVT] ${event.type}`);
      this.bus.subscribe(Topics.orderEvents("*"), logEvent);
      this.bus.subscribe(Topics.positionEvents("*"), logEvent);
    }
  }

  get tradingState(): TradingState {
    return this.tradingStateValue;
  }

  get isBypassed(): boolean {
    return this.config.bypass;
  }

  /** The submit and modify throttlers (read-only use: counters, utilisation). */
  get throttlers(): { readonly submit: Throttler<SubmitCommand>; readonly modify: Throttler<ModifyOrder> } {
    return { submit: this.submitThrottler, modify: this.modifyThrottler };
  }

  /** Changes the trading state; publishes TradingStateChanged on `events.risk`, warns when unchanged. */
  setTradingState(state: TradingState): void {
    if (state === this.tradingStateValue) {
      this.log.warn({ state }, `No change to trading state: already set to ${state}`);
      return;
    }
    this.tradingStateValue = state;
    const ts = this.clock.timestampNs();
    const event: TradingStateChanged = {
      type: "TradingStateChanged",
      traderId: this.traderIdValue,
      state,
      config: {
        bypass: this.config.bypass,
        maxOrderSubmitRate: this.config.maxOrderSubmitRate,
        maxOrderModifyRate: this.config.maxOrderModifyRate,
        maxNotionalPerOrder: Object.fromEntries(this.maxNotional) as Record<InstrumentId, string>,
      },
      eventId: this.uuid(),
      tsEvent: ts,
      tsInit: ts,
    };
    this.bus.publish(Topics.risk, event);
    this.log.info({ state }, `TradingState is ${state}`);
  }

  /** Sets (or with undefined clears) the max notional per order for an instrument, in its quote currency. */
  setMaxNotionalPerOrder(instrumentId: InstrumentId, value: number | string | undefined): void {
    if (value === undefined) {
      this.maxNotional.delete(instrumentId);
      return;
    }
    const text = String(value);
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) throw new Error(`maxNotionalPerOrder for ${instrumentId} must be a positive amount, got ${text}`);
    this.maxNotional.set(instrumentId, text);
    this.log.info({ instrumentId, maxNotional: text }, `Set MAX_NOTIONAL_PER_ORDER: ${instrumentId} ${text}`);
  }

  maxNotionalPerOrder(instrumentId: InstrumentId): string | undefined {
    return this.maxNotional.get(instrumentId);
  }

  execute(command: TradingCommand): void {
    this.commandCount++;
    if (this.config.debug) this.log.debug({ command: command.type }, "received command");
    if (this.config.bypass) {
      this.sendToExecution(command);
      return;
    }
    switch (command.type) {
      case "SubmitOrder":
        return this.handleSubmitOrder(command);
      case "SubmitOrderList":
        return this.handleSubmitOrderList(command);
      case "ModifyOrder":
        return this.handleModifyOrder(command);
      default:
        this.sendToExecution(command);
    }
  }

  // ---- SubmitOrder ---------------------------------------------------------------------------

  private handleSubmitOrder(command: SubmitOrder): void {
    const order = command.order;
    const reason = this.reduceOnlyCheck(command) ?? this.preTradeChecks(command);
    if (reason !== undefined) {
      this.denyOrder(order, reason);
      return;
    }
    this.submitThrottler.send(command);
  }

  private reduceOnlyCheck(command: SubmitOrder): string | undefined {
    const { order, positionId } = command;
    if (!order.reduceOnly || positionId === undefined) return undefined;
    const position = this.cache.position(positionId);
    if (position === undefined) return `Position ${positionId} not found for reduce-only order`;
    if (!order.wouldReduceOnly(position.side, position.quantity)) return `Reduce only order would increase position ${positionId}`;
    return undefined;
  }

  /** Steps 3-8 for one order; undefined when it passes. */
  private preTradeChecks(command: SubmitOrder): string | undefined {
    const order = command.order;
    const instrument = this.cache.instrument(order.instrumentId);
    if (instrument === undefined) return `Instrument for ${order.instrumentId} not found`;
    const stat = checkOrderStatic(instrument, order, this.clock.timestampNs());
    if (stat !== undefined) return stat;
    const notional = checkOrdersNotional(this.notionalContext(instrument), [order]);
    if (notional !== undefined) return notional.reason;
    return this.tradingStateCheck(order);
  }

  private tradingStateCheck(order: Order): string | undefined {
    if (this.tradingStateValue === TradingState.HALTED) return "TradingState::HALTED";
    if (this.tradingStateValue === TradingState.REDUCING) {
      const net = this.netQtyRaw(order.instrumentId);
      if (order.side === OrderSide.BUY && net > 0n) return `BUY when TradingState::REDUCING and LONG ${order.instrumentId}`;
      if (order.side === OrderSide.SELL && net < 0n) return `SELL when TradingState::REDUCING and SHORT ${order.instrumentId}`;
    }
    return undefined;
  }

  // ---- SubmitOrderList -----------------------------------------------------------------------

  private handleSubmitOrderList(command: SubmitOrderList): void {
    const denial = this.orderListDenial(command);
    if (denial !== undefined) {
      this.denyOrderList(command, denial.order, denial.reason);
      return;
    }
    this.submitThrottler.send(command);
  }

  private orderListDenial(command: SubmitOrderList): { order: Order | undefined; reason: string } | undefined {
    const orders = command.orderList.orders;
    const instruments = new Map<InstrumentId, Instrument>();
    for (const order of orders) {
      const instrument = this.cache.instrument(order.instrumentId);
      if (instrument === undefined) return { order, reason: `no instrument found for ${order.instrumentId}` };
      instruments.set(order.instrumentId, instrument);
    }
    const now = this.clock.timestampNs();
    for (const order of orders) {
      const reason = checkOrderStatic(instruments.get(order.instrumentId) as Instrument, order, now);
      if (reason !== undefined) return { order, reason };
    }
    const representative = instruments.get(command.instrumentId) ?? (instruments.get(command.orderList.instrumentId) as Instrument);
    const notional = checkOrdersNotional(this.notionalContext(representative), orders);
    if (notional !== undefined) return notional;
    for (const order of orders) {
      const reason = this.tradingStateCheck(order);
      if (reason !== undefined) return { order, reason };
    }
    return undefined;
  }

  // ---- ModifyOrder ---------------------------------------------------------------------------

  private handleModifyOrder(command: ModifyOrder): void {
    const order = this.cache.order(command.clientOrderId);
    if (order === undefined) {
      this.log.error({ clientOrderId: command.clientOrderId }, `ModifyOrder DENIED: Order with ${command.clientOrderId} not found`);
      return;
    }
    const reason = this.modifyDenial(command, order);
    if (reason !== undefined) {
      this.rejectModify(command, order, reason);
      return;
    }
    this.modifyThrottler.send(command);
  }

  private modifyDenial(command: ModifyOrder, order: Order): string | undefined {
    if (order.isClosed()) return `Order with ${command.clientOrderId} already closed`;
    if (order.isPendingCancel()) return `Order with ${command.clientOrderId} already pending cancel`;
    const instrument = this.cache.instrument(command.instrumentId);
    if (instrument === undefined) return `no instrument found for ${command.instrumentId}`;
    const price = checkPrice(instrument, command.price);
    if (price !== undefined) return price;
    const trigger = checkPrice(instrument, command.triggerPrice);
    if (trigger !== undefined) return `trigger ${trigger}`;
    const quantity = checkQuantity(instrument, command.quantity, order.quoteQuantity);
    if (quantity !== undefined) return quantity;
    if (this.tradingStateValue === TradingState.HALTED) return "TradingState is HALTED";
    if (this.tradingStateValue === TradingState.REDUCING && command.quantity !== undefined && command.quantity.gt(order.quantity)) {
      const net = this.netQtyRaw(order.instrumentId);
      if ((order.side === OrderSide.BUY && net > 0n) || (order.side === OrderSide.SELL && net < 0n)) {
        return "TradingState is REDUCING and update will increase exposure";
      }
    }
    return undefined;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private notionalContext(instrument: Instrument): NotionalContext {
    const max = this.maxNotional.get(instrument.id);
    const maxNotional = max === undefined ? undefined : Money.from(max, instrument.quoteCurrency);
    return new EngineNotionalContext(this, instrument, this.cache.accountForVenue(InstrumentId.venue(instrument.id)), maxNotional);
  }

  /** Best market price for a side (NotionalContext.marketPrice). */
  marketPriceFor(instrumentId: InstrumentId, side: OrderSide): Price | undefined {
    return this.marketPrice(instrumentId, side);
  }

  /** Signed net open quantity of the instrument (NotionalContext.netQtyRaw). */
  netQtyRawFor(instrumentId: InstrumentId): bigint {
    return this.netQtyRaw(instrumentId);
  }

  warnNotional(instrumentId: InstrumentId, message: string): void {
    this.log.warn({ instrumentId }, message);
  }

  private marketPrice(instrumentId: InstrumentId, side: OrderSide): Price | undefined {
    const quote = this.cache.quote(instrumentId);
    if (quote !== undefined) return side === OrderSide.BUY ? quote.askPrice : quote.bidPrice;
    return this.cache.trade(instrumentId)?.price;
  }

  /** Signed net open quantity (raw) across every open position in the instrument. */
  private netQtyRaw(instrumentId: InstrumentId): bigint {
    let net = 0n;
    for (const position of this.cache.positionsOpen({ instrumentId })) net += position.signedQtyRaw;
    return net;
  }

  private sendToExecution(command: TradingCommand): void {
    this.bus.send(Endpoints.ExecEngineExecute, command);
  }

  private denySubmit(command: SubmitCommand, reason: string): void {
    if (command.type === "SubmitOrder") this.denyOrder(command.order, reason);
    else this.denyOrderList(command, undefined, reason);
  }

  private denyOrderList(command: SubmitOrderList, failed: Order | undefined, reason: string): void {
    for (const order of command.orderList.orders) {
      this.denyOrder(order, order === failed || failed === undefined ? reason : `OrderList ${command.orderList.id} DENIED: ${reason}`);
    }
  }

  private denyOrder(order: Order, reason: string): void {
    this.log.warn({ clientOrderId: order.clientOrderId, reason }, `SubmitOrder for ${order.clientOrderId} DENIED: ${reason}`);
    if (order.status !== OrderStatus.INITIALIZED) return; // only an order that never left can be denied
    if (!this.cache.orderExists(order.clientOrderId)) this.cache.addOrder(order);
    const ts = this.clock.timestampNs();
    this.bus.send(Endpoints.ExecEngineProcess, OrderEvents.denied(order, reason, { eventId: this.uuid(), tsEvent: ts, tsInit: ts }));
  }

  private rejectModify(command: ModifyOrder, order: Order | undefined, reason: string): void {
    this.log.warn({ clientOrderId: command.clientOrderId, reason }, `ModifyOrder for ${command.clientOrderId} REJECTED: ${reason}`);
    if (order === undefined) return;
    const ts = this.clock.timestampNs();
    this.bus.send(Endpoints.ExecEngineProcess, OrderEvents.modifyRejected(order, reason, { eventId: this.uuid(), tsEvent: ts, tsInit: ts }));
  }
}

/**
 * The RiskEngine's view for the notional checks, one per checked command: a class (not a literal
 * with closures and an accessor) so it is cheap to build; `netQtyRaw` scans the instrument's open
 * positions on read, and only the cash-balance checks read it.
 */
class EngineNotionalContext implements NotionalContext {
  constructor(
    private readonly engine: RiskEngine,
    readonly instrument: Instrument,
    readonly account: Account | undefined,
    readonly maxNotional: Money | undefined,
  ) {}

  marketPrice(side: OrderSide): Price | undefined {
    return this.engine.marketPriceFor(this.instrument.id, side);
  }

  get netQtyRaw(): bigint {
    return this.engine.netQtyRawFor(this.instrument.id);
  }

  warn(message: string): void {
    this.engine.warnNotional(this.instrument.id, message);
  }
}
