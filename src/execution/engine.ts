/**
 * ExecEngine: routes trading commands to execution clients and applies every order event to
 * orders and positions (Nautilus `ExecutionEngine`). One rule: every state change of an order or a
 * position is an event applied here, whether it comes from a venue, a denial, reconciliation or
 * the engine's own contingency / GTD management.
 *
 * Entry points: endpoints `ExecEngine.execute`, `ExecEngine.process`,
 * `ExecEngine.reconcile_execution_report`; `registerClient`, `registerStrategy`,
 * `registerExternalOrderClaims`, `setReconciler`; the reconciliation hooks `processEvents`,
 * `queueBacklog`, `lastLocalActivity`, `reconcileExecutionReport`.
 *
 * Event path (`process`): record local activity -> find the order (by client order id, else by
 * venue order id) -> fills: duplicate trade id ignored with a warning, overfill logged ERROR and
 * rejected unless `allowOverfills`, position id by OMS (position-ids.ts) -> `order.apply` ->
 * `cache.updateOrder` -> order snapshot -> publish on `events.order.{strategyId}` -> positions
 * (positions.ts) -> contingencies and GTD timers (contingency.ts, gtd.ts).
 * Command path (`execute`): commands for an `externalClients` client are dropped; otherwise routed
 * (explicit clientId, routing.venues, routing.default). A SubmitOrder whose client throws, or that
 * has no client, is denied while its order is still INITIALIZED.
 */
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import { Component } from "../common/component.js";
import { isCortanaError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus } from "../common/msgbus.js";
import { Endpoints, Topics } from "../common/topics.js";
import type { UuidFactory } from "../common/uuid.js";
import { ClientRouter } from "../data/routing.js";
import type { RoutingConfig } from "../config/schemas/clients.js";
import { OmsType, OrderStatus } from "../model/enums.js";
import { OrderEvents, type OrderEvent, type OrderFilled } from "../model/events.js";
import { InstrumentId, type ClientId, type ClientOrderId, type PositionId, type StrategyId, type TraderId } from "../model/identifiers.js";
import type { Order } from "../model/orders/index.js";
import { LocalActivity } from "./activity.js";
import type { ExecutionClient } from "./client.js";
import type { ExecEngineConfig, StrategyExecOptions } from "./config.js";
import { admitFill, callClient } from "./fills.js";
import { ContingencyManager } from "./contingency.js";
import { GtdExpiryManager } from "./gtd.js";
import { Maintenance } from "./maintenance.js";
import { routingVenue, type SubmitOrder, type SubmitOrderList, type TradingCommand } from "./messages.js";
import { NettingIds, PositionIdGenerator, determinePositionId, type PositionIdLookup } from "./position-ids.js";
import { PositionKeeper } from "./positions.js";
import { ExecutionReports, type ExecutionReport, type ExecutionReportReconciler } from "./reports.js";

export interface ExecEngineOptions {
  readonly traderId: TraderId;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly logger: Logger;
  readonly uuid?: UuidFactory;
  readonly config: ExecEngineConfig;
}

export class ExecEngine extends Component {
  protected readonly cache: Cache;
  protected readonly config: ExecEngineConfig;
  private readonly router = new ClientRouter<ExecutionClient>("execution");
  private readonly activity = new LocalActivity();
  private readonly strategies = new Map<StrategyId, StrategyExecOptions>();
  private readonly externalClients: ReadonlySet<string>;
  private readonly positionIds: PositionIdGenerator;
  private readonly positions: PositionKeeper;
  private readonly contingency: ContingencyManager;
  private readonly gtd: GtdExpiryManager;
  private readonly maintenance: Maintenance;
  private readonly positionIdLookup: PositionIdLookup;
  /** Hot-path memos: order event topic per strategy, venue OMS type per instrument. */
  private readonly orderTopics = new Map<StrategyId, string>();
  private readonly venueOms = new Map<InstrumentId, OmsType>();
  private reconciler: ExecutionReportReconciler | undefined;
  commandCount = 0;
  eventCount = 0;

