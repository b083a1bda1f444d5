/**
 * Market data of the venue: a seeded random walk per walked instrument (stocks, futures), option
 * quotes derived from their underlying (intrinsic + a normal-density time value, snapped to tick),
 * trade prints, sizes, and deterministic synthetic historical bars.
 *
 * Prices are integer tick counts inside (`bid`, `ask`, `last` ...), turned into numbers only by
 * `quoteOf`. Each walked instrument steps at `startMs + k * stepMs` with its own sfc32 stream, so the
 * path for a seed does not depend on how often `advance` is called nor on the other instruments.
 *
 * Entry points: `MarketData` (stepping, price moves, trades), `initialMarket`, `historicalBars`.
 */
import type { Bar, Quote } from "./api.js";
import { dec, toNumber, type Dec } from "./decimal.js";
import type { Instrument } from "./instruments.js";
import { hash32, Rng, seedState, type RngState } from "./rng.js";

/** Top of book and day statistics of one instrument, in ticks (JSON-serialisable). */
export interface MarketState {
  conId: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  lastSize: number;
  volume: number;
  high: number;
  low: number;
  open: number;
  close: number;
  ts: number;
  lastTs: number;
  /** Walked instruments only: the walk's stream and the time of its next step. */
  rng?: RngState;
  nextStepMs?: number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function toTicks(price: Dec, tick: Dec): number {
  return Number(price / tick);
}

/** Option fair value in ticks: intrinsic + S * vol * sqrt(T) * phi(d), d = (K - S) / (S vol sqrt T). */
export function optionTheoTicks(underlying: number, strike: number, right: "C" | "P", years: number, vol: number, tick: number): number {
  const intrinsic = right === "C" ? Math.max(underlying - strike, 0) : Math.max(strike - underlying, 0);
  let timeValue = 0;
  if (years > 0 && underlying > 0) {
    const sd = underlying * vol * Math.sqrt(years);
    const d = (strike - underlying) / sd;
    timeValue = sd * INV_SQRT_2PI * Math.exp(-0.5 * d * d);
  }
  return Math.round((intrinsic + timeValue) / tick);
}

export class MarketData {
  private readonly tickOf = new Map<number, Dec>();
  /** underlying conId -> its options. */
  private readonly optionsOf = new Map<number, Instrument[]>();

  constructor(
    private readonly instruments: Map<number, Instrument>,
    readonly states: Map<number, MarketState>,
    private readonly seed: number,
  ) {
    for (const i of instruments.values()) {
      this.tickOf.set(i.contract.conId, dec(i.tick));
      if (i.option !== undefined) {
        const list = this.optionsOf.get(i.option.underConId) ?? [];
        list.push(i);
        this.optionsOf.set(i.option.underConId, list);
      }
    }
  }

  tick(conId: number): Dec {
    const t = this.tickOf.get(conId);
    if (t === undefined) throw new Error(`unknown conId ${conId}`);
    return t;
  }

  state(conId: number): MarketState | undefined {
    return this.states.get(conId);
  }

  /** Time of the earliest pending walk step, Infinity when nothing walks. */
  nextStepAt(): number {
    let next = Infinity;
    for (const s of this.states.values()) if (s.nextStepMs !== undefined && s.nextStepMs < next) next = s.nextStepMs;
    return next;
  }

  /** Perform the earliest pending walk step; returns the conIds whose quote changed (instrument and its options). */
  stepNext(withOptions = true): { t: number; changed: number[]; stepped: number } {
    let due: MarketState | undefined;
    for (const s of this.states.values()) {
      if (s.nextStepMs !== undefined && (due === undefined || s.nextStepMs < (due.nextStepMs ?? Infinity))) due = s;
    }
    if (due === undefined || due.nextStepMs === undefined || due.rng === undefined) return { t: Infinity, changed: [], stepped: 0 };
    const inst = this.instruments.get(due.conId)!;
    const walk = inst.walk!;
    const t = due.nextStepMs;
    const rng = new Rng(due.rng);
    const before = `${due.bid}/${due.ask}/${due.bidSize}/${due.askSize}/${due.last}`;
    if (rng.chance(walk.moveProb)) {
      const size = rng.int(1, walk.maxStepTicks);
      const delta = rng.chance(0.5) ? size : -size;
      due.bid = Math.max(1, due.bid + delta);
      due.ask = due.bid + walk.spreadTicks;
    }
    due.bidSize = rng.int(walk.minSize, walk.maxSize);
    due.askSize = rng.int(walk.minSize, walk.maxSize);
    if (rng.chance(walk.tradeProb)) {
      const price = rng.chance(0.5) ? due.bid : due.ask;
      this.print(due, price, rng.int(walk.minSize, walk.maxSize), t);
    }
    due.rng = rng.state();
    due.nextStepMs = t + walk.stepMs;
    const changed: number[] = [];
    if (`${due.bid}/${due.ask}/${due.bidSize}/${due.askSize}/${due.last}` !== before) {
      due.ts = t;
      changed.push(due.conId);
    }
    if (withOptions) changed.push(...this.repriceOptions(due.conId, t));
    return { t, changed, stepped: due.conId };
  }

