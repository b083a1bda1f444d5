/**
 * TestExecutionClient: a deterministic in-process venue behind the ExecutionClient contract, for
 * node lifecycle tests and the shared client contract suite (test/execution/client-contract.ts).
 *
 * Behaviour: every command is recorded in `commands`. A submitted order is SUBMITTED then ACCEPTED
 * (venue order ids `{clientId}-V-1`, `-V-2`...); a MARKET order fills at once, in full, at the
 * instrument's market price (`setMarketPrice`), or is rejected when there is none; other orders
 * rest until `fillOrder` fills them. Modify and cancel answer with OrderUpdated / OrderCanceled, or
 * the matching reject for an unknown or closed order. `rejectNextSubmit(reason)` makes the next
 * submit fail at the venue. Reports come from the venue's own book of orders and fills; every
 * report query throws CORTANA_E_VENUE_UNREACHABLE while disconnected (or after `setReachable(false)`).
 * Nothing here reads the system time or randomness: ids are counters, times come from the clock.
 */
import { CortanaError } from "../../common/errors.js";
import { AccountType, ContingencyType, LiquiditySide, OmsType, OrderSide, OrderStatus, OrderType } from "../../model/enums.js";
import type { OrderRef } from "../../model/events.js";
import { TradeId, VenueOrderId, type InstrumentId } from "../../model/identifiers.js";
import type { Order } from "../../model/orders/index.js";
import { ExecutionMassStatus, positionStatusReport, type FillReport, type OrderStatusReport, type PositionStatusReport } from "../../model/reports.js";
import { USD, type Currency } from "../../model/currency.js";
import { Money, type Price, type Quantity } from "../../model/values.js";
import { ExecutionClientBase, type ExecutionClient, type ExecutionClientBaseOptions, type FillReportsQuery, type OrderStatusQuery, type OrderStatusReportsQuery, type PositionStatusReportsQuery } from "../client.js";
import type { AccountBalance } from "../../model/events.js";
import type { BatchCancelOrders, CancelAllOrders, CancelOrder, ModifyOrder, QueryAccount, QueryOrder, SubmitOrder, SubmitOrderList, TradingCommand } from "../messages.js";
import { ExecutionReports } from "../reports.js";
import { VenueBook, type VenueOrder } from "./venue-book.js";

export interface TestExecutionClientOptions extends Omit<ExecutionClientBaseOptions, "accountType" | "omsType"> {
  readonly accountType?: AccountType;
  readonly omsType?: OmsType;
  /** Balances reported by `queryAccount` (default: none). */
  readonly balances?: readonly AccountBalance[];
  /** Settlement currency of fills and commissions (default USD). */
  readonly currency?: Currency;
}

const NANOS_PER_MIN = 60_000_000_000n;

export class TestExecutionClient extends ExecutionClientBase implements ExecutionClient {
  /** Every command received, in order. */
  readonly commands: TradingCommand[] = [];
  private readonly book = new VenueBook();
  private readonly marketPrices = new Map<InstrumentId, Price>();
  private readonly balances: readonly AccountBalance[];
  private readonly currency: Currency;
  private reachable = true;
  private nextReject: string | undefined;
  private venueSeq = 0;
  private tradeSeq = 0;

  constructor(options: TestExecutionClientOptions) {
    super({ ...options, accountType: options.accountType ?? AccountType.MARGIN, omsType: options.omsType ?? OmsType.NETTING });
    this.balances = options.balances ?? [];
    this.currency = options.currency ?? USD;
  }

  // ---- test controls -------------------------------------------------------------------------

  setMarketPrice(instrumentId: InstrumentId, price: Price): void {
    this.marketPrices.set(instrumentId, price);
  }

  /** Simulates a venue outage (reports throw) without disconnecting. */
  setReachable(reachable: boolean): void {
    this.reachable = reachable;
  }

  rejectNextSubmit(reason: string): void {
    this.nextReject = reason;
  }

  /** Fills a resting order (default: all its leaves quantity at its limit or the market price). */
  fillOrder(clientOrderId: string, fill: { quantity?: Quantity; price?: Price } = {}): void {
    const order = this.book.byClientOrderId(clientOrderId);
    if (order === undefined || !order.isOpen()) throw new Error(`TestExecutionClient: no open order ${clientOrderId}`);
    const price = fill.price ?? order.price ?? this.marketPrices.get(order.ref.instrumentId);
    if (price === undefined) throw new Error(`TestExecutionClient: no price to fill ${clientOrderId}`);
    this.fill(order, fill.quantity ?? order.leavesQty(), price);
  }

