/**
 * The DataClient contract (Nautilus `LiveMarketDataClient`): what an adapter implements so the
 * DataEngine can subscribe, unsubscribe and request market data from it.
 *
 * How data flows back: a client never calls strategies. It hands every tick, bar and instrument
 * to the `DataClientSink` the engine gives it at registration (`DataEngine.registerClient` calls
 * `client.bindSink(sink)`): `onQuote`, `onTrade`, `onBar`, `onInstrument`, and answers requests
 * with `onResponse` / `onRequestFailed` using the request's `requestId` as correlation id.
 *
 * Invariants of every implementation:
 * - subscribe / unsubscribe are idempotent at the client (the engine reference-counts, but a
 *   reconnect may replay them) and may be called only while connected; they reject otherwise.
 * - A request is always answered exactly once: a response (possibly with no data when the venue
 *   confirmed there is none) or a failure (venue unreachable, timeout, unknown symbol). Never an
 *   empty response for "unknown".
 * - Timestamps (tsEvent, tsInit) are UTC nanoseconds from the injected clock or the venue.
 */
import type { Bar, BarType, QuoteTick, TradeTick } from "../model/data.js";
import type { ClientId, InstrumentId, Venue } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { RequestBars, RequestInstrument, RequestInstruments, RequestQuoteTicks, RequestTradeTicks, DataResponse } from "./messages.js";
import type { RoutableClient } from "./routing.js";

/** Where a data client delivers what it receives (implemented by the DataEngine). */
export interface DataClientSink {
  /** A live quote. */
  onQuote(quote: QuoteTick): void;
  /** A live trade. */
  onTrade(trade: TradeTick): void;
  /** A bar the venue built (EXTERNAL bar types). */
  onBar(bar: Bar): void;
  /** A new or changed instrument definition. */
  onInstrument(instrument: Instrument): void;
  /** The answer to a request (correlationId = the request's requestId). */
  onResponse(response: DataResponse): void;
  /** A request that cannot be answered (venue unreachable, timeout, unknown symbol). */
  onRequestFailed(correlationId: string, error: Error): void;
}

/** The request a client receives: the DataRequest plus its correlation id. */
export type ClientRequest<R> = R & { readonly requestId: string };

export interface DataClient extends RoutableClient {
  /** The client's id (the key of its config in `dataClients`, e.g. "IB"). */
  readonly clientId: ClientId;
  /** The venue it serves by default (routing adds others). */
  readonly venue: Venue;

  /** Called once by the engine at registration, before connect. */
  bindSink(sink: DataClientSink): void;

  /** Opens the connection; resolves when data can be subscribed. Rejects on failure. */
  connect(): Promise<void>;
  /** Closes the connection; subscriptions end. Never rejects for a connection already gone. */
  disconnect(): Promise<void>;
  /** True between a successful connect and disconnect (or a connection loss). */
  readonly isConnected: boolean;

  /** Starts streaming quotes of an instrument to `sink.onQuote`. */
  subscribeQuoteTicks(instrumentId: InstrumentId): Promise<void>;
  /** Stops the quote stream of an instrument. */
  unsubscribeQuoteTicks(instrumentId: InstrumentId): Promise<void>;
  /** Starts streaming trades of an instrument to `sink.onTrade`. */
  subscribeTradeTicks(instrumentId: InstrumentId): Promise<void>;
  /** Stops the trade stream of an instrument. */
  unsubscribeTradeTicks(instrumentId: InstrumentId): Promise<void>;
  /** Starts streaming venue-built bars of an EXTERNAL bar type to `sink.onBar`. */
  subscribeBars(barType: BarType): Promise<void>;
  /** Stops a bar stream. */
  unsubscribeBars(barType: BarType): Promise<void>;
  /** Streams updates of one instrument's definition to `sink.onInstrument`. */
  subscribeInstrument(instrumentId: InstrumentId): Promise<void>;
  /** Stops instrument updates of one instrument. */
  unsubscribeInstrument(instrumentId: InstrumentId): Promise<void>;
  /** Streams updates of every instrument of a venue. */
  subscribeInstruments(venue: Venue): Promise<void>;
  /** Stops instrument updates of a venue. */
  unsubscribeInstruments(venue: Venue): Promise<void>;

  /** Fetches one instrument definition; answered through the sink with `requestId`. */
  requestInstrument(request: ClientRequest<RequestInstrument>): void;
  /** Fetches every instrument of a venue the client knows (its provider's load). */
  requestInstruments(request: ClientRequest<RequestInstruments>): void;
  /** Fetches historical bars (oldest first) in the window, at most `limit`. */
  requestBars(request: ClientRequest<RequestBars>): void;
  /** Fetches historical quotes (oldest first). */
  requestQuoteTicks(request: ClientRequest<RequestQuoteTicks>): void;
  /** Fetches historical trades (oldest first). */
  requestTradeTicks(request: ClientRequest<RequestTradeTicks>): void;
}
