/**
 * Order: one class for every order type, built from its OrderInitialized event and changed only
 * by `apply(event)`, which drives the state table of fsm.ts (reference §5.1) and Nautilus'
 * `Order.apply` rules:
 * - every status event triggers the status of the same name; a missing row raises
 *   CORTANA_E_INVALID_STATE_TRIGGER and leaves the order untouched;
 * - a fill triggers PARTIALLY_FILLED while filled < quantity, else FILLED; a repeated trade id
 *   raises CORTANA_E_DUPLICATE_TRADE_ID; an overfill clamps leavesQty at 0 and records
 *   overfillQty = filledQty - quantity; avgPx = exact sum(qty x px) / filledQty, rounded once
 *   (half to even at 9 decimals) and computed lazily on read;
 * - ModifyRejected (in PENDING_UPDATE), CancelRejected (in PENDING_CANCEL) and Updated (in
 *   PENDING_UPDATE) restore previousStatus through the table; previousStatus is the status before
 *   the last event, except that it is not overwritten while the order is PENDING_*;
 * - terminal statuses (DENIED, REJECTED, EXPIRED, FILLED) reject every event.
 * Rebuild from storage with `Order.fromEvents(events)`. State is exposed through getters.
 */
import { CortanaError, assertNever } from "../../common/errors.js";
import { divRoundHalfEven, fitsPrecision, minimalPrecision } from "../decimal.js";
import {
  ContingencyType,
  LiquiditySide,
  OrderSide,
  OrderStatus,
  OrderType,
  PositionSide,
  TriggerType,
  type TimeInForce,
  type TrailingOffsetType,
} from "../enums.js";
import type { OrderEvent, OrderFilled, OrderInitialized, OrderUpdated } from "../events.js";
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from "../identifiers.js";
import { Money, Price, Quantity } from "../values.js";
import {
  invalidStateTrigger,
  isClosedStatus,
  isInflightStatus,
  isOpenStatus,
  isTerminalStatus,
  tryNextStatus,
} from "./fsm.js";
import { validateOrderInitialized } from "./validate.js";

const S = OrderStatus;
const NO_VENUE_ORDER_IDS = Object.freeze([]) as unknown as VenueOrderId[];

export class Order {
  readonly traderId: TraderId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  /** GTD expiry, UTC ns (undefined unless GTD). */
  readonly expireTime: bigint | undefined;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly quoteQuantity: boolean;
  readonly triggerType: TriggerType;
  readonly limitOffset: Price | undefined;
  readonly trailingOffset: Price | undefined;
  readonly trailingOffsetType: TrailingOffsetType | undefined;
  readonly displayQty: Quantity | undefined;
  readonly contingencyType: ContingencyType;
  readonly orderListId: OrderListId | undefined;
  readonly linkedOrderIds: readonly ClientOrderId[];
  readonly parentOrderId: ClientOrderId | undefined;
  readonly tags: readonly string[];
  readonly initId: string;
  readonly tsInit: bigint;

  private _strategyId: StrategyId;
  private _status: OrderStatus = S.INITIALIZED;
  private _previousStatus: OrderStatus = S.INITIALIZED;
  private _venueOrderId: VenueOrderId | undefined;
  /** Shared empty array until the first id, then an exact-size array (most orders only ever have one id). */
  private _venueOrderIds: VenueOrderId[] = NO_VENUE_ORDER_IDS;
  private _positionId: PositionId | undefined;
  private _accountId: AccountId | undefined;
  private _quantity: Quantity;
  private _filledQty: Quantity;
  private _leavesQty: Quantity;
  private _overfillQty: Quantity;
  private _price: Price | undefined;
  private _triggerPrice: Price | undefined;
  private _emulationTrigger: TriggerType;
  private _liquiditySide: LiquiditySide = LiquiditySide.NO_LIQUIDITY_SIDE;
  /** Sum of lastQty.raw x lastPx.raw: exact, at scale 10^18 (no rounding per fill). */
  private _fillNotional18 = 0n;
  /** avgPx, computed on first read after a fill (most fills are never asked for it). */
  private _avgPx: Price | undefined;
  private _avgPxStale = false;
  private _pxPrecision = 0;
  /** Trade ids in application order (a Set iterates in insertion order: `tradeIds` is derived from it). */
  private readonly _tradeIdSet = new Set<TradeId>();
  private _lastTradeId: TradeId | undefined;
  private readonly _commissions = new Map<string, Money>();
  private readonly _events: OrderEvent[];
  private _tsSubmitted = 0n;
  private _tsAccepted = 0n;
  private _tsTriggered = 0n;
  private _tsClosed = 0n;
  private _tsLast: bigint;

