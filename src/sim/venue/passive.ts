/**
 * Skipping passive matching passes that cannot do anything. A walk step runs a passive pass over
 * every live order of the instrument (engine.matchConIds); with thousands of resting limits that is
 * thousands of no-op checks per step. Per instrument this keeps what such a pass could touch:
 * whether any live order is "special" (not yet triggered, held as a bracket child, a market type,
 * no limit) and the extreme limits of the plain resting limits (highest buy, lowest sell).
 *
 * When no order is special and the touch crosses neither extreme, every order of the pass would
 * return from `matchOrder` without a side effect (the pass uses one touch for all its orders), so
 * the pass is skipped; otherwise it runs exactly as before. The bounds are dropped by VenueCore on
 * any change to an order of the instrument (reindex, order event) and recomputed on the next pass.
 */
import { ZERO, type Dec } from "./decimal.js";
import type { VenueCore } from "./core.js";
import { isMarketType, type Touch } from "./matching.js";

export interface PassiveBounds {
  /** Some live order needs a visit on every pass (trigger, trail, bracket release, market type). */
  special: boolean;
  /** Highest limit of the plain resting BUY limits; null when none. */
  buyMax: Dec | null;
  /** Lowest limit of the plain resting SELL limits; null when none. */
  sellMin: Dec | null;
}

function compute(core: VenueCore, live: ReadonlySet<number>): PassiveBounds {
  const b: PassiveBounds = { special: false, buyMax: null, sellMin: null };
  for (const permId of live) {
    const o = core.orders.get(permId);
    // Orders matchOrder returns from at once (not live) cannot act in a pass.
    if (o === undefined || !core.isLive(o)) continue;
    if (!o.triggered || o.whyHeld === "child" || o.lmt === null || isMarketType(o)) {
      b.special = true;
      return b;
    }
    if (o.side === 1) b.buyMax = b.buyMax === null || o.lmt > b.buyMax ? o.lmt : b.buyMax;
    else b.sellMin = b.sellMin === null || o.lmt < b.sellMin ? o.lmt : b.sellMin;
  }
  return b;
}

/** True when a passive pass over `live` (the live orders of `conId`) at touch `t` would change nothing. */
export function passIsNoOp(core: VenueCore, conId: number, live: ReadonlySet<number>, t: Touch): boolean {
  let b = core.passive.get(conId);
  if (b === undefined) {
    b = compute(core, live);
    core.passive.set(conId, b);
  }
  if (b.special) return false;
  // isMarketable of a plain limit: a positive touch with displayed size, and the limit reached.
  const buys = b.buyMax !== null && t.ask > ZERO && t.askSize > ZERO && t.ask <= b.buyMax;
  const sells = b.sellMin !== null && t.bid > ZERO && t.bidSize > ZERO && t.bid >= b.sellMin;
  return !buys && !sells;
}