  constructor(options: ExecEngineOptions) {
    super({ componentId: "ExecEngine", bus: options.bus, clock: options.clock, logger: options.logger, uuid: options.uuid, traderId: options.traderId });
    this.cache = options.cache;
    this.config = options.config;
    this.externalClients = new Set(options.config.externalClients ?? []);
    const now = (): bigint => this.clock.timestampNs();
    this.positionIds = new PositionIdGenerator(options.traderId, now);
    this.positionIdLookup = { boundTo: (id) => this.cache.positionIdFor(id), generator: this.positionIds, netting: new NettingIds() };
    const deps = { cache: this.cache, bus: this.bus, clock: this.clock, log: this.log, uuid: this.uuid };
    this.positions = new PositionKeeper({
      ...deps,
      snapshotPositions: options.config.snapshotPositions,
      flipPositionId: (fill) => this.positionIds.generate(fill.strategyId, true),
    });
    // Contingencies run inside event handling: they apply their commands and local events at once
    // (not behind the live queues), so a released child carries its updated quantity when sent.
    const immediate = { execute: (cmd: TradingCommand) => this.executeCommand(cmd), process: (e: OrderEvent) => this.handleEvent(e) };
    this.contingency = new ContingencyManager({ ...deps, ...immediate, traderId: options.traderId });
    // GTD alerts fire from the clock, outside any handler: they take the ordinary (queued) path.
    const queued = { execute: (cmd: TradingCommand) => this.execute(cmd), process: (e: OrderEvent) => this.process(e) };
    this.gtd = new GtdExpiryManager({ ...deps, ...queued, traderId: options.traderId });
    this.maintenance = new Maintenance({ ...deps, config: options.config, forget: (ids) => this.forgetOrders(ids) });
    this.bus.register(Endpoints.ExecEngineExecute, (cmd: TradingCommand) => this.execute(cmd));
    this.bus.register(Endpoints.ExecEngineProcess, (event: OrderEvent) => this.process(event));
    this.bus.register(Endpoints.ExecEngineReconcileExecutionReport, (report: ExecutionReport) => this.reconcileExecutionReport(report));
  }

  // ---- registration --------------------------------------------------------------------------

  registerClient(client: ExecutionClient, routing: Partial<RoutingConfig> = {}): void {
    this.router.register(client, routing);
    this.venueOms.clear();
    this.log.info({ clientId: client.clientId, venue: client.venue, routing }, `Registered ExecutionClient ${client.clientId}`);
  }

  deregisterClient(clientId: ClientId): boolean {
    this.venueOms.clear();
    return this.router.deregister(clientId);
  }

  client(clientId: ClientId): ExecutionClient | undefined {
    return this.router.get(clientId);
  }

  clients(): ExecutionClient[] {
    return this.router.clients();
  }

  /** Per-strategy execution options (OMS override, contingencies, GTD expiry, external claims). */
  registerStrategy(strategyId: StrategyId, options: StrategyExecOptions = {}): void {
    if (options.externalOrderClaims !== undefined) this.registerExternalOrderClaims(strategyId, options.externalOrderClaims);
    this.strategies.set(strategyId, options);
    if (options.manageGtdExpiry === true) this.gtd.rearm(strategyId);
  }

  /** Claims external orders on `instrumentIds` for `strategyId`; all or none (throws if one is claimed). */
  registerExternalOrderClaims(strategyId: StrategyId, instrumentIds: readonly InstrumentId[]): void {
    for (const id of instrumentIds) {
      const owner = this.cache.externalOrderClaim(id);
      if (owner !== undefined && owner !== strategyId) throw new Error(`External order claim for ${id} already exists for ${owner}`);
    }
    for (const id of instrumentIds) this.cache.addExternalOrderClaim(id, strategyId);
    if (instrumentIds.length > 0) this.log.info({ strategyId, instrumentIds }, `Registered external order claims for ${strategyId}`);
  }

  externalOrderClaim(instrumentId: InstrumentId): StrategyId | undefined {
    return this.cache.externalOrderClaim(instrumentId);
  }

  /** Installs the reconciliation logic that turns reports into events (the reconciliation issue). */
  setReconciler(reconciler: ExecutionReportReconciler): void {
    this.reconciler = reconciler;
  }

