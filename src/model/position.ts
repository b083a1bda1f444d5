/**
 * Position: the net of an instrument's fills for one position id (NETTING: one per instrument and
 * strategy, `nettingPositionId`; HEDGING: one per venue / generated position id).
 *
 * Arithmetic is exact. The position keeps the exact cost basis of its open quantity at scale
 * 10^18 (sum of qty x px of the opening fills, minus what closes removed) and its gross realized
 * PnL x multiplier at 10^27, so nothing is rounded per fill. A reducing fill removes the
 * proportional cost (all of it when the position goes flat), so over a lifecycle
 *   realizedPnl = (sell notional - buy notional) x multiplier - commissions (settlement currency)
 * exactly (one rounding, half to even at 9 decimals, when read), however many partial closes
 * happen. avgPxOpen = cost / quantity, computed when read.
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
import { FIXED_SCALAR, divRoundHalfEven, fitsPrecision, minimalPrecision, rawToString } from "./decimal.js";

/** 10^18: a product of two raws (qty x px) is at this scale, exactly. */
const SCALE18 = FIXED_SCALAR * FIXED_SCALAR;
import { OrderSide, PositionSide } from "./enums.js";
import type { OrderFilled, PositionSnapshot } from "./events.js";
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

/** A price at `minPrecision` decimals, or more when `raw` needs them (max of both, without formatting `raw`). */
function priceOf(raw: bigint, minPrecision: number): Price {
  return new Price(raw, fitsPrecision(raw, minPrecision) ? minPrecision : minimalPrecision(raw));
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
  // Exact accumulators (no rounding per fill): products qty.raw x px.raw are at scale 10^18.
  private _cost18 = 0n;
  /** Average open price frozen when the position went flat (the open cost is gone then). */
  private _flatAvgOpenRaw = 0n;
  private _closeNotional18 = 0n;
  private _closedQtyRaw = 0n;
  private _peakRaw = 0n;
  private _buyRaw = 0n;
  private _sellRaw = 0n;
  /** Gross realized PnL x multiplier, at scale 10^27 (exact). */
  private _realized27 = 0n;
  /** Commissions in the settlement currency, raw at 10^9. */
  private _settleCommissionRaw = 0n;
  private _commissions = new Map<string, Money>();
  private readonly _tradeIds = new Set<string>();
  private readonly _fills: OrderFilled[] = [];
  private _lastQty!: Quantity;
  private _lastPx!: Price;
  private _lifecycleFills = 0;
  private _tsOpened = 0n;
  private _tsClosed: bigint | undefined;
  private _tsLast = 0n;
  // Derived values, computed on first read and cleared by every apply (the only mutator): a fill's
  // PositionEvent snapshot, the margin update and a NETTING reopen's snapshot all read one state.
  private _avgPxOpenMemo: Price | undefined;
  private _snapshotMemo: PositionSnapshot | undefined;
  // Derived values that most fills leave unchanged (a fill that adds to the position closes
  // nothing): cleared only where their inputs change, so a snapshot per fill does not redo their
  // bigint divisions. `_realizedGrossRaw` is `_realized27` rounded to 10^9 (undefined: not computed).
  private _realizedGrossRaw: bigint | undefined = 0n;
  private _avgPxCloseMemo: Price | undefined;
  private _peakQtyMemo: Quantity | undefined;

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
  get peakQty(): Quantity { return (this._peakQtyMemo ??= new Quantity(this._peakRaw, this.sizePrecision)); }
  get buyQty(): Quantity { return new Quantity(this._buyRaw, this.sizePrecision); }
  get sellQty(): Quantity { return new Quantity(this._sellRaw, this.sizePrecision); }
  /** Exact average open price of the current (or last) lifecycle. */
  get avgPxOpen(): Price {
    if (this._avgPxOpenMemo !== undefined) return this._avgPxOpenMemo;
    const open = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    const raw = open === 0n ? this._flatAvgOpenRaw : divRoundHalfEven(this._cost18, open);
    return (this._avgPxOpenMemo = priceOf(raw, this.pricePrecision));
  }
  /** Average price of the closing fills of this lifecycle, undefined before any close. */
  get avgPxClose(): Price | undefined {
    if (this._closedQtyRaw === 0n) return undefined;
    return (this._avgPxCloseMemo ??= priceOf(divRoundHalfEven(this._closeNotional18, this._closedQtyRaw), this.pricePrecision));
  }
  /** Realized PnL of this lifecycle, net of commissions paid in the settlement currency. */
  get realizedPnl(): Money {
    const gross = (this._realizedGrossRaw ??= divRoundHalfEven(this._realized27, SCALE18));
    return new Money(gross - this._settleCommissionRaw, this.currency);
  }
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
    const diff18 = q * price.raw - this._cost18;
    const signed18 = this._signedRaw < 0n ? -diff18 : diff18;
    return new Money(divRoundHalfEven(signed18 * this.multiplier.raw, SCALE18), this.currency);
  }

  totalPnl(price: Price): Money {
    return this.realizedPnl.add(this.unrealizedPnl(price));
  }

  /** |quantity| x price x multiplier. */
  notionalValue(price: Price): Money {
    const q = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    return new Money(divRoundHalfEven(q * price.raw * this.multiplier.raw, SCALE18), this.currency);
  }

  /**
   * The position as plain data (a PositionSnapshot; unrealized PnL marked at the last fill price).
   * The same object is returned until the next fill: it is immutable by convention, like events.
   */
  snapshot(): PositionSnapshot {
    if (this._snapshotMemo !== undefined) return this._snapshotMemo;
    const snapshot: PositionSnapshot = {
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      positionId: this.id,
      accountId: this.accountId,
      openingOrderId: this._openingOrderId,
      closingOrderId: this._closingOrderId,
      entry: this._entry,
      side: this.side,
      signedQtyRaw: this._signedRaw,
      quantity: this.quantity,
      peakQty: this.peakQty,
      lastQty: this._lastQty,
      lastPx: this._lastPx,
      currency: this.currency,
      avgPxOpen: this.avgPxOpen,
      avgPxClose: this.avgPxClose,
      realizedPnl: this.realizedPnl,
      unrealizedPnl: this.unrealizedPnl(this._lastPx),
      commissions: this.commissions(),
      tsOpened: this._tsOpened,
      tsClosed: this._tsClosed,
      durationNs: this.durationNs,
    };
    return (this._snapshotMemo = snapshot);
  }

  apply(fill: OrderFilled): void {
    if (this._tradeIds.has(fill.tradeId)) {
      throw new CortanaError("CORTANA_E_DUPLICATE_TRADE_ID", `position ${this.id}: trade id ${fill.tradeId} was already applied`);
    }
    if (!fill.lastQty.isPositive() || (fill.orderSide !== OrderSide.BUY && fill.orderSide !== OrderSide.SELL)) {
      throw new CortanaError("CORTANA_E_MODEL_INVALID", `position ${this.id}: fill ${fill.tradeId} has no side or quantity`);
    }
    this._avgPxOpenMemo = undefined;
    this._snapshotMemo = undefined;
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
      this._cost18 += qty * fill.lastPx.raw;
    } else {
      this.reduce(qty < open ? qty : open, open, fill.lastPx);
      if (qty === open) this._closingOrderId = fill.clientOrderId;
      if (qty > open) this.reopen(fill, qty - open); // crossed zero: the remainder opens the other side
    }
    this._signedRaw += sign * qty;
    const abs = this._signedRaw < 0n ? -this._signedRaw : this._signedRaw;
    if (abs > this._peakRaw) {
      this._peakRaw = abs;
      this._peakQtyMemo = undefined;
    }
    this._lastQty = fill.lastQty;
    this._lastPx = fill.lastPx;
    this._tsLast = fill.tsEvent;
    this._tsClosed = this._signedRaw === 0n ? fill.tsEvent : undefined;
  }

  private startLifecycle(fill: OrderFilled): void {
    this._openingOrderId = fill.clientOrderId;
    this._closingOrderId = undefined;
    this._entry = fill.orderSide;
    this._cost18 = 0n;
    this._closeNotional18 = 0n;
    this._closedQtyRaw = 0n;
    this._avgPxCloseMemo = undefined;
    this._peakRaw = 0n;
    this._peakQtyMemo = undefined;
    this._buyRaw = 0n;
    this._sellRaw = 0n;
    this._realized27 = 0n;
    this._realizedGrossRaw = 0n;
    this._settleCommissionRaw = 0n;
    this._commissions = new Map();
    this._lifecycleFills = 0;
    this._tsOpened = fill.tsEvent;
  }

  /** After a zero crossing: the remainder is a new open at the fill price, on the fill's side. */
  private reopen(fill: OrderFilled, remainder: bigint): void {
    this._openingOrderId = fill.clientOrderId;
    this._closingOrderId = undefined;
    this._entry = fill.orderSide;
    this._cost18 = remainder * fill.lastPx.raw;
    this._tsOpened = fill.tsEvent;
  }

  /** Close `closing` of `open`: realize PnL against the proportional exact cost. */
  private reduce(closing: bigint, open: bigint, px: Price): void {
    if (closing === open) this._flatAvgOpenRaw = divRoundHalfEven(this._cost18, open);
    const removed = closing === open ? this._cost18 : divRoundHalfEven(this._cost18 * closing, open);
    this._cost18 -= removed;
    const proceeds = closing * px.raw;
    const gross = this._signedRaw > 0n ? proceeds - removed : removed - proceeds;
    this._realized27 += gross * this.multiplier.raw;
    this._realizedGrossRaw = undefined;
    this._closeNotional18 += proceeds;
    this._closedQtyRaw += closing;
    this._avgPxCloseMemo = undefined;
  }

  private addCommission(commission: Money): void {
    const code = commission.currency.code;
    const sum = this._commissions.get(code);
    this._commissions.set(code, sum === undefined ? commission : sum.add(commission));
    if (code === this.currency.code) this._settleCommissionRaw += commission.raw;
  }
}
