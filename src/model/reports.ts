/**
 * Execution reports: what an ExecutionClient tells the node about the venue's truth (reference
 * §3.1). OrderStatusReport, FillReport, PositionStatusReport and the ExecutionMassStatus that
 * gathers all three. Plain readonly data; reconciliation (pure functions) consumes them.
 *
 * `positionStatusReport(...)` derives side and quantity from a signed quantity so the three never
 * disagree; `ExecutionMassStatus` indexes order reports by venue order id, fill reports by venue
 * order id and position reports by instrument id, as Nautilus does.
 */
import { CortanaError } from "../common/errors.js";
import type {
  ContingencyType,
  LiquiditySide,
  OrderSide,
  OrderStatus,
  OrderType,
  TimeInForce,
  TrailingOffsetType,
  TriggerType,
} from "./enums.js";
import { PositionSide } from "./enums.js";
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  TradeId,
  Venue,
  VenueOrderId,
} from "./identifiers.js";
import type { Money, Price } from "./values.js";
import { Quantity } from "./values.js";

export interface OrderStatusReport {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Absent for orders the node did not place (or when the venue does not echo it). */
  readonly clientOrderId?: ClientOrderId | undefined;
  readonly orderListId?: OrderListId | undefined;
  /** IB: the permId. */
  readonly venueOrderId: VenueOrderId;
  readonly venuePositionId?: PositionId | undefined;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly contingencyType: ContingencyType;
  readonly timeInForce: TimeInForce;
  readonly expireTime?: bigint | undefined;
  readonly orderStatus: OrderStatus;
  readonly price?: Price | undefined;
  readonly triggerPrice?: Price | undefined;
  readonly triggerType?: TriggerType | undefined;
  readonly limitOffset?: Price | undefined;
  readonly trailingOffset?: Price | undefined;
  readonly trailingOffsetType?: TrailingOffsetType | undefined;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly displayQty?: Quantity | undefined;
  /** Average fill price; absent when nothing filled or the venue does not say. */
  readonly avgPx?: Price | undefined;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly cancelReason?: string | undefined;
  readonly linkedOrderIds?: readonly ClientOrderId[] | undefined;
  readonly parentOrderId?: ClientOrderId | undefined;
  readonly reportId: string;
  /** 0 when unknown. */
  readonly tsAccepted: bigint;
  /** 0 when the order never triggered. */
  readonly tsTriggered: bigint;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}

export interface FillReport {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly clientOrderId?: ClientOrderId | undefined;
  /** IB: the execId. */
  readonly tradeId: TradeId;
  readonly venuePositionId?: PositionId | undefined;
  readonly orderSide: OrderSide;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
  readonly reportId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface PositionStatusReport {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly positionSide: PositionSide;
  /** Absolute quantity. */
  readonly quantity: Quantity;
  /** Signed quantity as a raw at the fixed scale 10^9 (long > 0, short < 0, flat 0). */
  readonly signedQtyRaw: bigint;
  readonly avgPxOpen?: Price | undefined;
  /** Set in hedge mode only (one position per venue position id). */
  readonly venuePositionId?: PositionId | undefined;
  readonly reportId: string;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}

/** Build a PositionStatusReport from a signed quantity (side and quantity follow from its sign). */
export function positionStatusReport(fields: {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly signedQty: Quantity | { readonly raw: bigint; readonly precision: number };
  readonly avgPxOpen?: Price | undefined;
  readonly venuePositionId?: PositionId | undefined;
  readonly reportId: string;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}): PositionStatusReport {
  const { raw, precision } = fields.signedQty;
  const side = raw > 0n ? PositionSide.LONG : raw < 0n ? PositionSide.SHORT : PositionSide.FLAT;
  return {
    accountId: fields.accountId,
    instrumentId: fields.instrumentId,
    positionSide: side,
    quantity: new Quantity(raw < 0n ? -raw : raw, precision),
    signedQtyRaw: raw,
    avgPxOpen: fields.avgPxOpen,
    venuePositionId: fields.venuePositionId,
    reportId: fields.reportId,
    tsLast: fields.tsLast,
    tsInit: fields.tsInit,
  };
}

/** Everything a client knows of one account at one time (Nautilus ExecutionMassStatus). */
export class ExecutionMassStatus {
  readonly orderReports = new Map<VenueOrderId, OrderStatusReport>();
  readonly fillReports = new Map<VenueOrderId, FillReport[]>();
  readonly positionReports = new Map<InstrumentId, PositionStatusReport[]>();

  constructor(
    readonly clientId: ClientId,
    readonly accountId: AccountId,
    readonly venue: Venue,
    readonly reportId: string,
    readonly tsInit: bigint,
  ) {}

  private check(kind: string, accountId: AccountId): void {
    if (accountId !== this.accountId) {
      throw new CortanaError("CORTANA_E_MODEL_INVALID", `${kind} for account ${accountId} added to the mass status of ${this.accountId}`);
    }
  }

  /** Later reports for the same venue order id replace earlier ones. */
  addOrderReports(reports: Iterable<OrderStatusReport>): void {
    for (const r of reports) {
      this.check("order report", r.accountId);
      this.orderReports.set(r.venueOrderId, r);
    }
  }

  addFillReports(reports: Iterable<FillReport>): void {
    for (const r of reports) {
      this.check("fill report", r.accountId);
      const list = this.fillReports.get(r.venueOrderId);
      if (list === undefined) this.fillReports.set(r.venueOrderId, [r]);
      else list.push(r);
    }
  }

  addPositionReports(reports: Iterable<PositionStatusReport>): void {
    for (const r of reports) {
      this.check("position report", r.accountId);
      const list = this.positionReports.get(r.instrumentId);
      if (list === undefined) this.positionReports.set(r.instrumentId, [r]);
      else list.push(r);
    }
  }
}