  /** The OMS type that governs `strategyId`'s fills on `instrumentId`'s venue. */
  omsTypeFor(strategyId: StrategyId, instrumentId: InstrumentId): OmsType {
    const override = this.strategies.get(strategyId)?.omsType;
    if (override !== undefined && override !== OmsType.UNSPECIFIED) return override;
    let oms = this.venueOms.get(instrumentId);
    if (oms === undefined) {
      const venueOms = this.router.forVenue(InstrumentId.venue(instrumentId))?.omsType;
      oms = venueOms === undefined || venueOms === OmsType.UNSPECIFIED ? OmsType.NETTING : venueOms;
      this.venueOms.set(instrumentId, oms);
    }
    return oms;
  }

  // ---- reconciliation hooks ------------------------------------------------------------------

  /** When the node last touched the order locally (UTC ns): an event processed or a command sent. */
  lastLocalActivity(clientOrderId: ClientOrderId): bigint | undefined {
    return this.activity.get(clientOrderId);
  }

  /** Items waiting in the engine's queues (0 here; the live engine counts its queues). */
  queueBacklog(): number {
    return 0;
  }

  /** Processes events in order, through the same path (and, live, the same queue) as venue events. */
  processEvents(events: readonly OrderEvent[]): void {
    for (const event of events) this.process(event);
  }

  /** Hands a report to the installed reconciler; its events are processed like any other. */
  reconcileExecutionReport(report: ExecutionReport): void {
    if (this.reconciler === undefined) {
      this.log.warn({ report: report.type }, `No reconciler installed: ${report.type} not reconciled`);
      return;
    }
    const events = this.reconciler.reconcile(report, { cache: this.cache, tsNow: this.clock.timestampNs() });
    this.processEvents(events);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  protected override onStart(): void {
    this.setPositionIdCounts();
    this.maintenance.start();
  }

  protected override onStop(): void {
    this.maintenance.stop();
    this.gtd.cancelAll();
  }

  protected override onResume(): void {
    this.maintenance.start();
  }

  protected override onReset(): void {
    this.positionIds.reset();
    this.activity.clear();
  }

  async connect(): Promise<void> {
    await Promise.all(this.router.clients().map((c) => c.connect()));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.router.clients().map((c) => c.disconnect()));
  }

  /** Restores the HEDGING position id counts from the cached positions (after a restart). */
  setPositionIdCounts(): void {
    const counts = new Map<StrategyId, number>();
    for (const p of this.cache.positions()) counts.set(p.strategyId, (counts.get(p.strategyId) ?? 0) + 1);
    for (const [strategyId, count] of counts) this.positionIds.setCount(strategyId, count);
  }

  // ---- commands ------------------------------------------------------------------------------

  /** Routes a command to its client (the live engine queues it first). */
  execute(command: TradingCommand): void {
    this.executeCommand(command);
  }

  protected executeCommand(command: TradingCommand): void {
    this.commandCount++;
    if (this.config.debug) this.log.debug({ command: command.type }, "received command");
    if (command.clientId !== undefined && this.externalClients.has(command.clientId)) return;
    const client = this.router.resolve(command.clientId, routingVenue(command));
    if (client === undefined) {
      this.log.error({ command: command.type, clientId: command.clientId }, `No execution client found for ${command.type} on ${routingVenue(command)}`);
      if (command.type === "SubmitOrder") this.denyIfInitialized(command.order, "no execution client found");
      if (command.type === "SubmitOrderList") for (const o of command.orderList.orders) this.denyIfInitialized(o, "no execution client found");
      return;
    }
    this.dispatchCommand(client, command);
  }

  private dispatchCommand(client: ExecutionClient, command: TradingCommand): void {
    switch (command.type) {
      case "SubmitOrder":
        return this.handleSubmitOrder(client, command);
      case "SubmitOrderList":
        return this.handleSubmitOrderList(client, command);
      case "ModifyOrder":
        this.touch(command.clientOrderId);
        return this.callClient(command, () => client.modifyOrder(command));
      case "CancelOrder":
        this.touch(command.clientOrderId);
        return this.callClient(command, () => client.cancelOrder(command));
      case "CancelAllOrders":
        return this.callClient(command, () => client.cancelAllOrders(command));
      case "BatchCancelOrders":
        for (const c of command.cancels) this.touch(c.clientOrderId);
        return this.callClient(command, () => client.batchCancelOrders(command));
      case "QueryOrder":
        return this.callClient(command, () => client.queryOrder(command));
      case "QueryAccount":
        return this.callClient(command, () => client.queryAccount(command));
      case "GenerateExecutionMassStatus":
        return this.callClient(command, async () => this.reconcileExecutionReport(ExecutionReports.massStatus(await client.generateMassStatus(command.lookbackMins))));
    }
  }

