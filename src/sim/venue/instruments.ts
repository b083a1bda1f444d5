/**
 * Instruments of the venue: the resolved form of the scenario's instrument specs (stocks, futures,
 * option chains expanded to one instrument per expiry x strike x right), contract lookup as IB
 * resolves a client's query, and reqSecDefOptParams rows.
 *
 * Entry points: `resolveInstruments(specs, nowMs)`, `findContracts`, `optionChainRows`.
 * Invariants: conIds are unique; prices of an instrument are integer multiples of its `tick`.
 */
import { CortanaError } from "../../common/errors.js";
import type { ContractQuery, OptionChainRow, SimContract } from "./api.js";
import { dec, toNumber, toStr } from "./decimal.js";
import { addDays, expiryMs, ymd, EXCHANGE_ZONE, wallClock } from "./time.js";

/** Random-walk parameters of a walked instrument (stock or future). */
export interface WalkParams {
  /** Milliseconds between two steps of the walk. */
  stepMs: number;
  /** Probability that the price moves at a step. */
  moveProb: number;
  /** A move is 1..maxStepTicks ticks, up or down with equal probability. */
  maxStepTicks: number;
  /** ask - bid, in ticks. */
  spreadTicks: number;
  /** Probability of a trade print at a step. */
  tradeProb: number;
  /** Displayed and traded sizes are drawn uniformly in [minSize, maxSize] (units of sizeIncrement). */
  minSize: number;
  maxSize: number;
}

export interface StockSpec {
  kind: "stock";
  conId: number;
  symbol: string;
  primaryExchange: string;
  currency: string;
  longName: string;
  minTick: string;
  price: string;
  walk: WalkParams;
}

export interface FutureSpec {
  kind: "future";
  conId: number;
  symbol: string;
  exchange: string;
  currency: string;
  longName: string;
  /** "front" (next quarterly expiry: third Friday of Mar/Jun/Sep/Dec) or yyyymmdd. */
  expiry: string;
  multiplier: string;
  minTick: string;
  price: string;
  /** Initial margin per contract (USD). Maintenance is 90% of it. */
  initialMargin: string;
  walk: WalkParams;
}

export interface OptionChainSpec {
  kind: "optionChain";
  /** Symbol of a stock spec in the same scenario. */
  underlying: string;
  /** First conId of the chain; the others follow in order (expiry, strike, C then P). */
  conIdStart: number;
  /** "today", "tomorrow" (calendar days in America/New_York) or yyyymmdd. */
  expiries: string[];
  /** Strikes: every `strikeStep` within `strikesEachSide` steps of the underlying's start price. */
  strikeStep: string;
  strikesEachSide: number;
  multiplier: string;
  minTick: string;
  spreadTicks: number;
  /** Annualised volatility used for the time value. */
  volatility: number;
}

export type InstrumentSpec = StockSpec | FutureSpec | OptionChainSpec;

export interface OptionParams {
  underConId: number;
  strike: string;
  right: "C" | "P";
  expiryMs: number;
  volatility: number;
  spreadTicks: number;
}

/** A tradable instrument, fully resolved (JSON-serialisable: part of the venue state). */
export interface Instrument {
  contract: SimContract;
  tick: string;
  /** "1" for stocks. */
  multiplier: string;
  walk?: WalkParams;
  /** Start price (prior close) for walked instruments. */
  startPrice?: string;
  option?: OptionParams;
  /** Futures only. */
  initialMargin?: string;
}

const decimalsOf = (text: string): number => (text.includes(".") ? text.split(".")[1]!.replace(/0+$/, "").length : 0);

function baseContract(): Omit<SimContract, "conId" | "symbol" | "secType" | "exchange" | "primaryExchange" | "currency" | "localSymbol" | "tradingClass" | "minTick" | "priceDecimals" | "longName"> {
  return {
    multiplier: "",
    lastTradeDateOrContractMonth: "",
    strike: 0,
    right: "",
    sizeIncrement: "1",
    minSize: "1",
    suggestedSizeIncrement: "1",
    underConId: 0,
    underSymbol: "",
    underSecType: "",
    contractMonth: "",
    realExpirationDate: "",
    lastTradeTime: "",
    marketName: "",
    validExchanges: "",
    orderTypes: "LMT,MIT,MKT,STP,STPLMT,TRAIL,TRAILLIMIT,LIT,DAY,GTC,GTD,IOC,FOK",
    timeZoneId: "US/Eastern",
    tradingHours: "",
    liquidHours: "",
    marketRuleIds: "26",
    stockType: "",
    industry: "",
    category: "",
    subcategory: "",
    aggGroup: 1,
    priceMagnifier: 1,
  };
}

