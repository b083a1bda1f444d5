/**
 * PLACE_ORDER (3) at server version 193: 118 fields for a plain order, plus every conditional
 * block @stoqey/ib's encoder can add (BAG legs, delta-neutral, scale, hedge, delta-neutral
 * contract, algo params, PEG BENCH, conditions, IBKRATS / PEG BEST / PEG MID). The order of
 * reads mirrors `Encoder.placeOrder` in @stoqey/ib 1.6.10 exactly (tws-protocol.md §3.1).
 *
 * Entry point: `decodePlaceOrder(reader)`. The one ambiguity of the wire: a client that sets
 * `scalePriceIncrement` to Number.MAX_VALUE sends `""` followed by the 7 scale fields; that case
 * is read as "no scale block", like every other empty value.
 */
import type { ComboLeg, ContractRef, OrderCondition, TagValue, WireOrder } from "./types.js";
import type { TokenReader } from "./reader.js";
import { readContractRef, readCount } from "./decode-contract.js";
import { emptyWireOrder } from "./order-defaults.js";

export interface PlaceOrderMsg {
  kind: "placeOrder";
  orderId: number;
  contract: ContractRef;
  order: WireOrder;
}

const isPegBench = (t: string): boolean => t === "PEG BENCH" || t === "PEGBENCH";
const isPegBest = (t: string): boolean => t === "PEG BEST" || t === "PEGBEST";
const isPegMid = (t: string): boolean => t === "PEG MID" || t === "PEGMID";

export function decodePlaceOrder(r: TokenReader): PlaceOrderMsg {
  const orderId = r.int();
  // Extended in place: spreading the block into a new literal costs microseconds per order on Node 20.
  const contract: ContractRef = readContractRef(r);
  contract.secIdType = r.str();
  contract.secId = r.str();
  // Start from the complete literal (same keys, same order as the reads below assign them): an
  // object grown field by field past ~128 properties falls into V8's slow dictionary mode.
  const o = emptyWireOrder();
  o.orderId = orderId;
  readMain(r, o);
  readBagBlock(r, o, contract.secType.toUpperCase() === "BAG");
  readMiddle(r, o);
  readVolatility(r, o);
  readScaleAndHedge(r, o);
  readAlgoAndConditions(r, o);
  readTail(r, o, contract.exchange);
  r.end();
  return { kind: "placeOrder", orderId, contract, order: o };
}

function readMain(r: TokenReader, o: WireOrder): void {
  o.action = r.str();
  o.totalQuantity = r.str();
  o.orderType = r.str();
  o.lmtPrice = r.dbl();
  o.auxPrice = r.dbl();
  o.tif = r.str();
  o.ocaGroup = r.str();
  o.account = r.str();
  o.openClose = r.str();
  o.origin = r.int();
  o.orderRef = r.str();
  o.transmit = r.boolOpt();
  o.parentId = r.int();
  o.blockOrder = r.bool();
  o.sweepToFill = r.bool();
  o.displaySize = r.intOpt();
  o.triggerMethod = r.int();
  o.outsideRth = r.bool();
  o.hidden = r.bool();
}

function readBagBlock(r: TokenReader, o: WireOrder, isBag: boolean): void {
  o.comboLegs = [];
  o.orderComboLegPrices = [];
  o.smartComboRoutingParams = [];
  if (!isBag) return;
  const nLegs = readCount(r, "combo leg");
  for (let k = 0; k < nLegs; k++) o.comboLegs.push(readComboLeg(r));
  const nPrices = readCount(r, "order combo leg");
  for (let k = 0; k < nPrices; k++) o.orderComboLegPrices.push(r.dbl());
  o.smartComboRoutingParams = readTagValues(r, "smart combo routing param");
}

export function readComboLeg(r: TokenReader): ComboLeg {
  return {
    conId: r.int(),
    ratio: r.int(),
    action: r.str(),
    exchange: r.str(),
    openClose: r.int(),
    shortSaleSlot: r.int(),
    designatedLocation: r.str(),
    exemptCode: r.int(),
  };
}

function readTagValues(r: TokenReader, what: string): TagValue[] {
  const n = readCount(r, what);
  const out: TagValue[] = [];
  for (let k = 0; k < n; k++) out.push({ tag: r.str(), value: r.str() });
  return out;
}

