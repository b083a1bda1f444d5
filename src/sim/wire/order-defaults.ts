/**
 * A complete `WireOrder` with every field unset, the base the server spreads its known fields
 * over when it echoes an order it did not receive over the wire (external or restored orders).
 */
import type { WireOrder } from "./types.js";

export function emptyWireOrder(): WireOrder {
  return {
    orderId: 0, action: "BUY", totalQuantity: "0", orderType: "MKT", lmtPrice: undefined, auxPrice: undefined,
    tif: "DAY", ocaGroup: "", account: "", openClose: "", origin: 0, orderRef: "", transmit: true, parentId: 0,
    blockOrder: false, sweepToFill: false, displaySize: undefined, triggerMethod: 0, outsideRth: false, hidden: false,
    comboLegs: [], orderComboLegPrices: [], smartComboRoutingParams: [], discretionaryAmt: undefined,
    goodAfterTime: "", goodTillDate: "", faGroup: "", faMethod: "", faPercentage: "", modelCode: "",
    shortSaleSlot: 0, designatedLocation: "", exemptCode: -1, ocaType: 0, rule80A: "", settlingFirm: "",
    allOrNone: false, minQty: undefined, percentOffset: undefined, eTradeOnly: false, firmQuoteOnly: false,
    nbboPriceCap: undefined, auctionStrategy: undefined, startingPrice: undefined, stockRefPrice: undefined,
    delta: undefined, stockRangeLower: undefined, stockRangeUpper: undefined, overridePercentageConstraints: false,
    volatility: undefined, volatilityType: undefined, deltaNeutralOrderType: "", deltaNeutralAuxPrice: undefined,
    deltaNeutralConId: 0, deltaNeutralSettlingFirm: "", deltaNeutralClearingAccount: "", deltaNeutralClearingIntent: "",
    deltaNeutralOpenClose: "", deltaNeutralShortSale: false, deltaNeutralShortSaleSlot: 0,
    deltaNeutralDesignatedLocation: "", continuousUpdate: false, referencePriceType: undefined,
    trailStopPrice: undefined, trailingPercent: undefined, scaleInitLevelSize: undefined,
    scaleSubsLevelSize: undefined, scalePriceIncrement: undefined, scalePriceAdjustValue: undefined,
    scalePriceAdjustInterval: undefined, scaleProfitOffset: undefined, scaleAutoReset: false,
    scaleInitPosition: undefined, scaleInitFillQty: undefined, scaleRandomPercent: false, scaleTable: "",
    activeStartTime: "", activeStopTime: "", hedgeType: "", hedgeParam: "", optOutSmartRouting: false,
    clearingAccount: "", clearingIntent: "", notHeld: false, deltaNeutralContract: undefined, algoStrategy: "",
    algoParams: [], algoId: "", whatIf: false, orderMiscOptions: "", solicited: false, randomizeSize: false,
    randomizePrice: false, referenceContractId: 0, isPeggedChangeAmountDecrease: false,
    peggedChangeAmount: undefined, referenceChangeAmount: undefined, referenceExchangeId: "", conditions: [],
    conditionsIgnoreRth: false, conditionsCancelOrder: false, adjustedOrderType: "", triggerPrice: undefined,
    lmtPriceOffset: undefined, adjustedStopPrice: undefined, adjustedStopLimitPrice: undefined,
    adjustedTrailingAmount: undefined, adjustableTrailingUnit: 0, extOperator: "", softDollarTierName: "",
    softDollarTierValue: "", cashQty: undefined, mifid2DecisionMaker: "", mifid2DecisionAlgo: "",
    mifid2ExecutionTrader: "", mifid2ExecutionAlgo: "", dontUseAutoPriceForHedge: false, isOmsContainer: false,
    discretionaryUpToLimitPrice: false, usePriceMgmtAlgo: undefined, duration: undefined, postToAts: undefined,
    autoCancelParent: false, advancedErrorOverride: "", manualOrderTime: "", minTradeQty: undefined,
    minCompeteSize: undefined, competeAgainstBestOffset: undefined, midOffsetAtWhole: undefined,
    midOffsetAtHalf: undefined, customerAccount: "", professionalCustomer: false, includeOvernight: false,
    manualOrderIndicator: undefined,
  };
}
