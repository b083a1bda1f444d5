/**
 * Reference and market data requests: contract details, option chains, market data (streaming
 * and snapshot, market data types 1-4), tick-by-tick, historical bars (with keepUpToDate) and
 * real-time bars, with the errors a gateway sends (200 no definition, 300 unknown ticker id,
 * 321 invalid parameters, 2174 zone-less date-time warning).
 */
import type { ClientMessage } from "../wire/decode.js";
import type { ContractRef } from "../wire/types.js";
import type { SimContract } from "../venue/api.js";
import {
  encodeContractDataEnd, encodeError, encodeHistoricalData, encodeMarketDataType, encodeSecDefOptParams,
  encodeSecDefOptParamsEnd, encodeTickReqParams, encodeTickSnapshotEnd,
} from "../wire/encode.js";
import { encodeContractData } from "../wire/encode-contract.js";
import { contractQuery, wireContractDetails } from "./mapping.js";
import { quoteTicks, tickByTickFrame } from "./market-data.js";
import { BarAccumulator, priceSource } from "./bars.js";
import { barSizeSeconds, durationSeconds, formatDay, formatZoned, parseClientDateTime } from "./time-format.js";
import type { ServerContext } from "./context.js";
import type { Session } from "./session.js";

type Msg<K extends ClientMessage["kind"]> = Extract<ClientMessage, { kind: K }>;

const NO_DEFINITION = "No security definition has been found for the request";
const MAX_BARS = 10_000;

/** The one instrument a request names, or undefined after sending error 200 to `id`. */
function resolveOne(ctx: ServerContext, s: Session, id: number, c: ContractRef): SimContract | undefined {
  const byId = c.conId !== 0 ? ctx.venue.contract(c.conId) : undefined;
  const found = byId !== undefined ? [byId] : c.conId !== 0 ? [] : ctx.venue.findContracts(contractQuery(c));
  if (found.length === 1) return found[0];
  const msg = found.length === 0 ? NO_DEFINITION : `The contract description specified for ${c.symbol} is ambiguous.`;
  s.send(encodeError(id, 200, msg));
  return undefined;
}

export function reqContractDetails(ctx: ServerContext, s: Session, m: Msg<"reqContractDetails">): void {
  const c = m.contract;
  const byId = c.conId !== 0 ? ctx.venue.contract(c.conId) : undefined;
  const found = byId !== undefined ? [byId] : c.conId !== 0 ? [] : ctx.venue.findContracts(contractQuery(c));
  if (found.length === 0) {
    s.send(encodeError(m.reqId, 200, NO_DEFINITION));
    return;
  }
  for (const sc of found) s.send(encodeContractData(m.reqId, wireContractDetails(sc)));
  s.send(encodeContractDataEnd(m.reqId));
}

export function reqSecDefOptParams(ctx: ServerContext, s: Session, m: Msg<"reqSecDefOptParams">): void {
  for (const row of ctx.venue.optionChain(m.underlyingSymbol, m.underlyingConId)) s.send(encodeSecDefOptParams(m.reqId, row));
  s.send(encodeSecDefOptParamsEnd(m.reqId));
}

export function reqMarketDataType(_ctx: ServerContext, s: Session, m: Msg<"reqMarketDataType">): void {
  if (m.marketDataType < 1 || m.marketDataType > 4) {
    s.send(encodeError(-1, 321, `Error validating request.-'a6' : cause - Invalid market data type ${m.marketDataType}`));
    return;
  }
  s.marketDataType = m.marketDataType;
  for (const sub of s.mktData.values()) s.send(encodeMarketDataType(sub.reqId, m.marketDataType));
}

export function reqMktData(ctx: ServerContext, s: Session, m: Msg<"reqMktData">): void {
  if (s.mktData.has(m.reqId)) {
    s.send(encodeError(m.reqId, 322, `Error processing request.-'bW' : cause - Duplicate ticker id ${m.reqId}`));
    return;
  }
  const c = resolveOne(ctx, s, m.reqId, m.contract);
  if (c === undefined) return;
  s.send(encodeTickReqParams(m.reqId, c.minTick, "9c0001", 3));
  s.send(encodeMarketDataType(m.reqId, s.marketDataType));
  const sub = { reqId: m.reqId, conId: c.conId, sent: {} };
  const q = ctx.venue.quote(c.conId);
  if (q !== undefined) s.sendAll(quoteTicks(sub, q, s.marketDataType, true));
  if (m.snapshot || m.regulatorySnapshot) {
    s.send(encodeTickSnapshotEnd(m.reqId));
    return;
  }
  s.mktData.set(m.reqId, sub);
}