  venueOrder(clientOrderId: string): VenueOrder | undefined {
    return this.book.byClientOrderId(clientOrderId);
  }

  // ---- connection ----------------------------------------------------------------------------

  async connect(): Promise<void> {
    this.connected = true;
    this.log.info(`Connected ${this.clientId}`);
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.log.info(`Disconnected ${this.clientId}`);
  }

  // ---- commands ------------------------------------------------------------------------------

  submitOrder(command: SubmitOrder): void {
    this.requireConnected(command);
    this.accept(command.order);
  }

  submitOrderList(command: SubmitOrderList): void {
    this.requireConnected(command);
    for (const order of command.orderList.orders) this.accept(order);
  }

  modifyOrder(command: ModifyOrder): void {
    this.requireConnected(command);
    const order = this.book.byClientOrderId(command.clientOrderId);
    if (order === undefined || !order.isOpen()) {
      this.generateOrderModifyRejected(this.refOf(command), order === undefined ? "order not found" : `order is ${order.status}`);
      return;
    }
    const quantity = command.quantity ?? order.quantity;
    if (quantity.lt(order.filledQty)) {
      this.generateOrderModifyRejected(order.ref, `quantity ${quantity} below filled ${order.filledQty}`);
      return;
    }
    order.modify(quantity, command.price, command.triggerPrice, this.clock.timestampNs());
    this.generateOrderUpdated(order.ref, { quantity, price: order.price, triggerPrice: order.triggerPrice });
    if (order.leavesQty().isZero()) this.close(order, OrderStatus.FILLED);
  }

  cancelOrder(command: CancelOrder): void {
    this.requireConnected(command);
    const order = this.book.byClientOrderId(command.clientOrderId);
    if (order === undefined || !order.isOpen()) {
      this.generateOrderCancelRejected(this.refOf(command), order === undefined ? "order not found" : `order is ${order.status}`);
      return;
    }
    this.close(order, OrderStatus.CANCELED);
    this.generateOrderCanceled(order.ref);
  }

  cancelAllOrders(command: CancelAllOrders): void {
    this.requireConnected(command);
    for (const order of this.book.open(command.instrumentId)) {
      if (command.orderSide !== OrderSide.NO_ORDER_SIDE && order.side !== command.orderSide) continue;
      this.close(order, OrderStatus.CANCELED);
      this.generateOrderCanceled(order.ref);
    }
  }

  batchCancelOrders(command: BatchCancelOrders): void {
    for (const cancel of command.cancels) this.cancelOrder(cancel);
  }

  queryOrder(command: QueryOrder): void {
    this.requireConnected(command);
    const order = this.book.byClientOrderId(command.clientOrderId);
    if (order !== undefined) this.sendExecutionReport(ExecutionReports.order(this.orderReport(order)));
  }

  queryAccount(command: QueryAccount): void {
    this.requireConnected(command);
    this.sendAccountState({ balances: this.balances });
  }

  // ---- reports -------------------------------------------------------------------------------

  async generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | undefined> {
    this.requireReachable("order status report");
    const order = query.venueOrderId !== undefined ? this.book.byVenueOrderId(query.venueOrderId) : query.clientOrderId !== undefined ? this.book.byClientOrderId(query.clientOrderId) : undefined;
    return order === undefined ? undefined : this.orderReport(order);
  }

  async generateOrderStatusReports(query: OrderStatusReportsQuery): Promise<OrderStatusReport[]> {
    this.requireReachable("order status reports");
    return this.book
      .all(query.instrumentId)
      .filter((o) => (!query.openOnly || o.isOpen()) && inWindow(o.tsLast, query.start, query.end))
      .map((o) => this.orderReport(o));
  }

  async generateFillReports(query: FillReportsQuery): Promise<FillReport[]> {
    this.requireReachable("fill reports");
    return this.book.fills.filter(
      (f) =>
        (query.instrumentId === undefined || f.instrumentId === query.instrumentId) &&
        (query.venueOrderId === undefined || f.venueOrderId === query.venueOrderId) &&
        inWindow(f.tsEvent, query.start, query.end),
    );
  }

  async generatePositionStatusReports(query: PositionStatusReportsQuery): Promise<PositionStatusReport[]> {
    this.requireReachable("position status reports");
    const now = this.clock.timestampNs();
    const reports: PositionStatusReport[] = [];
    for (const [instrumentId, net] of this.book.netPositions()) {
      if (query.instrumentId !== undefined && instrumentId !== query.instrumentId) continue;
      reports.push(positionStatusReport({ accountId: this.accountId, instrumentId, signedQty: net, reportId: this.uuid(), tsLast: now, tsInit: now }));
    }
    return reports;
  }

