/**
 * The DataEngine's messages (Nautilus `data/messages.pyx` names in camelCase): subscribe /
 * unsubscribe commands, requests for historical data, and the responses data clients give.
 * One discriminated union per kind, tag `type`.
 *
 * How they travel:
 * - `DataCommand`: `bus.send(Endpoints.DataEngineExecute, cmd)`.
 * - `DataRequest`: `bus.request<DataResponse>(Endpoints.DataEngineRequest, req)`; the bus wraps it
 *   in `{ requestId, payload }` and `requestId` is the correlation id the client answers with.
 *   The promise resolves to the `DataResponse` (its `data` typed by `ResponseData<R>`), and
 *   rejects when no client can serve the request or the client fails / times out.
 *   Requested instruments, bars, quotes and trades are also added to the cache (bars/ticks only
 *   where newer than what the cache holds, so its newest-first order is kept).
 * - Data from clients: `bus.send(Endpoints.DataEngineProcess, data)` (or `engine.process`).
 * Every command and request names the client (`clientId`) or the venue to route by; neither
 * routes by the instrument's or bar type's venue, then the default client.
 */
import type { Bar, BarType, QuoteTick, TradeTick } from "../model/data.js";
import type { ClientId, InstrumentId, Venue } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";

/** Fields every command and request carries. */
export interface DataMessageBase {
  /** Route to this client (else by venue, else the default client). */
  readonly clientId?: ClientId | undefined;
  /** Route by this venue (else the instrument's / bar type's venue). */
  readonly venue?: Venue | undefined;
  /** When the message was created (UTC ns). */
  readonly tsInit: bigint;
  /** Adapter-specific options passed through to the client untouched. */
  readonly params?: Readonly<Record<string, unknown>> | undefined;
}

export interface CommandBase extends DataMessageBase {
  /** A UUID, for logs. */
  readonly commandId: string;
}

export interface SubscribeQuoteTicks extends CommandBase {
  readonly type: "SubscribeQuoteTicks";
  readonly instrumentId: InstrumentId;
}
export interface SubscribeTradeTicks extends CommandBase {
  readonly type: "SubscribeTradeTicks";
  readonly instrumentId: InstrumentId;
}
/** EXTERNAL bar types are subscribed at the client; INTERNAL ones are aggregated by the engine. */
export interface SubscribeBars extends CommandBase {
  readonly type: "SubscribeBars";
  readonly barType: BarType;
}
export interface SubscribeInstrument extends CommandBase {
  readonly type: "SubscribeInstrument";
  readonly instrumentId: InstrumentId;
}
export interface SubscribeInstruments extends CommandBase {
  readonly type: "SubscribeInstruments";
  readonly venue: Venue;
}
export interface UnsubscribeQuoteTicks extends CommandBase {
  readonly type: "UnsubscribeQuoteTicks";
  readonly instrumentId: InstrumentId;
}
export interface UnsubscribeTradeTicks extends CommandBase {
  readonly type: "UnsubscribeTradeTicks";
  readonly instrumentId: InstrumentId;
}
export interface UnsubscribeBars extends CommandBase {
  readonly type: "UnsubscribeBars";
  readonly barType: BarType;
}
export interface UnsubscribeInstrument extends CommandBase {
  readonly type: "UnsubscribeInstrument";
  readonly instrumentId: InstrumentId;
}
export interface UnsubscribeInstruments extends CommandBase {
  readonly type: "UnsubscribeInstruments";
  readonly venue: Venue;
}

export type DataCommand =
  | SubscribeQuoteTicks
  | SubscribeTradeTicks
  | SubscribeBars
  | SubscribeInstrument
  | SubscribeInstruments
  | UnsubscribeQuoteTicks
  | UnsubscribeTradeTicks
  | UnsubscribeBars
  | UnsubscribeInstrument
  | UnsubscribeInstruments;

/** A time window and count limit of a historical request (UTC ns, inclusive). */
export interface RequestWindow {
  readonly start?: bigint | undefined;
  readonly end?: bigint | undefined;
  readonly limit?: number | undefined;
}

export interface RequestInstrument extends DataMessageBase {
  readonly type: "RequestInstrument";
  readonly instrumentId: InstrumentId;
}
export interface RequestInstruments extends DataMessageBase {
  readonly type: "RequestInstruments";
  readonly venue: Venue;
}
export interface RequestBars extends DataMessageBase, RequestWindow {
  readonly type: "RequestBars";
  readonly barType: BarType;
}
export interface RequestQuoteTicks extends DataMessageBase, RequestWindow {
  readonly type: "RequestQuoteTicks";
  readonly instrumentId: InstrumentId;
}
export interface RequestTradeTicks extends DataMessageBase, RequestWindow {
  readonly type: "RequestTradeTicks";
  readonly instrumentId: InstrumentId;
}

export type DataRequest = RequestInstrument | RequestInstruments | RequestBars | RequestQuoteTicks | RequestTradeTicks;

/** What each request's response holds. */
export type ResponseData<R extends DataRequest> = R extends RequestInstrument | RequestInstruments
  ? Instrument
  : R extends RequestBars
    ? Bar
    : R extends RequestQuoteTicks
      ? QuoteTick
      : TradeTick;

/** A data client's answer to a request (sent to `DataEngine.response`). */
export interface DataResponse<T = Instrument | Bar | QuoteTick | TradeTick> {
  readonly type: "DataResponse";
  /** The request's `requestId`. */
  readonly correlationId: string;
  readonly clientId: ClientId;
  readonly data: readonly T[];
  readonly tsInit: bigint;
}

/** Data a client pushes to the engine (DataEngine.process): live ticks, bars, instrument updates. */
export type MarketDataItem =
  | { readonly type: "QuoteTick"; readonly data: QuoteTick }
  | { readonly type: "TradeTick"; readonly data: TradeTick }
  | { readonly type: "Bar"; readonly data: Bar }
  | { readonly type: "Instrument"; readonly data: Instrument };