  constructor(init: OrderInitialized) {
    validateOrderInitialized(init);
    this.traderId = init.traderId;
    this._strategyId = init.strategyId;
    this.instrumentId = init.instrumentId;
    this.clientOrderId = init.clientOrderId;
    this.side = init.side;
    this.orderType = init.orderType;
    this.timeInForce = init.timeInForce;
    this.expireTime = init.timeInForce === "GTD" ? init.expireTime : undefined;
    this.postOnly = init.postOnly;
    this.reduceOnly = init.reduceOnly;
    this.quoteQuantity = init.quoteQuantity;
    this.triggerType = init.triggerType ?? TriggerType.NO_TRIGGER;
    this.limitOffset = init.limitOffset;
    this.trailingOffset = init.trailingOffset;
    this.trailingOffsetType = init.trailingOffsetType;
    this.displayQty = init.displayQty;
    this.contingencyType = init.contingencyType;
    this.orderListId = init.orderListId;
    this.linkedOrderIds = init.linkedOrderIds ?? [];
    this.parentOrderId = init.parentOrderId;
    this.tags = init.tags ?? [];
    this.initId = init.eventId;
    this.tsInit = init.tsInit;
    this._quantity = init.quantity;
    this._filledQty = Quantity.zero(init.quantity.precision);
    this._leavesQty = init.quantity;
    this._overfillQty = Quantity.zero(init.quantity.precision);
    this._price = init.price;
    this._triggerPrice = init.triggerPrice;
    this._emulationTrigger = init.emulationTrigger ?? TriggerType.NO_TRIGGER;
    this._events = [init];
    this._tsLast = init.tsInit;
  }

  static create(init: OrderInitialized): Order {
    return new Order(init);
  }

  /** Rebuild an order from its stored events (the first must be its OrderInitialized). */
  static fromEvents(events: readonly OrderEvent[]): Order {
    const first = events[0];
    if (first === undefined || first.type !== "OrderInitialized") {
      throw new CortanaError("CORTANA_E_MODEL_INVALID", "an order's first event must be OrderInitialized");
    }
    const order = new Order(first);
    for (let i = 1; i < events.length; i++) order.apply(events[i] as OrderEvent);
    return order;
  }

  get strategyId(): StrategyId { return this._strategyId; }
  get status(): OrderStatus { return this._status; }
  get previousStatus(): OrderStatus { return this._previousStatus; }
  get venueOrderId(): VenueOrderId | undefined { return this._venueOrderId; }
  /** Every venue order id the order had, oldest first (cancel-replace venues change it). */
  get venueOrderIds(): readonly VenueOrderId[] { return this._venueOrderIds; }
  get positionId(): PositionId | undefined { return this._positionId; }
  get accountId(): AccountId | undefined { return this._accountId; }
  get quantity(): Quantity { return this._quantity; }
  get filledQty(): Quantity { return this._filledQty; }
  get leavesQty(): Quantity { return this._leavesQty; }
  get overfillQty(): Quantity { return this._overfillQty; }
  get price(): Price | undefined { return this._price; }
  get triggerPrice(): Price | undefined { return this._triggerPrice; }
  get emulationTrigger(): TriggerType { return this._emulationTrigger; }
  get liquiditySide(): LiquiditySide { return this._liquiditySide; }
  /** Exact volume-weighted fill price, or undefined before the first fill. */
  get avgPx(): Price | undefined {
    if (this._avgPxStale) {
      this._avgPxStale = false;
      const avgRaw = divRoundHalfEven(this._fillNotional18, this._filledQty.raw);
      const p = fitsPrecision(avgRaw, this._pxPrecision) ? this._pxPrecision : minimalPrecision(avgRaw);
      this._avgPx = new Price(avgRaw, p);
    }
    return this._avgPx;
  }
  /** Every trade id applied, oldest first (a fresh array). */
  get tradeIds(): readonly TradeId[] { return [...this._tradeIdSet]; }
  get lastTradeId(): TradeId | undefined { return this._lastTradeId; }
  /** All applied events, OrderInitialized first. */
  get events(): readonly OrderEvent[] { return this._events; }
  get initEvent(): OrderInitialized { return this._events[0] as OrderInitialized; }
  get lastEvent(): OrderEvent { return this._events[this._events.length - 1] as OrderEvent; }
  get eventCount(): number { return this._events.length; }
  get tsSubmitted(): bigint { return this._tsSubmitted; }
  get tsAccepted(): bigint { return this._tsAccepted; }
  get tsTriggered(): bigint { return this._tsTriggered; }
  get tsClosed(): bigint { return this._tsClosed; }
  get tsLast(): bigint { return this._tsLast; }

  /** Total commission per currency. */
  commissions(): Money[] { return [...this._commissions.values()]; }
  hasTradeId(tradeId: TradeId): boolean { return this._tradeIdSet.has(tradeId); }

