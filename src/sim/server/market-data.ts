/**
 * Quote -> tick frames for one subscription, sending only what changed (as TWS does): a price
 * goes out as TICK_PRICE (with its size) followed by a separate TICK_SIZE, because @stoqey/ib
 * drops the implied BID_SIZE of a TICK_PRICE (tick type 0 is falsy). Delayed market data types
 * (3, 4) use the delayed tick ids 66+. Also the tick-by-tick frames of a quote.
 */
import type { Quote } from "../venue/api.js";
import { TickType, tickTypeFor } from "../wire/ids.js";
import { encodeTickByTick } from "../wire/encode.js";
import { encodeFrames, type WireField } from "../wire/framing.js";
import { OutMsg } from "../wire/ids.js";
import type { MktDataSub, TickByTickSub } from "./session.js";

function changed(sub: MktDataSub, key: keyof Quote, value: number | string, full: boolean): boolean {
  if (!full && sub.sent[key] === value) return false;
  sub.sent[key] = value;
  return true;
}

const encodeTickPrice = (id: number, t: number, price: number, size: string, mask: number): WireField[] => [OutMsg.TICK_PRICE, 6, id, t, price, size, mask];
const encodeTickSize = (id: number, t: number, size: string): WireField[] => [OutMsg.TICK_SIZE, 6, id, t, size];
const encodeTickString = (id: number, t: number, value: string): WireField[] => [OutMsg.TICK_STRING, 6, id, t, value];

/** One side of the book: its price (with size) when the price changed, its size when either changed. */
function side(out: WireField[][], sub: MktDataSub, q: Quote, mdt: number, full: boolean, price: "bid" | "ask", size: "bidSize" | "askSize", pt: number, st: number): void {
  const pc = changed(sub, price, q[price], full);
  const sc = changed(sub, size, q[size], full);
  if (pc) out.push(encodeTickPrice(sub.reqId, tickTypeFor(pt, mdt), q[price], q[size], 1));
  if (pc || sc) out.push(encodeTickSize(sub.reqId, tickTypeFor(st, mdt), q[size]));
}

/**
 * Frames for `q` on `sub`, all in one buffer (or none when nothing changed); `full` sends every
 * field (the initial image of a subscription). Layouts are wire/encode.ts's TICK_PRICE/SIZE/STRING.
 * No closures inside: this runs for every quote of every subscription (and tsx's keepNames makes
 * each named closure cost a defineProperty per call).
 */
export function quoteTicks(sub: MktDataSub, q: Quote, mdt: number, full: boolean): Buffer[] {
  const out: WireField[][] = [];
  const id = sub.reqId;
  side(out, sub, q, mdt, full, "bid", "bidSize", TickType.BID, TickType.BID_SIZE);
  side(out, sub, q, mdt, full, "ask", "askSize", TickType.ASK, TickType.ASK_SIZE);
  if (q.lastTs > 0 && changed(sub, "lastTs", q.lastTs, full)) {
    sub.sent.last = q.last;
    sub.sent.lastSize = q.lastSize;
    out.push(encodeTickPrice(id, tickTypeFor(TickType.LAST, mdt), q.last, q.lastSize, 0));
    out.push(encodeTickSize(id, tickTypeFor(TickType.LAST_SIZE, mdt), q.lastSize));
    out.push(encodeTickString(id, tickTypeFor(TickType.LAST_TIMESTAMP, mdt), String(Math.floor(q.lastTs / 1000))));
  }
  if (changed(sub, "volume", q.volume, full)) out.push(encodeTickSize(id, tickTypeFor(TickType.VOLUME, mdt), q.volume));
  if (q.high > 0 && changed(sub, "high", q.high, full)) out.push(encodeTickPrice(id, tickTypeFor(TickType.HIGH, mdt), q.high, "0", 0));
  if (q.low > 0 && changed(sub, "low", q.low, full)) out.push(encodeTickPrice(id, tickTypeFor(TickType.LOW, mdt), q.low, "0", 0));
  if (q.close > 0 && changed(sub, "close", q.close, full)) out.push(encodeTickPrice(id, tickTypeFor(TickType.CLOSE, mdt), q.close, "0", 0));
  if (q.open > 0 && changed(sub, "open", q.open, full)) out.push(encodeTickPrice(id, tickTypeFor(TickType.OPEN, mdt), q.open, "0", 0));
  return out.length === 0 ? [] : [encodeFrames(out)];
}

/** Midpoint without binary drift (prices are at most a few decimals). */
export const midOf = (q: Quote): number => Math.round(((q.bid + q.ask) / 2) * 1e8) / 1e8;

/** Tick-by-tick frame for `q`, or nothing when this type's content did not change. */
export function tickByTickFrame(sub: TickByTickSub, q: Quote): Buffer | undefined {
  const secs = Math.floor(q.ts / 1000);
  switch (sub.type) {
    case "BidAsk": {
      const key = `${q.bid}|${q.ask}|${q.bidSize}|${q.askSize}`;
      if (key === sub.lastKey) return undefined;
      sub.lastKey = key;
      return encodeTickByTick(sub.reqId, { type: "BidAsk", time: secs, bidPrice: q.bid, askPrice: q.ask, bidSize: q.bidSize, askSize: q.askSize, bidPastLow: false, askPastHigh: false });
    }
    case "MidPoint": {
      const mid = midOf(q);
      const key = String(mid);
      if (key === sub.lastKey) return undefined;
      sub.lastKey = key;
      return encodeTickByTick(sub.reqId, { type: "MidPoint", time: secs, midPoint: mid });
    }
    case "Last":
    case "AllLast": {
      if (q.lastTs <= 0) return undefined;
      const key = String(q.lastTs);
      if (key === sub.lastKey) return undefined;
      sub.lastKey = key;
      return encodeTickByTick(sub.reqId, { type: sub.type, time: Math.floor(q.lastTs / 1000), price: q.last, size: q.lastSize,
        pastLimit: false, unreported: false, exchange: "ARCA", specialConditions: "" });
    }
  }
}
