/**
 * Fill reconciliation (reference §3.5 `_reconcile_fill_report`) and the inferred fill (§3.6).
 *
 * Entry points:
 * - `planFillReport(plan, fill, settings)`: one venue fill onto an order plan. A trade id the order
 *   already holds is skipped (if the venue's data differs, a warning note says so and the cached
 *   data is kept); a fill older than the order's first inferred fill is skipped (the inferred fill
 *   already stands for it); an overfill fails unless `allowOverfills`.
 * - `planInferredFill(plan, report, instrument)`: the fill that accounts for `report.filledQty`
 *   beyond what the order holds, with Nautilus' price rule and a deterministic trade id, so a
 *   replay of the same report produces the same trade id and the engine drops it as a duplicate.
 * Both emit through the plan (which checks the order state table) and never log.
 */
import { divRaw, minimalPrecision, mulRaw } from "../../model/decimal.js";
import { LiquiditySide, OrderType } from "../../model/enums.js";
import type { Currency } from "../../model/currency.js";
import type { Instrument } from "../../model/instruments.js";
import type { FillReport, OrderStatusReport } from "../../model/reports.js";
import { Money, Price } from "../../model/values.js";
import { syntheticTradeId } from "./ids.js";
import type { OrderPlan } from "./plan.js";
import { note, type Note } from "./types.js";

export type FillStep =
  | { readonly kind: "Applied"; readonly notes: readonly Note[] }
  | { readonly kind: "Duplicate"; readonly notes: readonly Note[] }
  | { readonly kind: "BeforeInferred"; readonly notes: readonly Note[] }
  | { readonly kind: "Overfill"; readonly notes: readonly Note[] };

export interface FillSettings {
  readonly allowOverfills: boolean;
  /** The settlement currency of the fill (the instrument's quote currency). */
  readonly currency: Currency;
}

/** Shared by the steps that have nothing to say (one per fill at startup: no allocation). */
const NO_NOTES: readonly Note[] = Object.freeze([]);

const APPLIED: FillStep = Object.freeze({ kind: "Applied", notes: NO_NOTES });

const MARKET_TYPES: ReadonlySet<OrderType> = new Set<OrderType>([
  OrderType.MARKET,
  OrderType.STOP_MARKET,
  OrderType.MARKET_TO_LIMIT,
  OrderType.MARKET_IF_TOUCHED,
  OrderType.TRAILING_STOP_MARKET,
]);

/** Fields of a re-reported trade that differ from the cached fill (empty when identical). */
export function fillDifferences(cached: NonNullable<ReturnType<OrderPlan["knownFill"]>>, fill: FillReport): string[] {
  const diffs: string[] = [];
  if (!cached.lastQty.eq(fill.lastQty)) diffs.push(`qty ${cached.lastQty} != ${fill.lastQty}`);
  if (!cached.lastPx.eq(fill.lastPx)) diffs.push(`px ${cached.lastPx} != ${fill.lastPx}`);
  if (cached.commission.currency.code !== fill.commission.currency.code || !cached.commission.eq(fill.commission)) {
    diffs.push(`commission ${cached.commission} != ${fill.commission}`);
  }
  if (cached.liquiditySide !== fill.liquiditySide) diffs.push(`liquidity ${cached.liquiditySide} != ${fill.liquiditySide}`);
  if (cached.tsEvent !== fill.tsEvent) diffs.push(`ts ${cached.tsEvent} != ${fill.tsEvent}`);
  return diffs;
}

