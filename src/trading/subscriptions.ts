/**
 * An actor's data subscriptions and requests (Nautilus `Actor.subscribe_*` / `request_*`): each
 * subscribe puts the actor's handler on the bus topic the DataEngine publishes to, then sends the
 * DataEngine's command (`DataEngine.execute`); each unsubscribe does the reverse. Requests go to
 * `DataEngine.request` and resolve with the response's data (the engine also caches it).
 *
 * Entry points: `DataSubscriptions` (owned by Actor), `customDataTopic(dataType)`.
 * Topics: quotes / trades / bars / instruments as in src/common/topics.ts; a venue's instruments
 * `data.instrument.{venue}.*`; custom data `data.{dataType}` (Nautilus' `data.{data_type.topic}`),
 * bus-only: actors publish and subscribe it without a data client.
 */
import type { Clock } from "../common/clock.js";
import type { Handler, MessageBus } from "../common/msgbus.js";
import { Endpoints, Topics } from "../common/topics.js";
import type { UuidFactory } from "../common/uuid.js";
import type { DataCommand, DataRequest, DataResponse, RequestWindow } from "../data/messages.js";
import { BarType, type Bar, type QuoteTick, type TradeTick } from "../model/data.js";
import { InstrumentId, type ClientId, type TraderId, type Venue } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";

export interface RoutingOptions {
  /** Route to this data client (else by venue, else the default client). */
  readonly clientId?: ClientId;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface RequestOptions extends RoutingOptions {
  /** Default: the bus' default request timeout. */
  readonly timeoutMs?: number;
}

export interface DataHandlers {
  readonly quote: Handler<QuoteTick>;
  readonly trade: Handler<TradeTick>;
  readonly bar: Handler<Bar>;
  readonly instrument: Handler<Instrument>;
  readonly data: Handler<unknown>;
}

export interface DataSubscriptionsDeps {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly uuid: UuidFactory;
  readonly traderId: TraderId;
  readonly componentId: string;
  readonly subscribe: (topic: string, handler: Handler<never>) => void;
  readonly unsubscribe: (topic: string, handler: Handler<never>) => void;
  readonly handlers: DataHandlers;
}

/** The bus topic of custom data `dataType`. */
export function customDataTopic(dataType: string): string {
  if (dataType === "") throw new Error("custom data type must not be empty");
  return `data.${dataType}`;
}

function quoteTopic(id: InstrumentId): string {
  return Topics.quotes(InstrumentId.venue(id), InstrumentId.symbol(id));
}
function tradeTopic(id: InstrumentId): string {
  return Topics.trades(InstrumentId.venue(id), InstrumentId.symbol(id));
}
function instrumentTopic(id: InstrumentId): string {
  return Topics.instrument(InstrumentId.venue(id), InstrumentId.symbol(id));
}
function toBarType(barType: BarType | string): BarType {
  return typeof barType === "string" ? BarType.parse(barType) : barType;
}

type CommandOf<T extends DataCommand["type"]> = Extract<DataCommand, { type: T }>;
type CommandFields<T extends DataCommand["type"]> = Omit<CommandOf<T>, "type" | "commandId" | "tsInit" | "clientId" | "params">;

export class DataSubscriptions {
  constructor(private readonly deps: DataSubscriptionsDeps) {}

