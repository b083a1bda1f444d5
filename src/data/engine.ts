/**
 * DataEngine: routes data commands and requests to data clients and delivers market data into
 * the cache and onto the bus (Nautilus `DataEngine`).
 *
 * Entry points: endpoints `DataEngine.execute` (DataCommand), `DataEngine.request` (DataRequest
 * through `bus.request`), `DataEngine.response`, `DataEngine.process` (a MarketDataItem);
 * `registerClient(client, routing)`; the `DataClientSink` methods clients call (`onQuote`...).
 *
 * Data path (onQuote / onTrade / onBar): sequence check (validateDataSequence: data older than
 * the stream's newest cached item is dropped with a warning) -> cache -> internal bar
 * aggregators -> publish on `data.quotes.{venue}.{symbol}` / `data.trades...` / `data.bars.{barType}`.
 * Subscriptions are reference counted per stream: the client is asked on the first subscriber
 * and released on the last; INTERNAL bar types hold one reference on the quote or trade stream
 * they aggregate. Commands for an `externalClients` client are counted but not routed.
 */
import type { Cache } from "../cache/cache.js";
import { Component } from "../common/component.js";
import type { Clock } from "../common/clock.js";
import { CortanaError, assertNever } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import type { MessageBus, RequestEnvelope } from "../common/msgbus.js";
import { Endpoints, Topics } from "../common/topics.js";
import type { UuidFactory } from "../common/uuid.js";
import type { RoutingConfig } from "../config/schemas/clients.js";
import type { LiveDataEngineConfig } from "../config/schemas/engines.js";
import type { Bar, BarType, QuoteTick, TradeTick } from "../model/data.js";
import { InstrumentId, type ClientId, type Venue } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import { BarAggregationManager, type TickSource } from "./aggregation/manager.js";
import type { DataClient, DataClientSink } from "./client.js";
import type { DataCommand, DataRequest, DataResponse, MarketDataItem } from "./messages.js";
import { PendingRequests, cacheResponse, dispatchRequest, requestVenue } from "./requests.js";
import { ClientRouter } from "./routing.js";
import { SubscriptionCounter } from "./subscriptions.js";

export interface DataEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly logger: Logger;
  readonly config: LiveDataEngineConfig;
  readonly uuid?: UuidFactory;
  readonly traderId?: string;
}

/** How a subscription was routed (kept so the unsubscribe reaches the same client). */
interface Route {
  readonly clientId?: ClientId | undefined;
  readonly venue?: Venue | undefined;
}

interface InternalBars {
  readonly barType: BarType;
  readonly route: Route;
}

export class DataEngine extends Component implements DataClientSink {
  protected readonly cache: Cache;
  protected readonly config: LiveDataEngineConfig;
  private readonly router = new ClientRouter<DataClient>("data");
  private readonly externalClients: ReadonlySet<string>;
  private readonly quoteSubs = new SubscriptionCounter<InstrumentId>();
  private readonly tradeSubs = new SubscriptionCounter<InstrumentId>();
  private readonly barSubs = new SubscriptionCounter<string>();
  private readonly instrumentSubs = new SubscriptionCounter<InstrumentId>();
  private readonly venueSubs = new SubscriptionCounter<Venue>();
  private readonly internalBars = new Map<string, InternalBars>();
  private readonly aggregation: BarAggregationManager;
  private readonly pending = new PendingRequests();
  private readonly quoteTopics = new Map<InstrumentId, string>();
  private readonly tradeTopics = new Map<InstrumentId, string>();
  private readonly barTopics = new Map<string, string>();
  commandCount = 0;
  dataCount = 0;
  droppedCount = 0;

  constructor(options: DataEngineOptions) {
    super({ componentId: "DataEngine", bus: options.bus, clock: options.clock, logger: options.logger, uuid: options.uuid, traderId: options.traderId });
    this.cache = options.cache;
    this.config = options.config;
    this.externalClients = new Set(options.config.externalClients ?? []);
    this.aggregation = new BarAggregationManager({
      clock: options.clock,
      config: options.config,
      sizePrecision: (id) => this.cache.instrument(id)?.sizePrecision,
      // Bars built here are handled at once, never behind a queue: they stay in order with their ticks.
      emit: (bar) => this.handleBar(bar),
    });
    this.bus.register(Endpoints.DataEngineExecute, (cmd: DataCommand) => this.execute(cmd));
    this.bus.register(Endpoints.DataEngineRequest, (env: RequestEnvelope<DataRequest>) => this.request(env));
    this.bus.register(Endpoints.DataEngineResponse, (res: DataResponse) => this.response(res));
    this.bus.register(Endpoints.DataEngineProcess, (item: MarketDataItem) => this.process(item));
  }

