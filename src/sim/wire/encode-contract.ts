/**
 * Server -> client messages that carry a contract at 193: CONTRACT_DATA (10), EXECUTION_DATA (11),
 * POSITION (61), PORTFOLIO_VALUE (7). Layouts: tws-protocol.md §2.1, §2.8, §2.9.
 */
import { encodeFrame, type WireField } from "./framing.js";
import { OutMsg } from "./ids.js";
import type { TagValue, WireContract } from "./types.js";

export interface WireContractDetails extends WireContract {
  /** Plain YYYYMMDD (or YYYYMM); the client does not split time parts off reliably. */
  lastTradeDate: string;
  marketName: string;
  minTick: number;
  orderTypes: string;
  validExchanges: string;
  priceMagnifier: number;
  underConId: number;
  longName: string;
  contractMonth: string;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  evRule: string;
  evMultiplier: number | undefined;
  secIdList: TagValue[];
  aggGroup: number;
  underSymbol: string;
  underSecType: string;
  marketRuleIds: string;
  realExpirationDate: string;
  stockType: string;
  minSize: string;
  sizeIncrement: string;
  suggestedSizeIncrement: string;
}

/** CONTRACT_DATA (10), no version at >= 164. */
export function encodeContractData(reqId: number, d: WireContractDetails): Buffer {
  const f: WireField[] = [OutMsg.CONTRACT_DATA, reqId, d.symbol, d.secType, d.lastTradeDateOrContractMonth, d.lastTradeDate,
    d.strike, d.right, d.exchange, d.currency, d.localSymbol, d.marketName, d.tradingClass, d.conId, d.minTick,
    d.multiplier, d.orderTypes, d.validExchanges, d.priceMagnifier, d.underConId, d.longName, d.primaryExch,
    d.contractMonth, d.industry, d.category, d.subcategory, d.timeZoneId, d.tradingHours, d.liquidHours, d.evRule,
    d.evMultiplier, d.secIdList.length];
  for (const tv of d.secIdList) f.push(tv.tag, tv.value);
  f.push(d.aggGroup, d.underSymbol, d.underSecType, d.marketRuleIds, d.realExpirationDate, d.stockType, d.minSize,
    d.sizeIncrement, d.suggestedSizeIncrement);
  // Fund fields exist only for secType FUND: 7 strings, 3 bools, 7 strings (no fund data in the simulator).
  if (d.secType === "FUND") f.push("", "", "", "", "", "", "", 0, 0, 0, "", "", "", "", "", "", "");
  f.push(0); // ineligibility reasons
  return encodeFrame(f);
}

export interface WireExecution {
  orderId: number;
  execId: string;
  time: string;
  account: string;
  exchange: string;
  side: "BOT" | "SLD";
  shares: string;
  price: number;
  permId: number;
  clientId: number;
  liquidation: number;
  cumQty: string;
  avgPrice: number;
  orderRef: string;
  modelCode: string;
  lastLiquidity: number;
}

/** EXECUTION_DATA (11), no version at >= 136; reqId is -1 for live fills. 32 fields. */
export function encodeExecutionData(reqId: number, c: WireContract, e: WireExecution): Buffer {
  return encodeFrame([OutMsg.EXECUTION_DATA, reqId, e.orderId, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth,
    c.strike, c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass, e.execId, e.time, e.account,
    e.exchange, e.side, e.shares, e.price, e.permId, e.clientId, e.liquidation, e.cumQty, e.avgPrice, e.orderRef, "", "",
    e.modelCode, e.lastLiquidity, 0]);
}

/** POSITION (61), version 3. */
export function encodePosition(account: string, c: WireContract, position: string, avgCost: number): Buffer {
  return encodeFrame([OutMsg.POSITION, 3, account, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike,
    c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass, position, avgCost]);
}

export interface WirePortfolioValue {
  position: string;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealizedPNL: number;
  realizedPNL: number;
  account: string;
}

/** PORTFOLIO_VALUE (7), version 8; the contract carries primaryExch, not exchange. */
export function encodePortfolioValue(c: WireContract, p: WirePortfolioValue): Buffer {
  return encodeFrame([OutMsg.PORTFOLIO_VALUE, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike,
    c.right, c.multiplier, c.primaryExch, c.currency, c.localSymbol, c.tradingClass, p.position, p.marketPrice,
    p.marketValue, p.averageCost, p.unrealizedPNL, p.realizedPNL, p.account]);
}