export function planFillReport(plan: OrderPlan, fill: FillReport, settings: FillSettings): FillStep {
  const cached = plan.knownFill(fill.tradeId);
  if (cached !== undefined) {
    const diffs = fillDifferences(cached, fill);
    const notes = diffs.length === 0 ? NO_NOTES : [note("warn", `Fill ${fill.tradeId} of ${plan.ref.clientOrderId} differs from the cached fill (${diffs.join(", ")}): keeping the cached data`, { tradeId: fill.tradeId, diffs })];
    return { kind: "Duplicate", notes };
  }
  const firstInferred = plan.firstInferredFillTs;
  if (firstInferred !== undefined && fill.tsEvent < firstInferred) {
    return { kind: "BeforeInferred", notes: [note("info", `Fill ${fill.tradeId} predates the inferred fill of ${plan.ref.clientOrderId}: already accounted for`)] };
  }
  // Compared on raws: the Quantity objects are built only for the (rare) overfill's notes.
  const overRaw = plan.filledQty.raw + fill.lastQty.raw - plan.quantity.raw;
  let notes: readonly Note[] = NO_NOTES;
  if (overRaw > 0n) {
    const overfill = plan.filledQty.add(fill.lastQty).saturatingSub(plan.quantity);
    const details = { clientOrderId: plan.ref.clientOrderId, tradeId: fill.tradeId, overfill: overfill.toString() };
    if (!settings.allowOverfills) return { kind: "Overfill", notes: [note("error", `Fill ${fill.tradeId} would overfill ${plan.ref.clientOrderId} by ${overfill}; set allowOverfills to accept overfills`, details)] };
    notes = [note("warn", `Fill ${fill.tradeId} overfills ${plan.ref.clientOrderId} by ${overfill} (allowOverfills)`, details)];
  }
  plan.fill(
    {
      venueOrderId: fill.venueOrderId,
      tradeId: fill.tradeId,
      positionId: fill.venuePositionId,
      lastQty: fill.lastQty,
      lastPx: fill.lastPx,
      currency: settings.currency,
      commission: fill.commission,
      liquiditySide: fill.liquiditySide,
    },
    fill.tsEvent,
  );
  return notes === NO_NOTES ? APPLIED : { kind: "Applied", notes };
}

/** Nautilus' inferred price: the report's average for a first fill, else the price of what is missing. */
export function inferredFillPrice(plan: Pick<OrderPlan, "filledQty" | "notionalRaw">, report: OrderStatusReport, missingRaw: bigint, pricePrecision: number): Price {
  const fallback = report.avgPx ?? report.price ?? Price.zero(pricePrecision);
  if (plan.filledQty.isZero() || report.avgPx === undefined) return fallback;
  const raw = divRaw(mulRaw(report.avgPx.raw, report.filledQty.raw) - plan.notionalRaw, missingRaw);
  if (raw <= 0n) return fallback;
  return new Price(raw, Math.max(pricePrecision, minimalPrecision(raw)));
}

export function inferredLiquidity(orderType: OrderType, postOnly: boolean): LiquiditySide {
  if (MARKET_TYPES.has(orderType)) return LiquiditySide.TAKER;
  return postOnly ? LiquiditySide.MAKER : LiquiditySide.NO_LIQUIDITY_SIDE;
}

/** Emits the inferred fill for `report.filledQty - plan.filledQty` (> 0, checked by the caller). */
export function planInferredFill(plan: OrderPlan, report: OrderStatusReport, instrument: Instrument): void {
  const lastQty = report.filledQty.sub(plan.filledQty);
  const lastPx = inferredFillPrice(plan, report, lastQty.raw, instrument.pricePrecision);
  const tradeId = syntheticTradeId(report.tsLast, [
    "inferred",
    report.accountId,
    report.instrumentId,
    plan.ref.clientOrderId,
    report.venueOrderId,
    plan.side,
    lastQty,
    lastPx,
    report.filledQty,
  ]);
  plan.fill(
    {
      venueOrderId: report.venueOrderId,
      tradeId,
      positionId: report.venuePositionId ?? plan.positionId,
      lastQty,
      lastPx,
      currency: instrument.quoteCurrency,
      commission: Money.zero(instrument.quoteCurrency),
      liquiditySide: inferredLiquidity(plan.orderType, plan.postOnly),
    },
    report.tsLast,
  );
}
