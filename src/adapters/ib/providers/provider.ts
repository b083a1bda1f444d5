/**
 * InteractiveBrokersInstrumentProvider: IB contracts -> model instruments in the Cache.
 *
 * Entry points: `initialize()` (the config's loadIds and loadContracts, then option / futures
 * chains when asked), `load(id)`, `loadContract(query)`, `loadOptionChain(underlying, window)`,
 * `loadFuturesChain(underlying, window)`, `contract(id)` (the resolved contract, conId included,
 * that orders and subscriptions use), `find(id)` (loaded or loads).
 *
 * Invariants: every instrument it returns is in the cache; an id the gateway does not know fails
 * with CORTANA_E_IB_UNKNOWN_SYMBOL naming it; chains keep expiries whose distance in days from
 * today (UTC, the injected clock) is within [minExpiryDays, maxExpiryDays] (0DTE: 0..1).
 */
import { EventName, SecType, type Contract, type ContractDetails } from "@stoqey/ib";
import type { Cache } from "../../../cache/cache.js";
import type { Clock } from "../../../common/clock.js";
import { CortanaError } from "../../../common/errors.js";
import type { Logger } from "../../../common/logger.js";
import { InstrumentId } from "../../../model/identifiers.js";
import type { AnyInstrument } from "../../../model/instruments.js";
import type { InteractiveBrokersInstrumentProviderConfig } from "../config.js";
import type { IBConnection } from "../connection/connection.js";
import { ibRequest } from "../connection/requests.js";
import type { ClockTimers } from "../connection/timers.js";
import { instrumentFromDetails } from "../parsing/instruments.js";
import { contractForInstrumentId, instrumentIdForContract, type Symbology } from "../parsing/symbology.js";

export interface ExpiryWindow {
  readonly minExpiryDays?: number | undefined;
  readonly maxExpiryDays?: number | undefined;
}

export interface InstrumentProviderOptions {
  /** The connection once acquired (the provider is built before the gateway may be up). */
  readonly connection: () => IBConnection;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers: ClockTimers;
  readonly config: InteractiveBrokersInstrumentProviderConfig;
  readonly requestTimeoutMs: number;
}

const DAY_MS = 86_400_000;
const NO_DEFINITION = 200;

export class InteractiveBrokersInstrumentProvider {
  readonly #o: InstrumentProviderOptions;
  readonly #log: Logger;
  readonly #details = new Map<InstrumentId, ContractDetails>();
  readonly #byConId = new Map<number, InstrumentId>();

  constructor(options: InstrumentProviderOptions) {
    this.#o = options;
    this.#log = options.logger;
  }

  get symbology(): Symbology {
    return this.#o.config.symbologyMethod;
  }

  /** The contract of a loaded instrument (with conId): what orders and subscriptions send. */
  contract(id: InstrumentId): Contract | undefined {
    const d = this.#details.get(id);
    if (d === undefined) return undefined;
    const c = d.contract;
    return { conId: c.conId, secType: c.secType, symbol: c.symbol, localSymbol: c.localSymbol, exchange: c.exchange || "SMART", currency: c.currency };
  }

  /** The loaded instrument with this IB conId (executions and positions name the real exchange). */
  idForConId(conId: number | undefined): InstrumentId | undefined {
    return conId === undefined || conId === 0 ? undefined : this.#byConId.get(conId);
  }

  /** A loaded instrument from the cache. */
  cached(id: InstrumentId): AnyInstrument | undefined {
    return this.#details.has(id) ? (this.#o.cache.instrument(id) as AnyInstrument | undefined) : undefined;
  }

  details(id: InstrumentId): ContractDetails | undefined {
    return this.#details.get(id);
  }

