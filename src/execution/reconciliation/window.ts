/**
 * Partial-window adjustment (reference §3.7, Rust `adjust_fills_for_partial_window`): when the
 * mass status covers only part of a position's history (a lookback window), the fills it holds do
 * not add up to the venue's position; this decides how to make them add up before anything is
 * applied.
 *
 * Entry points: `simulatePosition(fills)`, `zeroCrossings(fills)`, `adjustForPartialWindow(input)`.
 * Outcomes (tolerance: 0.0001 relative on the average price):
 * - NoChange: no fills, a flat venue, or the fills already match the venue;
 * - AddOpening: no zero crossing and a mismatch: one synthetic opening fill of (venue - simulated)
 *   priced by `calculateReconciliationPrice`, 1 ns before the first fill;
 * - Filter: crossings, and the lifecycle after the last flat crossing matches: keep only the orders
 *   with fills in that lifecycle, and the orders still working;
 * - Replace: crossings and no match: drop the closed orders, keep the working ones (with their
 *   fills), and add one synthetic fill for what the venue holds beyond them.
 * Synthetic ids are `S-{hex ts}-{hash}`; prices are capped at the instrument's maxPrice.
 */
import { divRaw, divRoundHalfEven, mulRaw } from "../../model/decimal.js";
import { LiquiditySide, OrderSide } from "../../model/enums.js";
import type { Instrument } from "../../model/instruments.js";
import type { VenueOrderId } from "../../model/identifiers.js";
import type { FillReport, OrderStatusReport, PositionStatusReport } from "../../model/reports.js";
import { Money, type Price } from "../../model/values.js";
import { isOpenStatus } from "../../model/orders/fsm.js";
import { oldestFirst } from "./fill-order.js";
import { syntheticTradeId } from "./ids.js";
import { syntheticOrderReport } from "./positions.js";
import { calculateReconciliationPrice, priceFromRaw } from "./price.js";
import type { EventContext } from "./types.js";

export interface WindowInput {
  readonly instrument: Instrument;
  readonly position: PositionStatusReport;
  readonly orders: readonly OrderStatusReport[];
  /** Fills of those orders (any order). */
  readonly fills: readonly FillReport[];
  readonly ctx: EventContext;
}

export type WindowAdjustment =
  | { readonly kind: "NoChange" }
  | { readonly kind: "AddOpening"; readonly report: OrderStatusReport; readonly fill: FillReport }
  | { readonly kind: "Filter"; readonly keep: ReadonlySet<VenueOrderId> }
  | { readonly kind: "Replace"; readonly keep: ReadonlySet<VenueOrderId>; readonly report?: OrderStatusReport; readonly fill?: FillReport };

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const signed = (f: FillReport): bigint => (f.orderSide === OrderSide.BUY ? f.lastQty.raw : -f.lastQty.raw);

/** Netting simulation: signed quantity and open value (qty x avg) after the fills, in raws. */
export function simulatePosition(fills: readonly FillReport[]): { qtyRaw: bigint; valueRaw: bigint } {
  let qty = 0n;
  let value = 0n;
  for (const f of fills) {
    const d = signed(f);
    const q = f.lastQty.raw;
    if ((qty >= 0n && d > 0n) || (qty <= 0n && d < 0n)) {
      value += mulRaw(q, f.lastPx.raw);
      qty += d;
    } else if (abs(qty) >= q) {
      value = divRoundHalfEven(value * (abs(qty) - q), abs(qty));
      qty += d;
    } else {
      const remaining = q - abs(qty);
      qty = d > 0n ? remaining : -remaining;
      value = mulRaw(remaining, f.lastPx.raw);
    }
  }
  return { qtyRaw: qty, valueRaw: value };
}

/** Times of the fills after which the running position is flat or has changed sign. */
export function zeroCrossings(fills: readonly FillReport[]): { all: bigint[]; lastFlat: bigint | undefined } {
  const all: bigint[] = [];
  let lastFlat: bigint | undefined;
  let running = 0n;
  for (const f of fills) {
    const prev = running;
    running += signed(f);
    if (prev === 0n) continue;
    if (running === 0n) {
      all.push(f.tsEvent);
      lastFlat = f.tsEvent;
    } else if (prev > 0n !== running > 0n) all.push(f.tsEvent);
  }
  return { all, lastFlat };
}

function matches(sim: { qtyRaw: bigint; valueRaw: bigint }, venueRaw: bigint, venueAvg: Price | undefined): boolean {
  if (sim.qtyRaw !== venueRaw) return false;
  if (sim.qtyRaw === 0n) return true;
  if (venueAvg === undefined || venueAvg.isZero()) return false;
  const simAvg = divRaw(sim.valueRaw, abs(sim.qtyRaw));
  return abs(simAvg - venueAvg.raw) * 10_000n <= abs(venueAvg.raw);
}

