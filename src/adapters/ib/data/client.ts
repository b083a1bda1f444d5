/**
 * InteractiveBrokersDataClient: quotes and trades (reqMktData), 5-second bars (reqRealTimeBars),
 * historical bars, instruments, through the shared IB connection.
 *
 * Invariants:
 * - A registry of active subscriptions is replayed after 1101 / 1102 and after every reconnect
 *   (old request cancelled when the session survived, a fresh request id each time).
 * - The configured market data type (REALTIME, FROZEN, DELAYED, DELAYED_FROZEN) is requested on
 *   every session before any subscription.
 * - Subscription errors: 10167 is advisory (delayed data follows); 354, 10089, 10168, 10197 and
 *   200 end that subscription with an error log that says what to do.
 * - Every request is answered exactly once (response, or failure when unreachable / unknown).
 * - Historical requests go through their own pacer (bars.ts limits) before the connection's.
 */
import { EventName } from "@stoqey/ib";
import type { Clock } from "../../../common/clock.js";
import { CortanaError } from "../../../common/errors.js";
import type { Logger } from "../../../common/logger.js";
import type { DataClient, DataClientSink, ClientRequest } from "../../../data/client.js";
import type { RequestBars, RequestInstrument, RequestInstruments, RequestQuoteTicks, RequestTradeTicks } from "../../../data/messages.js";
import type { BarType } from "../../../model/data.js";
import type { ClientId, InstrumentId, Venue } from "../../../model/identifiers.js";
import type { InteractiveBrokersDataClientConfig } from "../config.js";
import type { IBConnection, ReconnectCause } from "../connection/connection.js";
import type { ConnectionLease } from "../connection/lease.js";
import { OutboundPacer } from "../connection/pacer.js";
import { ClockTimers } from "../connection/timers.js";
import type { InteractiveBrokersInstrumentProvider } from "../providers/provider.js";
import { checkRealTimeBarType, whatToShow } from "./bars.js";
import { requestHistoricalBars } from "./historical.js";
import { MarketDataStream } from "./ticks.js";
import { realTimeBar } from "./realtime.js";
import { MARKET_DATA_SUBSCRIPTION_FIX, MARKET_DATA_TYPE_ID } from "../parsing/market-data.js";

const TERMINAL: Readonly<Record<number, string>> = {
  ...MARKET_DATA_SUBSCRIPTION_FIX,
  200: "the gateway has no security definition for it",
};

type Sub =
  | { readonly kind: "mkt"; readonly instrumentId: InstrumentId; readonly stream: MarketDataStream; reqId: number }
  | { readonly kind: "bars"; readonly barType: BarType; reqId: number };

export interface InteractiveBrokersDataClientOptions {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly config: InteractiveBrokersDataClientConfig;
  readonly lease: ConnectionLease;
  readonly provider: InteractiveBrokersInstrumentProvider;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class InteractiveBrokersDataClient implements DataClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly #o: InteractiveBrokersDataClientOptions;
  readonly #log: Logger;
  readonly #timers: ClockTimers;
  readonly #historical: OutboundPacer[];
  readonly #mkt = new Map<InstrumentId, Extract<Sub, { kind: "mkt" }>>();
  readonly #bars = new Map<string, Extract<Sub, { kind: "bars" }>>();
  readonly #byReqId = new Map<number, Sub>();
  #sink: DataClientSink | undefined;
  #conn: IBConnection | undefined;
  #connected = false;
  #offs: (() => void)[] = [];

