/**
 * The contract block that most client requests carry (conId ... tradingClass), plus BAG legs
 * of market-data style requests. Shared by the request decoders.
 */
import type { ContractRef } from "./types.js";
import type { TokenReader } from "./reader.js";

/** conId, symbol, secType, ltd, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass. */
export function readContractRef(r: TokenReader): ContractRef {
  return {
    conId: r.int(),
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.dbl(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExch: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
  };
}

/** Short BAG legs of REQ_MKT_DATA / REQ_HISTORICAL_DATA: n, (conId, ratio, action, exchange)×n. */
export function readShortComboLegs(r: TokenReader): { conId: number; ratio: number; action: string; exchange: string }[] {
  const n = r.int();
  if (n < 0 || n > r.remaining) r.fail(`bad combo leg count ${n}`);
  const legs = [];
  for (let k = 0; k < n; k++) legs.push({ conId: r.int(), ratio: r.int(), action: r.str(), exchange: r.str() });
  return legs;
}

/** A count field bounded by what is left in the frame (a malformed count must not loop forever). */
export function readCount(r: TokenReader, what: string): number {
  const n = r.int();
  if (n < 0 || n > r.remaining) r.fail(`bad ${what} count ${n}`);
  return n;
}