function simulatedAvg(sim: { qtyRaw: bigint; valueRaw: bigint }): Price | undefined {
  return sim.qtyRaw === 0n ? undefined : priceFromRaw(divRaw(sim.valueRaw, abs(sim.qtyRaw)));
}

/** A synthetic FILLED order and its fill for `qtyRaw` (signed) at `price`, at `ts`. */
function syntheticFill(input: WindowInput, qtyRaw: bigint, price: Price, ts: bigint, role: string): { report: OrderStatusReport; fill: FillReport } {
  const { instrument, position, ctx } = input;
  const capped = instrument.maxPrice !== undefined && price.gt(instrument.maxPrice) ? instrument.maxPrice : price;
  const side = qtyRaw > 0n ? OrderSide.BUY : OrderSide.SELL;
  const psr = { ...position, tsLast: ts };
  const report = syntheticOrderReport({ psr, instrument, side, qtyRaw: abs(qtyRaw), price: capped, role, ctx });
  const fill: FillReport = {
    accountId: position.accountId,
    instrumentId: position.instrumentId,
    venueOrderId: report.venueOrderId,
    clientOrderId: report.clientOrderId,
    tradeId: syntheticTradeId(ts, ["window", report.venueOrderId, report.quantity, capped]),
    orderSide: side,
    lastQty: report.quantity,
    lastPx: capped,
    commission: Money.zero(instrument.quoteCurrency),
    liquiditySide: LiquiditySide.NO_LIQUIDITY_SIDE,
    reportId: ctx.uuid(),
    tsEvent: ts,
    tsInit: ctx.tsNow,
  };
  return { report, fill };
}

export function adjustForPartialWindow(input: WindowInput): WindowAdjustment {
  const venueRaw = input.position.signedQtyRaw;
  const fills = oldestFirst(input.fills);
  const first = fills[0];
  if (first === undefined || venueRaw === 0n) return { kind: "NoChange" };
  const crossings = zeroCrossings(fills);
  if (crossings.all.length === 0) return addOpening(input, fills, first.tsEvent);
  const boundary = crossings.lastFlat ?? (crossings.all[crossings.all.length - 1] as bigint);
  const lifecycle = fills.filter((f) => f.tsEvent > boundary);
  if (lifecycle.length === 0) return { kind: "NoChange" };
  if (matches(simulatePosition(lifecycle), venueRaw, input.position.avgPxOpen)) {
    const keep = new Set<VenueOrderId>(lifecycle.map((f) => f.venueOrderId));
    for (const o of input.orders) if (isOpenStatus(o.orderStatus)) keep.add(o.venueOrderId);
    return { kind: "Filter", keep };
  }
  return replace(input, fills, (lifecycle[0] as FillReport).tsEvent);
}

function addOpening(input: WindowInput, fills: readonly FillReport[], firstTs: bigint): WindowAdjustment {
  const venueRaw = input.position.signedQtyRaw;
  const sim = simulatePosition(fills);
  if (matches(sim, venueRaw, input.position.avgPxOpen)) return { kind: "NoChange" };
  const price = calculateReconciliationPrice(sim.qtyRaw, simulatedAvg(sim), venueRaw, input.position.avgPxOpen);
  const qtyRaw = venueRaw - sim.qtyRaw;
  if (price === undefined || qtyRaw === 0n) return { kind: "NoChange" };
  return { kind: "AddOpening", ...syntheticFill(input, qtyRaw, price, firstTs - 1n, "window-open") };
}

function replace(input: WindowInput, fills: readonly FillReport[], lifecycleTs: bigint): WindowAdjustment {
  const keep = new Set<VenueOrderId>(input.orders.filter((o) => isOpenStatus(o.orderStatus)).map((o) => o.venueOrderId));
  const kept = fills.filter((f) => keep.has(f.venueOrderId));
  const sim = simulatePosition(kept);
  const qtyRaw = input.position.signedQtyRaw - sim.qtyRaw;
  const price = calculateReconciliationPrice(sim.qtyRaw, simulatedAvg(sim), input.position.signedQtyRaw, input.position.avgPxOpen);
  if (qtyRaw === 0n || price === undefined) return { kind: "Replace", keep };
  return { kind: "Replace", keep, ...syntheticFill(input, qtyRaw, price, lifecycleTs - 1n, "window-replace") };
}
