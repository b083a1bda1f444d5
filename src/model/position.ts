/**
 * Position: the net of an instrument's fills for one position id (NETTING: one per instrument and
 * strategy, `nettingPositionId`; HEDGING: one per venue / generated position id).
 *
 * Arithmetic is exact. The position keeps the exact cost basis of its open quantity
 * (sum of qty x px of the opening fills, minus what closes removed). A reducing fill removes the
 * proportional cost (all of it when the position goes flat), so over a lifecycle
 *   realizedPnl = (sell notional - buy notional) x multiplier - commissions (settlement currency)
 * exactly, with no drift however many partial closes happen. avgPxOpen = cost / quantity.
 * Multipliers apply to PnL and notional (an option with multiplier 100 moves 100 x its price).
 *
 * A fill that crosses zero is applied as a close followed by an open of the remainder at the fill
 * price (the closed part's PnL stays realized; entry, opening order and cost restart); callers
 * that want Nautilus' behaviour (close this position, open a new one) split the fill first with
 * `splitFillAtZero`. A fill on a FLAT position
 * starts a new lifecycle under the same id (realized PnL, commissions and buy/sell totals reset;
 * trade ids and fills keep accumulating so duplicates are still caught and `fromFills` replays).
 */
import { CortanaError } from "../common/errors.js";
import type { Currency } from "./currency.js";
import { divRaw, divRoundHalfEven, minimalPrecision, mulRaw, rawToString } from "./decimal.js";
import { OrderSide, PositionSide } from "./enums.js";
import type { OrderFilled } from "./events.js";
import {
  PositionId,
  TradeId,
  type AccountId,
  type ClientOrderId,
  type InstrumentId,
  type StrategyId,
  type TraderId,
} from "./identifiers.js";
import { Money, Price, Quantity } from "./values.js";

/** What a position needs from its instrument. */
export type PositionInstrument = {
  readonly id: InstrumentId;
  readonly multiplier: Quantity;
  readonly quoteCurrency: Currency;
  readonly sizePrecision: number;
  readonly pricePrecision: number;
};

/** Nautilus' NETTING position id: `{instrumentId}-{strategyId}`. */
export function nettingPositionId(instrumentId: InstrumentId, strategyId: StrategyId): PositionId {
  return PositionId(`${instrumentId}-${strategyId}`);
}

function priceOf(raw: bigint, minPrecision: number): Price {
  return new Price(raw, Math.max(minPrecision, minimalPrecision(raw)));
}

export class Position {
  readonly id: PositionId;
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly accountId: AccountId;
  readonly multiplier: Quantity;
  readonly currency: Currency;
  readonly sizePrecision: number;
  readonly pricePrecision: number;

  private _openingOrderId!: ClientOrderId;
  private _closingOrderId: ClientOrderId | undefined;
  private _entry!: OrderSide;
  private _signedRaw = 0n;
  private _costRaw = 0n;
  private _avgOpenRaw = 0n;
  private _closeNotionalRaw = 0n;
  private _closedQtyRaw = 0n;
  private _peakRaw = 0n;
  private _buyRaw = 0n;
  private _sellRaw = 0n;
  private _realizedRaw = 0n;
  private _commissions = new Map<string, Money>();
  private readonly _tradeIds = new Set<string>();
  private readonly _fills: OrderFilled[] = [];
  private _lastQty!: Quantity;
  private _lastPx!: Price;
  private _lifecycleFills = 0;
  private _tsOpened = 0n;
  private _tsClosed: bigint | undefined;
  private _tsLast = 0n;

  /** Open a position with its first fill; `positionId` defaults to the fill's. */
  constructor(instrument: PositionInstrument, fill: OrderFilled, positionId?: PositionId) {
    const id = positionId ?? fill.positionId;
    if (id === undefined) throw new CortanaError("CORTANA_E_MODEL_INVALID", `fill ${fill.tradeId} has no position id`);
    if (fill.instrumentId !== instrument.id) {
      throw new CortanaError("CORTANA_E_MODEL_INVALID", `fill ${fill.tradeId} is for ${fill.instrumentId}, not ${instrument.id}`);
    }
    this.id = id;
    this.traderId = fill.traderId;
    this.strategyId = fill.strategyId;
    this.instrumentId = instrument.id;
    this.accountId = fill.accountId;
    this.multiplier = instrument.multiplier;
    this.currency = instrument.quoteCurrency;
    this.sizePrecision = instrument.sizePrecision;
    this.pricePrecision = instrument.pricePrecision;
    this.apply(fill);
  }

