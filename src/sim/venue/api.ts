/**
 * The seam between the simulator's server (wire protocol) and its venue (instruments, market data,
 * matching, accounts). Protocol-free: plain typed objects, no frames, message ids or sockets.
 *
 * Conventions at this seam:
 * - Prices are JS numbers already snapped to the instrument's tick (the venue keeps them exact as
 *   scaled integers inside and converts only here). Quantities are decimal strings ("100", "0.5"),
 *   as IB's Decimal fields are on the wire.
 * - Times are epoch milliseconds (UTC). The venue never reads the clock: its notion of "now" is the
 *   last `nowMs` passed to `advance()` (or the creation time). Call `advance(clock())` before a
 *   request when the exact timestamp matters.
 * - Everything the server must send to clients is delivered through `subscribe()` events, in the
 *   order a real gateway sends them (a fill is: execution, order, commission). Return values of the
 *   request methods are informational (tests, control API); the server must not send them again.
 * - Every object handed out is a fresh copy: holding it does not see later changes.
 *
 * Entry points: `Venue` (requests from API clients + venue truth) and `VenueControl` (faults and
 * manual actions as a TWS user or the exchange would cause them). `createVenue` lives in
 * src/sim/scenario/create.ts.
 */

/** A contract as IB describes it (strings as on the wire). One per tradable instrument. */
export interface SimContract {
  conId: number;
  symbol: string;
  secType: "STK" | "OPT" | "FUT";
  /** Routing exchange: "SMART" for stocks and options, "CME" for ES. */
  exchange: string;
  /** Listing exchange ("ARCA" for SPY); "" for futures. */
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  /** "" for STK, "100" for equity options, "50" for ES. */
  multiplier: string;
  /** yyyymmdd for OPT and FUT, "" for STK. */
  lastTradeDateOrContractMonth: string;
  /** 0 unless OPT. */
  strike: number;
  right: "" | "C" | "P";
  minTick: number;
  /** Decimals needed to print a price of this instrument (2 for 0.01 and 0.25). */
  priceDecimals: number;
  /** Smallest order size step, decimal string ("1"). */
  sizeIncrement: string;
  minSize: string;
  suggestedSizeIncrement: string;
  longName: string;
  /** conId of the underlying for OPT (and 0 otherwise). */
  underConId: number;
  underSymbol: string;
  underSecType: "" | "STK" | "FUT" | "IND";
  /** yyyymm for FUT/OPT, "" for STK. */
  contractMonth: string;
  /** yyyymmdd for FUT/OPT, "" for STK. */
  realExpirationDate: string;
  /** "16:00" for options, "" otherwise. */
  lastTradeTime: string;
  marketName: string;
  validExchanges: string;
  orderTypes: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  marketRuleIds: string;
  stockType: string;
  industry: string;
  category: string;
  subcategory: string;
  aggGroup: number;
  priceMagnifier: number;
}

/**
 * A contract as a client asks for it (reqContractDetails, placeOrder). Absent or empty fields do not
 * filter. `exchange` "SMART" matches any instrument routed through SMART; `strike` 0 does not filter.
 */
export interface ContractQuery {
  conId?: number;
  symbol?: string;
  secType?: string;
  exchange?: string;
  primaryExchange?: string;
  currency?: string;
  lastTradeDateOrContractMonth?: string;
  strike?: number;
  right?: string;
  localSymbol?: string;
  multiplier?: string;
  tradingClass?: string;
}

export type OrderAction = "BUY" | "SELL";

