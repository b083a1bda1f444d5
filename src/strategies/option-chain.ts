/**
 * Option chain helpers for the 0DTE strategy: today's chain of an underlying from the cache, and
 * the contract nearest the money.
 *
 * Entry points: `todaysChain(cache, underlyingSymbol, nowNs)`, `nearestTheMoney(chain, kind, price)`,
 * `snapToTick(instrument, value)`.
 * "Today" is the UTC calendar day of `nowNs`, and the contract must not have expired yet (US
 * equity options expire at 16:00 New York, 20:00 or 21:00 UTC: the same UTC day as the session).
 */
import type { Cache } from "../cache/cache.js";
import type { OptionKind } from "../model/enums.js";
import { OptionContract, type Instrument } from "../model/instruments.js";
import { Price } from "../model/values.js";

const NANOS_PER_DAY = 86_400_000_000_000n;

/** Unexpired options on `underlyingSymbol` expiring on the UTC day of `nowNs`. */
export function todaysChain(cache: Cache, underlyingSymbol: string, nowNs: bigint): OptionContract[] {
  const day = nowNs / NANOS_PER_DAY;
  return cache
    .instruments()
    .filter((i): i is OptionContract => i instanceof OptionContract)
    .filter((o) => o.underlying === underlyingSymbol && o.expirationNs > nowNs && o.expirationNs / NANOS_PER_DAY === day);
}

/** The `kind` contract whose strike is closest to `price` (ties: the lower strike). */
export function nearestTheMoney(chain: readonly OptionContract[], kind: OptionKind, price: Price): OptionContract | undefined {
  let best: OptionContract | undefined;
  let bestDistance = 0n;
  for (const o of chain) {
    if (o.optionKind !== kind) continue;
    const d = o.strike.raw > price.raw ? o.strike.raw - price.raw : price.raw - o.strike.raw;
    if (best === undefined || d < bestDistance || (d === bestDistance && o.strike.lt(best.strike))) {
      best = o;
      bestDistance = d;
    }
  }
  return best;
}

/** `value` rounded to the nearest multiple of the instrument's price increment (exact result). */
export function snapToTick(instrument: Instrument, value: number): Price {
  const increment = instrument.priceIncrement;
  const ticks = Math.round(value / increment.toNumber());
  return Price.fromRaw(BigInt(ticks) * increment.raw, instrument.pricePrecision);
}
