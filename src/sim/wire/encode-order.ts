/**
 * Server -> client order messages at 193: OPEN_ORDER (5, 133 fields for a plain order),
 * COMPLETED_ORDER (101, 98 fields plain), ORDER_STATUS (3, 12 fields). The field order mirrors
 * `decodeMsg_OPEN_ORDER` / `decodeMsg_COMPLETED_ORDER` / `OrderDecoder` of @stoqey/ib 1.6.10
 * (tws-protocol.md §2.3, §2.5-§2.7); every conditional block the decoder reads is written when
 * the order carries it (combo legs, delta-neutral, scale, hedge, algo, PEG BENCH, conditions).
 */
import { encodeFrame, type WireField } from "./framing.js";
import { OutMsg } from "./ids.js";
import type { OrderCondition, WireContract, WireOrder } from "./types.js";

/** The order state block of OPEN_ORDER (status plus what-if margins and commissions). */
export interface WireOrderState {
  status: string;
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency?: string;
  warningText?: string;
}

export interface OpenOrderMsg {
  contract: WireContract;
  order: WireOrder;
  clientId: number;
  permId: number;
  state: WireOrderState;
}

export interface CompletedOrderMsg {
  contract: WireContract;
  order: WireOrder;
  permId: number;
  status: string;
  autoCancelDate: string;
  filledQuantity: string;
  parentPermId: number;
  completedTime: string;
  completedStatus: string;
}

export interface OrderStatusMsg {
  orderId: number;
  status: string;
  filled: string;
  remaining: string;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
  whyHeld: string;
  mktCapPrice?: number;
}

const isPegBench = (t: string): boolean => t === "PEG BENCH" || t === "PEGBENCH";

export function encodeOrderStatus(m: OrderStatusMsg): Buffer {
  return encodeFrame([
    OutMsg.ORDER_STATUS, m.orderId, m.status, m.filled, m.remaining, m.avgFillPrice, m.permId, m.parentId,
    m.lastFillPrice, m.clientId, m.whyHeld, m.mktCapPrice ?? "",
  ]);
}

function contractHead(c: WireContract): WireField[] {
  return [c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier,
    c.exchange, c.currency, c.localSymbol, c.tradingClass];
}

function deltaNeutral(o: WireOrder, openOrderAttribs: boolean): WireField[] {
  const f: WireField[] = [o.volatility, o.volatilityType ?? 0, o.deltaNeutralOrderType, o.deltaNeutralAuxPrice];
  if (o.deltaNeutralOrderType !== "") {
    f.push(o.deltaNeutralConId);
    if (openOrderAttribs) f.push(o.deltaNeutralSettlingFirm, o.deltaNeutralClearingAccount, o.deltaNeutralClearingIntent, o.deltaNeutralOpenClose);
    f.push(o.deltaNeutralShortSale, o.deltaNeutralShortSaleSlot, o.deltaNeutralDesignatedLocation);
  }
  f.push(o.continuousUpdate ? 1 : 0, o.referencePriceType ?? 0, o.trailStopPrice, o.trailingPercent);
  return f;
}

function comboBlock(c: WireContract, o: WireOrder): WireField[] {
  const legs = c.comboLegs ?? o.comboLegs;
  const f: WireField[] = [c.comboLegsDescription ?? "", legs.length];
  for (const l of legs) f.push(l.conId, l.ratio, l.action, l.exchange, l.openClose, l.shortSaleSlot, l.designatedLocation, l.exemptCode);
  f.push(o.orderComboLegPrices.length, ...o.orderComboLegPrices);
  f.push(o.smartComboRoutingParams.length);
  for (const tv of o.smartComboRoutingParams) f.push(tv.tag, tv.value);
  return f;
}

function scaleAndHedge(o: WireOrder): WireField[] {
  const f: WireField[] = [o.scaleInitLevelSize, o.scaleSubsLevelSize, o.scalePriceIncrement];
  if (o.scalePriceIncrement !== undefined && o.scalePriceIncrement > 0) {
    f.push(o.scalePriceAdjustValue, o.scalePriceAdjustInterval, o.scaleProfitOffset, o.scaleAutoReset,
      o.scaleInitPosition, o.scaleInitFillQty, o.scaleRandomPercent);
  }
  f.push(o.hedgeType);
  if (o.hedgeType !== "") f.push(o.hedgeParam);
  return f;
}

function dnContractAndAlgo(o: WireOrder): WireField[] {
  const dn = o.deltaNeutralContract;
  const f: WireField[] = dn ? [1, dn.conId, dn.delta ?? 0, dn.price ?? 0] : [0];
  f.push(o.algoStrategy);
  if (o.algoStrategy !== "") {
    f.push(o.algoParams.length);
    for (const tv of o.algoParams) f.push(tv.tag, tv.value);
  }
  return f;
}

function conditionFields(c: OrderCondition): WireField[] {
  switch (c.type) {
    case 1:
      return [c.type, c.conjunction, c.isMore, c.value, c.conId, c.exchange, c.triggerMethod];
    case 3:
    case 4:
      return [c.type, c.conjunction, c.isMore, c.value];
    case 5:
      return [c.type, c.conjunction, c.secType, c.exchange, c.symbol];
    case 6:
    case 7:
      return [c.type, c.conjunction, c.isMore, c.value, c.conId, c.exchange];
  }
}