  loadedIds(): InstrumentId[] {
    return [...this.#details.keys()];
  }

  /** Loads what the config names: loadIds, loadContracts, then the chains it asks for. */
  async initialize(): Promise<AnyInstrument[]> {
    const c = this.#o.config;
    const loaded: AnyInstrument[] = [];
    for (const id of c.loadIds ?? []) loaded.push(await this.load(InstrumentId(id)));
    for (const raw of c.loadContracts ?? []) loaded.push(...(await this.loadContract(raw as Contract)));
    const window = { minExpiryDays: c.minExpiryDays, maxExpiryDays: c.maxExpiryDays };
    const chains: AnyInstrument[] = [];
    for (const i of loaded) {
      if (c.buildOptionsChain === true && i.type === "Equity") chains.push(...(await this.loadOptionChain(i.id, window)));
      if (c.buildFuturesChain === true && i.type === "FuturesContract") chains.push(...(await this.loadFuturesChain(i.id, window)));
    }
    this.#log.info({ instruments: loaded.length + chains.length }, "IB instruments loaded");
    return [...loaded, ...chains];
  }

  /** The instrument, loaded now if needed. */
  async find(id: InstrumentId): Promise<AnyInstrument> {
    const cached = this.#o.cache.instrument(id);
    if (cached !== undefined && this.#details.has(id)) return cached as AnyInstrument;
    return this.load(id);
  }

  async load(id: InstrumentId): Promise<AnyInstrument> {
    const found = await this.#contractDetails(contractForInstrumentId(id, this.symbology), String(id));
    const match = found.find((d) => instrumentIdForContract(d.contract, this.symbology) === id) ?? (found.length === 1 ? found[0] : undefined);
    if (match === undefined) {
      const ids = found.map((d) => instrumentIdForContract(d.contract, this.symbology));
      throw new CortanaError("CORTANA_E_IB_UNKNOWN_SYMBOL", `${id} matches ${found.length} IB contracts (${ids.slice(0, 5).join(", ")}); use one of their ids`);
    }
    return this.#add(match, id);
  }

  /** Every contract matching a raw IB contract query. */
  async loadContract(query: Contract): Promise<AnyInstrument[]> {
    const found = await this.#contractDetails(query, JSON.stringify(query));
    return found.map((d) => this.#add(d));
  }

  /** Options of `underlying` (loaded first) whose expiry is in the window. */
  async loadOptionChain(underlying: InstrumentId, window: ExpiryWindow): Promise<AnyInstrument[]> {
    await this.find(underlying);
    const und = this.#details.get(underlying)?.contract;
    if (und === undefined) return [];
    const rows = await this.#secDefOptParams(und);
    const out: AnyInstrument[] = [];
    for (const row of rows.filter((r) => r.exchange === "SMART" || rows.length === 1)) {
      for (const expiry of row.expirations.filter((e) => this.#inWindow(e, window)).sort()) {
        const query: Contract = { secType: SecType.OPT, symbol: und.symbol, exchange: row.exchange, currency: und.currency, tradingClass: row.tradingClass, lastTradeDateOrContractMonth: expiry };
        out.push(...(await this.loadContract(query)));
      }
    }
    this.#log.info({ underlying, options: out.length }, "IB option chain loaded");
    return out;
  }

  /** Futures of the same root and exchange as `front` whose expiry is in the window. */
  async loadFuturesChain(front: InstrumentId, window: ExpiryWindow): Promise<AnyInstrument[]> {
    await this.find(front);
    const c = this.#details.get(front)?.contract;
    if (c === undefined) return [];
    const all = await this.#contractDetails({ secType: SecType.FUT, symbol: c.symbol, exchange: c.exchange, currency: c.currency }, `${c.symbol} futures`);
    return all.filter((d) => this.#inWindow(d.contract.lastTradeDateOrContractMonth ?? "", window)).map((d) => this.#add(d));
  }

  #inWindow(expiry: string, w: ExpiryWindow): boolean {
    if (!/^\d{8}$/.test(expiry)) return false;
    const now = this.#o.clock.timestampMs();
    const today = now - (now % DAY_MS);
    const day = Date.UTC(Number(expiry.slice(0, 4)), Number(expiry.slice(4, 6)) - 1, Number(expiry.slice(6, 8)));
    const days = Math.round((day - today) / DAY_MS);
    return days >= (w.minExpiryDays ?? 0) && days <= (w.maxExpiryDays ?? Number.MAX_SAFE_INTEGER);
  }

  #add(d: ContractDetails, id?: InstrumentId): AnyInstrument {
    const instrument = instrumentFromDetails(d, this.#o.clock.timestampNs(), this.symbology);
    const key = id ?? instrument.id;
    this.#details.set(key, d);
    if (d.contract.conId !== undefined && d.contract.conId !== 0) this.#byConId.set(d.contract.conId, key);
    if (key !== instrument.id) this.#details.set(instrument.id, d);
    this.#o.cache.addInstrument(instrument);
    return instrument;
  }

  #contractDetails(query: Contract, what: string): Promise<ContractDetails[]> {
    const found: ContractDetails[] = [];
    return ibRequest(this.#o.connection(), {
      label: `reqContractDetails ${what}`,
      timeoutMs: this.#o.requestTimeoutMs,
      send: (api, reqId) => api.reqContractDetails(reqId, query),
      on: [
        [EventName.contractDetails, (reqId, id: number, d: ContractDetails) => void (id === reqId && found.push(d))],
        [EventName.contractDetailsEnd, (reqId, id: number) => id === reqId],
      ],
      onError: (code, message) => code === NO_DEFINITION
        ? new CortanaError("CORTANA_E_IB_UNKNOWN_SYMBOL", `the IB gateway has no security definition for ${what} (${message}); check the symbol, security type and exchange`)
        : code >= 2100 && code <= 2999 ? undefined : new CortanaError("CORTANA_E_IB_DISCONNECTED", `reqContractDetails ${what}: IB error ${code}: ${message}`),
      result: () => found,
    }, this.#o.timers);
  }

  #secDefOptParams(und: Contract): Promise<{ exchange: string; tradingClass: string; expirations: string[] }[]> {
    const rows: { exchange: string; tradingClass: string; expirations: string[] }[] = [];
    return ibRequest(this.#o.connection(), {
      label: `reqSecDefOptParams ${und.symbol}`,
      timeoutMs: this.#o.requestTimeoutMs,
      send: (api, reqId) => api.reqSecDefOptParams(reqId, und.symbol ?? "", "", und.secType ?? SecType.STK, und.conId ?? 0),
      on: [
        [EventName.securityDefinitionOptionParameter, (reqId, id: number, exchange: string, _conId: number, tradingClass: string, _m: string, expirations: string[]) =>
          void (id === reqId && rows.push({ exchange, tradingClass, expirations: [...expirations] }))],
        [EventName.securityDefinitionOptionParameterEnd, (reqId, id: number) => id === reqId],
      ],
      result: () => rows,
    }, this.#o.timers);
  }
}