function readMiddle(r: TokenReader, o: WireOrder): void {
  r.str(); // deprecated sharesAllocation
  o.discretionaryAmt = r.dbl();
  o.goodAfterTime = r.str();
  o.goodTillDate = r.str();
  o.faGroup = r.str();
  o.faMethod = r.str();
  o.faPercentage = r.str();
  o.modelCode = r.str();
  o.shortSaleSlot = r.int();
  o.designatedLocation = r.str();
  o.exemptCode = r.int();
  o.ocaType = r.int();
  o.rule80A = r.str();
  o.settlingFirm = r.str();
  o.allOrNone = r.bool();
  o.minQty = r.intOpt();
  o.percentOffset = r.dbl();
  o.eTradeOnly = r.bool();
  o.firmQuoteOnly = r.bool();
  o.nbboPriceCap = r.dbl();
  o.auctionStrategy = r.intOpt();
  o.startingPrice = r.dbl();
  o.stockRefPrice = r.dbl();
  o.delta = r.dbl();
  o.stockRangeLower = r.dbl();
  o.stockRangeUpper = r.dbl();
  o.overridePercentageConstraints = r.bool();
}

function readVolatility(r: TokenReader, o: WireOrder): void {
  o.volatility = r.dbl();
  o.volatilityType = r.intOpt();
  o.deltaNeutralOrderType = r.str();
  o.deltaNeutralAuxPrice = r.dbl();
  o.deltaNeutralConId = 0;
  o.deltaNeutralSettlingFirm = "";
  o.deltaNeutralClearingAccount = "";
  o.deltaNeutralClearingIntent = "";
  o.deltaNeutralOpenClose = "";
  o.deltaNeutralShortSale = false;
  o.deltaNeutralShortSaleSlot = 0;
  o.deltaNeutralDesignatedLocation = "";
  if (o.deltaNeutralOrderType !== "") {
    o.deltaNeutralConId = r.int();
    o.deltaNeutralSettlingFirm = r.str();
    o.deltaNeutralClearingAccount = r.str();
    o.deltaNeutralClearingIntent = r.str();
    o.deltaNeutralOpenClose = r.str();
    o.deltaNeutralShortSale = r.bool();
    o.deltaNeutralShortSaleSlot = r.int();
    o.deltaNeutralDesignatedLocation = r.str();
  }
  o.continuousUpdate = r.bool();
  o.referencePriceType = r.intOpt();
  o.trailStopPrice = r.dbl();
  o.trailingPercent = r.dbl();
}

function readScaleAndHedge(r: TokenReader, o: WireOrder): void {
  o.scaleInitLevelSize = r.intOpt();
  o.scaleSubsLevelSize = r.intOpt();
  o.scalePriceIncrement = r.dbl();
  o.scalePriceAdjustValue = undefined;
  o.scalePriceAdjustInterval = undefined;
  o.scaleProfitOffset = undefined;
  o.scaleAutoReset = false;
  o.scaleInitPosition = undefined;
  o.scaleInitFillQty = undefined;
  o.scaleRandomPercent = false;
  if (o.scalePriceIncrement !== undefined) {
    o.scalePriceAdjustValue = r.dbl();
    o.scalePriceAdjustInterval = r.intOpt();
    o.scaleProfitOffset = r.dbl();
    o.scaleAutoReset = r.bool();
    o.scaleInitPosition = r.intOpt();
    o.scaleInitFillQty = r.intOpt();
    o.scaleRandomPercent = r.bool();
  }
  o.scaleTable = r.str();
  o.activeStartTime = r.str();
  o.activeStopTime = r.str();
  o.hedgeType = r.str();
  o.hedgeParam = o.hedgeType !== "" ? r.str() : "";
  o.optOutSmartRouting = r.bool();
  o.clearingAccount = r.str();
  o.clearingIntent = r.str();
  o.notHeld = r.bool();
  o.deltaNeutralContract = r.bool() ? { conId: r.int(), delta: r.dbl(), price: r.dbl() } : undefined;
}

