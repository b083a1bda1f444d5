/**
 * Encoders of the short server -> client messages at 193 (tws-protocol.md §1.3, §2.1, §2.2, §2.4):
 * handshake reply, ids, accounts, errors, market data (ticks, tick-by-tick, bars), account data.
 * Each returns one complete frame. Field order mirrors @stoqey/ib 1.6.10 `decoder.js`.
 */
import { encodeFrame } from "./framing.js";
import { OutMsg } from "./ids.js";

/** The first frame: server version and connection time (not a message id). */
export const encodeServerVersion = (version: number, connectionTime: string): Buffer => encodeFrame([version, connectionTime]);

export const encodeNextValidId = (orderId: number): Buffer => encodeFrame([OutMsg.NEXT_VALID_ID, 1, orderId]);
export const encodeManagedAccounts = (accounts: readonly string[]): Buffer => encodeFrame([OutMsg.MANAGED_ACCTS, 1, accounts.join(",")]);
export const encodeCurrentTime = (epochSeconds: number): Buffer => encodeFrame([OutMsg.CURRENT_TIME, 1, Math.floor(epochSeconds)]);
export const encodeContractDataEnd = (reqId: number): Buffer => encodeFrame([OutMsg.CONTRACT_DATA_END, 1, reqId]);
export const encodeOpenOrderEnd = (): Buffer => encodeFrame([OutMsg.OPEN_ORDER_END, 1]);
export const encodeExecutionDataEnd = (reqId: number): Buffer => encodeFrame([OutMsg.EXECUTION_DATA_END, 1, reqId]);
export const encodeTickSnapshotEnd = (reqId: number): Buffer => encodeFrame([OutMsg.TICK_SNAPSHOT_END, 1, reqId]);
export const encodeMarketDataType = (reqId: number, type: number): Buffer => encodeFrame([OutMsg.MARKET_DATA_TYPE, 1, reqId, type]);
export const encodePositionEnd = (): Buffer => encodeFrame([OutMsg.POSITION_END, 1]);
export const encodeAccountSummaryEnd = (reqId: number): Buffer => encodeFrame([OutMsg.ACCOUNT_SUMMARY_END, 1, reqId]);
export const encodeSecDefOptParamsEnd = (reqId: number): Buffer => encodeFrame([OutMsg.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId]);
export const encodeCompletedOrdersEnd = (): Buffer => encodeFrame([OutMsg.COMPLETED_ORDERS_END]);
export const encodeOrderBound = (permId: number, clientId: number, orderId: number): Buffer =>
  encodeFrame([OutMsg.ORDER_BOUND, permId, clientId, orderId]);
export const encodeAcctUpdateTime = (hhmm: string): Buffer => encodeFrame([OutMsg.ACCT_UPDATE_TIME, 1, hhmm]);
export const encodeAcctDownloadEnd = (account: string): Buffer => encodeFrame([OutMsg.ACCT_DOWNLOAD_END, 1, account]);

export const encodeAccountSummary = (reqId: number, account: string, tag: string, value: string, currency: string): Buffer =>
  encodeFrame([OutMsg.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency]);

export const encodeAcctValue = (key: string, value: string, currency: string, account: string): Buffer =>
  encodeFrame([OutMsg.ACCT_VALUE, 2, key, value, currency, account]);