export function cancelMktData(_ctx: ServerContext, s: Session, m: Msg<"cancelMktData">): void {
  if (!s.mktData.delete(m.reqId)) s.send(encodeError(m.reqId, 300, `Can't find EId with tickerId:${m.reqId}`));
}

const TBT_TYPES = ["Last", "AllLast", "BidAsk", "MidPoint"] as const;

export function reqTickByTickData(ctx: ServerContext, s: Session, m: Msg<"reqTickByTickData">): void {
  const type = TBT_TYPES.find((t) => t === m.tickType);
  if (type === undefined) {
    s.send(encodeError(m.reqId, 321, `Error validating request.-'bZ' : cause - Invalid tick type ${m.tickType}`));
    return;
  }
  const c = resolveOne(ctx, s, m.reqId, m.contract);
  if (c === undefined) return;
  const sub = { reqId: m.reqId, conId: c.conId, type, lastKey: "" };
  const q = ctx.venue.quote(c.conId);
  const first = q === undefined ? undefined : tickByTickFrame(sub, q);
  if (first !== undefined) s.send(first);
  s.tickByTick.set(m.reqId, sub);
}

export function cancelTickByTickData(_ctx: ServerContext, s: Session, m: Msg<"cancelTickByTickData">): void {
  s.tickByTick.delete(m.reqId);
}

export function reqHistoricalData(ctx: ServerContext, s: Session, m: Msg<"reqHistoricalData">): void {
  const barSecs = barSizeSeconds(m.barSize);
  const durSecs = durationSeconds(m.duration);
  const end = parseClientDateTime(m.endDateTime, ctx.clock());
  if (barSecs === undefined || durSecs === undefined || end === undefined) {
    const what = barSecs === undefined ? "bar size setting" : durSecs === undefined ? "duration" : "end date/time";
    s.send(encodeError(m.reqId, 321, `Error validating request.-'bP' : cause - Historical data request invalid ${what}`));
    return;
  }
  const c = resolveOne(ctx, s, m.reqId, m.contract);
  if (c === undefined) return;
  if (end.zoneless) {
    s.send(encodeError(m.reqId, 2174, "Warning: You submitted request with date-time attributes without explicit time zone. Please switch to use yyyymmdd-hh:mm:ss in UTC or use instrument time zone, like US/Eastern. Implied time zone functionality will be removed in the next API release"));
  }
  const count = Math.min(MAX_BARS, Math.max(1, Math.ceil(durSecs / barSecs)));
  const bars = ctx.venue.historicalBars(c.conId, end.ms, barSecs, count);
  const fmt = (ms: number): string => barDate(ms, barSecs, m.formatDate, ctx.timeZone);
  const wire = bars.map((b) => ({ date: fmt(b.timeMs), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume,
    wap: String(b.wap), count: b.count }));
  s.send(encodeHistoricalData(m.reqId, formatZoned(end.ms - durSecs * 1000, ctx.timeZone), formatZoned(end.ms, ctx.timeZone), wire));
  if (m.keepUpToDate) {
    s.bars.set(m.reqId, { reqId: m.reqId, conId: c.conId, barSecs, kind: "keepUpToDate", formatDate: m.formatDate,
      acc: new BarAccumulator(barSecs, priceSource(m.whatToShow)) });
  }
}

/** formatDate 2: epoch seconds; 1: `yyyyMMdd` for daily bars, `yyyyMMdd HH:mm:ss <tz>` intraday. */
export function barDate(ms: number, barSecs: number, formatDate: number, timeZone: string): string {
  if (formatDate === 2) return String(Math.floor(ms / 1000));
  return barSecs >= 86_400 ? formatDay(ms, timeZone) : formatZoned(ms, timeZone);
}

export function cancelHistoricalData(_ctx: ServerContext, s: Session, m: Msg<"cancelHistoricalData">): void {
  s.bars.delete(m.reqId);
}

export function reqRealTimeBars(ctx: ServerContext, s: Session, m: Msg<"reqRealTimeBars">): void {
  if (m.barSize !== 5) {
    s.send(encodeError(m.reqId, 321, `Error validating request.-'bQ' : cause - Invalid bar size ${m.barSize}: only 5 seconds is supported`));
    return;
  }
  const c = resolveOne(ctx, s, m.reqId, m.contract);
  if (c === undefined) return;
  s.bars.set(m.reqId, { reqId: m.reqId, conId: c.conId, barSecs: 5, kind: "realTime", formatDate: 2, acc: new BarAccumulator(5, priceSource(m.whatToShow)) });
}

export function cancelRealTimeBars(_ctx: ServerContext, s: Session, m: Msg<"cancelRealTimeBars">): void {
  s.bars.delete(m.reqId);
}