  subscribeQuoteTicks(instrumentId: InstrumentId, options: RoutingOptions = {}): void {
    this.deps.subscribe(quoteTopic(instrumentId), this.deps.handlers.quote);
    this.command("SubscribeQuoteTicks", { instrumentId }, options);
  }
  unsubscribeQuoteTicks(instrumentId: InstrumentId, options: RoutingOptions = {}): void {
    this.deps.unsubscribe(quoteTopic(instrumentId), this.deps.handlers.quote);
    this.command("UnsubscribeQuoteTicks", { instrumentId }, options);
  }
  subscribeTradeTicks(instrumentId: InstrumentId, options: RoutingOptions = {}): void {
    this.deps.subscribe(tradeTopic(instrumentId), this.deps.handlers.trade);
    this.command("SubscribeTradeTicks", { instrumentId }, options);
  }
  unsubscribeTradeTicks(instrumentId: InstrumentId, options: RoutingOptions = {}): void {
    this.deps.unsubscribe(tradeTopic(instrumentId), this.deps.handlers.trade);
    this.command("UnsubscribeTradeTicks", { instrumentId }, options);
  }
  /** `barType` as a BarType or its string form, e.g. "SPY.SMART-5-SECOND-LAST-EXTERNAL". */
  subscribeBars(barType: BarType | string, options: RoutingOptions = {}): void {
    const bt = toBarType(barType);
    this.deps.subscribe(Topics.bars(bt.toString()), this.deps.handlers.bar);
    this.command("SubscribeBars", { barType: bt }, options);
  }
  unsubscribeBars(barType: BarType | string, options: RoutingOptions = {}): void {
    const bt = toBarType(barType);
    this.deps.unsubscribe(Topics.bars(bt.toString()), this.deps.handlers.bar);
    this.command("UnsubscribeBars", { barType: bt }, options);
  }
  subscribeInstrument(instrumentId: InstrumentId, options: RoutingOptions = {}): void {
    this.deps.subscribe(instrumentTopic(instrumentId), this.deps.handlers.instrument);
    this.command("SubscribeInstrument", { instrumentId }, options);
  }
  unsubscribeInstrument(instrumentId: InstrumentId, options: RoutingOptions = {}): void {
    this.deps.unsubscribe(instrumentTopic(instrumentId), this.deps.handlers.instrument);
    this.command("UnsubscribeInstrument", { instrumentId }, options);
  }
  subscribeInstruments(venue: Venue, options: RoutingOptions = {}): void {
    this.deps.subscribe(`data.instrument.${venue}.*`, this.deps.handlers.instrument);
    this.command("SubscribeInstruments", { venue }, options);
  }
  unsubscribeInstruments(venue: Venue, options: RoutingOptions = {}): void {
    this.deps.unsubscribe(`data.instrument.${venue}.*`, this.deps.handlers.instrument);
    this.command("UnsubscribeInstruments", { venue }, options);
  }

  /** Custom data on `data.{dataType}` (bus only: published by actors or the executor). */
  subscribeData(dataType: string): void {
    this.deps.subscribe(customDataTopic(dataType), this.deps.handlers.data);
  }
  unsubscribeData(dataType: string): void {
    this.deps.unsubscribe(customDataTopic(dataType), this.deps.handlers.data);
  }
  publishData(dataType: string, data: unknown): void {
    this.deps.bus.publish(customDataTopic(dataType), data);
  }

  async requestInstrument(instrumentId: InstrumentId, options: RequestOptions = {}): Promise<Instrument | undefined> {
    const data = await this.request<Instrument>({ type: "RequestInstrument", instrumentId, ...this.base(options) }, options);
    return data[0];
  }
  requestInstruments(venue: Venue, options: RequestOptions = {}): Promise<readonly Instrument[]> {
    return this.request<Instrument>({ type: "RequestInstruments", venue, ...this.base(options) }, options);
  }
  requestBars(barType: BarType | string, window: RequestWindow = {}, options: RequestOptions = {}): Promise<readonly Bar[]> {
    return this.request<Bar>({ type: "RequestBars", barType: toBarType(barType), ...window, ...this.base(options) }, options);
  }

  private base(options: RoutingOptions) {
    return { clientId: options.clientId, params: options.params, tsInit: this.deps.clock.timestampNs() };
  }

  private async request<T>(request: DataRequest, options: RequestOptions): Promise<readonly T[]> {
    const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    const response = await this.deps.bus.request<DataResponse<T>>(Endpoints.DataEngineRequest, request, timeout);
    return response.data;
  }

  private command<T extends DataCommand["type"]>(type: T, fields: CommandFields<T>, options: RoutingOptions): void {
    const command = { type, ...fields, ...this.base(options), commandId: this.deps.uuid() } as unknown as CommandOf<T>;
    this.deps.bus.send(Endpoints.DataEngineExecute, command);
  }
}