/** Order types the venue accepts; any other string is rejected with error 321. */
export const ORDER_TYPES = ["MKT", "LMT", "STP", "STP LMT", "MIT", "LIT", "TRAIL", "TRAIL LIMIT"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** TIFs the venue accepts; any other string is rejected with error 321. "" means DAY. */
export const TIFS = ["DAY", "GTC", "IOC", "FOK", "GTD"] as const;
export type TimeInForce = (typeof TIFS)[number];

/** What PLACE_ORDER carries that the venue cares about (already decoded by the wire). */
export interface OrderRequest {
  clientId: number;
  orderId: number;
  contract: ContractQuery;
  action: OrderAction;
  /** Decimal string; must be a positive multiple of the contract's sizeIncrement. */
  totalQuantity: string;
  /** Kept as a string so an unknown type reaches the venue and gets IB's 321. */
  orderType: string;
  /** LMT, STP LMT, LIT, and the limit of TRAIL LIMIT when computed by the client. */
  lmtPrice?: number;
  /** Stop price (STP, STP LMT), touch price (MIT, LIT) or trailing amount (TRAIL, TRAIL LIMIT). */
  auxPrice?: number;
  /** TRAIL / TRAIL LIMIT: initial stop; computed from the touch when absent. */
  trailStopPrice?: number;
  /** TRAIL / TRAIL LIMIT: trailing percent, used instead of auxPrice when set. */
  trailingPercent?: number;
  /** TRAIL LIMIT: limit = stop -/+ offset (BUY +, SELL -). */
  lmtPriceOffset?: number;
  /** "" means DAY. */
  tif: string;
  /** GTD expiry: `yyyymmdd hh:mm:ss <tz>`, `yyyymmdd-hh:mm:ss` (UTC) or zone-less (UTC). */
  goodTillDate: string;
  ocaGroup: string;
  /** 0 means "not set" (echoed as 3 when ocaGroup is set, as IB does). */
  ocaType: number;
  /** 0 when not a bracket child. */
  parentId: number;
  /**
   * true: transmit. false: stage (held until a child with transmit=true arrives). undefined: the
   * wire field was empty; staged like false unless the venue option `missingTransmit` is "transmit".
   */
  transmit?: boolean;
  orderRef: string;
  /** "" means the first managed account. */
  account: string;
  outsideRth: boolean;
}

export type OrderStatus =
  | "PendingSubmit"
  | "PreSubmitted"
  | "Submitted"
  | "PendingCancel"
  | "Cancelled"
  | "Filled"
  | "Inactive"
  | "ApiCancelled";

/** An order as the venue knows it (OPEN_ORDER + ORDER_STATUS material). */
export interface VenueOrder {
  /** Global, unique, stable across restarts. */
  permId: number;
  /** 0 for orders placed in TWS (external) until bound. */
  clientId: number;
  /** 0 for orders placed in TWS until bound (bound TWS orders get negative ids, as IB does). */
  orderId: number;
  contract: SimContract;
  /** The request as last accepted (after modifications); account and tif resolved, ocaType as echoed. */
  request: OrderRequest;
  status: OrderStatus;
  /** Cumulative filled quantity, decimal string. */
  filled: string;
  /** totalQuantity - filled (0 once terminal, as IB reports cancelled remainders as remaining). */
  remaining: string;
  avgFillPrice: number;
  lastFillPrice: number;
  /** "trigger" while a stop / touch / trailing order waits to be elected, "child" for a bracket child waiting for its parent, else "". */
  whyHeld: string;
  ocaGroup: string;
  ocaType: number;
  /** Current trailing stop price for TRAIL / TRAIL LIMIT, else undefined. */
  trailStopPrice?: number;
  /** Sum of commissions of this order's executions (USD). */
  commission: number;
  commissionCurrency: string;
  /** `yyyyMMdd HH:mm:ss <tz>` once terminal. */
  completedTime?: string;
  /** Why it completed: "Filled", "Cancelled by Trader", "Cancelled by User", "Cancelled by System", "Rejected: <reason>", "Expired". */
  completedStatus?: string;
  /** Placed in TWS (by hand or by the control API), not by an API client. */
  external: boolean;
  /** When the venue accepted it (epoch ms). */
  createdMs: number;
  /** Last change (epoch ms). */
  updatedMs: number;
}

export interface Execution {
  /** `8hex.8hex.2hex.2hex`; a correction increments the last group. */
  execId: string;
  /** Formatted per the venue's `execTimeFormat`. */
  time: string;
  timeMs: number;
  account: string;
  exchange: string;
  side: "BOT" | "SLD";
  /** Decimal string. */
  shares: string;
  price: number;
  permId: number;
  clientId: number;
  orderId: number;
  /** Cumulative filled quantity of the order after this execution. */
  cumQty: string;
  avgPrice: number;
  orderRef: string;
  /** 1 added liquidity (resting order hit), 2 removed liquidity (marketable on arrival / triggered). */
  lastLiquidity: number;
  contract: SimContract;
  /** From an order entered in TWS (placeExternalOrder, externalTrade), not from an API client. */
  external: boolean;
}

export interface CommissionReport {
  execId: string;
  commission: number;
  currency: string;
  /** Realized PnL of this execution net of its commission; undefined for an opening execution (wire: Double.MAX_VALUE). */
  realizedPNL?: number;
}

export interface Quote {
  conId: number;
  bid: number;
  ask: number;
  bidSize: string;
  askSize: string;
  last: number;
  lastSize: string;
  /** Cumulative since the venue started. */
  volume: string;
  high: number;
  low: number;
  /** Prior close (the scenario's start price). */
  close: number;
  open: number;
  /** Epoch ms of the last change. */
  ts: number;
  /** Epoch ms of the last trade print. */
  lastTs: number;
}

export interface Bar {
  /** Bar start, epoch ms. */
  timeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: string;
  wap: number;
  count: number;
}

export interface PositionRow {
  account: string;
  contract: SimContract;
  /** Signed decimal string; "0" once closed (still reported after a close in the session). */
  position: string;
  /** IB's avgCost: per unit times multiplier (per contract for OPT/FUT), commissions included. */
  avgCost: number;
}

export interface PortfolioRow extends PositionRow {
  marketPrice: number;
  marketValue: number;
  /** avgCost / multiplier. */
  averagePrice: number;
  unrealizedPNL: number;
  realizedPNL: number;
}

export interface AccountValue {
  key: string;
  value: string;
  currency: string;
}

export interface OptionChainRow {
  exchange: string;
  underlyingConId: number;
  tradingClass: string;
  multiplier: string;
  expirations: string[];
  strikes: number[];
}

export interface ExecutionFilter {
  clientId?: number;
  account?: string;
  /** `yyyymmdd-hh:mm:ss` (UTC) or `yyyymmdd hh:mm:ss <tz>`: executions at or after it. */
  time?: string;
  symbol?: string;
  secType?: string;
  exchange?: string;
  /** "BUY" / "SELL" (also accepts "BOT" / "SLD"). */
  side?: string;
}

/** Why an order event was emitted (lets the server decide routing and fault handling). */
export type OrderEventCause =
  | "placed"
  | "modified"
  | "triggered"
  | "activated"
  | "fill"
  | "cancelled"
  | "rejected"
  | "expired"
  | "ocaReduced"
  | "bound";

export type VenueEvent =
  /** -> OPEN_ORDER + ORDER_STATUS to the owning client (and clients watching all orders). */
  | { kind: "order"; order: VenueOrder; cause: OrderEventCause; requestedBy?: number }
  /** -> EXECUTION_DATA(reqId -1). `replay` is true for a duplicate report of an execution already sent. */
  | { kind: "execution"; execution: Execution; replay: boolean }
  /** -> COMMISSION_REPORT, after the order event of the fill. */
  | { kind: "commission"; report: CommissionReport; clientId: number; replay: boolean }
  /** -> ERR_MSG(id = orderId) to `clientId` (the requester, or the owner for venue-side causes). */
  | { kind: "orderError"; clientId: number; orderId: number; permId?: number; code: number; message: string }
  /** -> TICK_PRICE / TICK_SIZE to market-data subscribers of conId. */
  | { kind: "quote"; quote: Quote }
  /** -> POSITION_DATA to position subscribers, PORTFOLIO_VALUE to account-update subscribers. */
  | { kind: "position"; row: PositionRow }
  /** Account values of `account` changed -> ACCT_VALUE / account summary refresh. */
  | { kind: "account"; account: string }
  /** -> ORDER_BOUND: a TWS order got an API order id. */
  | { kind: "orderBound"; permId: number; clientId: number; orderId: number };

export type PartialFillMode =
  /** Orders fill their whole remaining quantity when marketable. */
  | { kind: "off" }
  /** Each matching pass fills at most the displayed size at the touch. */
  | { kind: "touchSize" }
  /** Each matching pass fills at most `qty` (decimal string). */
  | { kind: "chunks"; qty: string };

/** Result of a request or control operation (control API maps `ok: false` to a 4xx). */
export type VenueResult<T = undefined> = { ok: true; value: T } | { ok: false; reason: string };

export interface Venue {
  /** Register a listener for every event; returns the unsubscribe function. Listeners run synchronously. */
  subscribe(listener: (e: VenueEvent) => void): () => void;
  /** Managed accounts, in scenario order (the first is the default account). */
  accounts(): string[];
  /** All instruments matching the query; [] means "no security definition" (error 200). */
  findContracts(q: ContractQuery): SimContract[];
  contract(conId: number): SimContract | undefined;
  /** reqSecDefOptParams for an underlying: one row per exchange ("SMART" and the listing exchanges). */
  optionChain(underlyingSymbol: string, underlyingConId: number): OptionChainRow[];
  /** Current top of book; undefined for an unknown conId. */
  quote(conId: number): Quote | undefined;
  /** `count` bars of `barSizeSecs` ending at or before `endMs` (oldest first), deterministic for a seed. */
  historicalBars(conId: number, endMs: number, barSizeSecs: number, count: number): Bar[];

  /**
   * New order when (clientId, orderId) is unused, modify when it names a live order of that client.
   * Errors go out as orderError events (103 duplicate id, 104 filled, 110 tick, 200 no contract,
   * 201 rejected, 321 validation) and are also returned.
   */
  placeOrder(req: OrderRequest): VenueResult<VenueOrder>;
  /** Cancel as an API client (202 on success, 10147 unknown, 10148 terminal, 161 not cancellable). */
  cancelOrder(clientId: number, orderId: number): VenueResult<VenueOrder>;
  /** reqGlobalCancel: cancels every live order of every client and TWS. */
  globalCancel(requestedBy: number): void;
  /** Live orders (staged-only bracket parts excluded). clientId filters; undefined = all. */
  openOrders(filter?: { clientId?: number }): VenueOrder[];
  /** Terminal orders (Filled, Cancelled, Inactive), oldest first. */
  completedOrders(): VenueOrder[];
  order(permId: number): VenueOrder | undefined;
  /** Bind TWS orders (orderId 0) to client 0: each gets a negative orderId; emits orderBound. Returns those bound. */
  bindExternalOrders(): VenueOrder[];
  executions(filter?: ExecutionFilter): { execution: Execution; commission: CommissionReport }[];
  positions(): PositionRow[];
  accountValues(account: string): AccountValue[];
  portfolio(account: string): PortfolioRow[];
  /** max(orderId used by this client) + 1, at least 1. */
  nextOrderIdFor(clientId: number): number;
  /** Move the venue clock: random-walk steps up to nowMs, matching after each step, DAY/GTD expiry. */
  advance(nowMs: number): void;
  /** The venue clock (last advance). */
  now(): number;

  /** JSON-serialisable complete state (orders, executions, positions, cash, ids, prices, rng). */
  snapshot(): VenueState;
  /** Replace the whole state (a gateway restart keeps the venue; a new process loads a file). */
  restore(state: VenueState): void;
}

export interface VenueControl {
  /** Set an instrument's price (bid = price - floor(spread/2) ticks, ask = bid + spread, last = price); runs matching. Options are derived and cannot be moved. */
  movePrice(conId: number, price: number): VenueResult;
  /** An order entered in TWS: clientId 0, orderId 0, external. */
  placeExternalOrder(req: Omit<OrderRequest, "clientId" | "orderId">): VenueResult<VenueOrder>;
  /** A trade entered by hand in TWS: position and cash change under the client. Price defaults to the touch. */
  externalTrade(t: { account?: string; conId: number; action: OrderAction; quantity: string; price?: number }): VenueResult<Execution>;
  /** The venue no longer reports the order (not in open/completed orders, no longer matched). */
  forgetOrder(permId: number): VenueResult;
  /** Cancel as a TWS user would: Cancelled + 202 to the owner. */
  cancelAsTwsUser(permId: number): VenueResult<VenueOrder>;
  /** The next new order (any client) is rejected with 201 and goes Inactive. */
  rejectNextOrder(reason?: string): void;
  /** Fill a live order now (whole remaining or `quantity`) at `price` or the touch, marketable or not. */
  fillNow(permId: number, opts?: { price?: number; quantity?: string }): VenueResult<Execution>;
  /** Emit an execution (and its commission report) again with the same execId (`replay: true`). */
  duplicateExecution(execId: string): VenueResult;
  setPartialFillMode(mode: PartialFillMode): void;
}

/** Venue options that change behaviour (part of the state). */
export interface VenueOptions {
  partialFills: PartialFillMode;
  /** How an order whose wire `transmit` field was empty is treated. */
  missingTransmit: "stage" | "transmit";
  /** Format of Execution.time: legacy `yyyyMMdd  HH:mm:ss` (two spaces), UTC dash, or `yyyyMMdd HH:mm:ss <tz>`. */
  execTimeFormat: "legacy" | "utcDash" | "zoned";
  /** IANA zone of formatted times ("UTC" by default). */
  timeZone: string;
}

/**
 * The complete serialisable state. Opaque to the server: store it, hand it back to `restore`.
 * `version` guards against loading a file written by an incompatible simulator.
 */
export interface VenueState {
  version: 1;
  [key: string]: unknown;
}