  /** Set bid/ask/last around `priceTicks` (bid = price - floor(spread/2)); returns changed conIds. */
  setPrice(conId: number, priceTicks: number, t: number): number[] {
    const s = this.states.get(conId);
    const inst = this.instruments.get(conId);
    if (s === undefined || inst?.walk === undefined) return [];
    const spread = inst.walk.spreadTicks;
    s.bid = Math.max(1, priceTicks - Math.floor(spread / 2));
    s.ask = s.bid + spread;
    s.last = priceTicks;
    s.high = Math.max(s.high, priceTicks);
    s.low = Math.min(s.low, priceTicks);
    s.ts = t;
    return [conId, ...this.repriceOptions(conId, t)];
  }

  /** Record a trade print (a simulated fill prints on the tape too). */
  print(s: MarketState, priceTicks: number, size: number, t: number): void {
    s.last = priceTicks;
    s.lastSize = size;
    s.volume += size;
    s.high = Math.max(s.high, priceTicks);
    s.low = Math.min(s.low, priceTicks);
    s.lastTs = t;
    s.ts = t;
  }

  /** conIds of the options on an underlying. */
  optionConIds(underConId: number): number[] {
    return (this.optionsOf.get(underConId) ?? []).map((o) => o.contract.conId);
  }

  /** Recompute the options of an underlying at time t; returns the conIds whose quote changed. */
  repriceOptions(underConId: number, t: number): number[] {
    const options = this.optionsOf.get(underConId);
    const under = this.states.get(underConId);
    if (options === undefined || under === undefined) return [];
    const underTick = toNumber(this.tick(underConId));
    const mid = ((under.bid + under.ask) / 2) * underTick;
    const changed: number[] = [];
    for (const o of options) {
      const s = this.states.get(o.contract.conId)!;
      if (this.priceOption(o, s, mid, t)) changed.push(o.contract.conId);
    }
    return changed;
  }

  private priceOption(o: Instrument, s: MarketState, underlyingMid: number, t: number): boolean {
    const p = o.option!;
    const tick = toNumber(this.tick(o.contract.conId));
    const theo = optionTheoTicks(underlyingMid, o.contract.strike, p.right, Math.max(0, p.expiryMs - t) / YEAR_MS, p.volatility, tick);
    const bid = Math.max(0, theo - Math.floor(p.spreadTicks / 2));
    const ask = bid + p.spreadTicks;
    if (bid === s.bid && ask === s.ask) return false;
    s.bid = bid;
    s.ask = ask;
    s.bidSize = 1 + (hash32(this.seed, o.contract.conId, bid) % 50);
    s.askSize = 1 + (hash32(this.seed, o.contract.conId, ask, 1) % 50);
    s.ts = t;
    return true;
  }

