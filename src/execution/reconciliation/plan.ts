/**
 * OrderPlan: the events that move one order from its cached state towards a venue report, built
 * on a projection of the order (status, quantities, prices, trade ids) so each event is checked
 * against the order state table (reference §5.1) before it is emitted, exactly as `Order.apply`
 * will check it when the ExecEngine applies it.
 *
 * Entry points: `OrderPlan.fromOrder(order, accountId)`, `OrderPlan.fromInit(init, accountId)`,
 * then `accepted`, `updated`, `triggered`, `canceled`, `expired`, `rejected`, `fill`; `events`.
 * Invariant: an invalid transition throws `PlanInvalid` and emits nothing; every event carries
 * `reconciliation: true`, a fresh event id and `tsInit = ctx.tsNow`.
 */
import { mulRaw } from "../../model/decimal.js";
import { OrderStatus, type OrderSide, type OrderType } from "../../model/enums.js";
import { OrderEvents, type FillFields, type OrderEvent, type OrderFilled, type OrderInitialized, type OrderRef } from "../../model/events.js";
import type { AccountId, ClientOrderId, InstrumentId, PositionId, StrategyId, TraderId, VenueOrderId } from "../../model/identifiers.js";
import { isOpenStatus, isClosedStatus, tryNextStatus } from "../../model/orders/fsm.js";
import { Quantity, type Price } from "../../model/values.js";
import type { EventContext, OrderView } from "./types.js";
import { isSyntheticId } from "./ids.js";

/** Thrown when the order state table refuses a transition (Nautilus InvalidStateTrigger). */
export class PlanInvalid extends Error {}

/** The data of a fill already on the order (to compare a re-reported trade id with). */
export type KnownFill = Pick<OrderFilled, "lastQty" | "lastPx" | "commission" | "liquiditySide" | "tsEvent">;

interface Projection {
  status: OrderStatus;
  /** What Updated restores from PENDING_UPDATE (Order.previousStatus). */
  previousStatus: OrderStatus;
  quantity: Quantity;
  filledQty: Quantity;
  notionalRaw: bigint;
  price: Price | undefined;
  triggerPrice: Price | undefined;
  venueOrderId: VenueOrderId | undefined;
  tsTriggered: bigint;
}

export class OrderPlan {
  readonly events: OrderEvent[] = [];
  private readonly known = new Map<string, KnownFill>();
  private firstInferredTs: bigint | undefined;

  private constructor(
    readonly ref: { traderId: TraderId; strategyId: StrategyId; instrumentId: InstrumentId; clientOrderId: ClientOrderId },
    readonly side: OrderSide,
    readonly orderType: OrderType,
    readonly postOnly: boolean,
    readonly positionId: PositionId | undefined,
    readonly accountId: AccountId,
    private readonly s: Projection,
    private readonly ctx: EventContext,
  ) {}

  static fromOrder(order: OrderView, accountId: AccountId, ctx: EventContext): OrderPlan {
    const plan = new OrderPlan(
      { traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId },
      order.side,
      order.orderType,
      order.postOnly,
      order.positionId,
      order.accountId ?? accountId,
      {
        status: order.status,
        previousStatus: order.previousStatus,
        quantity: order.quantity,
        filledQty: order.filledQty,
        notionalRaw: order.avgPx === undefined ? 0n : mulRaw(order.filledQty.raw, order.avgPx.raw),
        price: order.price,
        triggerPrice: order.triggerPrice,
        venueOrderId: order.venueOrderId,
        tsTriggered: order.tsTriggered,
      },
      ctx,
    );
    for (const e of order.events) {
      if (e.type !== "OrderFilled") continue;
      plan.known.set(e.tradeId, e);
      if ((plan.firstInferredTs === undefined || e.tsEvent < plan.firstInferredTs) && isSyntheticId(e.tradeId)) plan.firstInferredTs = e.tsEvent;
    }
    return plan;
  }

  static fromInit(init: OrderInitialized, accountId: AccountId, ctx: EventContext): OrderPlan {
    const zero = Quantity.zero(init.quantity.precision);
    return new OrderPlan(
      { traderId: init.traderId, strategyId: init.strategyId, instrumentId: init.instrumentId, clientOrderId: init.clientOrderId },
      init.side,
      init.orderType,
      init.postOnly,
      undefined,
      accountId,
      { status: OrderStatus.INITIALIZED, previousStatus: OrderStatus.INITIALIZED, quantity: init.quantity, filledQty: zero, notionalRaw: 0n, price: init.price, triggerPrice: init.triggerPrice, venueOrderId: undefined, tsTriggered: 0n },
      ctx,
    );
  }