  isBuy(): boolean { return this.side === OrderSide.BUY; }
  isSell(): boolean { return this.side === OrderSide.SELL; }
  /** Working at the venue: ACCEPTED, TRIGGERED, PENDING_*, PARTIALLY_FILLED, and not emulated. */
  isOpen(): boolean { return this._emulationTrigger === TriggerType.NO_TRIGGER && isOpenStatus(this._status); }
  isClosed(): boolean { return isClosedStatus(this._status); }
  isInflight(): boolean { return isInflightStatus(this._status); }
  isTerminal(): boolean { return isTerminalStatus(this._status); }
  isCanceled(): boolean { return this._status === S.CANCELED; }
  isPendingUpdate(): boolean { return this._status === S.PENDING_UPDATE; }
  isPendingCancel(): boolean { return this._status === S.PENDING_CANCEL; }
  isEmulated(): boolean { return this._status === S.EMULATED; }
  /** Still only local: INITIALIZED, EMULATED, RELEASED. */
  isActiveLocal(): boolean { return this._status === S.INITIALIZED || this._status === S.EMULATED || this._status === S.RELEASED; }
  isPassive(): boolean { return this.orderType !== OrderType.MARKET; }
  isAggressive(): boolean { return this.orderType === OrderType.MARKET; }
  isContingency(): boolean { return this.contingencyType !== ContingencyType.NO_CONTINGENCY; }
  isParentOrder(): boolean { return this.contingencyType === ContingencyType.OTO; }
  isChildOrder(): boolean { return this.parentOrderId !== undefined; }
  hasPrice(): boolean { return this._price !== undefined; }
  hasTriggerPrice(): boolean { return this._triggerPrice !== undefined; }

  /** Signed quantity as a raw (BUY +, SELL -). */
  signedQtyRaw(): bigint { return this.side === OrderSide.BUY ? this._quantity.raw : -this._quantity.raw; }

  /** The overfill a prospective fill of `lastQty` would cause (zero if none). */
  prospectiveOverfill(lastQty: Quantity): Quantity {
    return this._filledQty.add(lastQty).saturatingSub(this._quantity);
  }

  /** True if filling the leaves quantity could only reduce a position of `side` and `qty`. */
  wouldReduceOnly(side: PositionSide, qty: Quantity): boolean {
    if (side === PositionSide.FLAT || side === PositionSide.NO_POSITION_SIDE) return false;
    if (this.side === OrderSide.BUY) return side === PositionSide.SHORT && this._leavesQty.le(qty);
    return side === PositionSide.LONG && this._leavesQty.le(qty);
  }

  /** Apply an event (see the module header). Throws before changing anything if it is invalid. */
  apply(event: OrderEvent): void {
    if (event.clientOrderId !== this.clientOrderId) {
      throw new Error(`event for ${event.clientOrderId} applied to order ${this.clientOrderId}`);
    }
    const before = this._status;
    if (isTerminalStatus(before)) throw invalidStateTrigger(before, event.type, `order ${this.clientOrderId} is terminal`);
    if (event.type !== "OrderUpdated") this.checkVenueOrderId(event.venueOrderId);
    this.dispatch(event);
    if (before !== S.PENDING_UPDATE && before !== S.PENDING_CANCEL) this._previousStatus = before;
    this._events.push(event);
    this._tsLast = event.tsEvent;
  }

  private dispatch(e: OrderEvent): void {
    switch (e.type) {
      case "OrderInitialized":
        throw invalidStateTrigger(this._status, e.type, `order ${this.clientOrderId} is already initialized`);
      case "OrderDenied": return this.close(S.DENIED, e.tsEvent);
      case "OrderEmulated": this.trigger(S.EMULATED); return;
      case "OrderReleased":
        this.trigger(S.RELEASED);
        this._emulationTrigger = TriggerType.NO_TRIGGER;
        return;
      case "OrderSubmitted":
        this.trigger(S.SUBMITTED);
        this._accountId = e.accountId;
        this._tsSubmitted = e.tsEvent;
        return;
      case "OrderAccepted":
        this.trigger(S.ACCEPTED);
        this.setVenueOrderId(e.venueOrderId);
        this._accountId = e.accountId;
        this._tsAccepted = e.tsEvent;
        return;
      case "OrderRejected": return this.close(S.REJECTED, e.tsEvent);
      case "OrderCanceled": return this.close(S.CANCELED, e.tsEvent);
      case "OrderExpired": return this.close(S.EXPIRED, e.tsEvent);
      case "OrderTriggered": return this.triggered(e.tsEvent);
      case "OrderPendingUpdate": this.trigger(S.PENDING_UPDATE); return;
      case "OrderPendingCancel": this.trigger(S.PENDING_CANCEL); return;
      case "OrderModifyRejected":
        if (this._status === S.PENDING_UPDATE) this.trigger(this._previousStatus);
        return;
      case "OrderCancelRejected":
        if (this._status === S.PENDING_CANCEL) this.trigger(this._previousStatus);
        return;
      case "OrderUpdated": return this.updated(e);
      case "OrderFilled": return this.filled(e);
      default:
        assertNever(e, "order event");
    }
  }