  /** Rebuild a position from its fills (oldest first). */
  static fromFills(instrument: PositionInstrument, fills: readonly OrderFilled[], positionId?: PositionId): Position {
    const first = fills[0];
    if (first === undefined) throw new CortanaError("CORTANA_E_MODEL_INVALID", "a position needs at least one fill");
    const p = new Position(instrument, first, positionId);
    for (let i = 1; i < fills.length; i++) p.apply(fills[i] as OrderFilled);
    return p;
  }

  get openingOrderId(): ClientOrderId { return this._openingOrderId; }
  get closingOrderId(): ClientOrderId | undefined { return this._closingOrderId; }
  /** The side of the fill that opened the current lifecycle. */
  get entry(): OrderSide { return this._entry; }
  get side(): PositionSide {
    return this._signedRaw > 0n ? PositionSide.LONG : this._signedRaw < 0n ? PositionSide.SHORT : PositionSide.FLAT;
  }
  /** Signed quantity as a raw at the fixed scale 10^9 (long > 0, short < 0). */
  get signedQtyRaw(): bigint { return this._signedRaw; }
  get quantity(): Quantity { return new Quantity(this._signedRaw < 0n ? -this._signedRaw : this._signedRaw, this.sizePrecision); }
  get peakQty(): Quantity { return new Quantity(this._peakRaw, this.sizePrecision); }
  get buyQty(): Quantity { return new Quantity(this._buyRaw, this.sizePrecision); }
  get sellQty(): Quantity { return new Quantity(this._sellRaw, this.sizePrecision); }
  /** Exact average open price of the current (or last) lifecycle. */
  get avgPxOpen(): Price { return priceOf(this._avgOpenRaw, this.pricePrecision); }
  /** Average price of the closing fills of this lifecycle, undefined before any close. */
  get avgPxClose(): Price | undefined {
    return this._closedQtyRaw === 0n ? undefined : priceOf(divRaw(this._closeNotionalRaw, this._closedQtyRaw), this.pricePrecision);
  }
  /** Realized PnL of this lifecycle, net of commissions paid in the settlement currency. */
  get realizedPnl(): Money { return new Money(this._realizedRaw, this.currency); }
  get lastQty(): Quantity { return this._lastQty; }
  get lastPx(): Price { return this._lastPx; }
  get lastTradeId(): TradeId | undefined { return this._fills[this._fills.length - 1]?.tradeId; }
  get tradeIds(): TradeId[] { return [...this._tradeIds] as TradeId[]; }
  /** Every fill applied, oldest first (the position's event history, as in Nautilus). */
  get fills(): readonly OrderFilled[] { return this._fills; }
  get eventCount(): number { return this._fills.length; }
  /** Fills applied since the position last opened from FLAT (1 right after it opened). */
  get lifecycleFillCount(): number { return this._lifecycleFills; }
  get tsOpened(): bigint { return this._tsOpened; }
  get tsClosed(): bigint | undefined { return this._tsClosed; }
  get tsLast(): bigint { return this._tsLast; }
  get durationNs(): bigint { return this._tsClosed === undefined ? 0n : this._tsClosed - this._tsOpened; }

  isOpen(): boolean { return this._signedRaw !== 0n; }
  isClosed(): boolean { return this._signedRaw === 0n; }
  isLong(): boolean { return this._signedRaw > 0n; }
  isShort(): boolean { return this._signedRaw < 0n; }
  /** True when `side` is not the side that opened the position (it reduces it). */
  isOppositeSide(side: OrderSide): boolean { return side !== this._entry; }
  hasTradeId(tradeId: TradeId): boolean { return this._tradeIds.has(tradeId); }
  commissions(): Money[] { return [...this._commissions.values()]; }
  /** Signed quantity as decimal text at the size precision ("-150", "2.5"). */
  signedQtyString(): string { return rawToString(this._signedRaw, this.sizePrecision); }

  /** Unrealized PnL at `price` (marked against the exact cost basis). */
  unrealizedPnl(price: Price): Money {
    const q = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    const diff = mulRaw(q, price.raw) - this._costRaw;
    return new Money(mulRaw(this._signedRaw < 0n ? -diff : diff, this.multiplier.raw), this.currency);
  }