  get status(): OrderStatus { return this.s.status; }
  get quantity(): Quantity { return this.s.quantity; }
  get filledQty(): Quantity { return this.s.filledQty; }
  get notionalRaw(): bigint { return this.s.notionalRaw; }
  get price(): Price | undefined { return this.s.price; }
  get triggerPrice(): Price | undefined { return this.s.triggerPrice; }
  get venueOrderId(): VenueOrderId | undefined { return this.s.venueOrderId; }
  get tsTriggered(): bigint { return this.s.tsTriggered; }
  /** The tsEvent of the order's first inferred (synthetic) fill, if any. */
  get firstInferredFillTs(): bigint | undefined { return this.firstInferredTs; }
  isOpen(): boolean { return isOpenStatus(this.s.status); }
  isClosed(): boolean { return isClosedStatus(this.s.status); }
  knownFill(tradeId: string): KnownFill | undefined { return this.known.get(tradeId); }

  private refCache: OrderRef | undefined;

  /** The event identity; rebuilt only when the venue order id changes (hot path at startup). */
  private orderRef(): OrderRef {
    const cached = this.refCache;
    if (cached !== undefined && cached.venueOrderId === this.s.venueOrderId) return cached;
    const r = this.ref;
    const ref = { traderId: r.traderId, strategyId: r.strategyId, instrumentId: r.instrumentId, clientOrderId: r.clientOrderId, venueOrderId: this.s.venueOrderId, accountId: this.accountId };
    this.refCache = ref;
    return ref;
  }

  private meta(tsEvent: bigint) {
    return { eventId: this.ctx.uuid(), tsEvent, tsInit: this.ctx.tsNow, reconciliation: true };
  }

  private move(to: OrderStatus): void {
    const next = tryNextStatus(this.s.status, to);
    if (next === undefined) throw new PlanInvalid(`invalid order state transition: ${this.s.status} -> ${to} (order ${this.ref.clientOrderId})`);
    if (this.s.status !== OrderStatus.PENDING_UPDATE && this.s.status !== OrderStatus.PENDING_CANCEL) this.s.previousStatus = this.s.status;
    this.s.status = next;
  }

  accepted(venueOrderId: VenueOrderId, ts: bigint): void {
    this.move(OrderStatus.ACCEPTED);
    if (this.s.venueOrderId === undefined) this.s.venueOrderId = venueOrderId;
    this.events.push(OrderEvents.accepted(this.orderRef(), venueOrderId, this.accountId, this.meta(ts)));
  }

  updated(change: { quantity: Quantity; price?: Price | undefined; triggerPrice?: Price | undefined; venueOrderId?: VenueOrderId }, ts: bigint): void {
    const ref = this.orderRef();
    if (this.s.status === OrderStatus.PENDING_UPDATE) this.s.status = this.s.previousStatus;
    this.s.quantity = change.quantity;
    if (change.price !== undefined) this.s.price = change.price;
    if (change.triggerPrice !== undefined) this.s.triggerPrice = change.triggerPrice;
    if (change.venueOrderId !== undefined) this.s.venueOrderId = change.venueOrderId;
    this.events.push(OrderEvents.updated(ref, change, this.meta(ts)));
  }

  triggered(ts: bigint): void {
    this.move(OrderStatus.TRIGGERED);
    this.s.tsTriggered = ts;
    this.events.push(OrderEvents.triggered(this.orderRef(), this.meta(ts)));
  }

  canceled(ts: bigint): void {
    this.move(OrderStatus.CANCELED);
    this.events.push(OrderEvents.canceled(this.orderRef(), this.meta(ts)));
  }

  expired(ts: bigint): void {
    this.move(OrderStatus.EXPIRED);
    this.events.push(OrderEvents.expired(this.orderRef(), this.meta(ts)));
  }

  rejected(reason: string, ts: bigint): void {
    this.move(OrderStatus.REJECTED);
    this.events.push(OrderEvents.rejected(this.orderRef(), reason, this.meta(ts)));
  }

  /** Emits the fill; the caller has checked duplicates and overfills. */
  fill(fields: Omit<FillFields, "accountId" | "orderSide" | "orderType">, ts: bigint): void {
    const filled = this.s.filledQty.add(fields.lastQty);
    this.move(filled.lt(this.s.quantity) ? OrderStatus.PARTIALLY_FILLED : OrderStatus.FILLED);
    // Every field named (no `{ ...fields, ... }`): object spread costs microseconds a fill on V8,
    // and startup reconciliation builds one of these per venue fill.
    const full: FillFields = {
      venueOrderId: fields.venueOrderId,
      accountId: this.accountId,
      tradeId: fields.tradeId,
      positionId: fields.positionId,
      orderSide: this.side,
      orderType: this.orderType,
      lastQty: fields.lastQty,
      lastPx: fields.lastPx,
      currency: fields.currency,
      commission: fields.commission,
      liquiditySide: fields.liquiditySide,
    };
    const event = OrderEvents.filled(this.orderRef(), full, this.meta(ts));
    if (this.s.venueOrderId === undefined) this.s.venueOrderId = fields.venueOrderId;
    this.s.filledQty = filled;
    this.s.notionalRaw += mulRaw(fields.lastQty.raw, fields.lastPx.raw);
    this.known.set(fields.tradeId, event);
    if (this.firstInferredTs === undefined && isSyntheticId(fields.tradeId)) this.firstInferredTs = ts;
    this.events.push(event);
  }
}