function readAlgoAndConditions(r: TokenReader, o: WireOrder): void {
  o.algoStrategy = r.str();
  o.algoParams = o.algoStrategy !== "" ? readTagValues(r, "algo param") : [];
  o.algoId = r.str();
  o.whatIf = r.bool();
  o.orderMiscOptions = r.str();
  o.solicited = r.bool();
  o.randomizeSize = r.bool();
  o.randomizePrice = r.bool();
  o.referenceContractId = 0;
  o.isPeggedChangeAmountDecrease = false;
  o.peggedChangeAmount = undefined;
  o.referenceChangeAmount = undefined;
  o.referenceExchangeId = "";
  if (isPegBench(o.orderType)) {
    o.referenceContractId = r.int();
    o.isPeggedChangeAmountDecrease = r.bool();
    o.peggedChangeAmount = r.dbl();
    o.referenceChangeAmount = r.dbl();
    o.referenceExchangeId = r.str();
  }
  const n = readCount(r, "condition");
  o.conditions = [];
  for (let k = 0; k < n; k++) o.conditions.push(readCondition(r));
  o.conditionsIgnoreRth = n > 0 ? r.bool() : false;
  o.conditionsCancelOrder = n > 0 ? r.bool() : false;
}

/** One order condition: type, conjunction, then the body of that type (values as strings). */
export function readCondition(r: TokenReader): OrderCondition {
  const type = r.int();
  const conjunction = r.str();
  switch (type) {
    case 1:
      return { type: 1, conjunction, isMore: r.bool(), value: r.str(), conId: r.int(), exchange: r.str(), triggerMethod: r.int() };
    case 3:
      return { type: 3, conjunction, isMore: r.bool(), value: r.str() };
    case 4:
      return { type: 4, conjunction, isMore: r.bool(), value: r.str() };
    case 5:
      return { type: 5, conjunction, secType: r.str(), exchange: r.str(), symbol: r.str() };
    case 6:
      return { type: 6, conjunction, isMore: r.bool(), value: r.str(), conId: r.int(), exchange: r.str() };
    case 7:
      return { type: 7, conjunction, isMore: r.bool(), value: r.str(), conId: r.int(), exchange: r.str() };
    default:
      return r.fail(`unknown order condition type ${type}`);
  }
}

function readTail(r: TokenReader, o: WireOrder, exchange: string): void {
  o.adjustedOrderType = r.str();
  o.triggerPrice = r.dbl();
  o.lmtPriceOffset = r.dbl();
  o.adjustedStopPrice = r.dbl();
  o.adjustedStopLimitPrice = r.dbl();
  o.adjustedTrailingAmount = r.dbl();
  o.adjustableTrailingUnit = r.int();
  o.extOperator = r.str();
  o.softDollarTierName = r.str();
  o.softDollarTierValue = r.str();
  o.cashQty = r.dbl();
  o.mifid2DecisionMaker = r.str();
  o.mifid2DecisionAlgo = r.str();
  o.mifid2ExecutionTrader = r.str();
  o.mifid2ExecutionAlgo = r.str();
  o.dontUseAutoPriceForHedge = r.bool();
  o.isOmsContainer = r.bool();
  o.discretionaryUpToLimitPrice = r.bool();
  o.usePriceMgmtAlgo = r.boolOpt();
  o.duration = r.intOpt();
  o.postToAts = r.intOpt();
  o.autoCancelParent = r.bool();
  o.advancedErrorOverride = r.str();
  o.manualOrderTime = r.str();
  readPegBestMid(r, o, exchange);
  o.customerAccount = r.str();
  o.professionalCustomer = r.bool();
  o.includeOvernight = r.bool();
  o.manualOrderIndicator = r.intOpt();
}

function readPegBestMid(r: TokenReader, o: WireOrder, exchange: string): void {
  o.minTradeQty = exchange === "IBKRATS" ? r.intOpt() : undefined;
  o.minCompeteSize = undefined;
  o.competeAgainstBestOffset = undefined;
  o.midOffsetAtWhole = undefined;
  o.midOffsetAtHalf = undefined;
  let sendMid = false;
  if (isPegBest(o.orderType)) {
    o.minCompeteSize = r.intOpt();
    o.competeAgainstBestOffset = r.dbl();
    sendMid = o.competeAgainstBestOffset === Infinity;
  } else if (isPegMid(o.orderType)) {
    sendMid = true;
  }
  if (sendMid) {
    o.midOffsetAtWhole = r.dbl();
    o.midOffsetAtHalf = r.dbl();
  }
}