  private handleSubmitOrder(client: ExecutionClient, command: SubmitOrder): void {
    const order = command.order;
    if (!this.cache.orderExists(order.clientOrderId)) this.cache.addOrder(order, command.positionId, client.clientId);
    const nettingCheck = this.checkPositionIdAgainstOms(order, command.positionId);
    if (nettingCheck !== undefined) return this.denyIfInitialized(order, nettingCheck);
    if (this.config.snapshotOrders) this.cache.snapshotOrderState(order);
    if (this.manages(order.strategyId, "manageGtdExpiry")) this.gtd.arm(order);
    if (this.manages(order.strategyId, "manageContingentOrders") && this.contingency.holdIfChild(order, command)) return;
    this.touch(order.clientOrderId);
    this.callClient(command, () => client.submitOrder(command), () => this.denyIfInitialized(order, "failed to submit order to client"));
  }

  private handleSubmitOrderList(client: ExecutionClient, command: SubmitOrderList): void {
    const orders = command.orderList.orders;
    if (!this.cache.orderListExists(command.orderList.id)) this.cache.addOrderList(command.orderList);
    for (const order of orders) {
      if (!this.cache.orderExists(order.clientOrderId)) this.cache.addOrder(order, command.positionId, client.clientId);
      if (this.config.snapshotOrders) this.cache.snapshotOrderState(order);
      if (this.manages(order.strategyId, "manageGtdExpiry")) this.gtd.arm(order);
    }
    let toSend = command;
    if (this.manages(command.strategyId, "manageContingentOrders")) {
      const released = this.contingency.holdChildren(command);
      if (released === undefined) return;
      toSend = released;
    }
    for (const order of toSend.orderList.orders) this.touch(order.clientOrderId);
    this.callClient(toSend, () => client.submitOrderList(toSend), () => {
      for (const order of toSend.orderList.orders) this.denyIfInitialized(order, "failed to submit order list to client");
    });
  }

  /** NETTING accepts only the netting position id `{instrument}-{strategy}` (or none). */
  private checkPositionIdAgainstOms(order: Order, positionId: PositionId | undefined): string | undefined {
    if (positionId === undefined) return undefined;
    if (this.omsTypeFor(order.strategyId, order.instrumentId) !== OmsType.NETTING) return undefined;
    const expected = `${order.instrumentId}-${order.strategyId}`;
    return positionId === expected ? undefined : `position_id ${positionId} invalid for NETTING OMS (expected ${expected})`;
  }

  private callClient(command: TradingCommand, call: () => void | Promise<void>, onError?: () => void): void {
    callClient(this.log, command.type, call, onError);
  }

  private denyIfInitialized(order: Order, reason: string): void {
    if (order.status !== OrderStatus.INITIALIZED) return;
    const ts = this.clock.timestampNs();
    this.handleEvent(OrderEvents.denied(order, reason, { eventId: this.uuid(), tsEvent: ts, tsInit: ts }));
  }

  private manages(strategyId: StrategyId, option: "manageContingentOrders" | "manageGtdExpiry"): boolean {
    return this.strategies.get(strategyId)?.[option] === true;
  }

  /** Records local activity on the order now (receipt of an event, sending of a command). */
  protected touch(clientOrderId: ClientOrderId): void {
    this.activity.record(clientOrderId, this.clock.timestampNs());
  }

  private forgetOrders(ids: readonly ClientOrderId[]): void {
    if (ids.length === 0) return;
    for (const id of ids) {
      this.activity.forget(id);
      this.gtd.cancel(id);
      this.contingency.forget(id);
    }
    for (const client of this.router.clients()) {
      if (client.forgetOrders !== undefined) callClient(this.log, "ForgetOrders", () => client.forgetOrders?.(ids));
    }
  }