function stockInstrument(s: StockSpec): Instrument {
  return {
    contract: {
      ...baseContract(),
      conId: s.conId,
      symbol: s.symbol,
      secType: "STK",
      exchange: "SMART",
      primaryExchange: s.primaryExchange,
      currency: s.currency,
      localSymbol: s.symbol,
      tradingClass: s.symbol,
      minTick: Number(s.minTick),
      priceDecimals: Math.max(2, decimalsOf(s.minTick)),
      longName: s.longName,
      marketName: s.symbol,
      validExchanges: `SMART,${s.primaryExchange}`,
      stockType: "ETF",
      tradingHours: "",
      liquidHours: "",
    },
    tick: s.minTick,
    multiplier: "1",
    walk: s.walk,
    startPrice: s.price,
  };
}

const FUTURE_MONTH_CODES = "FGHJKMNQUVXZ";

/** Third Friday (yyyymmdd) of a month. */
function thirdFriday(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((5 - first + 7) % 7) + 14;
  return `${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`;
}

/** The next quarterly expiry (third Friday of Mar/Jun/Sep/Dec) on or after the New York date of nowMs. */
export function frontQuarterly(nowMs: number): string {
  const today = ymd(nowMs, EXCHANGE_ZONE);
  const w = wallClock(nowMs, EXCHANGE_ZONE);
  for (let i = 0; i < 5; i++) {
    const m = w.month + i;
    const year = w.year + Math.floor((m - 1) / 12);
    const month = ((m - 1) % 12) + 1;
    if (month % 3 !== 0) continue;
    const d = thirdFriday(year, month);
    if (d >= today) return d;
  }
  throw new Error("no quarterly expiry within five months");
}

function futureInstrument(s: FutureSpec, nowMs: number): Instrument {
  const expiry = s.expiry === "front" ? frontQuarterly(nowMs) : s.expiry;
  const month = Number(expiry.slice(4, 6));
  const localSymbol = `${s.symbol}${FUTURE_MONTH_CODES[month - 1]}${expiry.slice(3, 4)}`;
  return {
    contract: {
      ...baseContract(),
      conId: s.conId,
      symbol: s.symbol,
      secType: "FUT",
      exchange: s.exchange,
      primaryExchange: "",
      currency: s.currency,
      localSymbol,
      tradingClass: s.symbol,
      multiplier: s.multiplier,
      lastTradeDateOrContractMonth: expiry,
      contractMonth: expiry.slice(0, 6),
      realExpirationDate: expiry,
      minTick: Number(s.minTick),
      priceDecimals: Math.max(2, decimalsOf(s.minTick)),
      longName: s.longName,
      marketName: s.symbol,
      validExchanges: s.exchange,
      underSymbol: s.symbol,
      underSecType: "IND",
      marketRuleIds: "67",
    },
    tick: s.minTick,
    multiplier: s.multiplier,
    walk: s.walk,
    startPrice: s.price,
    initialMargin: s.initialMargin,
  };
}

function resolveExpiry(e: string, nowMs: number): string {
  const today = ymd(nowMs, EXCHANGE_ZONE);
  if (e === "today") return today;
  if (e === "tomorrow") return addDays(today, 1);
  return e;
}

function optionInstruments(s: OptionChainSpec, under: Instrument, nowMs: number): Instrument[] {
  const step = dec(s.strikeStep);
  const start = dec(under.startPrice ?? "0");
  const center = ((start + step / 2n) / step) * step;
  const strikes: bigint[] = [];
  for (let i = -s.strikesEachSide; i <= s.strikesEachSide; i++) {
    const k = center + BigInt(i) * step;
    if (k > 0n) strikes.push(k);
  }
  const out: Instrument[] = [];
  let conId = s.conIdStart;
  const expiries = [...new Set(s.expiries.map((e) => resolveExpiry(e, nowMs)))].sort();
  for (const expiry of expiries) {
    for (const k of strikes) {
      for (const right of ["C", "P"] as const) {
        out.push(optionInstrument(s, under, expiry, toStr(k), right, conId++));
      }
    }
  }
  return out;
}

function optionInstrument(s: OptionChainSpec, under: Instrument, expiry: string, strike: string, right: "C" | "P", conId: number): Instrument {
  const u = under.contract;
  const strikeText = (Number(strike) * 1000).toFixed(0).padStart(8, "0");
  return {
    contract: {
      ...baseContract(),
      conId,
      symbol: u.symbol,
      secType: "OPT",
      exchange: "SMART",
      primaryExchange: "",
      currency: u.currency,
      localSymbol: `${u.symbol.padEnd(6, " ")}${expiry.slice(2)}${right}${strikeText}`,
      tradingClass: u.symbol,
      multiplier: s.multiplier,
      lastTradeDateOrContractMonth: expiry,
      contractMonth: expiry.slice(0, 6),
      realExpirationDate: expiry,
      lastTradeTime: "16:00:00",
      strike: Number(strike),
      right,
      minTick: Number(s.minTick),
      priceDecimals: Math.max(2, decimalsOf(s.minTick)),
      longName: u.longName,
      marketName: u.symbol,
      validExchanges: `SMART,${u.primaryExchange},CBOE`,
      underConId: u.conId,
      underSymbol: u.symbol,
      underSecType: "STK",
      marketRuleIds: "32,109",
    },
    tick: s.minTick,
    multiplier: s.multiplier,
    option: { underConId: u.conId, strike, right, expiryMs: expiryMs(expiry), volatility: s.volatility, spreadTicks: s.spreadTicks },
  };
}