function pegBenchAndConditions(o: WireOrder): WireField[] {
  const f: WireField[] = [];
  if (isPegBench(o.orderType)) {
    f.push(o.referenceContractId, o.isPeggedChangeAmountDecrease, o.peggedChangeAmount ?? 0, o.referenceChangeAmount ?? 0, o.referenceExchangeId);
  }
  f.push(o.conditions.length);
  for (const c of o.conditions) f.push(...conditionFields(c));
  if (o.conditions.length > 0) f.push(o.conditionsIgnoreRth, o.conditionsCancelOrder);
  return f;
}

function pegBestMid(o: WireOrder): WireField[] {
  return [o.minTradeQty, o.minCompeteSize, o.competeAgainstBestOffset === Infinity ? "Infinity" : o.competeAgainstBestOffset,
    o.midOffsetAtWhole, o.midOffsetAtHalf];
}

function stateBlock(s: WireOrderState): WireField[] {
  return [s.status, s.initMarginBefore, s.maintMarginBefore, s.equityWithLoanBefore, s.initMarginChange,
    s.maintMarginChange, s.equityWithLoanChange, s.initMarginAfter, s.maintMarginAfter, s.equityWithLoanAfter,
    s.commission, s.minCommission, s.maxCommission, s.commissionCurrency ?? "", s.warningText ?? ""];
}

/** OPEN_ORDER (5): see tws-protocol.md §2.5 for the 133-field table. */
export function encodeOpenOrder(m: OpenOrderMsg): Buffer {
  const o = m.order;
  const f: WireField[] = [OutMsg.OPEN_ORDER, o.orderId, ...contractHead(m.contract),
    o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice, o.tif, o.ocaGroup, o.account, o.openClose,
    o.origin, o.orderRef, m.clientId, m.permId, o.outsideRth, o.hidden ? 1 : 0, o.discretionaryAmt ?? 0,
    o.goodAfterTime, "", o.faGroup, o.faMethod, o.faPercentage, o.modelCode, o.goodTillDate, o.rule80A,
    o.percentOffset, o.settlingFirm, o.shortSaleSlot, o.designatedLocation, o.exemptCode, o.auctionStrategy ?? 0,
    o.startingPrice, o.stockRefPrice, o.delta, o.stockRangeLower, o.stockRangeUpper, o.displaySize,
    o.blockOrder, o.sweepToFill, o.allOrNone, o.minQty, o.ocaType, o.eTradeOnly, o.firmQuoteOnly, o.nbboPriceCap,
    o.parentId, o.triggerMethod, ...deltaNeutral(o, true), "", "", ...comboBlock(m.contract, o),
    ...scaleAndHedge(o), o.optOutSmartRouting, o.clearingAccount, o.clearingIntent, o.notHeld,
    ...dnContractAndAlgo(o), o.solicited, o.whatIf, ...stateBlock(m.state), o.randomizeSize, o.randomizePrice,
    ...pegBenchAndConditions(o), o.adjustedOrderType, o.triggerPrice, o.trailStopPrice, o.lmtPriceOffset,
    o.adjustedStopPrice, o.adjustedStopLimitPrice, o.adjustedTrailingAmount, o.adjustableTrailingUnit,
    o.softDollarTierName, o.softDollarTierValue, "", o.cashQty, o.dontUseAutoPriceForHedge, o.isOmsContainer,
    o.discretionaryUpToLimitPrice, o.usePriceMgmtAlgo ?? false, o.duration, o.postToAts, o.autoCancelParent,
    ...pegBestMid(o), o.customerAccount, o.professionalCustomer, "", o.includeOvernight, o.extOperator,
    o.manualOrderIndicator];
  return encodeFrame(f);
}

/** COMPLETED_ORDER (101): no orderId, clientId, sharesAllocation; see tws-protocol.md §2.7. */
export function encodeCompletedOrder(m: CompletedOrderMsg): Buffer {
  const o = m.order;
  const f: WireField[] = [OutMsg.COMPLETED_ORDER, ...contractHead(m.contract),
    o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice, o.tif, o.ocaGroup, o.account, o.openClose,
    o.origin, o.orderRef, m.permId, o.outsideRth, o.hidden ? 1 : 0, o.discretionaryAmt ?? 0, o.goodAfterTime,
    o.faGroup, o.faMethod, o.faPercentage, o.modelCode, o.goodTillDate, o.rule80A, o.percentOffset,
    o.settlingFirm, o.shortSaleSlot, o.designatedLocation, o.exemptCode, o.startingPrice, o.stockRefPrice,
    o.delta, o.stockRangeLower, o.stockRangeUpper, o.displaySize, o.sweepToFill, o.allOrNone, o.minQty,
    o.ocaType, o.triggerMethod, ...deltaNeutral(o, false), ...comboBlock(m.contract, o),
    ...scaleAndHedge(o), o.clearingAccount, o.clearingIntent, o.notHeld, ...dnContractAndAlgo(o), o.solicited,
    m.status, o.randomizeSize, o.randomizePrice, ...pegBenchAndConditions(o), o.trailStopPrice,
    o.lmtPriceOffset, o.cashQty, o.dontUseAutoPriceForHedge, o.isOmsContainer, m.autoCancelDate,
    m.filledQuantity, 0, o.autoCancelParent, "", false, false, m.parentPermId, m.completedTime,
    m.completedStatus, ...pegBestMid(o), o.customerAccount, o.professionalCustomer];
  return encodeFrame(f);
}