  private trigger(to: OrderStatus): void {
    const next = tryNextStatus(this._status, to);
    if (next === undefined) throw invalidStateTrigger(this._status, to, `order ${this.clientOrderId}`);
    this._status = next;
  }

  private checkVenueOrderId(id: VenueOrderId | undefined): void {
    if (id !== undefined && this._venueOrderId !== undefined && id !== this._venueOrderId) {
      throw new Error(`order ${this.clientOrderId}: venue order id ${id} differs from ${this._venueOrderId}`);
    }
  }

  private setVenueOrderId(id: VenueOrderId): void {
    this.checkVenueOrderId(id);
    if (this._venueOrderId === undefined) {
      this._venueOrderId = id;
      this.addVenueOrderId(id);
    }
  }

  private addVenueOrderId(id: VenueOrderId): void {
    if (this._venueOrderIds === NO_VENUE_ORDER_IDS) this._venueOrderIds = [id];
    else this._venueOrderIds.push(id);
  }

  private close(to: OrderStatus, ts: bigint): void {
    this.trigger(to);
    this._tsClosed = ts;
  }

  private triggered(ts: bigint): void {
    const t = this.orderType;
    if (t !== OrderType.STOP_LIMIT && t !== OrderType.TRAILING_STOP_LIMIT && t !== OrderType.LIMIT_IF_TOUCHED) {
      throw invalidStateTrigger(this._status, S.TRIGGERED, `only STOP_LIMIT, TRAILING_STOP_LIMIT and LIMIT_IF_TOUCHED orders trigger, not ${t}`);
    }
    this.trigger(S.TRIGGERED);
    this._tsTriggered = ts;
  }

  private updated(e: OrderUpdated): void {
    if (this._status === S.PENDING_UPDATE) this.trigger(this._previousStatus);
    if (e.venueOrderId !== undefined && e.venueOrderId !== this._venueOrderId) {
      this._venueOrderId = e.venueOrderId; // a cancel-replace venue issued a new id
      this.addVenueOrderId(e.venueOrderId);
    }
    this._quantity = e.quantity;
    this._leavesQty = e.quantity.saturatingSub(this._filledQty);
    if (e.price !== undefined) this._price = e.price;
    if (e.triggerPrice !== undefined) this._triggerPrice = e.triggerPrice;
  }

  private filled(f: OrderFilled): void {
    if (this._tradeIdSet.has(f.tradeId)) {
      throw new CortanaError("CORTANA_E_DUPLICATE_TRADE_ID", `order ${this.clientOrderId}: trade id ${f.tradeId} was already applied`);
    }
    if (!f.lastQty.isPositive()) {
      throw new CortanaError("CORTANA_E_MODEL_INVALID", `order ${this.clientOrderId}: fill ${f.tradeId} has lastQty ${f.lastQty}`);
    }
    this.checkVenueOrderId(f.venueOrderId);
    const filled = this._filledQty.add(f.lastQty);
    const to = filled.lt(this._quantity) ? S.PARTIALLY_FILLED : S.FILLED;
    const next = tryNextStatus(this._status, to);
    if (next === undefined) throw invalidStateTrigger(this._status, to, `order ${this.clientOrderId} fill ${f.tradeId}`);
    this._status = next;
    if (to === S.FILLED) this._tsClosed = f.tsEvent;
    if (this._venueOrderId === undefined) this.setVenueOrderId(f.venueOrderId);
    if (f.positionId !== undefined) this._positionId = f.positionId;
    if (this._accountId === undefined) this._accountId = f.accountId;
    if (this._tsAccepted === 0n) this._tsAccepted = f.tsEvent;
    this._tradeIdSet.add(f.tradeId);
    this._lastTradeId = f.tradeId;
    this._filledQty = filled;
    if (to === S.PARTIALLY_FILLED) {
      this._leavesQty = new Quantity(this._quantity.raw - filled.raw, this._quantity.precision);
    } else {
      this._leavesQty = this._quantity.saturatingSub(filled);
      if (filled.raw > this._quantity.raw) this._overfillQty = filled.saturatingSub(this._quantity);
    }
    this._liquiditySide = f.liquiditySide;
    this._fillNotional18 += f.lastQty.raw * f.lastPx.raw;
    if (f.lastPx.precision > this._pxPrecision) this._pxPrecision = f.lastPx.precision;
    this._avgPxStale = true;
    const code = f.commission.currency.code;
    const sum = this._commissions.get(code);
    this._commissions.set(code, sum === undefined ? f.commission : sum.add(f.commission));
  }
}
