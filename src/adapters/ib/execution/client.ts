/**
 * InteractiveBrokersExecutionClient: the ExecutionClient for IB Gateway (reference §3.1).
 *
 * Entry points: the ExecutionClient contract. `connect()` acquires the shared connection through
 * its lease (starting a managed gateway if configured), checks the account is managed, loads
 * instruments, and syncs with the venue; `disconnect()` releases the lease.
 *
 * Invariants:
 * - Orders carry the client order id in `orderRef`; venueOrderId = permId; IB's orderId is a
 *   session handle for modify / cancel only (orders.ts, tracker.ts).
 * - Commands throw only when nothing can be sent (readOnly: CORTANA_E_IB_READ_ONLY; no session:
 *   CORTANA_E_IB_DISCONNECTED); venue refusals become events (events.ts).
 * - On every (re)connect, before `isConnected` turns true: executions, open and completed orders
 *   and positions are fetched; fills of tracked orders missed while disconnected are applied
 *   (de-duplicated by execId), the account summary subscription is (re)started (its first answer
 *   is the account's state; later changes follow as AccountStates), then the mass status goes to
 *   the `onVenueState` hook.
 * - Report generators reject with CORTANA_E_IB_DISCONNECTED when disconnected or timed out.
 */
import { EventName, type Contract, type Order as IbOrder } from "@stoqey/ib";
import type { Cache } from "../../../cache/cache.js";
import { CortanaError } from "../../../common/errors.js";
import { ExecutionClientBase, type ExecutionClient, type ExecutionClientBaseOptions, type FillReportsQuery, type OrderStatusQuery, type OrderStatusReportsQuery, type PositionStatusReportsQuery } from "../../../execution/client.js";
import type { BatchCancelOrders, CancelAllOrders, CancelOrder, ModifyOrder, QueryAccount, QueryOrder, SubmitOrder, SubmitOrderList } from "../../../execution/messages.js";
import { ExecutionReports } from "../../../execution/reports.js";
import { Currency } from "../../../model/currency.js";
import { AccountType, OmsType, OrderSide } from "../../../model/enums.js";
import type { OrderRef } from "../../../model/events.js";
import { VenueOrderId, accountIdNumber, type AccountId, type ClientOrderId } from "../../../model/identifiers.js";
import type { Order } from "../../../model/orders/index.js";
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from "../../../model/reports.js";
import type { IBConnection } from "../connection/connection.js";
import type { ConnectionLease } from "../connection/lease.js";
import { ClockTimers } from "../connection/timers.js";
import { toIbOrder, type IbOrderExtras } from "../parsing/orders.js";
import type { InteractiveBrokersInstrumentProvider } from "../providers/provider.js";
import { AccountStream, sendAccountState } from "./account.js";
import { ExecEventRouter } from "./events.js";
import { listExtras } from "./lists.js";
import { ExecQueries } from "./queries.js";
import { ExecReports } from "./reports.js";
import { OrderTracker, type TrackedOrder } from "./tracker.js";

export interface VenueState {
  readonly mass: ExecutionMassStatus;
  readonly initial: boolean;
}

export interface InteractiveBrokersExecClientOptions extends Omit<ExecutionClientBaseOptions, "accountType" | "omsType" | "accountId"> {
  readonly accountId: AccountId;
  readonly cache: Cache;
  readonly lease: ConnectionLease;
  readonly provider: InteractiveBrokersInstrumentProvider;
  readonly readOnly?: boolean;
  readonly requestTimeoutMs?: number;
  readonly commissionWaitMs?: number;
  /** The venue's state after each (re)connect. Default: after a REconnect, send the mass status to ExecEngine.reconcile_execution_report. */
  readonly onVenueState?: (state: VenueState) => void | Promise<void>;
}

