/**
 * Position report reconciliation (reference §3.5 `_reconcile_position_report`): compares the
 * venue's position with the cache and returns the synthetic FILLED order reports that align them.
 * The caller applies those with `reconcileOrderReport(..., external=false)`, so the orders are
 * tagged RECONCILIATION.
 *
 * Entry point: `reconcilePositionReport(input)` -> `PositionOutcome`.
 * - NETTING (no venue position id): the signed sum of the open positions for (instrument, account)
 *   against the venue; equal at size precision -> InSync (warn if the average differs > 0.01%);
 *   generateMissingOrders off -> Mismatch (ok: logged only); a sign flip between two non-zero
 *   quantities -> two reports (close at the cached average, open at the venue's); otherwise one
 *   diff report priced by `calculateReconciliationPrice`, else the quote, else the cached average;
 *   with no price at all a MARKET IOC report without average.
 * - HEDGING (venue position id): the cached position of that id; generateMissingOrders off with a
 *   difference -> Mismatch (not ok); otherwise one report for the difference, carrying the id.
 * Synthetic ids are deterministic (ids.ts); prices are capped at the instrument's maxPrice.
 */
import { roundRaw } from "../../model/decimal.js";
import { ContingencyType, OrderSide, OrderStatus, OrderType, TimeInForce } from "../../model/enums.js";
import { ClientOrderId, type PositionId } from "../../model/identifiers.js";
import type { Instrument } from "../../model/instruments.js";
import type { OrderStatusReport, PositionStatusReport } from "../../model/reports.js";
import { Quantity, type Price } from "../../model/values.js";
import { syntheticVenueOrderId } from "./ids.js";
import { calculateReconciliationPrice, priceFromRaw } from "./price.js";
import { note, type CacheView, type EventContext, type Note, type PositionView } from "./types.js";
import { divRaw, mulRaw } from "../../model/decimal.js";

export interface PositionReportInput {
  readonly view: CacheView;
  readonly report: PositionStatusReport;
  readonly generateMissingOrders: boolean;
  readonly ctx: EventContext;
}

export type PositionOutcome =
  | { readonly kind: "InSync"; readonly notes: readonly Note[] }
  | { readonly kind: "Mismatch"; readonly ok: boolean; readonly notes: readonly Note[] }
  | { readonly kind: "Align"; readonly reports: readonly OrderStatusReport[]; readonly notes: readonly Note[] }
  | { readonly kind: "Failed"; readonly reason: "NoInstrument" | "NoPrice"; readonly notes: readonly Note[] };

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** Signed quantity and average open price of several open positions of one side (undefined average if sides mix). */
export function netPosition(positions: readonly PositionView[]): { signedRaw: bigint; avgPx: Price | undefined } {
  let signedRaw = 0n;
  let weightRaw = 0n;
  let valueRaw = 0n;
  let longs = 0;
  let shorts = 0;
  let precision = 0;
  for (const p of positions) {
    signedRaw += p.signedQtyRaw;
    if (p.signedQtyRaw > 0n) longs++;
    else if (p.signedQtyRaw < 0n) shorts++;
    weightRaw += abs(p.signedQtyRaw);
    valueRaw += mulRaw(abs(p.signedQtyRaw), p.avgPxOpen.raw);
    precision = Math.max(precision, p.avgPxOpen.precision);
  }
  const avgPx = weightRaw === 0n || (longs > 0 && shorts > 0) ? undefined : priceFromRaw(divRaw(valueRaw, weightRaw), precision);
  return { signedRaw, avgPx };
}

/** The quote's ask for a buy, bid for a sell. */
function quotePrice(view: CacheView, instrument: Instrument, side: OrderSide): Price | undefined {
  const q = view.quote(instrument.id);
  if (q === undefined) return undefined;
  return side === OrderSide.BUY ? q.askPrice : q.bidPrice;
}

function capPrice(price: Price | undefined, instrument: Instrument): Price | undefined {
  if (price === undefined || instrument.maxPrice === undefined) return price;
  return price.gt(instrument.maxPrice) ? instrument.maxPrice : price;
}