  // ---- events --------------------------------------------------------------------------------

  /** Applies an order event (the live engine queues it first). */
  process(event: OrderEvent): void {
    this.handleEvent(event);
  }

  protected handleEvent(event: OrderEvent): void {
    this.eventCount++;
    this.touch(event.clientOrderId);
    if (this.config.debug) this.log.debug({ event: event.type, clientOrderId: event.clientOrderId }, "received event");
    const order = this.findOrder(event);
    if (order === undefined) return;
    // Found by venue order id: the event is re-stamped with the order's own client order id.
    const own = event.clientOrderId === order.clientOrderId ? event : ({ ...event, clientOrderId: order.clientOrderId } as OrderEvent);
    if (own.type === "OrderFilled") this.handleFill(order, own);
    else if (this.applyEvent(order, own)) this.afterEvent(order, own);
  }

  private findOrder(event: OrderEvent): Order | undefined {
    const order = this.cache.order(event.clientOrderId);
    if (order !== undefined) return order;
    const byVenue = event.venueOrderId === undefined ? undefined : this.cache.clientOrderIdFor(event.venueOrderId);
    const found = byVenue === undefined ? undefined : this.cache.order(byVenue);
    if (found !== undefined) this.log.info({ clientOrderId: event.clientOrderId, venueOrderId: event.venueOrderId }, `Order ${found.clientOrderId} found by venue order id ${event.venueOrderId}`);
    else {
      this.log.error({ event: event.type, clientOrderId: event.clientOrderId, venueOrderId: event.venueOrderId }, `Cannot apply ${event.type}: order ${event.clientOrderId} not found in the cache`);
    }
    return found;
  }

  private handleFill(order: Order, fill: OrderFilled): void {
    if (!admitFill(order, fill, this.config.allowOverfills, this.log)) return;
    const oms = this.omsTypeFor(fill.strategyId, fill.instrumentId);
    const positionId = determinePositionId(fill, oms, this.positionIdLookup);
    if (fill.positionId !== undefined && fill.positionId !== positionId) {
      this.log.warn({ clientOrderId: order.clientOrderId, venuePositionId: fill.positionId, positionId }, `NETTING: fill position id ${fill.positionId} replaced by ${positionId}`);
    }
    const stamped: OrderFilled = fill.positionId === positionId ? fill : OrderEvents.withPositionId(fill, positionId);
    if (!this.applyEvent(order, stamped)) return;
    const instrument = this.cache.instrument(fill.instrumentId);
    if (instrument === undefined) {
      this.log.error({ instrumentId: fill.instrumentId }, `Cannot update position: no instrument ${fill.instrumentId} in the cache`);
    } else {
      this.positions.handleFill(instrument, stamped, oms);
    }
    this.afterEvent(order, stamped);
  }

  /** order.apply + cache + snapshot + publish. False (logged) when the order refused the event. */
  private applyEvent(order: Order, event: OrderEvent): boolean {
    try {
      order.apply(event);
    } catch (err) {
      const code = isCortanaError(err) ? err.code : undefined;
      const message = err instanceof Error ? err.message : String(err);
      if (code === "CORTANA_E_INVALID_STATE_TRIGGER") this.log.warn({ event: event.type, clientOrderId: order.clientOrderId }, `InvalidStateTrigger: ${message}, did not apply ${event.type}`);
      else this.log.error({ err, event: event.type, clientOrderId: order.clientOrderId }, `Error applying ${event.type} to ${order.clientOrderId}: ${message}`);
      return false;
    }
    this.cache.updateOrder(order);
    if (this.config.snapshotOrders) this.cache.snapshotOrderState(order);
    let topic = this.orderTopics.get(order.strategyId);
    if (topic === undefined) this.orderTopics.set(order.strategyId, (topic = Topics.orderEvents(order.strategyId)));
    this.bus.publish(topic, event);
    return true;
  }

  private afterEvent(order: Order, event: OrderEvent): void {
    if (this.manages(order.strategyId, "manageContingentOrders")) this.contingency.onEvent(order, event);
    if (order.isClosed()) this.gtd.cancel(order.clientOrderId);
  }
}