export class InteractiveBrokersExecutionClient extends ExecutionClientBase implements ExecutionClient {
  readonly #o: InteractiveBrokersExecClientOptions;
  readonly #account: string;
  readonly #timers: ClockTimers;
  readonly #tracker = new OrderTracker();
  readonly #router: ExecEventRouter;
  readonly #accountStream: AccountStream;
  #conn: IBConnection | undefined;
  #reports: ExecReports | undefined;
  #offs: (() => void)[] = [];

  constructor(options: InteractiveBrokersExecClientOptions) {
    super({ ...options, accountType: AccountType.MARGIN, omsType: OmsType.NETTING });
    this.#o = options;
    this.#account = accountIdNumber(options.accountId);
    this.#timers = new ClockTimers(options.clock, `${options.clientId}.exec`);
    this.#router = new ExecEventRouter(this, this.#tracker, this.#timers, this.log, options.commissionWaitMs ?? 2000);
    this.#accountStream = new AccountStream(this, this.#timers, this.#account);
  }

  get connection(): IBConnection | undefined {
    return this.#conn;
  }

  // ---- connection ----------------------------------------------------------------------------

  async connect(): Promise<void> {
    if (this.#conn !== undefined) return;
    const conn = await this.#o.lease.acquire();
    try {
      if (!conn.accounts.includes(this.#account)) {
        throw new CortanaError("CORTANA_E_IB_ACCOUNT_NOT_MANAGED", `account ${this.#account} is not managed by the IB gateway at ${conn.key} (it manages: ${conn.accounts.join(", ") || "none"}); set accountId to one of them or log the gateway in to that account`);
      }
      this.#conn = conn;
      const timeoutMs = this.#o.requestTimeoutMs ?? 60_000;
      this.#reports = new ExecReports({ ...this.#o, venue: this.venue, account: this.#account, queries: new ExecQueries(conn, this.#timers, timeoutMs), clock: this.clock, uuid: this.uuid });
      this.#listen(conn);
      await this.#o.provider.initialize();
      await this.#sync(true);
    } catch (err) {
      await this.#teardown();
      throw err;
    }
    this.log.info({ account: this.#account, gateway: conn.key }, `Connected ${this.clientId}`);
  }

  async disconnect(): Promise<void> {
    if (this.#conn === undefined) return;
    await this.#teardown();
    this.log.info(`Disconnected ${this.clientId}`);
  }

  async #teardown(): Promise<void> {
    this.connected = false;
    this.#accountStream.stop();
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#router.dispose();
    this.#timers.cancelAll();
    this.#conn = undefined;
    this.#reports = undefined;
    await this.#o.lease.release();
  }

  #listen(conn: IBConnection): void {
    const r = this.#router;
    this.#offs.push(
      conn.on(EventName.openOrder, (orderId: number, contract: Contract, order: IbOrder, state) => {
        if (this.#tracker.find(order.orderRef, order.permId, orderId) === undefined) this.#adopt(orderId, contract, order);
        r.onOpenOrder(orderId, contract, order, state);
      }),
      conn.on(EventName.orderStatus, r.onOrderStatus.bind(r)),
      conn.on(EventName.execDetails, r.onExecDetails.bind(r)),
      conn.on(EventName.commissionReport, r.onCommissionReport.bind(r)),
      conn.on(EventName.error, (err: Error, code: number, id: number) => r.onError(id, code, err.message)),
      conn.addListener({
        disconnected: (reason) => {
          this.connected = false;
          if (!conn.hasSession) this.#tracker.newSession();
          this.log.warn({ reason }, "IB exec client disconnected; trading paused");
        },
        reconnected: () => void this.#sync(false).catch((err: unknown) => this.log.error({ err: String(err) }, "post-reconnect sync failed; waiting for the next reconnect")),
        fatal: (error) => this.shutdownSystem(`${error.code}: ${error.message}`, error.code),
      }),
    );
  }

  /** Venue truth after a (re)connect: missed fills applied, tracked orders closed, hook told. */
  async #sync(initial: boolean): Promise<void> {
    const conn = this.#conn;
    const reports = this.#reports;
    if (conn === undefined || reports === undefined) return;
    const queries = new ExecQueries(conn, this.#timers, this.#o.requestTimeoutMs ?? 60_000);
    const executions = await queries.executions({ acctCode: this.#account });
    let replayed = 0;
    for (const e of executions) if (this.#router.applyExecution(e.contract, e.execution, e.commission)) replayed++;
    const mass = await reports.massStatus();
    for (const t of this.#tracker.open()) {
      const r = t.permId !== undefined ? mass.orderReports.get(VenueOrderId(String(t.permId))) : undefined;
      if (r !== undefined && (r.orderStatus === "CANCELED" || r.orderStatus === "REJECTED")) this.#router.onOrderStatus(t.orderId, r.orderStatus === "CANCELED" ? "Cancelled" : "Inactive", 0, 0, 0, t.permId);
    }
    if (replayed > 0) this.log.warn({ replayed }, "applied fills that happened while disconnected");
    await this.#accountStream.start(conn, this.#o.requestTimeoutMs ?? 60_000);
    await (this.#o.onVenueState ?? ((s: VenueState) => { if (!s.initial) this.sendExecutionReport(ExecutionReports.massStatus(s.mass)); }))({ mass, initial });
    if (this.#conn === conn) this.connected = conn.isReady;
  }

  /** An open order of ours placed before this process started (orderRef names a cached order). */
  #adopt(orderId: number, contract: Contract, ib: IbOrder): void {
    const order = ib.orderRef ? this.#o.cache.order(ib.orderRef as Order["clientOrderId"]) : undefined;
    if (order === undefined || order.isClosed() || ib.permId === undefined) return;
    this.#tracker.add(this.#track(order, { ...contract, exchange: contract.exchange || "SMART" }, ib, orderId, true));
    this.#tracker.find(ib.orderRef, ib.permId, orderId);
  }

  /** Closed orders the cache purged: their IB records go too (open ones are kept). */
  forgetOrders(clientOrderIds: readonly ClientOrderId[]): void {
    let dropped = 0;
    for (const id of clientOrderIds) if (this.#tracker.forget(id)) dropped++;
    if (dropped > 0) this.log.debug({ dropped, tracked: this.#tracker.size }, "purged orders dropped from the IB order book");
  }

  // ---- commands ------------------------------------------------------------------------------

  #requireSendable(what: string): IBConnection {
    if (this.#o.readOnly === true) throw new CortanaError("CORTANA_E_IB_READ_ONLY", `${what} refused: exec client ${this.clientId} is readOnly (set readOnly: false to trade)`);
    const conn = this.#conn;
    if (conn === undefined || !this.connected || !conn.isReady) throw new CortanaError("CORTANA_E_IB_DISCONNECTED", `${what}: exec client ${this.clientId} is not connected to IB (orders are refused until it reconnects and reconciles)`);
    return conn;
  }

  #track(order: Order, contract: Contract, ibOrder: IbOrder, orderId: number, accepted = false): TrackedOrder {
    const instrument = this.#o.cache.instrument(order.instrumentId);
    return {
      ref: { traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, accountId: this.accountId },
      fields: { side: order.side, orderType: order.orderType, quantity: order.quantity, timeInForce: order.timeInForce, expireTime: order.expireTime, price: order.price, triggerPrice: order.triggerPrice, limitOffset: order.limitOffset, trailingOffset: order.trailingOffset, trailingOffsetType: order.trailingOffsetType, displayQty: order.displayQty },
      orderType: order.orderType, contract, ibOrder, orderId, permId: ibOrder.permId || undefined, accepted, closed: false,
      pricePrecision: instrument?.pricePrecision ?? order.price?.precision ?? 2, sizePrecision: instrument?.sizePrecision ?? order.quantity.precision,
      currency: instrument?.quoteCurrency ?? Currency.from(contract.currency ?? "USD"),
      pendingModify: false, pendingCancel: false, pendingFills: 0, deferred: [], lastError: undefined,
    };
  }

  /** Builds, tracks and paces one order; returns false when it was rejected locally. */
  #place(conn: IBConnection, order: Order, extras: Omit<IbOrderExtras, "orderRef" | "account"> = {}): TrackedOrder | undefined {
    const contract = this.#o.provider.contract(order.instrumentId);
    let ibOrder: IbOrder;
    try {
      if (contract === undefined) throw new CortanaError("CORTANA_E_IB_UNKNOWN_SYMBOL", `instrument ${order.instrumentId} is not loaded by ${this.clientId}; add it to instrumentProvider.loadIds`);
      ibOrder = toIbOrder(order, { orderRef: order.clientOrderId, account: this.#account, transmit: extras.transmit, parentId: extras.parentId, ocaGroup: extras.ocaGroup, ocaType: extras.ocaType, outsideRth: extras.outsideRth });
    } catch (err) {
      this.generateOrderSubmitted(order);
      this.generateOrderRejected(order, (err as Error).message);
      return undefined;
    }
    const t = this.#track(order, contract, ibOrder, conn.nextOrderId());
    this.#tracker.add(t);
    // The order is written first and OrderSubmitted built after it (building and queueing the event
    // cost tens of microseconds on the tick-to-trade path). The event order is unchanged: a failure
    // reported synchronously by send emits OrderSubmitted before its OrderRejected, and IB's answers
    // arrive in a later socket read, after this OrderSubmitted was queued.
    let submitted = false;
    const markSubmitted = (): void => {
      if (submitted) return;
      submitted = true;
      this.generateOrderSubmitted(t.ref);
    };
    try {
      conn.send(`placeOrder ${order.clientOrderId}`, (api) => api.placeOrder(t.orderId, contract, ibOrder), (err) => {
        markSubmitted();
        if (t.accepted || t.closed) return;
        t.closed = true;
        this.generateOrderRejected(t.ref, `not sent to IB: ${err.message}`);
      });
    } finally {
      markSubmitted();
    }
    return t;
  }

  submitOrder(command: SubmitOrder): void {
    this.#place(this.#requireSendable(`submit ${command.order.clientOrderId}`), command.order, { outsideRth: command.params?.["outsideRth"] === true });
  }

  submitOrderList(command: SubmitOrderList): void {
    const conn = this.#requireSendable(`submit list ${command.orderList.id}`);
    const placed = new Map<string, number>();
    const orders = command.orderList.orders;
    orders.forEach((order, i) => {
      const extras = listExtras(command.orderList, order, i === orders.length - 1, placed);
      const t = this.#place(conn, order, extras);
      if (t !== undefined) placed.set(order.clientOrderId, t.orderId);
    });
  }

  modifyOrder(command: ModifyOrder): void {
    const conn = this.#requireSendable(`modify ${command.clientOrderId}`);
    const t = this.#tracker.get(command.clientOrderId);
    if (t === undefined || t.closed || !t.accepted) {
      this.generateOrderModifyRejected(this.#refOf(command), t === undefined ? "order unknown to this IB client" : t.closed ? "order is closed" : "order not yet accepted by IB");
      return;
    }
    const fields = { ...t.fields, quantity: command.quantity ?? t.fields.quantity, price: command.price ?? t.fields.price, triggerPrice: command.triggerPrice ?? t.fields.triggerPrice };
    let ibOrder: IbOrder;
    try {
      ibOrder = { ...toIbOrder(fields, { orderRef: t.ref.clientOrderId, account: this.#account, parentId: t.ibOrder.parentId, ocaGroup: t.ibOrder.ocaGroup, ocaType: t.ibOrder.ocaType, outsideRth: t.ibOrder.outsideRth }) };
    } catch (err) {
      this.generateOrderModifyRejected(t.ref, (err as Error).message);
      return;
    }
    t.pendingModify = true;
    t.ibOrder = ibOrder;
    this.generateOrderPendingUpdate(t.ref);
    conn.send(`modify ${t.ref.clientOrderId}`, (api) => api.placeOrder(t.orderId, t.contract, ibOrder), (err) => {
      if (!t.pendingModify) return;
      t.pendingModify = false;
      this.generateOrderModifyRejected(t.ref, `not sent to IB: ${err.message}`);
    });
  }

  cancelOrder(command: CancelOrder): void {
    const conn = this.#requireSendable(`cancel ${command.clientOrderId}`);
    const t = this.#tracker.get(command.clientOrderId);
    if (t === undefined || t.closed) {
      this.generateOrderCancelRejected(this.#refOf(command), t === undefined ? "order unknown to this IB client" : "order is closed");
      return;
    }
    t.pendingCancel = true;
    this.generateOrderPendingCancel(t.ref);
    conn.send(`cancel ${t.ref.clientOrderId}`, (api) => api.cancelOrder(t.orderId), (err) => {
      if (!t.pendingCancel) return;
      t.pendingCancel = false;
      this.generateOrderCancelRejected(t.ref, `not sent to IB: ${err.message}`);
    });
  }

  cancelAllOrders(command: CancelAllOrders): void {
    this.#requireSendable(`cancel all ${command.instrumentId}`);
    for (const t of this.#tracker.open()) {
      if (t.ref.instrumentId !== command.instrumentId) continue;
      if (command.orderSide !== OrderSide.NO_ORDER_SIDE && t.fields.side !== command.orderSide) continue;
      this.cancelOrder({ ...command, type: "CancelOrder", clientOrderId: t.ref.clientOrderId, strategyId: t.ref.strategyId });
    }
  }

  batchCancelOrders(command: BatchCancelOrders): void {
    this.#requireSendable(`batch cancel ${command.instrumentId}`);
    for (const c of command.cancels) this.cancelOrder(c);
  }

  async queryOrder(command: QueryOrder): Promise<void> {
    const report = await this.generateOrderStatusReport({ instrumentId: command.instrumentId, clientOrderId: command.clientOrderId, venueOrderId: command.venueOrderId });
    if (report !== undefined) this.sendExecutionReport(ExecutionReports.order(report));
  }

  async queryAccount(_command: QueryAccount): Promise<void> {
    await sendAccountState(this, this.#requireConn("account summary"), this.#timers, this.#o.requestTimeoutMs ?? 60_000, this.#account);
  }

  #refOf(c: { traderId: OrderRef["traderId"]; strategyId: OrderRef["strategyId"]; instrumentId: OrderRef["instrumentId"]; clientOrderId: OrderRef["clientOrderId"] }): OrderRef {
    return { traderId: c.traderId, strategyId: c.strategyId, instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, accountId: this.accountId };
  }

  // ---- reports -------------------------------------------------------------------------------

  #requireConn(what: string): IBConnection {
    const conn = this.#conn;
    if (conn === undefined || !conn.hasSession) throw new CortanaError("CORTANA_E_IB_DISCONNECTED", `${what}: exec client ${this.clientId} is not connected to IB; the answer is unknown`);
    return conn;
  }

  #requireReports(what: string): ExecReports {
    this.#requireConn(what);
    return this.#reports as ExecReports;
  }

  async generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | undefined> {
    return this.#requireReports("order status report").orderStatusReport(query);
  }

  async generateOrderStatusReports(query: OrderStatusReportsQuery): Promise<OrderStatusReport[]> {
    return this.#requireReports("order status reports").orderStatusReports(query);
  }

  async generateFillReports(query: FillReportsQuery): Promise<FillReport[]> {
    return this.#requireReports("fill reports").fillReports(query);
  }

  async generatePositionStatusReports(query: PositionStatusReportsQuery): Promise<PositionStatusReport[]> {
    return this.#requireReports("position reports").positionReports(query);
  }

  async generateMassStatus(lookbackMins?: number): Promise<ExecutionMassStatus> {
    return this.#requireReports("mass status").massStatus(lookbackMins);
  }
}