export interface SyntheticOrderSpec {
  readonly psr: PositionStatusReport;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly qtyRaw: bigint;
  readonly price: Price | undefined;
  /** Distinguishes the reports of one position (diff, close, open). */
  readonly role: string;
  readonly venuePositionId?: PositionId | undefined;
  readonly ctx: EventContext;
}

/** A FILLED LIMIT GTC report (with a price) or MARKET IOC report (without), with deterministic ids. */
export function syntheticOrderReport(spec: SyntheticOrderSpec): OrderStatusReport {
  const { psr, instrument, side, price } = spec;
  const quantity = new Quantity(roundRaw(spec.qtyRaw, instrument.sizePrecision), instrument.sizePrecision);
  const orderType = price === undefined ? OrderType.MARKET : OrderType.LIMIT;
  const venueOrderId = syntheticVenueOrderId(psr.tsLast, [psr.accountId, psr.instrumentId, side, orderType, quantity, price, spec.venuePositionId, spec.role, psr.tsLast]);
  return {
    accountId: psr.accountId,
    instrumentId: psr.instrumentId,
    clientOrderId: ClientOrderId(venueOrderId),
    venueOrderId,
    venuePositionId: spec.venuePositionId,
    orderSide: side,
    orderType,
    contingencyType: ContingencyType.NO_CONTINGENCY,
    timeInForce: price === undefined ? TimeInForce.IOC : TimeInForce.GTC,
    orderStatus: OrderStatus.FILLED,
    price,
    quantity,
    filledQty: quantity,
    avgPx: price,
    postOnly: false,
    reduceOnly: false,
    reportId: spec.ctx.uuid(),
    tsAccepted: psr.tsLast,
    tsTriggered: 0n,
    tsLast: psr.tsLast,
    tsInit: spec.ctx.tsNow,
  };
}

export function reconcilePositionReport(input: PositionReportInput): PositionOutcome {
  const instrument = input.view.instrument(input.report.instrumentId);
  if (instrument === undefined) {
    return { kind: "Failed", reason: "NoInstrument", notes: [note("warn", `Cannot reconcile the position on ${input.report.instrumentId}: instrument not in the cache`)] };
  }
  return input.report.venuePositionId === undefined ? reconcileNetting(input, instrument) : reconcileHedging(input, instrument, input.report.venuePositionId);
}

function avgDiffers(a: Price, b: Price): boolean {
  // > 0.01% relative: |a - b| * 10000 > b
  return abs(a.raw - b.raw) * 10_000n > abs(b.raw);
}

function reconcileNetting(input: PositionReportInput, instrument: Instrument): PositionOutcome {
  const { view, report } = input;
  const positions = view.positionsOpen({ instrumentId: report.instrumentId, accountId: report.accountId });
  const notes: Note[] = [];
  const owners = new Set(positions.map((p) => p.strategyId));
  if (owners.size > 1) notes.push(note("warn", `Position on ${report.instrumentId} (${report.accountId}) is split across strategies ${[...owners].join(", ")}: reconciling their sum`));
  const cached = netPosition(positions);
  const venueRaw = report.signedQtyRaw;
  const diffRaw = roundRaw(abs(cached.signedRaw - venueRaw), instrument.sizePrecision);
  if (diffRaw === 0n) {
    if (cached.avgPx !== undefined && report.avgPxOpen !== undefined && venueRaw !== 0n && avgDiffers(cached.avgPx, report.avgPxOpen)) {
      notes.push(note("warn", `Position on ${report.instrumentId}: quantities match but the average price differs (cached ${cached.avgPx}, venue ${report.avgPxOpen})`));
    }
    return { kind: "InSync", notes };
  }
  const detail = { instrumentId: report.instrumentId, accountId: report.accountId, cached: cached.signedRaw.toString(), venue: venueRaw.toString() };
  if (!input.generateMissingOrders) {
    return { kind: "Mismatch", ok: true, notes: [...notes, note("warn", `Position on ${report.instrumentId} differs from the venue and generateMissingOrders is off: not aligned`, detail)] };
  }
  if (cached.signedRaw !== 0n && venueRaw !== 0n && cached.signedRaw > 0n !== venueRaw > 0n) return crossZero(input, instrument, cached, notes);
  const side = venueRaw > cached.signedRaw ? OrderSide.BUY : OrderSide.SELL;
  const price = capPrice(calculateReconciliationPrice(cached.signedRaw, cached.avgPx, venueRaw, report.avgPxOpen) ?? quotePrice(view, instrument, side) ?? cached.avgPx, instrument);
  const aligned = syntheticOrderReport({ psr: report, instrument, side, qtyRaw: diffRaw, price, role: "diff", ctx: input.ctx });
  notes.push(note("info", `Position on ${report.instrumentId}: aligning with a synthetic ${side} ${aligned.quantity} @ ${price ?? "MARKET"}`, detail));
  return { kind: "Align", reports: [aligned], notes };
}