/** Non-ASCII characters go out as \uXXXX, as a real gateway does at >= ENCODE_MSG_ASCII7. */
export function asciiEscape(text: string): string {
  return text.replace(/[^\x20-\x7e\n\t]/g, (ch) => "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * ERR_MSG (4) at 193: `4, 2, id, code, message, advancedOrderRejectJson`. The JSON must be "" or
 * valid JSON (the client JSON.parses it and loses the next message otherwise), so a non-JSON value
 * is a programming error here.
 */
export function encodeError(id: number, code: number, message: string, advancedOrderRejectJson = ""): Buffer {
  if (advancedOrderRejectJson !== "") JSON.parse(advancedOrderRejectJson);
  return encodeFrame([OutMsg.ERR_MSG, 2, id, code, asciiEscape(message), advancedOrderRejectJson]);
}

/** TICK_PRICE (1), version 6: price with its size and an attribute mask (1 = canAutoExecute). */
export const encodeTickPrice = (tickerId: number, tickType: number, price: number, size: string, attrMask = 0): Buffer =>
  encodeFrame([OutMsg.TICK_PRICE, 6, tickerId, tickType, price, size, attrMask]);

/** TICK_SIZE (2), version 6. */
export const encodeTickSize = (tickerId: number, tickType: number, size: string): Buffer =>
  encodeFrame([OutMsg.TICK_SIZE, 6, tickerId, tickType, size]);

export const encodeTickGeneric = (tickerId: number, tickType: number, value: number): Buffer =>
  encodeFrame([OutMsg.TICK_GENERIC, 6, tickerId, tickType, value]);

export const encodeTickString = (tickerId: number, tickType: number, value: string): Buffer =>
  encodeFrame([OutMsg.TICK_STRING, 6, tickerId, tickType, value]);

/** TICK_REQ_PARAMS (81), no version. */
export const encodeTickReqParams = (tickerId: number, minTick: number, bboExchange: string, snapshotPermissions: number): Buffer =>
  encodeFrame([OutMsg.TICK_REQ_PARAMS, tickerId, minTick, bboExchange, snapshotPermissions]);

export type TickByTick =
  | { type: "Last" | "AllLast"; time: number; price: number; size: string; pastLimit: boolean; unreported: boolean; exchange: string; specialConditions: string }
  | { type: "BidAsk"; time: number; bidPrice: number; askPrice: number; bidSize: string; askSize: string; bidPastLow: boolean; askPastHigh: boolean }
  | { type: "MidPoint"; time: number; midPoint: number };

/** TICK_BY_TICK (99), no version: reqId, tickType int (1 Last, 2 AllLast, 3 BidAsk, 4 MidPoint), time, body. */
export function encodeTickByTick(reqId: number, t: TickByTick): Buffer {
  switch (t.type) {
    case "Last":
    case "AllLast": {
      const mask = (t.pastLimit ? 1 : 0) | (t.unreported ? 2 : 0);
      return encodeFrame([OutMsg.TICK_BY_TICK, reqId, t.type === "Last" ? 1 : 2, t.time, t.price, t.size, mask, t.exchange, t.specialConditions]);
    }
    case "BidAsk": {
      const mask = (t.bidPastLow ? 1 : 0) | (t.askPastHigh ? 2 : 0);
      return encodeFrame([OutMsg.TICK_BY_TICK, reqId, 3, t.time, t.bidPrice, t.askPrice, t.bidSize, t.askSize, mask]);
    }
    case "MidPoint":
      return encodeFrame([OutMsg.TICK_BY_TICK, reqId, 4, t.time, t.midPoint]);
  }
}

export interface WireBar {
  /** Already formatted per the request's formatDate ("20261127 19:30:00 UTC", "20261127" or epoch seconds). */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: string;
  wap: string;
  count: number;
}

/** HISTORICAL_DATA (17), no version at >= 124: reqId, start, end, n, then n bars of 8 fields. */
export function encodeHistoricalData(reqId: number, start: string, end: string, bars: readonly WireBar[]): Buffer {
  const f: (string | number)[] = [OutMsg.HISTORICAL_DATA, reqId, start, end, bars.length];
  for (const b of bars) f.push(b.date, b.open, b.high, b.low, b.close, b.volume, b.wap, b.count);
  return encodeFrame(f);
}

/** HISTORICAL_DATA_UPDATE (90): note the order open, close, high, low, WAP, volume. */
export const encodeHistoricalDataUpdate = (reqId: number, b: WireBar): Buffer =>
  encodeFrame([OutMsg.HISTORICAL_DATA_UPDATE, reqId, b.count, b.date, b.open, b.close, b.high, b.low, b.wap, b.volume]);

/** REAL_TIME_BARS (50), version 3: reqId, time (epoch s), open, high, low, close, volume, wap, count. */
export const encodeRealTimeBar = (reqId: number, time: number, b: Omit<WireBar, "date">): Buffer =>
  encodeFrame([OutMsg.REAL_TIME_BARS, 3, reqId, time, b.open, b.high, b.low, b.close, b.volume, b.wap, b.count]);

/** SECURITY_DEFINITION_OPTION_PARAMETER (75), no version. */
export function encodeSecDefOptParams(
  reqId: number,
  p: { exchange: string; underlyingConId: number; tradingClass: string; multiplier: string; expirations: readonly string[]; strikes: readonly number[] },
): Buffer {
  return encodeFrame([OutMsg.SECURITY_DEFINITION_OPTION_PARAMETER, reqId, p.exchange, p.underlyingConId, p.tradingClass, p.multiplier,
    p.expirations.length, ...p.expirations, p.strikes.length, ...p.strikes]);
}

/** COMMISSION_REPORT (59), version 1; unset realizedPNL / yield go out as the Java MAX double. */
export function encodeCommissionReport(c: { execId: string; commission: number; currency: string; realizedPNL?: number | undefined }): Buffer {
  const MAX = "1.7976931348623157E308";
  return encodeFrame([OutMsg.COMMISSION_REPORT, 1, c.execId, c.commission, c.currency, c.realizedPNL ?? MAX, MAX, ""]);
}
