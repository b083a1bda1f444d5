/**
 * Translation between the venue's protocol-free objects (venue/api.ts) and the wire shapes
 * (wire/types.ts): contracts, order echoes, order status, executions, requests.
 *
 * The OPEN_ORDER echo of an order that came over the wire starts from the exact `WireOrder` the
 * client sent (so every field it set comes back); orders the venue knows only by its request
 * (external, restored from state) start from `emptyWireOrder()`. Either way the venue's truth
 * (quantity, prices, oca group/type as echoed, parent) wins.
 */
import type { ContractQuery, Execution, OrderRequest, SimContract, VenueOrder } from "../venue/api.js";
import type { ContractRef, WireContract, WireOrder } from "../wire/types.js";
import type { WireContractDetails, WireExecution } from "../wire/encode-contract.js";
import type { CompletedOrderMsg, OpenOrderMsg, OrderStatusMsg } from "../wire/encode-order.js";
import { copyWireOrder, emptyWireOrder } from "../wire/order-defaults.js";

export function wireContract(c: SimContract): WireContract {
  return {
    conId: c.conId, symbol: c.symbol, secType: c.secType, lastTradeDateOrContractMonth: c.lastTradeDateOrContractMonth,
    strike: c.strike, right: c.right, multiplier: c.multiplier, exchange: c.exchange, primaryExch: c.primaryExchange,
    currency: c.currency, localSymbol: c.localSymbol, tradingClass: c.tradingClass,
  };
}

export function wireContractDetails(c: SimContract): WireContractDetails {
  return {
    ...wireContract(c), lastTradeDate: c.lastTradeDateOrContractMonth.length === 8 ? c.lastTradeDateOrContractMonth : "",
    marketName: c.marketName, minTick: c.minTick, orderTypes: c.orderTypes, validExchanges: c.validExchanges,
    priceMagnifier: c.priceMagnifier, underConId: c.underConId, longName: c.longName, contractMonth: c.contractMonth,
    industry: c.industry, category: c.category, subcategory: c.subcategory, timeZoneId: c.timeZoneId,
    tradingHours: c.tradingHours, liquidHours: c.liquidHours, evRule: "", evMultiplier: undefined, secIdList: [],
    aggGroup: c.aggGroup, underSymbol: c.underSymbol, underSecType: c.underSecType, marketRuleIds: c.marketRuleIds,
    realExpirationDate: c.realExpirationDate, stockType: c.stockType, minSize: c.minSize, sizeIncrement: c.sizeIncrement,
    suggestedSizeIncrement: c.suggestedSizeIncrement,
  };
}

/** A request's contract as a venue query: empty strings and 0 do not filter. */
export function contractQuery(c: ContractRef): ContractQuery {
  const q: ContractQuery = {};
  if (c.conId !== 0) q.conId = c.conId;
  if (c.symbol !== "") q.symbol = c.symbol;
  if (c.secType !== "") q.secType = c.secType;
  if (c.exchange !== "") q.exchange = c.exchange;
  if (c.primaryExch !== "") q.primaryExchange = c.primaryExch;
  if (c.currency !== "") q.currency = c.currency;
  if (c.lastTradeDateOrContractMonth !== "") q.lastTradeDateOrContractMonth = c.lastTradeDateOrContractMonth;
  if (c.strike !== undefined && c.strike !== 0) q.strike = c.strike;
  if (c.right !== "" && c.right !== "?") q.right = normalizeRight(c.right);
  if (c.localSymbol !== "") q.localSymbol = c.localSymbol;
  if (c.multiplier !== "" && c.multiplier !== "0") q.multiplier = c.multiplier;
  if (c.tradingClass !== "") q.tradingClass = c.tradingClass;
  return q;
}

function normalizeRight(r: string): string {
  const u = r.toUpperCase();
  return u === "CALL" ? "C" : u === "PUT" ? "P" : u;
}