/** The sign flips: close the cached position, then open the venue's, as two FILLED reports. */
function crossZero(input: PositionReportInput, instrument: Instrument, cached: { signedRaw: bigint; avgPx: Price | undefined }, notes: Note[]): PositionOutcome {
  const { view, report } = input;
  const closeSide = cached.signedRaw > 0n ? OrderSide.SELL : OrderSide.BUY;
  const openSide = report.signedQtyRaw > 0n ? OrderSide.BUY : OrderSide.SELL;
  const closePx = capPrice(cached.avgPx ?? quotePrice(view, instrument, closeSide), instrument);
  const openPx = capPrice(report.avgPxOpen ?? quotePrice(view, instrument, openSide), instrument);
  if (closePx === undefined || openPx === undefined) {
    return { kind: "Failed", reason: "NoPrice", notes: [...notes, note("error", `Position on ${report.instrumentId} flips sign but no ${closePx === undefined ? "closing" : "opening"} price is known (no average, no quote)`)] };
  }
  const close = syntheticOrderReport({ psr: report, instrument, side: closeSide, qtyRaw: abs(cached.signedRaw), price: closePx, role: "close", ctx: input.ctx });
  const open = syntheticOrderReport({ psr: report, instrument, side: openSide, qtyRaw: abs(report.signedQtyRaw), price: openPx, role: "open", ctx: input.ctx });
  notes.push(note("info", `Position on ${report.instrumentId} flips sign: closing ${close.quantity} @ ${closePx}, opening ${open.quantity} @ ${openPx}`));
  return { kind: "Align", reports: [close, open], notes };
}

function reconcileHedging(input: PositionReportInput, instrument: Instrument, venuePositionId: PositionId): PositionOutcome {
  const { view, report } = input;
  const cached = view.position(venuePositionId);
  const cachedRaw = cached?.signedQtyRaw ?? 0n;
  const venueRaw = report.signedQtyRaw;
  const diffRaw = roundRaw(venueRaw - cachedRaw, instrument.sizePrecision);
  if (diffRaw === 0n) return { kind: "InSync", notes: [] };
  const detail = { positionId: venuePositionId, cached: cachedRaw.toString(), venue: venueRaw.toString() };
  if (!input.generateMissingOrders) {
    return { kind: "Mismatch", ok: false, notes: [note("error", `Hedge position ${venuePositionId} differs from the venue and generateMissingOrders is off`, detail)] };
  }
  const side = diffRaw > 0n ? OrderSide.BUY : OrderSide.SELL;
  const cachedAvg = cached === undefined || cachedRaw === 0n ? undefined : cached.avgPxOpen;
  const price = capPrice(calculateReconciliationPrice(cachedRaw, cachedAvg, venueRaw, report.avgPxOpen) ?? quotePrice(view, instrument, side) ?? cachedAvg, instrument);
  const aligned = syntheticOrderReport({ psr: report, instrument, side, qtyRaw: abs(diffRaw), price, role: "hedge", venuePositionId, ctx: input.ctx });
  return { kind: "Align", reports: [aligned], notes: [note("info", `Hedge position ${venuePositionId}: aligning with a synthetic ${side} ${aligned.quantity}`, detail)] };
}