  quoteOf(conId: number): Quote | undefined {
    const s = this.states.get(conId);
    if (s === undefined) return undefined;
    const tick = this.tick(conId);
    // No closure here: quotes are built for every changed instrument on every step.
    return {
      conId,
      bid: ticksToNumber(s.bid, tick),
      ask: ticksToNumber(s.ask, tick),
      bidSize: String(s.bidSize),
      askSize: String(s.askSize),
      last: ticksToNumber(s.last, tick),
      lastSize: String(s.lastSize),
      volume: String(s.volume),
      high: ticksToNumber(s.high, tick),
      low: ticksToNumber(s.low, tick),
      close: ticksToNumber(s.close, tick),
      open: ticksToNumber(s.open, tick),
      ts: s.ts,
      lastTs: s.lastTs,
    };
  }
}

/** Market state at creation: walked instruments at their start price, options priced from them. */
export function initialMarket(instruments: Instrument[], seed: number, startMs: number): Map<number, MarketState> {
  const states = new Map<number, MarketState>();
  for (const i of instruments) {
    const blank: MarketState = { conId: i.contract.conId, bid: 0, ask: 0, bidSize: 0, askSize: 0, last: 0, lastSize: 0, volume: 0, high: 0, low: 0, open: 0, close: 0, ts: startMs, lastTs: startMs };
    if (i.walk !== undefined && i.startPrice !== undefined) {
      const start = toTicks(dec(i.startPrice), dec(i.tick));
      const rng = new Rng(seedState(seed, i.contract.conId));
      blank.bid = Math.max(1, start - Math.floor(i.walk.spreadTicks / 2));
      blank.ask = blank.bid + i.walk.spreadTicks;
      blank.bidSize = rng.int(i.walk.minSize, i.walk.maxSize);
      blank.askSize = rng.int(i.walk.minSize, i.walk.maxSize);
      blank.last = blank.high = blank.low = blank.open = blank.close = start;
      blank.rng = rng.state();
      blank.nextStepMs = startMs + i.walk.stepMs;
    }
    states.set(i.contract.conId, blank);
  }
  const md = new MarketData(new Map(instruments.map((i) => [i.contract.conId, i])), states, seed);
  for (const i of instruments) {
    if (i.walk === undefined) continue;
    md.repriceOptions(i.contract.conId, startMs);
  }
  for (const i of instruments) {
    if (i.option === undefined) continue;
    const s = states.get(i.contract.conId)!;
    const mid = Math.round((s.bid + s.ask) / 2);
    s.last = s.high = s.low = s.open = s.close = mid;
  }
  return states;
}

/**
 * `count` bars of `barSecs`, the newest being the last bar that ends at or before `endMs` (oldest first). The newest bar
 * closes at the current last price; older bars walk backward with a stream seeded by
 * (seed, conId, barSecs, end bar index), so the same request gives the same bars.
 */
export function historicalBars(inst: Instrument, s: MarketState, seed: number, endMs: number, barSecs: number, count: number): Bar[] {
  if (count <= 0 || barSecs <= 0) return [];
  const barMs = barSecs * 1000;
  // The newest bar is the last one that ends at or before endMs (as IB's reqHistoricalData).
  const endIdx = Math.floor(endMs / barMs) - 1;
  const rng = new Rng(seedState(seed, hash32(inst.contract.conId, barSecs, endIdx)));
  const walk = inst.walk;
  const perBar = walk !== undefined ? Math.sqrt(((barMs / walk.stepMs) * walk.moveProb)) * walk.maxStepTicks : Math.sqrt(barSecs / 60) * s.last * 0.002;
  const maxMove = Math.max(1, Math.round(perBar));
  const floor = inst.option !== undefined ? 0 : 1;
  const tick = dec(inst.tick);
  const px = (ticks: number): number => toNumber(BigInt(ticks) * tick);
  const bars: Bar[] = [];
  let close = s.last;
  for (let k = 0; k < count; k++) {
    const open = Math.max(floor, close + rng.int(-maxMove, maxMove));
    const high = Math.max(open, close) + rng.int(0, Math.ceil(maxMove / 2));
    const low = Math.max(floor, Math.min(open, close) - rng.int(0, Math.ceil(maxMove / 2)));
    const volume = rng.int(1, 1000) * (walk?.maxSize ?? 10);
    const wap = Math.round((high + low + close) / 3);
    bars.push({ timeMs: (endIdx - k) * barMs, open: px(open), high: px(high), low: px(low), close: px(close), volume: String(volume), wap: px(wap), count: rng.int(1, 500) });
    close = open;
  }
  return bars.reverse();
}

/**
 * A price in ticks as a number: toNumber(ticks x tick). While the scaled product is a safe
 * integer it is computed in doubles (exact there, so the same value) without a BigInt.
 */
export function ticksToNumber(ticks: number, tick: Dec): number {
  const scaled = ticks * Number(tick);
  if (Number.isSafeInteger(scaled) && Number.isInteger(ticks)) return scaled / 1e8;
  return toNumber(BigInt(ticks) * tick);
}

/** Notional helper shared by the ledger: ticks x tick as Dec. */
export function ticksToDec(ticks: number, tick: Dec): Dec {
  return BigInt(ticks) * tick;
}

