/**
 * The ExecutionClient contract (Nautilus `LiveExecutionClient`, reference §3.1) and
 * `ExecutionClientBase`, the helper every adapter extends to turn venue callbacks into order events.
 *
 * Entry points: `ExecutionClient` (interface), `ExecutionClientBase` (abstract class: identity,
 * connection flag, `generateOrder*` event helpers that stamp ids and times and send the event to
 * the `ExecEngine.process` endpoint, `sendAccountState`, `sendExecutionReport`).
 *
 * Invariants of every implementation (checked by test/execution/client-contract.ts):
 * - Command methods never throw for a venue refusal: a refusal becomes an OrderRejected /
 *   OrderModifyRejected / OrderCancelRejected event. They throw (or reject) only when the command
 *   cannot be sent at all (not connected); the ExecEngine then denies an order that never left.
 * - Report generators THROW (CORTANA_E_VENUE_UNREACHABLE or the adapter's own code) when the
 *   venue is unreachable or a query times out. They never answer "nothing" for "unknown": an
 *   empty list means the venue confirmed there is nothing; `generateOrderStatusReport` returns
 *   undefined only when the venue confirmed it does not know the order.
 */
import { Component } from "../common/component.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus } from "../common/msgbus.js";
import { Endpoints } from "../common/topics.js";
import type { UuidFactory } from "../common/uuid.js";
import type { AccountType, OmsType } from "../model/enums.js";
import { OrderEvents, type AccountBalance, type AccountState, type EventMeta, type FillFields, type MarginBalance, type OrderEvent, type OrderRef } from "../model/events.js";
import type { AccountId, ClientId, ClientOrderId, InstrumentId, TraderId, Venue, VenueOrderId } from "../model/identifiers.js";
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from "../model/reports.js";
import type { Currency } from "../model/currency.js";
import type { Price, Quantity } from "../model/values.js";
import type { ExecutionReport } from "./reports.js";
import type {
  BatchCancelOrders,
  CancelAllOrders,
  CancelOrder,
  ModifyOrder,
  QueryAccount,
  QueryOrder,
  SubmitOrder,
  SubmitOrderList,
} from "./messages.js";

/** One order's status, by client and/or venue order id. */
export interface OrderStatusQuery {
  readonly instrumentId: InstrumentId;
  readonly clientOrderId?: ClientOrderId | undefined;
  readonly venueOrderId?: VenueOrderId | undefined;
}

export interface OrderStatusReportsQuery {
  readonly instrumentId?: InstrumentId | undefined;
  /** UTC ns window on the order's last update; undefined = unbounded. */
  readonly start?: bigint | undefined;
  readonly end?: bigint | undefined;
  /** Only orders still working at the venue. */
  readonly openOnly: boolean;
}

export interface FillReportsQuery {
  readonly instrumentId?: InstrumentId | undefined;
  readonly venueOrderId?: VenueOrderId | undefined;
  readonly start?: bigint | undefined;
  readonly end?: bigint | undefined;
}

export interface PositionStatusReportsQuery {
  readonly instrumentId?: InstrumentId | undefined;
  readonly start?: bigint | undefined;
  readonly end?: bigint | undefined;
}

export interface ExecutionClient {
  /** Unique per node; the component id and the routing key (`clientId` in commands). */
  readonly clientId: ClientId;
  /** The venue this client routes by default (the IB client: "IB"). */
  readonly venue: Venue;
  /** The venue account this client trades. */
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  /** How the venue keeps positions: NETTING (one per instrument) or HEDGING (one per order). */
  readonly omsType: OmsType;

  /** Connects and resolves once the venue accepts orders; rejects on failure or timeout. */
  connect(): Promise<void>;
  /** Disconnects; resolves when no more events will come. Idempotent. */
  disconnect(): Promise<void>;
  readonly isConnected: boolean;

  /** Sends a new order. Emits OrderSubmitted, then OrderAccepted / OrderRejected, fills... */
  submitOrder(command: SubmitOrder): void | Promise<void>;
  /** Sends every order of a list (contingencies as the venue supports them). */
  submitOrderList(command: SubmitOrderList): void | Promise<void>;
  /** Emits OrderPendingUpdate (if the venue is asynchronous), then OrderUpdated / OrderModifyRejected. */
  modifyOrder(command: ModifyOrder): void | Promise<void>;
  /** Emits OrderPendingCancel (if asynchronous), then OrderCanceled / OrderCancelRejected. */
  cancelOrder(command: CancelOrder): void | Promise<void>;
  cancelAllOrders(command: CancelAllOrders): void | Promise<void>;
  batchCancelOrders(command: BatchCancelOrders): void | Promise<void>;
  /** Asks the venue for one order; the OrderStatusReport goes to `ExecEngine.reconcile_execution_report`. */
  queryOrder(command: QueryOrder): void | Promise<void>;
  /** Asks for the account state; it goes to `Portfolio.update_account`. */
  queryAccount(command: QueryAccount): void | Promise<void>;

  /** One order's status; undefined only when the venue confirmed it does not know the order. Throws when unreachable. */
  generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | undefined>;
  /** Orders matching the query. Throws when unreachable or timed out; [] means the venue confirmed none. */
  generateOrderStatusReports(query: OrderStatusReportsQuery): Promise<OrderStatusReport[]>;
  /** Fills matching the query. Throws when unreachable or timed out. */
  generateFillReports(query: FillReportsQuery): Promise<FillReport[]>;
  /** Positions (flat ones may be omitted). Throws when unreachable: a failed query is unknown, never flat. */
  generatePositionStatusReports(query: PositionStatusReportsQuery): Promise<PositionStatusReport[]>;
  /** All three (openOnly false) since now - lookbackMins (undefined: the venue's maximum). Throws on any failure. */
  generateMassStatus(lookbackMins?: number): Promise<ExecutionMassStatus>;
  /**
   * The cache purged these closed orders (`purgeClosedOrdersIntervalMins`): the client drops what it
   * keeps per order, so a node that trades all day holds bounded memory. Optional.
   */
  forgetOrders?(clientOrderIds: readonly ClientOrderId[]): void;
}