/** PLACE_ORDER -> the venue's request. */
export function orderRequest(clientId: number, contract: ContractRef, o: WireOrder): OrderRequest {
  const req: OrderRequest = {
    clientId, orderId: o.orderId, contract: contractQuery(contract), action: o.action === "SELL" ? "SELL" : "BUY",
    totalQuantity: o.totalQuantity, orderType: o.orderType, tif: o.tif, goodTillDate: o.goodTillDate, ocaGroup: o.ocaGroup,
    ocaType: o.ocaType, parentId: o.parentId, orderRef: o.orderRef, account: o.account, outsideRth: o.outsideRth,
  };
  if (o.action !== "BUY" && o.action !== "SELL") req.action = o.action as OrderRequest["action"];
  if (o.transmit !== undefined) req.transmit = o.transmit;
  if (o.lmtPrice !== undefined) req.lmtPrice = o.lmtPrice;
  if (o.auxPrice !== undefined) req.auxPrice = o.auxPrice;
  if (o.trailStopPrice !== undefined) req.trailStopPrice = o.trailStopPrice;
  if (o.trailingPercent !== undefined) req.trailingPercent = o.trailingPercent;
  if (o.lmtPriceOffset !== undefined) req.lmtPriceOffset = o.lmtPriceOffset;
  return req;
}

/** The full order echo for OPEN_ORDER / COMPLETED_ORDER: what the client sent, overridden by the venue's truth. */
export function wireOrderOf(v: VenueOrder, sent: WireOrder | undefined): WireOrder {
  const r = v.request;
  // Copy then assign (not `{ ...sent, ... }`): the spread of a 134-field order is the slowest step of an echo.
  const w = sent === undefined ? emptyWireOrder() : copyWireOrder(sent);
  w.orderId = v.orderId;
  w.action = r.action;
  w.totalQuantity = r.totalQuantity;
  w.orderType = r.orderType;
  w.lmtPrice = r.lmtPrice;
  w.auxPrice = r.auxPrice;
  w.tif = r.tif === "" ? "DAY" : r.tif;
  w.ocaGroup = v.ocaGroup;
  w.ocaType = v.ocaType;
  w.account = r.account;
  w.orderRef = r.orderRef;
  w.outsideRth = r.outsideRth;
  w.parentId = r.parentId;
  w.goodTillDate = r.goodTillDate;
  w.trailStopPrice = v.trailStopPrice ?? r.trailStopPrice;
  w.trailingPercent = r.trailingPercent;
  w.lmtPriceOffset = r.lmtPriceOffset;
  w.transmit = r.transmit ?? true;
  return w;
}

export function openOrderMsg(v: VenueOrder, sent: WireOrder | undefined): OpenOrderMsg {
  return {
    contract: wireContract(v.contract), order: wireOrderOf(v, sent), clientId: v.clientId, permId: v.permId,
    state: { status: v.status, commission: v.status === "Filled" ? v.commission : undefined, commissionCurrency: v.commissionCurrency, warningText: "" },
  };
}

export function orderStatusMsg(v: VenueOrder, parentId = v.request.parentId): OrderStatusMsg {
  return {
    orderId: v.orderId, status: v.status, filled: v.filled, remaining: v.remaining, avgFillPrice: v.avgFillPrice,
    permId: v.permId, parentId, lastFillPrice: v.lastFillPrice, clientId: v.clientId, whyHeld: v.whyHeld, mktCapPrice: 0,
  };
}

export function completedOrderMsg(v: VenueOrder, sent: WireOrder | undefined, parentPermId: number): CompletedOrderMsg {
  return {
    contract: wireContract(v.contract), order: wireOrderOf(v, sent), permId: v.permId, status: v.status, autoCancelDate: "",
    filledQuantity: v.filled, parentPermId, completedTime: v.completedTime ?? "", completedStatus: v.completedStatus ?? v.status,
  };
}

export function wireExecution(e: Execution): WireExecution {
  return {
    orderId: e.orderId, execId: e.execId, time: e.time, account: e.account, exchange: e.exchange, side: e.side,
    shares: e.shares, price: e.price, permId: e.permId, clientId: e.clientId, liquidation: 0, cumQty: e.cumQty,
    avgPrice: e.avgPrice, orderRef: e.orderRef, modelCode: "", lastLiquidity: e.lastLiquidity,
  };
}