  constructor(options: InteractiveBrokersDataClientOptions) {
    this.clientId = options.clientId;
    this.venue = options.venue;
    this.#o = options;
    this.#log = options.logger;
    this.#timers = new ClockTimers(options.clock, `${options.clientId}.data`);
    const name = `${options.clientId}.historical`;
    this.#historical = [
      new OutboundPacer({ clock: options.clock, logger: options.logger, limit: 5, windowMs: 2000, name: `${name}.2s` }),
      new OutboundPacer({ clock: options.clock, logger: options.logger, limit: 50, windowMs: 600_000, name: `${name}.10m` }),
    ];
  }

  get isConnected(): boolean {
    return this.#connected;
  }

  /** Active subscriptions (instrument streams and bar streams). */
  get subscriptionCount(): number {
    return this.#byReqId.size;
  }

  bindSink(sink: DataClientSink): void {
    this.#sink = sink;
  }

  async connect(): Promise<void> {
    if (this.#conn !== undefined) return;
    const conn = await this.#o.lease.acquire();
    this.#conn = conn;
    try {
      this.#listen(conn);
      this.#requestMarketDataType(conn);
      for (const i of await this.#o.provider.initialize()) this.#sink?.onInstrument(i);
    } catch (err) {
      await this.disconnect();
      throw err;
    }
    for (const p of this.#historical) p.resume();
    this.#connected = true;
    this.#log.info({ gateway: conn.key }, `Connected ${this.clientId}`);
  }

  async disconnect(): Promise<void> {
    const conn = this.#conn;
    if (conn === undefined) return;
    this.#connected = false;
    for (const sub of this.#byReqId.values()) this.#cancel(sub);
    this.#byReqId.clear();
    this.#mkt.clear();
    this.#bars.clear();
    for (const off of this.#offs) off();
    this.#offs = [];
    for (const p of this.#historical) {
      p.pause();
      p.failQueued(conn.disconnectedError("historical request"));
      p.dispose();
    }
    this.#timers.cancelAll();
    this.#conn = undefined;
    await this.#o.lease.release();
    this.#log.info(`Disconnected ${this.clientId}`);
  }

  #listen(conn: IBConnection): void {
    const sink = (): DataClientSink | undefined => this.#sink;
    this.#offs.push(
      conn.on(EventName.tickPrice, (reqId: number, field: number, value: number) => {
        const s = this.#byReqId.get(reqId);
        if (s?.kind === "mkt") s.stream.onPrice(field, value);
      }),
      conn.on(EventName.tickSize, (reqId: number, field: number | undefined, value: number | undefined) => {
        const s = this.#byReqId.get(reqId);
        if (s?.kind === "mkt" && field !== undefined) s.stream.onSize(field, value);
      }),
      conn.on(EventName.realtimeBar, (reqId: number, time: number, open: number, high: number, low: number, close: number, volume: number) => {
        const s = this.#byReqId.get(reqId);
        const instrument = s?.kind === "bars" ? this.#o.provider.details(s.barType.instrumentId) : undefined;
        if (s?.kind !== "bars" || instrument === undefined) return;
        const i = this.#instrumentPrecisions(s.barType.instrumentId);
        sink()?.onBar(realTimeBar(s.barType, { time, open, high, low, close, volume }, i.pricePrecision, i.sizePrecision, this.#o.clock.timestampNs()));
      }),
      conn.on(EventName.error, (err: Error, code: number, reqId: number) => this.#onError(reqId, code, err.message)),
      conn.addListener({
        disconnected: (reason) => {
          this.#connected = false;
          this.#log.warn({ reason }, "IB data client disconnected; subscriptions will be replayed");
        },
        reconnected: ({ cause }) => this.#replay(conn, cause),
        fatal: (error) => {
          this.#connected = false;
          this.#log.fatal({ code: error.code }, `IB data client ${this.clientId} stopped: ${error.message}`);
        },
      }),
    );
  }

  #requestMarketDataType(conn: IBConnection): void {
    const type = MARKET_DATA_TYPE_ID[this.#o.config.marketDataType];
    conn.send(`reqMarketDataType ${this.#o.config.marketDataType}`, (api) => api.reqMarketDataType(type));
  }

  #replay(conn: IBConnection, cause: ReconnectCause): void {
    if (this.#conn !== conn) return;
    try {
      if (cause === "reconnect") this.#requestMarketDataType(conn);
      const subs = [...this.#byReqId.values()];
      this.#byReqId.clear();
      for (const sub of subs) {
        if (cause !== "reconnect") this.#cancel(sub);
        this.#start(conn, sub);
      }
      this.#connected = conn.isReady;
      this.#log.info({ subscriptions: subs.length, cause }, "IB market data subscriptions replayed");
    } catch (err) {
      this.#log.error({ err: String(err) }, "replaying IB subscriptions failed; waiting for the next reconnect");
    }
  }

  #onError(reqId: number, code: number, message: string): void {
    const sub = this.#byReqId.get(reqId);
    if (sub === undefined) return;
    const what = sub.kind === "mkt" ? String(sub.instrumentId) : String(sub.barType);
    if (code === 10167 || code === 10090) {
      this.#log.warn({ code, subscription: what }, `IB: ${message} (delayed market data follows for ${what})`);
      return;
    }
    const fix = TERMINAL[code];
    if (fix === undefined) {
      this.#log.info({ code, subscription: what }, `IB: ${message}`);
      return;
    }
    this.#log.error({ code, subscription: what }, `IB market data for ${what} stopped (${code}): ${fix}`);
    this.#drop(sub);
  }

  #drop(sub: Sub): void {
    this.#byReqId.delete(sub.reqId);
    if (sub.kind === "mkt") this.#mkt.delete(sub.instrumentId);
    else this.#bars.delete(String(sub.barType));
  }

  #requireConn(what: string): IBConnection {
    const conn = this.#conn;
    if (conn === undefined || !conn.hasSession) throw new CortanaError("CORTANA_E_IB_DISCONNECTED", `${what}: data client ${this.clientId} is not connected to IB`);
    return conn;
  }

  #instrumentPrecisions(id: InstrumentId): { pricePrecision: number; sizePrecision: number } {
    const d = this.#o.provider.details(id);
    const i = d === undefined ? undefined : this.#o.provider.cached(id);
    return { pricePrecision: i?.pricePrecision ?? 2, sizePrecision: i?.sizePrecision ?? 0 };
  }

  #start(conn: IBConnection, sub: Sub): void {
    const instrumentId = sub.kind === "mkt" ? sub.instrumentId : sub.barType.instrumentId;
    const contract = this.#o.provider.contract(instrumentId);
    if (contract === undefined) throw new CortanaError("CORTANA_E_IB_UNKNOWN_SYMBOL", `${instrumentId} is not loaded by ${this.clientId}`);
    sub.reqId = conn.nextRequestId();
    this.#byReqId.set(sub.reqId, sub);
    const reqId = sub.reqId;
    if (sub.kind === "mkt") conn.send(`reqMktData ${instrumentId}`, (api) => api.reqMktData(reqId, contract, "", false, false));
    else conn.send(`reqRealTimeBars ${sub.barType}`, (api) => api.reqRealTimeBars(reqId, contract, 5, whatToShow(sub.barType.spec.priceType), this.#o.config.useRegularTradingHours));
  }

  #cancel(sub: Sub): void {
    const conn = this.#conn;
    if (conn === undefined || !conn.hasSession) return;
    const reqId = sub.reqId;
    if (sub.kind === "mkt") conn.send(`cancelMktData ${reqId}`, (api) => api.cancelMktData(reqId));
    else conn.send(`cancelRealTimeBars ${reqId}`, (api) => api.cancelRealTimeBars(reqId));
  }

  async #stream(instrumentId: InstrumentId): Promise<MarketDataStream> {
    const conn = this.#requireConn(`subscribe ${instrumentId}`);
    const existing = this.#mkt.get(instrumentId);
    if (existing !== undefined) return existing.stream;
    const instrument = await this.#o.provider.find(instrumentId);
    const sink = this.#sink;
    const stream = new MarketDataStream(instrumentId, instrument.pricePrecision, instrument.sizePrecision, {
      onQuote: (q) => sink?.onQuote(q),
      onTrade: (t) => sink?.onTrade(t),
    }, () => this.#o.clock.timestampNs(), this.#o.config.ignoreQuoteTickSizeUpdates);
    const sub = { kind: "mkt" as const, instrumentId, stream, reqId: 0 };
    this.#mkt.set(instrumentId, sub);
    this.#start(conn, sub);
    this.#log.info({ instrumentId, reqId: sub.reqId }, `Subscribed ${instrumentId} market data (reqMktData)`);
    return stream;
  }

  async subscribeQuoteTicks(instrumentId: InstrumentId): Promise<void> {
    (await this.#stream(instrumentId)).quotes = true;
  }

  async subscribeTradeTicks(instrumentId: InstrumentId): Promise<void> {
    (await this.#stream(instrumentId)).trades = true;
  }

  async unsubscribeQuoteTicks(instrumentId: InstrumentId): Promise<void> {
    this.#unstream(instrumentId, "quotes");
  }

  async unsubscribeTradeTicks(instrumentId: InstrumentId): Promise<void> {
    this.#unstream(instrumentId, "trades");
  }

  #unstream(instrumentId: InstrumentId, what: "quotes" | "trades"): void {
    const sub = this.#mkt.get(instrumentId);
    if (sub === undefined) return;
    sub.stream[what] = false;
    if (sub.stream.quotes || sub.stream.trades) return;
    this.#cancel(sub);
    this.#drop(sub);
  }

  async subscribeBars(barType: BarType): Promise<void> {
    checkRealTimeBarType(barType);
    const conn = this.#requireConn(`subscribe ${barType}`);
    if (this.#bars.has(String(barType))) return;
    await this.#o.provider.find(barType.instrumentId);
    const sub = { kind: "bars" as const, barType, reqId: 0 };
    this.#bars.set(String(barType), sub);
    this.#start(conn, sub);
    this.#log.info({ barType: String(barType), reqId: sub.reqId }, `Subscribed ${barType} bars (reqRealTimeBars)`);
  }

  async unsubscribeBars(barType: BarType): Promise<void> {
    const sub = this.#bars.get(String(barType));
    if (sub === undefined) return;
    this.#cancel(sub);
    this.#drop(sub);
  }

  async subscribeInstrument(instrumentId: InstrumentId): Promise<void> {
    this.#requireConn(`subscribe instrument ${instrumentId}`);
    this.#sink?.onInstrument(await this.#o.provider.find(instrumentId));
  }

  async unsubscribeInstrument(_instrumentId: InstrumentId): Promise<void> {
    // IB pushes no definition updates; nothing streams, so nothing to stop.
  }

  async subscribeInstruments(_venue: Venue): Promise<void> {
    this.#requireConn("subscribe instruments");
    for (const id of this.#o.provider.loadedIds()) {
      const i = this.#o.provider.cached(id);
      if (i !== undefined) this.#sink?.onInstrument(i);
    }
  }

  async unsubscribeInstruments(_venue: Venue): Promise<void> {
    // as unsubscribeInstrument
  }

  requestInstrument(request: ClientRequest<RequestInstrument>): void {
    this.#answer(request.requestId, async () => [await this.#o.provider.find(request.instrumentId)]);
  }

  requestInstruments(request: ClientRequest<RequestInstruments>): void {
    this.#answer(request.requestId, async () => this.#o.provider.loadedIds().map((id) => this.#o.provider.cached(id)).filter((i) => i !== undefined));
  }

  requestBars(request: ClientRequest<RequestBars>): void {
    this.#answer(request.requestId, async () => {
      const conn = this.#requireConn(`request bars ${request.barType}`);
      await this.#o.provider.find(request.barType.instrumentId);
      const contract = this.#o.provider.contract(request.barType.instrumentId);
      const p = this.#instrumentPrecisions(request.barType.instrumentId);
      return requestHistoricalBars({ conn, timers: this.#timers, pacers: this.#historical, contract: contract!, request, useRth: this.#o.config.useRegularTradingHours, ...p, nowNs: this.#o.clock.timestampNs(), timeoutMs: this.#o.config.requestTimeout * 1000 });
    });
  }

  requestQuoteTicks(request: ClientRequest<RequestQuoteTicks>): void {
    this.#sink?.onRequestFailed(request.requestId, new CortanaError("CORTANA_E_MODEL_INVALID", `historical quote ticks are not served by the IB data client ${this.clientId}; request bars instead`));
  }

  requestTradeTicks(request: ClientRequest<RequestTradeTicks>): void {
    this.#sink?.onRequestFailed(request.requestId, new CortanaError("CORTANA_E_MODEL_INVALID", `historical trade ticks are not served by the IB data client ${this.clientId}; request bars instead`));
  }

  #answer<T>(requestId: string, fetch: () => Promise<T[]>): void {
    fetch().then(
      (data) => this.#sink?.onResponse({ type: "DataResponse", correlationId: requestId, clientId: this.clientId, data: data as never[], tsInit: this.#o.clock.timestampNs() }),
      (err: unknown) => this.#sink?.onRequestFailed(requestId, err instanceof Error ? err : new Error(String(err))),
    );
  }
}
