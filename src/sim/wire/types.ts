/**
 * Protocol-shaped types of the codec (server version 193). Field names follow @stoqey/ib's
 * `Contract` / `Order` so a decoded PLACE_ORDER can be compared with what the client sent.
 * These are wire shapes only: the server maps them to and from the venue's types.
 *
 * Conventions: optional doubles are `number | undefined` (`""` on the wire); optional ints are
 * `number | undefined` (`""` or 2147483647); quantities are decimal strings as on the wire.
 */

export interface TagValue {
  tag: string;
  value: string;
}

/** A contract as a client sends it in a request (every field as the client filled it). */
export interface ContractRef {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number | undefined;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  includeExpired?: boolean;
  secIdType?: string;
  secId?: string;
  issuerId?: string;
}

/** A combo leg of a BAG contract (PLACE_ORDER / OPEN_ORDER carry all 8 fields). */
export interface ComboLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
  openClose: number;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
}

export interface DeltaNeutralContract {
  conId: number;
  delta: number | undefined;
  price: number | undefined;
}

/** Order conditions (type ids as in OrderConditionType). Values travel as strings. */
export type OrderCondition =
  | { type: 1; conjunction: string; isMore: boolean; value: string; conId: number; exchange: string; triggerMethod: number }
  | { type: 3; conjunction: string; isMore: boolean; value: string }
  | { type: 4; conjunction: string; isMore: boolean; value: string }
  | { type: 5; conjunction: string; secType: string; exchange: string; symbol: string }
  | { type: 6; conjunction: string; isMore: boolean; value: string; conId: number; exchange: string }
  | { type: 7; conjunction: string; isMore: boolean; value: string; conId: number; exchange: string };

/** Every field of PLACE_ORDER at 193, as decoded; the same shape feeds the OPEN_ORDER echo. */
export interface WireOrder {
  orderId: number;
  action: string;
  totalQuantity: string;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  account: string;
  openClose: string;
  origin: number;
  orderRef: string;
  /** `undefined` when the client sent `""` (a real gateway stages such an order). */
  transmit: boolean | undefined;
  parentId: number;
  blockOrder: boolean;
  sweepToFill: boolean;
  displaySize: number | undefined;
  triggerMethod: number;
  outsideRth: boolean;
  hidden: boolean;
  comboLegs: ComboLeg[];
  orderComboLegPrices: (number | undefined)[];
  smartComboRoutingParams: TagValue[];
  discretionaryAmt: number | undefined;
  goodAfterTime: string;
  goodTillDate: string;
  faGroup: string;
  faMethod: string;
  faPercentage: string;
  modelCode: string;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
  ocaType: number;
  rule80A: string;
  settlingFirm: string;
  allOrNone: boolean;
  minQty: number | undefined;
  percentOffset: number | undefined;
  eTradeOnly: boolean;
  firmQuoteOnly: boolean;
  nbboPriceCap: number | undefined;
  auctionStrategy: number | undefined;
  startingPrice: number | undefined;
  stockRefPrice: number | undefined;
  delta: number | undefined;
  stockRangeLower: number | undefined;
  stockRangeUpper: number | undefined;
  overridePercentageConstraints: boolean;
  volatility: number | undefined;
  volatilityType: number | undefined;
  deltaNeutralOrderType: string;
  deltaNeutralAuxPrice: number | undefined;
  deltaNeutralConId: number;
  deltaNeutralSettlingFirm: string;
  deltaNeutralClearingAccount: string;
  deltaNeutralClearingIntent: string;
  deltaNeutralOpenClose: string;
  deltaNeutralShortSale: boolean;
  deltaNeutralShortSaleSlot: number;
  deltaNeutralDesignatedLocation: string;
  continuousUpdate: boolean;
  referencePriceType: number | undefined;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  scaleInitLevelSize: number | undefined;
  scaleSubsLevelSize: number | undefined;
  scalePriceIncrement: number | undefined;
  scalePriceAdjustValue: number | undefined;
  scalePriceAdjustInterval: number | undefined;
  scaleProfitOffset: number | undefined;
  scaleAutoReset: boolean;
  scaleInitPosition: number | undefined;
  scaleInitFillQty: number | undefined;
  scaleRandomPercent: boolean;
  scaleTable: string;
  activeStartTime: string;
  activeStopTime: string;
  hedgeType: string;
  hedgeParam: string;
  optOutSmartRouting: boolean;
  clearingAccount: string;
  clearingIntent: string;
  notHeld: boolean;
  deltaNeutralContract: DeltaNeutralContract | undefined;
  algoStrategy: string;
  algoParams: TagValue[];
  algoId: string;
  whatIf: boolean;
  orderMiscOptions: string;
  solicited: boolean;
  randomizeSize: boolean;
  randomizePrice: boolean;
  referenceContractId: number;
  isPeggedChangeAmountDecrease: boolean;
  peggedChangeAmount: number | undefined;
  referenceChangeAmount: number | undefined;
  referenceExchangeId: string;
  conditions: OrderCondition[];
  conditionsIgnoreRth: boolean;
  conditionsCancelOrder: boolean;
  adjustedOrderType: string;
  triggerPrice: number | undefined;
  lmtPriceOffset: number | undefined;
  adjustedStopPrice: number | undefined;
  adjustedStopLimitPrice: number | undefined;
  adjustedTrailingAmount: number | undefined;
  adjustableTrailingUnit: number;
  extOperator: string;
  softDollarTierName: string;
  softDollarTierValue: string;
  cashQty: number | undefined;
  mifid2DecisionMaker: string;
  mifid2DecisionAlgo: string;
  mifid2ExecutionTrader: string;
  mifid2ExecutionAlgo: string;
  dontUseAutoPriceForHedge: boolean;
  isOmsContainer: boolean;
  discretionaryUpToLimitPrice: boolean;
  usePriceMgmtAlgo: boolean | undefined;
  duration: number | undefined;
  postToAts: number | undefined;
  autoCancelParent: boolean;
  advancedErrorOverride: string;
  manualOrderTime: string;
  minTradeQty: number | undefined;
  minCompeteSize: number | undefined;
  competeAgainstBestOffset: number | undefined;
  midOffsetAtWhole: number | undefined;
  midOffsetAtHalf: number | undefined;
  customerAccount: string;
  professionalCustomer: boolean;
  includeOvernight: boolean;
  manualOrderIndicator: number | undefined;
}

/** A contract as the server describes it (OPEN_ORDER, EXECUTION_DATA, POSITION, ...). */
export interface WireContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  comboLegs?: ComboLeg[];
  comboLegsDescription?: string;
}