  async generateMassStatus(lookbackMins?: number): Promise<ExecutionMassStatus> {
    this.requireReachable("mass status");
    const now = this.clock.timestampNs();
    const start = lookbackMins === undefined || lookbackMins === 0 ? undefined : now - BigInt(lookbackMins) * NANOS_PER_MIN;
    const mass = new ExecutionMassStatus(this.clientId, this.accountId, this.venue, this.uuid(), now);
    mass.addOrderReports(await this.generateOrderStatusReports({ start, openOnly: false }));
    mass.addFillReports(await this.generateFillReports({ start }));
    mass.addPositionReports(await this.generatePositionStatusReports({ start }));
    return mass;
  }

  // ---- venue internals -----------------------------------------------------------------------

  private accept(order: Order): void {
    this.generateOrderSubmitted(order);
    if (this.nextReject !== undefined) {
      const reason = this.nextReject;
      this.nextReject = undefined;
      this.generateOrderRejected(order, reason);
      return;
    }
    const venueOrderId = VenueOrderId(`${this.clientId}-V-${++this.venueSeq}`);
    const ref = { traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId, accountId: this.accountId };
    const resting = this.book.add(ref, order, this.clock.timestampNs());
    this.generateOrderAccepted(ref, venueOrderId);
    if (order.orderType !== OrderType.MARKET) return;
    const price = this.marketPrices.get(order.instrumentId);
    if (price === undefined) {
      this.close(resting, OrderStatus.CANCELED);
      this.generateOrderCanceled(ref);
      this.log.warn({ clientOrderId: order.clientOrderId }, `no market price for ${order.instrumentId}: MARKET order canceled`);
      return;
    }
    this.fill(resting, resting.leavesQty(), price);
  }

  private fill(order: VenueOrder, quantity: Quantity, price: Price): void {
    const ts = this.clock.timestampNs();
    const tradeId = TradeId(`${this.clientId}-T-${++this.tradeSeq}`);
    const commission = Money.zero(this.currency);
    const report = order.fill(tradeId, quantity, price, commission, this.accountId, ts, this.uuid());
    this.book.fills.push(report);
    this.generateOrderFilled(order.ref, {
      venueOrderId: order.venueOrderId,
      tradeId,
      orderSide: order.side,
      orderType: order.orderType,
      lastQty: quantity,
      lastPx: price,
      currency: this.currency,
      commission,
      liquiditySide: order.orderType === OrderType.MARKET ? LiquiditySide.TAKER : LiquiditySide.MAKER,
    }, ts);
  }

  private close(order: VenueOrder, status: OrderStatus): void {
    order.close(status, this.clock.timestampNs());
  }

  private orderReport(o: VenueOrder): OrderStatusReport {
    return {
      accountId: this.accountId,
      instrumentId: o.ref.instrumentId,
      clientOrderId: o.ref.clientOrderId,
      venueOrderId: o.venueOrderId,
      orderSide: o.side,
      orderType: o.orderType,
      contingencyType: ContingencyType.NO_CONTINGENCY,
      timeInForce: o.timeInForce,
      expireTime: o.expireTime,
      orderStatus: o.status,
      price: o.price,
      triggerPrice: o.triggerPrice,
      quantity: o.quantity,
      filledQty: o.filledQty,
      avgPx: o.avgPx(),
      postOnly: o.postOnly,
      reduceOnly: o.reduceOnly,
      reportId: this.uuid(),
      tsAccepted: o.tsAccepted,
      tsTriggered: 0n,
      tsLast: o.tsLast,
      tsInit: this.clock.timestampNs(),
    };
  }

  private refOf(command: ModifyOrder | CancelOrder): OrderRef {
    return { traderId: command.traderId, strategyId: command.strategyId, instrumentId: command.instrumentId, clientOrderId: command.clientOrderId, venueOrderId: command.venueOrderId };
  }

  private requireConnected(command: TradingCommand): void {
    this.commands.push(command);
    if (!this.connected) throw new CortanaError("CORTANA_E_VENUE_UNREACHABLE", `${this.clientId} is not connected: ${command.type} not sent`);
  }

  private requireReachable(what: string): void {
    if (!this.connected || !this.reachable) {
      throw new CortanaError("CORTANA_E_VENUE_UNREACHABLE", `${this.clientId}: cannot generate ${what}, the venue is unreachable (the answer is unknown, not empty)`);
    }
  }
}

function inWindow(ts: bigint, start: bigint | undefined, end: bigint | undefined): boolean {
  return (start === undefined || ts >= start) && (end === undefined || ts <= end);
}

