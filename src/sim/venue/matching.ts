/**
 * Pure matching rules: trailing-stop updates, trigger election, marketability, fill price and
 * fillable quantity for one order against the top of book. No state changes besides the trailing
 * stop of the record handed in (`updateTrail`).
 *
 * Triggers use the touch: a BUY stop elects when ask >= stop, a SELL stop when bid <= stop;
 * a BUY touch (MIT/LIT) when ask <= aux, a SELL touch when bid >= aux. A limit order marketable on
 * arrival takes the touch (liquidity 2); a resting limit crossed later fills at its limit (1).
 */
import type { PartialFillMode } from "./api.js";
import { dec, divRound, min, ONE, ZERO, type Dec } from "./decimal.js";
import type { OrderRec } from "./core.js";

export interface Touch {
  bid: Dec;
  ask: Dec;
  bidSize: Dec;
  askSize: Dec;
}

const HUNDRED = 100n * ONE;

/** Round to the nearest multiple of tick (half away from zero). */
export function snap(price: Dec, tick: Dec): Dec {
  return divRound(price, tick) * tick;
}

/** Trailing amount in price units (auxPrice, or trailingPercent of the reference price). */
function trailAmount(o: OrderRec, reference: Dec, tick: Dec): Dec {
  const pct = o.req.trailingPercent;
  if (pct !== undefined && pct > 0) {
    const amount = snap(divRound(reference * dec(String(pct)), HUNDRED), tick);
    return amount > ZERO ? amount : tick;
  }
  return o.aux ?? tick;
}

/** Move a trailing stop with the market (only ever in the order's favour). Returns true when it moved. */
export function updateTrail(o: OrderRec, t: Touch, tick: Dec): boolean {
  if (o.type !== "TRAIL" && o.type !== "TRAIL LIMIT") return false;
  const ref = o.side === 1 ? t.ask : t.bid;
  const candidate = o.side === 1 ? ref + trailAmount(o, ref, tick) : ref - trailAmount(o, ref, tick);
  if (o.trailStop === null || (o.side === 1 ? candidate < o.trailStop : candidate > o.trailStop)) {
    o.trailStop = candidate;
    if (o.type === "TRAIL LIMIT") o.lmt = trailLimit(o, candidate);
    return true;
  }
  return false;
}

/** TRAIL LIMIT's limit follows its stop at lmtPriceOffset. */
export function trailLimit(o: OrderRec, stop: Dec): Dec {
  const offset = o.req.lmtPriceOffset !== undefined ? dec(String(o.req.lmtPriceOffset)) : ZERO;
  return o.side === 1 ? stop + offset : stop - offset;
}

export function isElected(o: OrderRec, t: Touch): boolean {
  switch (o.type) {
    case "STP":
    case "STP LMT":
      return o.side === 1 ? t.ask >= (o.aux ?? ZERO) : t.bid <= (o.aux ?? ZERO);
    case "TRAIL":
    case "TRAIL LIMIT":
      return o.trailStop !== null && (o.side === 1 ? t.ask >= o.trailStop : t.bid <= o.trailStop);
    case "MIT":
    case "LIT":
      return o.side === 1 ? t.ask <= (o.aux ?? ZERO) : t.bid >= (o.aux ?? ZERO);
    case "MKT":
    case "LMT":
      return true;
  }
}

/** True when the order (once elected) executes at any price. */
export function isMarketType(o: OrderRec): boolean {
  return o.type === "MKT" || o.type === "STP" || o.type === "MIT" || o.type === "TRAIL";
}

export function isMarketable(o: OrderRec, t: Touch): boolean {
  const touch = o.side === 1 ? t.ask : t.bid;
  const displayed = o.side === 1 ? t.askSize : t.bidSize;
  if (touch <= ZERO) return false;
  if (displayed <= ZERO) return false;
  if (isMarketType(o)) return true;
  if (o.lmt === null) return false;
  return o.side === 1 ? t.ask <= o.lmt : t.bid >= o.lmt;
}

/** Execution price: the touch when aggressive or a market type, else the resting limit. */
export function fillPrice(o: OrderRec, t: Touch, aggressive: boolean): Dec {
  const touch = o.side === 1 ? t.ask : t.bid;
  if (aggressive || isMarketType(o) || o.lmt === null) return touch;
  return o.lmt;
}

/** How much may fill in this pass under the partial-fill mode (never above the remaining quantity). */
export function fillableQty(remaining: Dec, t: Touch, side: 1 | -1, mode: PartialFillMode): Dec {
  switch (mode.kind) {
    case "off":
      return remaining;
    case "touchSize":
      return min(remaining, side === 1 ? t.askSize : t.bidSize);
    case "chunks":
      return min(remaining, dec(mode.qty));
  }
}

/** OCA reduction of a sibling for a fill of `fillQty` of an order of `orderQty` (proportional, whole increments). */
export function ocaReduction(siblingQty: Dec, fillQty: Dec, orderQty: Dec, increment: Dec): Dec {
  const raw = (siblingQty * fillQty) / orderQty;
  return (raw / increment) * increment;
}