/** Resolve specs to instruments ("today"/"front" against nowMs). Throws CORTANA_E_SCENARIO_INVALID on inconsistencies. */
export function resolveInstruments(specs: InstrumentSpec[], nowMs: number): Instrument[] {
  const out: Instrument[] = [];
  for (const s of specs) {
    if (s.kind === "stock") out.push(stockInstrument(s));
    else if (s.kind === "future") out.push(futureInstrument(s, nowMs));
  }
  for (const s of specs) {
    if (s.kind !== "optionChain") continue;
    const under = out.find((i) => i.contract.secType === "STK" && i.contract.symbol === s.underlying);
    if (under === undefined) {
      throw new CortanaError("CORTANA_E_SCENARIO_INVALID", `option chain on "${s.underlying}": no stock with that symbol in instruments`);
    }
    out.push(...optionInstruments(s, under, nowMs));
  }
  const seen = new Set<number>();
  for (const i of out) {
    if (seen.has(i.contract.conId)) {
      throw new CortanaError("CORTANA_E_SCENARIO_INVALID", `instruments: conId ${i.contract.conId} is used twice (${i.contract.localSymbol})`);
    }
    seen.add(i.contract.conId);
  }
  return out;
}

const eqText = (want: string | undefined, have: string): boolean => want === undefined || want === "" || want.toUpperCase() === have.toUpperCase();

/** validExchanges text -> its upper-case names (few distinct texts; saves a split per order). */
const exchangeSets = new Map<string, ReadonlySet<string>>();

function exchangesOf(validExchanges: string): ReadonlySet<string> {
  let set = exchangeSets.get(validExchanges);
  if (set === undefined) {
    set = new Set(validExchanges.toUpperCase().split(","));
    exchangeSets.set(validExchanges, set);
  }
  return set;
}

/** IB's contract resolution, simplified: every given field must match. */
export function matchesQuery(c: SimContract, q: ContractQuery): boolean {
  if (q.conId !== undefined && q.conId !== 0) return q.conId === c.conId;
  if (!eqText(q.symbol, c.symbol) || !eqText(q.secType, c.secType) || !eqText(q.currency, c.currency)) return false;
  if (!eqText(q.localSymbol, c.localSymbol) || !eqText(q.tradingClass, c.tradingClass) || !eqText(q.right, c.right)) return false;
  if (q.exchange !== undefined && q.exchange !== "" && !exchangesOf(c.validExchanges).has(q.exchange.toUpperCase())) return false;
  if (q.primaryExchange !== undefined && q.primaryExchange !== "" && c.primaryExchange !== "" && !eqText(q.primaryExchange, c.primaryExchange)) return false;
  if (q.multiplier !== undefined && q.multiplier !== "" && Number(q.multiplier) !== Number(c.multiplier || "1")) return false;
  if (q.strike !== undefined && q.strike !== 0 && q.strike !== c.strike) return false;
  const date = q.lastTradeDateOrContractMonth;
  if (date !== undefined && date !== "" && !c.lastTradeDateOrContractMonth.startsWith(date)) return false;
  // A bare symbol resolves to the stock, as IB's "STK" default would; options need secType.
  if ((q.secType === undefined || q.secType === "") && c.secType !== "STK" && q.localSymbol === undefined) return false;
  return true;
}

export function findContracts(instruments: Iterable<Instrument>, q: ContractQuery): SimContract[] {
  const out: SimContract[] = [];
  for (const i of instruments) if (matchesQuery(i.contract, q)) out.push(i.contract);
  return out;
}

export function optionChainRows(instruments: Iterable<Instrument>, symbol: string, underConId: number): OptionChainRow[] {
  const expirations = new Set<string>();
  const strikes = new Set<number>();
  let tradingClass = symbol;
  let multiplier = "100";
  let primary = "";
  for (const i of instruments) {
    const o = i.option;
    if (o === undefined || i.contract.underSymbol.toUpperCase() !== symbol.toUpperCase()) continue;
    if (underConId !== 0 && o.underConId !== underConId) continue;
    expirations.add(i.contract.lastTradeDateOrContractMonth);
    strikes.add(toNumber(dec(o.strike)));
    tradingClass = i.contract.tradingClass;
    multiplier = i.contract.multiplier;
    primary = i.contract.validExchanges.split(",")[1] ?? "";
  }
  if (expirations.size === 0) return [];
  const row = (exchange: string): OptionChainRow => ({
    exchange,
    underlyingConId: underConId,
    tradingClass,
    multiplier,
    expirations: [...expirations].sort(),
    strikes: [...strikes].sort((a, b) => a - b),
  });
  return ["SMART", "CBOE", ...(primary !== "" ? [primary] : [])].map(row);
}