  totalPnl(price: Price): Money {
    return this.realizedPnl.add(this.unrealizedPnl(price));
  }

  /** |quantity| x price x multiplier. */
  notionalValue(price: Price): Money {
    const q = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    return new Money(mulRaw(mulRaw(q, price.raw), this.multiplier.raw), this.currency);
  }

  apply(fill: OrderFilled): void {
    if (this._tradeIds.has(fill.tradeId)) {
      throw new CortanaError("CORTANA_E_DUPLICATE_TRADE_ID", `position ${this.id}: trade id ${fill.tradeId} was already applied`);
    }
    if (!fill.lastQty.isPositive() || (fill.orderSide !== OrderSide.BUY && fill.orderSide !== OrderSide.SELL)) {
      throw new CortanaError("CORTANA_E_MODEL_INVALID", `position ${this.id}: fill ${fill.tradeId} has no side or quantity`);
    }
    if (this._signedRaw === 0n) this.startLifecycle(fill);
    this._tradeIds.add(fill.tradeId);
    this._fills.push(fill);
    this._lifecycleFills += 1;
    this.addCommission(fill.commission);
    const qty = fill.lastQty.raw;
    const sign = fill.orderSide === OrderSide.BUY ? 1n : -1n;
    if (sign === 1n) this._buyRaw += qty;
    else this._sellRaw += qty;
    const open = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    if (this._signedRaw === 0n || (this._signedRaw > 0n) === (sign === 1n)) {
      this._costRaw += mulRaw(qty, fill.lastPx.raw);
      this._avgOpenRaw = divRaw(this._costRaw, open + qty);
    } else {
      this.reduce(qty < open ? qty : open, open, fill.lastPx);
      if (qty === open) this._closingOrderId = fill.clientOrderId;
      if (qty > open) this.reopen(fill, qty - open); // crossed zero: the remainder opens the other side
    }
    this._signedRaw += sign * qty;
    const abs = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    if (abs > this._peakRaw) this._peakRaw = abs;
    this._lastQty = fill.lastQty;
    this._lastPx = fill.lastPx;
    this._tsLast = fill.tsEvent;
    this._tsClosed = this._signedRaw === 0n ? fill.tsEvent : undefined;
  }

  private startLifecycle(fill: OrderFilled): void {
    this._openingOrderId = fill.clientOrderId;
    this._closingOrderId = undefined;
    this._entry = fill.orderSide;
    this._costRaw = 0n;
    this._closeNotionalRaw = 0n;
    this._closedQtyRaw = 0n;
    this._peakRaw = 0n;
    this._buyRaw = 0n;
    this._sellRaw = 0n;
    this._realizedRaw = 0n;
    this._commissions = new Map();
    this._lifecycleFills = 0;
    this._tsOpened = fill.tsEvent;
  }

  /** After a zero crossing: the remainder is a new open at the fill price, on the fill's side. */
  private reopen(fill: OrderFilled, remainder: bigint): void {
    this._openingOrderId = fill.clientOrderId;
    this._closingOrderId = undefined;
    this._entry = fill.orderSide;
    this._costRaw = mulRaw(remainder, fill.lastPx.raw);
    this._avgOpenRaw = fill.lastPx.raw;
    this._tsOpened = fill.tsEvent;
  }

  /** Close `closing` of `open`: realize PnL against the proportional exact cost. */
  private reduce(closing: bigint, open: bigint, px: Price): void {
    const removed = closing === open ? this._costRaw : divRoundHalfEven(this._costRaw * closing, open);
    this._costRaw -= removed;
    const proceeds = mulRaw(closing, px.raw);
    const gross = this._signedRaw > 0n ? proceeds - removed : removed - proceeds;
    this._realizedRaw += mulRaw(gross, this.multiplier.raw);
    this._closeNotionalRaw += proceeds;
    this._closedQtyRaw += closing;
  }

  private addCommission(commission: Money): void {
    const code = commission.currency.code;
    const sum = this._commissions.get(code);
    this._commissions.set(code, sum === undefined ? commission : sum.add(commission));
    if (code === this.currency.code) this._realizedRaw -= commission.raw;
  }
}