  // ---- clients -------------------------------------------------------------------------------

  registerClient(client: DataClient, routing: Partial<RoutingConfig> = {}): void {
    this.router.register(client, routing);
    client.bindSink(this);
    this.log.info({ clientId: client.clientId, venue: client.venue, routing }, `Registered DataClient ${client.clientId}`);
  }

  client(clientId: ClientId): DataClient | undefined {
    return this.router.get(clientId);
  }

  clients(): DataClient[] {
    return this.router.clients();
  }

  async connect(): Promise<void> {
    await Promise.all(this.router.clients().map((c) => c.connect()));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.router.clients().map((c) => c.disconnect()));
  }

  // ---- subscriptions (queries) ---------------------------------------------------------------

  subscribedQuoteTicks(): InstrumentId[] {
    return this.quoteSubs.keys();
  }
  subscribedTradeTicks(): InstrumentId[] {
    return this.tradeSubs.keys();
  }
  subscribedBars(): string[] {
    return this.barSubs.keys();
  }
  subscribedInstruments(): InstrumentId[] {
    return this.instrumentSubs.keys();
  }
  subscriberCount(kind: "quotes" | "trades", instrumentId: InstrumentId): number {
    return (kind === "quotes" ? this.quoteSubs : this.tradeSubs).count(instrumentId);
  }

  // ---- commands ------------------------------------------------------------------------------

  execute(cmd: DataCommand): void {
    this.executeCommand(cmd);
  }

  protected executeCommand(cmd: DataCommand): void {
    this.commandCount++;
    switch (cmd.type) {
      case "SubscribeQuoteTicks":
        return this.subscribeTicks("quotes", cmd.instrumentId, cmd);
      case "UnsubscribeQuoteTicks":
        return this.unsubscribeTicks("quotes", cmd.instrumentId, cmd);
      case "SubscribeTradeTicks":
        return this.subscribeTicks("trades", cmd.instrumentId, cmd);
      case "UnsubscribeTradeTicks":
        return this.unsubscribeTicks("trades", cmd.instrumentId, cmd);
      case "SubscribeBars":
        return this.subscribeBars(cmd.barType, cmd);
      case "UnsubscribeBars":
        return this.unsubscribeBars(cmd.barType, cmd);
      case "SubscribeInstrument":
        if (this.instrumentSubs.acquire(cmd.instrumentId)) this.callClient(cmd, InstrumentId.venue(cmd.instrumentId), (c) => c.subscribeInstrument(cmd.instrumentId));
        return;
      case "UnsubscribeInstrument":
        if (this.instrumentSubs.release(cmd.instrumentId)) this.callClient(cmd, InstrumentId.venue(cmd.instrumentId), (c) => c.unsubscribeInstrument(cmd.instrumentId));
        return;
      case "SubscribeInstruments":
        if (this.venueSubs.acquire(cmd.venue)) this.callClient(cmd, cmd.venue, (c) => c.subscribeInstruments(cmd.venue));
        return;
      case "UnsubscribeInstruments":
        if (this.venueSubs.release(cmd.venue)) this.callClient(cmd, cmd.venue, (c) => c.unsubscribeInstruments(cmd.venue));
        return;
      default:
        assertNever(cmd, "data command");
    }
  }

  private subscribeTicks(kind: TickSource, instrumentId: InstrumentId, route: Route): void {
    const counter = kind === "quotes" ? this.quoteSubs : this.tradeSubs;
    if (!counter.acquire(instrumentId)) return;
    this.callClient(route, InstrumentId.venue(instrumentId), (c) =>
      kind === "quotes" ? c.subscribeQuoteTicks(instrumentId) : c.subscribeTradeTicks(instrumentId),
    );
  }

  private unsubscribeTicks(kind: TickSource, instrumentId: InstrumentId, route: Route): void {
    const counter = kind === "quotes" ? this.quoteSubs : this.tradeSubs;
    if (!counter.has(instrumentId)) {
      this.log.warn({ instrumentId, kind }, `not subscribed to ${kind} of ${instrumentId}`);
      return;
    }
    if (!counter.release(instrumentId)) return;
    this.callClient(route, InstrumentId.venue(instrumentId), (c) =>
      kind === "quotes" ? c.unsubscribeQuoteTicks(instrumentId) : c.unsubscribeTradeTicks(instrumentId),
    );
  }

  private subscribeBars(barType: BarType, route: Route): void {
    const key = barType.toString();
    if (barType.isExternallyAggregated()) {
      if (this.barSubs.acquire(key)) this.callClient(route, InstrumentId.venue(barType.instrumentId), (c) => c.subscribeBars(barType));
      return;
    }
    if (!this.barSubs.has(key)) {
      let source: TickSource;
      try {
        source = this.aggregation.start(barType);
      } catch (err) {
        this.log.error({ err, barType: key }, `cannot subscribe to ${key}: ${(err as Error).message}`);
        return;
      }
      this.internalBars.set(key, { barType, route: { clientId: route.clientId, venue: route.venue } });
      this.subscribeTicks(source, barType.instrumentId, route);
    }
    this.barSubs.acquire(key);
  }

  private unsubscribeBars(barType: BarType, route: Route): void {
    const key = barType.toString();
    if (!this.barSubs.has(key)) {
      this.log.warn({ barType: key }, `not subscribed to bars ${key}`);
      return;
    }
    if (!this.barSubs.release(key)) return;
    if (barType.isExternallyAggregated()) {
      this.callClient(route, InstrumentId.venue(barType.instrumentId), (c) => c.unsubscribeBars(barType));
      return;
    }
    const source = this.aggregation.stop(barType);
    const stored = this.internalBars.get(key)?.route ?? route;
    this.internalBars.delete(key);
    if (source !== undefined) this.unsubscribeTicks(source, barType.instrumentId, stored);
  }

  /** Sends a subscription call to the routed client; a failure is logged (the count stays). */
  private callClient(route: Route, venue: Venue, call: (client: DataClient) => Promise<void>): void {
    if (route.clientId !== undefined && this.externalClients.has(route.clientId)) return;
    const client = this.router.resolve(route.clientId, route.venue ?? venue);
    if (client === undefined) {
      this.log.error({ clientId: route.clientId, venue: route.venue ?? venue }, `no data client for ${route.clientId ?? route.venue ?? venue}`);
      return;
    }
    call(client).catch((err: unknown) => this.log.error({ err, clientId: client.clientId }, `data client ${client.clientId} failed a subscription call`));
  }

  // ---- requests ------------------------------------------------------------------------------

  request(envelope: RequestEnvelope<DataRequest>): void {
    this.handleRequest(envelope);
  }

  protected handleRequest(envelope: RequestEnvelope<DataRequest>): void {
    const { requestId, payload: req } = envelope;
    const venue = req.venue ?? requestVenue(req);
    const client = this.router.resolve(req.clientId, venue);
    if (client === undefined) {
      this.bus.respondError(requestId, new CortanaError("CORTANA_E_REQUEST_FAILED", `No data client can serve ${req.type} for ${req.clientId ?? venue}.`));
      return;
    }
    this.pending.track(requestId, req);
    try {
      dispatchRequest(client, req, requestId);
    } catch (err) {
      this.handleRequestFailed(requestId, err as Error);
    }
  }

  response(res: DataResponse): void {
    this.onResponse(res);
  }

  onResponse(res: DataResponse): void {
    this.handleResponse(res);
  }

  onRequestFailed(correlationId: string, error: Error): void {
    this.handleRequestFailed(correlationId, error);
  }

  protected handleResponse(res: DataResponse): void {
    const req = this.pending.take(res.correlationId);
    if (req === undefined) {
      this.log.warn({ correlationId: res.correlationId }, "response for an unknown request ignored");
      return;
    }
    cacheResponse(this.cache, req, res.data);
    this.bus.respond(res.correlationId, res);
  }

  protected handleRequestFailed(correlationId: string, error: Error): void {
    this.pending.take(correlationId);
    this.bus.respondError(correlationId, error);
  }

  // ---- data ----------------------------------------------------------------------------------

  process(item: MarketDataItem): void {
    switch (item.type) {
      case "QuoteTick":
        return this.onQuote(item.data);
      case "TradeTick":
        return this.onTrade(item.data);
      case "Bar":
        return this.onBar(item.data);
      case "Instrument":
        return this.onInstrument(item.data);
      default:
        assertNever(item, "market data item");
    }
  }

  onQuote(quote: QuoteTick): void {
    this.handleQuote(quote);
  }

  onTrade(trade: TradeTick): void {
    this.handleTrade(trade);
  }

  onBar(bar: Bar): void {
    this.handleBar(bar);
  }

  onInstrument(instrument: Instrument): void {
    this.handleInstrument(instrument);
  }

  protected handleQuote(quote: QuoteTick): void {
    this.dataCount++;
    const id = quote.instrumentId;
    if (this.config.validateDataSequence) {
      const last = this.cache.quote(id);
      if (last !== undefined && quote.tsEvent < last.tsEvent) return this.dropOutOfSequence("quote", id, quote.tsEvent, last.tsEvent);
    }
    this.cache.addQuote(quote);
    this.aggregation.onQuote(quote);
    let topic = this.quoteTopics.get(id);
    if (topic === undefined) {
      topic = Topics.quotes(InstrumentId.venue(id), InstrumentId.symbol(id));
      this.quoteTopics.set(id, topic);
    }
    this.bus.publish(topic, quote);
  }

  protected handleTrade(trade: TradeTick): void {
    this.dataCount++;
    const id = trade.instrumentId;
    if (this.config.validateDataSequence) {
      const last = this.cache.trade(id);
      if (last !== undefined && trade.tsEvent < last.tsEvent) return this.dropOutOfSequence("trade", id, trade.tsEvent, last.tsEvent);
    }
    this.cache.addTrade(trade);
    this.aggregation.onTrade(trade);
    let topic = this.tradeTopics.get(id);
    if (topic === undefined) {
      topic = Topics.trades(InstrumentId.venue(id), InstrumentId.symbol(id));
      this.tradeTopics.set(id, topic);
    }
    this.bus.publish(topic, trade);
  }

  protected handleBar(bar: Bar): void {
    this.dataCount++;
    const key = bar.barType.toString();
    if (this.config.validateDataSequence) {
      const last = this.cache.bar(bar.barType);
      if (last !== undefined && (bar.tsEvent < last.tsEvent || bar.tsInit < last.tsInit)) {
        return this.dropOutOfSequence("bar", key, bar.tsEvent, last.tsEvent);
      }
    }
    this.cache.addBar(bar);
    let topic = this.barTopics.get(key);
    if (topic === undefined) {
      topic = Topics.bars(key);
      this.barTopics.set(key, topic);
    }
    this.bus.publish(topic, bar);
  }

  protected handleInstrument(instrument: Instrument): void {
    this.dataCount++;
    this.cache.addInstrument(instrument);
    this.bus.publish(Topics.instrument(InstrumentId.venue(instrument.id), InstrumentId.symbol(instrument.id)), instrument);
  }

  private dropOutOfSequence(kind: string, stream: string, ts: bigint, lastTs: bigint): void {
    this.droppedCount++;
    this.log.warn({ kind, stream, tsEvent: ts.toString(), lastTsEvent: lastTs.toString() }, `${kind} for ${stream} dropped: older than the last one (validateDataSequence)`);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Restarts the aggregators of INTERNAL bar subscriptions stopped by `stop()` (resume). */
  protected override onStart(): void {
    this.restartAggregators();
  }

  protected override onResume(): void {
    this.restartAggregators();
  }

  private restartAggregators(): void {
    for (const { barType } of this.internalBars.values()) this.aggregation.start(barType);
  }

  /** Stops the aggregators' timers; subscriptions stay counted so a resume picks them up. */
  protected override onStop(): void {
    this.aggregation.stopAll();
  }

  protected override onDispose(): void {
    this.bus.deregister(Endpoints.DataEngineExecute);
    this.bus.deregister(Endpoints.DataEngineRequest);
    this.bus.deregister(Endpoints.DataEngineResponse);
    this.bus.deregister(Endpoints.DataEngineProcess);
  }
}