export interface ExecutionClientBaseOptions {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly omsType: OmsType;
  readonly traderId: TraderId;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly uuid?: UuidFactory;
}

/** The fields of a fill the venue reports; ids and times are stamped by the helper. */
export type FillInput = Omit<FillFields, "accountId"> & { readonly accountId?: AccountId };

/**
 * Identity, connection flag and event helpers for adapters. Subclasses implement the command
 * methods and report generators; they call `generateOrder*` from venue callbacks.
 */
export abstract class ExecutionClientBase extends Component implements Partial<ExecutionClient> {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly omsType: OmsType;
  protected connected = false;

  constructor(options: ExecutionClientBaseOptions) {
    super({
      componentId: options.clientId,
      bus: options.bus,
      clock: options.clock,
      logger: options.logger,
      uuid: options.uuid,
      traderId: options.traderId,
    });
    this.clientId = options.clientId;
    this.venue = options.venue;
    this.accountId = options.accountId;
    this.accountType = options.accountType;
    this.omsType = options.omsType;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Event stamps: a fresh event id, tsEvent from the venue (default now), tsInit now. */
  protected meta(tsEvent?: bigint): EventMeta {
    const now = this.clock.timestampNs();
    return { eventId: this.uuid(), tsEvent: tsEvent ?? now, tsInit: now };
  }

  protected sendOrderEvent(event: OrderEvent): void {
    this.bus.send(Endpoints.ExecEngineProcess, event);
  }

  generateOrderSubmitted(order: OrderRef, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.submitted(order, this.accountId, this.meta(tsEvent)));
  }

  generateOrderAccepted(order: OrderRef, venueOrderId: VenueOrderId, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.accepted(order, venueOrderId, this.accountId, this.meta(tsEvent)));
  }

  generateOrderRejected(order: OrderRef, reason: string, tsEvent?: bigint, dueToPostOnly = false): void {
    this.sendOrderEvent(OrderEvents.rejected({ ...order, accountId: this.accountId }, reason, this.meta(tsEvent), dueToPostOnly));
  }

  generateOrderCanceled(order: OrderRef, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.canceled(order, this.meta(tsEvent)));
  }

  generateOrderExpired(order: OrderRef, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.expired(order, this.meta(tsEvent)));
  }

  generateOrderTriggered(order: OrderRef, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.triggered(order, this.meta(tsEvent)));
  }

  generateOrderPendingUpdate(order: OrderRef, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.pendingUpdate(order, this.meta(tsEvent)));
  }

  generateOrderPendingCancel(order: OrderRef, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.pendingCancel(order, this.meta(tsEvent)));
  }

  generateOrderModifyRejected(order: OrderRef, reason: string, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.modifyRejected(order, reason, this.meta(tsEvent)));
  }

  generateOrderCancelRejected(order: OrderRef, reason: string, tsEvent?: bigint): void {
    this.sendOrderEvent(OrderEvents.cancelRejected(order, reason, this.meta(tsEvent)));
  }

  generateOrderUpdated(
    order: OrderRef,
    change: { quantity: Quantity; price?: Price | undefined; triggerPrice?: Price | undefined; venueOrderId?: VenueOrderId },
    tsEvent?: bigint,
  ): void {
    this.sendOrderEvent(OrderEvents.updated(order, change, this.meta(tsEvent)));
  }

  generateOrderFilled(order: OrderRef, fill: FillInput, tsEvent?: bigint): void {
    // The builder reads the fill's fields one by one: only the account id needs a default, so the
    // fill is copied (a spread costs microseconds per fill) only when it has none.
    const fields: FillFields = fill.accountId !== undefined ? (fill as FillFields) : withAccountId(fill, this.accountId);
    this.sendOrderEvent(OrderEvents.filled(order, fields, this.meta(tsEvent)));
  }

  /** Publishes the venue's account state to the portfolio (`Portfolio.update_account`). */
  sendAccountState(
    state: { balances: readonly AccountBalance[]; margins?: readonly MarginBalance[]; baseCurrency?: Currency; reported?: boolean },
    tsEvent?: bigint,
  ): void {
    const m = this.meta(tsEvent);
    const event: AccountState = {
      type: "AccountState",
      accountId: this.accountId,
      accountType: this.accountType,
      baseCurrency: state.baseCurrency,
      reported: state.reported ?? true,
      balances: state.balances,
      margins: state.margins ?? [],
      eventId: m.eventId,
      tsEvent: m.tsEvent,
      tsInit: m.tsInit,
    };
    this.bus.send(Endpoints.PortfolioUpdateAccount, event);
  }

  /** Hands a report (from a query) to the ExecEngine's reconciliation endpoint. */
  sendExecutionReport(report: ExecutionReport): void {
    this.bus.send(Endpoints.ExecEngineReconcileExecutionReport, report);
  }
}

function withAccountId(fill: FillInput, accountId: AccountId): FillFields {
  return {
    venueOrderId: fill.venueOrderId,
    accountId,
    tradeId: fill.tradeId,
    positionId: fill.positionId,
    orderSide: fill.orderSide,
    orderType: fill.orderType,
    lastQty: fill.lastQty,
    lastPx: fill.lastPx,
    currency: fill.currency,
    commission: fill.commission,
    liquiditySide: fill.liquiditySide,
  };
}
