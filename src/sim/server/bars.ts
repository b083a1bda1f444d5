/**
 * Aggregation of the venue's quotes into bars for REAL_TIME_BARS (5 s) and keepUpToDate
 * historical subscriptions. Bars are aligned to multiples of their size since the epoch; a bar
 * with no quote in it is not emitted (as IB skips empty real-time bars).
 */
import type { Quote } from "../venue/api.js";
import type { WireBar } from "../wire/encode.js";

export type PriceSource = "TRADES" | "MIDPOINT" | "BID" | "ASK";

export function priceSource(whatToShow: string): PriceSource {
  const w = whatToShow.toUpperCase();
  return w === "MIDPOINT" || w === "BID" || w === "ASK" ? w : "TRADES";
}

function priceOf(q: Quote, src: PriceSource): number {
  switch (src) {
    case "TRADES":
      return q.last;
    case "MIDPOINT":
      return Math.round(((q.bid + q.ask) / 2) * 1e8) / 1e8;
    case "BID":
      return q.bid;
    case "ASK":
      return q.ask;
  }
}

export interface OpenBar {
  startMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  count: number;
  wapNum: number;
}

export class BarAccumulator {
  private bar: OpenBar | undefined;
  private lastVolume: number | undefined;
  /** Set when the open bar changed since the last `takeChanged()`. */
  private changed = false;

  constructor(
    readonly barSecs: number,
    private readonly src: PriceSource,
  ) {}

  /** Add a quote; returns the bar it closed, if the quote starts a new one. */
  update(q: Quote): OpenBar | undefined {
    const price = priceOf(q, this.src);
    const vol = Number(q.volume);
    const dv = this.lastVolume === undefined || !Number.isFinite(vol) ? 0 : Math.max(0, vol - this.lastVolume);
    if (Number.isFinite(vol)) this.lastVolume = vol;
    const start = Math.floor(q.ts / (this.barSecs * 1000)) * this.barSecs * 1000;
    let closed: OpenBar | undefined;
    if (this.bar !== undefined && start > this.bar.startMs) {
      closed = this.bar;
      this.bar = undefined;
    }
    if (this.bar === undefined) {
      this.bar = { startMs: start, open: price, high: price, low: price, close: price, volume: 0, count: 0, wapNum: 0 };
    }
    const b = this.bar;
    b.high = Math.max(b.high, price);
    b.low = Math.min(b.low, price);
    b.close = price;
    b.volume += dv;
    b.count += 1;
    b.wapNum += price * (dv > 0 ? dv : 1);
    this.changed = true;
    return closed;
  }

  /** Close the open bar once `nowMs` is past its end (no quote needed). */
  roll(nowMs: number): OpenBar | undefined {
    const b = this.bar;
    if (b === undefined || nowMs < b.startMs + this.barSecs * 1000) return undefined;
    this.bar = undefined;
    return b;
  }

  /** The open bar if it changed since the last call. */
  takeChanged(): OpenBar | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    return this.bar;
  }
}

export function toWireBar(b: OpenBar, date: string): WireBar {
  const weight = b.volume > 0 ? b.volume : b.count;
  const wap = weight > 0 ? b.wapNum / weight : b.close;
  return { date, open: b.open, high: b.high, low: b.low, close: b.close, volume: String(b.volume), wap: wap.toFixed(4), count: b.count };
}
