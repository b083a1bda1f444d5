/**
 * The TestExecutionClient's venue-side book: each order as the venue sees it (status, fills,
 * exact average price) and every fill, plus the net position per instrument derived from fills.
 * Plain bookkeeping, no events: the client turns changes into events.
 */
import { divRaw, minimalPrecision } from "../../model/decimal.js";
import { OrderSide, OrderStatus, type OrderType, type TimeInForce } from "../../model/enums.js";
import type { OrderRef } from "../../model/events.js";
import type { AccountId, ClientOrderId, InstrumentId, TradeId, VenueOrderId } from "../../model/identifiers.js";
import type { Order } from "../../model/orders/index.js";
import type { FillReport } from "../../model/reports.js";
import { Price, Quantity, type Money } from "../../model/values.js";

export class VenueOrder {
  readonly venueOrderId: VenueOrderId;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly expireTime: bigint | undefined;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  status: OrderStatus = OrderStatus.ACCEPTED;
  quantity: Quantity;
  filledQty: Quantity;
  price: Price | undefined;
  triggerPrice: Price | undefined;
  readonly tsAccepted: bigint;
  tsLast: bigint;
  private notionalRaw = 0n;

  constructor(
    readonly ref: OrderRef & { readonly venueOrderId: VenueOrderId },
    order: Order,
    ts: bigint,
  ) {
    this.venueOrderId = ref.venueOrderId;
    this.side = order.side;
    this.orderType = order.orderType;
    this.timeInForce = order.timeInForce;
    this.expireTime = order.expireTime;
    this.postOnly = order.postOnly;
    this.reduceOnly = order.reduceOnly;
    this.quantity = order.quantity;
    this.filledQty = Quantity.zero(order.quantity.precision);
    this.price = order.price;
    this.triggerPrice = order.triggerPrice;
    this.tsAccepted = ts;
    this.tsLast = ts;
  }

  isOpen(): boolean {
    return this.status === OrderStatus.ACCEPTED || this.status === OrderStatus.PARTIALLY_FILLED;
  }

  leavesQty(): Quantity {
    return this.quantity.saturatingSub(this.filledQty);
  }

  avgPx(): Price | undefined {
    if (this.filledQty.isZero()) return undefined;
    const raw = divRaw(this.notionalRaw, this.filledQty.raw);
    return Price.fromRaw(raw, minimalPrecision(raw));
  }

  modify(quantity: Quantity, price: Price | undefined, triggerPrice: Price | undefined, ts: bigint): void {
    this.quantity = quantity;
    if (price !== undefined) this.price = price;
    if (triggerPrice !== undefined) this.triggerPrice = triggerPrice;
    this.tsLast = ts;
  }

  fill(tradeId: TradeId, qty: Quantity, px: Price, commission: Money, accountId: AccountId, ts: bigint, reportId: string): FillReport {
    this.filledQty = this.filledQty.add(qty);
    this.notionalRaw += qty.mulPrice(px);
    this.status = this.filledQty.lt(this.quantity) ? OrderStatus.PARTIALLY_FILLED : OrderStatus.FILLED;
    this.tsLast = ts;
    return {
      accountId,
      instrumentId: this.ref.instrumentId,
      venueOrderId: this.venueOrderId,
      clientOrderId: this.ref.clientOrderId,
      tradeId,
      orderSide: this.side,
      lastQty: qty,
      lastPx: px,
      commission,
      liquiditySide: "TAKER",
      reportId,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  close(status: OrderStatus, ts: bigint): void {
    this.status = status;
    this.tsLast = ts;
  }
}

export class VenueBook {
  private readonly orders: VenueOrder[] = [];
  private readonly byClient = new Map<string, VenueOrder>();
  private readonly byVenue = new Map<string, VenueOrder>();
  readonly fills: FillReport[] = [];

  add(ref: OrderRef & { readonly venueOrderId: VenueOrderId }, order: Order, ts: bigint): VenueOrder {
    const venueOrder = new VenueOrder(ref, order, ts);
    this.orders.push(venueOrder);
    this.byClient.set(ref.clientOrderId, venueOrder);
    this.byVenue.set(ref.venueOrderId, venueOrder);
    return venueOrder;
  }

  byClientOrderId(id: ClientOrderId | string): VenueOrder | undefined {
    return this.byClient.get(id);
  }

  byVenueOrderId(id: VenueOrderId): VenueOrder | undefined {
    return this.byVenue.get(id);
  }

  all(instrumentId?: InstrumentId): VenueOrder[] {
    return instrumentId === undefined ? [...this.orders] : this.orders.filter((o) => o.ref.instrumentId === instrumentId);
  }

  open(instrumentId?: InstrumentId): VenueOrder[] {
    return this.all(instrumentId).filter((o) => o.isOpen());
  }

  /** Signed net quantity per instrument traded (flat ones included: the venue knows they are flat). */
  netPositions(): Map<InstrumentId, { raw: bigint; precision: number }> {
    const net = new Map<InstrumentId, { raw: bigint; precision: number }>();
    for (const f of this.fills) {
      const prev = net.get(f.instrumentId) ?? { raw: 0n, precision: f.lastQty.precision };
      const signed = f.orderSide === OrderSide.BUY ? f.lastQty.raw : -f.lastQty.raw;
      net.set(f.instrumentId, { raw: prev.raw + signed, precision: Math.max(prev.precision, f.lastQty.precision) });
    }
    return net;
  }
}
