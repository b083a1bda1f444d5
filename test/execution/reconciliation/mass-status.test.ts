/**
 * §3.7 partial-window adjustment and §3.3 mass-status preparation (filters, de-duplication),
 * table-driven over the pure functions.
 */
import { describe, expect, it } from "vitest";
import { planMassStatus } from "../../../src/execution/reconciliation/mass-status.js";
import { adjustForPartialWindow, simulatePosition, zeroCrossings } from "../../../src/execution/reconciliation/window.js";
import { OrderSide, OrderStatus } from "../../../src/model/enums.js";
import { ClientOrderId, PositionId, VenueOrderId } from "../../../src/model/identifiers.js";
import type { FillReport, OrderStatusReport } from "../../../src/model/reports.js";
import { AAPL, BTC, RAW, T0, ctx, fr, massStatus, orderIn, osr, psr, px, q, viewWith } from "./fixtures.js";

const fill = (venueOrderId: string, side: "B" | "S", qty: string, price: string, t: number): FillReport =>
  fr({ venueOrderId, tradeId: `${venueOrderId}-${t}`, orderSide: side === "B" ? OrderSide.BUY : OrderSide.SELL, lastQty: q(qty), lastPx: px(price), tsEvent: T0 + BigInt(t) });
const order = (venueOrderId: string, status: OrderStatus = OrderStatus.FILLED): OrderStatusReport => osr({ venueOrderId, orderStatus: status });

describe("partial window: simulation", () => {
  it("simulatePosition nets like a position: accumulate, reduce keeping the average, flip resetting it", () => {
    expect(simulatePosition([fill("A", "B", "10", "100", 1), fill("A", "B", "10", "110", 2)])).toEqual({ qtyRaw: 20n * RAW, valueRaw: 2100n * RAW });
    expect(simulatePosition([fill("A", "B", "20", "105", 1), fill("A", "S", "5", "200", 2)])).toEqual({ qtyRaw: 15n * RAW, valueRaw: 1575n * RAW });
    expect(simulatePosition([fill("A", "B", "10", "100", 1), fill("A", "S", "25", "90", 2)])).toEqual({ qtyRaw: -15n * RAW, valueRaw: 1350n * RAW });
  });

  it("zeroCrossings finds flats and flips, and the last flat", () => {
    const fills = [fill("A", "B", "10", "100", 1), fill("A", "S", "10", "100", 2), fill("A", "B", "5", "100", 3), fill("A", "S", "8", "100", 4)];
    expect(zeroCrossings(fills)).toEqual({ all: [T0 + 2n, T0 + 4n], lastFlat: T0 + 2n });
  });
});

describe("partial window: adjustments (§3.7 table)", () => {
  const cases: { name: string; orders: OrderStatusReport[]; fills: FillReport[]; venue: ReturnType<typeof psr>; kind: string; keep?: string[]; synthetic?: string }[] = [
    { name: "no fills: no change", orders: [], fills: [], venue: psr("100", "100"), kind: "NoChange" },
    { name: "venue flat: no change", orders: [order("A")], fills: [fill("A", "B", "100", "100", 1)], venue: psr("0"), kind: "NoChange" },
    { name: "fills match the venue: no change", orders: [order("A")], fills: [fill("A", "B", "100", "100", 1)], venue: psr("100", "100.00"), kind: "NoChange" },
    {
      name: "no crossing, mismatch: a synthetic opening fill before the first",
      orders: [order("A")],
      fills: [fill("A", "B", "30", "110", 5)],
      venue: psr("100", "103.00"),
      kind: "AddOpening",
      synthetic: "BUY 70 @100 ts+4",
    },
    {
      name: "crossings, the last lifecycle matches: filter to it (and working orders)",
      orders: [order("A"), order("B"), order("C"), order("W", OrderStatus.ACCEPTED)],
      fills: [fill("A", "B", "50", "100", 1), fill("B", "S", "50", "105", 2), fill("C", "B", "20", "110", 3)],
      venue: psr("20", "110.00"),
      kind: "Filter",
      keep: ["C", "W"],
    },
    {
      name: "crossings, no match: replace the closed orders by one synthetic fill",
      orders: [order("A"), order("B"), order("C")],
      fills: [fill("A", "B", "50", "100", 1), fill("B", "S", "50", "105", 2), fill("C", "B", "20", "110", 3)],
      venue: psr("70", "108.00"),
      kind: "Replace",
      keep: [],
      synthetic: "BUY 70 @108 ts+2",
    },
    {
      name: "replace keeps a working partially filled order and its fills",
      orders: [order("A"), order("B"), order("W", OrderStatus.PARTIALLY_FILLED)],
      fills: [fill("A", "B", "50", "100", 1), fill("B", "S", "50", "105", 2), fill("W", "B", "10", "110", 3)],
      venue: psr("30", "108.00"),
      kind: "Replace",
      keep: ["W"],
      synthetic: "BUY 20 @107 ts+2",
    },
  ];
  it.each(cases)("$name", (c) => {
    const a = adjustForPartialWindow({ instrument: AAPL, position: c.venue, orders: c.orders, fills: c.fills, ctx: ctx() });
    expect(a.kind).toBe(c.kind);
    if ((a.kind === "Filter" || a.kind === "Replace") && c.keep !== undefined) expect([...a.keep].sort()).toEqual(c.keep);
    if (c.synthetic !== undefined && (a.kind === "AddOpening" || a.kind === "Replace")) {
      const f = a.fill!;
      expect(`${f.orderSide} ${f.lastQty} @${f.lastPx.toNumber()} ts+${f.tsEvent - T0}`).toBe(c.synthetic);
      expect(a.report?.venueOrderId).toMatch(/^S-[0-9a-f]+-[0-9a-f]{16}$/);
      expect(a.report?.orderStatus).toBe("FILLED");
      // With the adjustment, the fills that stay add up to the venue's position.
      const kept = a.kind === "Replace" ? c.fills.filter((x) => a.keep.has(x.venueOrderId)) : c.fills;
      expect(simulatePosition([f, ...kept]).qtyRaw).toBe(c.venue.signedQtyRaw);
    }
  });
});

const CONFIG = { reconciliationInstrumentIds: undefined, filteredClientOrderIds: undefined };

describe("mass status preparation (§3.3)", () => {
  it("a repeated client order id keeps the first report and warns", () => {
    const ms = massStatus([osr({ venueOrderId: "V1", clientOrderId: ClientOrderId("C1") }), osr({ venueOrderId: "V2", clientOrderId: ClientOrderId("C1") })]);
    const plan = planMassStatus({ view: viewWith(), massStatus: ms, config: CONFIG, ctx: ctx() });
    expect(plan.items.map((i) => i.report.venueOrderId)).toEqual(["V1"]);
    expect(plan.notes.map((n) => n.message).join()).toMatch(/Duplicate client order id C1/);
  });

  it("an exact match with the cache is skipped, with its fills; a difference is kept", () => {
    const cached = orderIn({ id: "C1" }, ["submitted", "accepted"]);
    const same = osr({ venueOrderId: "V-C1", clientOrderId: ClientOrderId("C1") });
    const plan1 = planMassStatus({ view: viewWith(cached), massStatus: massStatus([same], [fr({ venueOrderId: "V-C1", tradeId: "X" })]), config: CONFIG, ctx: ctx() });
    expect(plan1.items).toEqual([]);
    const moved = osr({ venueOrderId: "V-C1", clientOrderId: ClientOrderId("C1"), price: px("101.00") });
    expect(planMassStatus({ view: viewWith(cached), massStatus: massStatus([moved]), config: CONFIG, ctx: ctx() }).items.length).toBe(1);
  });

  it("a cached closed RECONCILIATION order is never replayed", () => {
    const synthetic = orderIn({ id: "S-1", tags: ["RECONCILIATION"] }, ["accepted", "fill:100@100.00"]);
    const report = osr({ venueOrderId: "V-S-1", clientOrderId: ClientOrderId("S-1"), orderStatus: OrderStatus.FILLED, quantity: q("200"), filledQty: q("200") });
    expect(planMassStatus({ view: viewWith(synthetic), massStatus: massStatus([report]), config: CONFIG, ctx: ctx() }).items).toEqual([]);
  });

  it("a report without client order id whose venue order id is indexed gets it filled in", () => {
    const cached = orderIn({ id: "C1" }, ["submitted", "accepted"]);
    const plan = planMassStatus({ view: viewWith(cached), massStatus: massStatus([osr({ venueOrderId: "V-C1", orderStatus: OrderStatus.CANCELED })]), config: CONFIG, ctx: ctx() });
    expect(plan.items.map((i) => i.report.clientOrderId)).toEqual(["C1"]);
  });

  it("filteredClientOrderIds and reconciliationInstrumentIds drop orders, fills and position reports", () => {
    const ms = massStatus(
      [osr({ venueOrderId: "V1", clientOrderId: ClientOrderId("C1") }), osr({ venueOrderId: "V2", clientOrderId: ClientOrderId("C2") }), osr({ venueOrderId: "V3", instrumentId: BTC.id })],
      [fr({ venueOrderId: "ORPHAN", tradeId: "T9", instrumentId: BTC.id })],
      [psr("5", "1", { instrumentId: BTC.id }), psr("0")],
    );
    const plan = planMassStatus({ view: viewWith(), massStatus: ms, config: { reconciliationInstrumentIds: [AAPL.id], filteredClientOrderIds: ["C2"] }, ctx: ctx() });
    expect(plan.items.map((i) => i.report.venueOrderId)).toEqual(["V1"]);
    expect(plan.positions.map((p) => p.instrumentId)).toEqual([AAPL.id]);
    expect(plan.orphanFills).toEqual([]);
  });

  it("a trade id reported twice is warned about; fills without an order report are orphans", () => {
    const ms = massStatus([osr({ venueOrderId: "V1" }), osr({ venueOrderId: "V2" })], [fr({ venueOrderId: "V1", tradeId: "T1" }), fr({ venueOrderId: "V2", tradeId: "T1" }), fr({ venueOrderId: "V9", tradeId: "T9" })]);
    const plan = planMassStatus({ view: viewWith(), massStatus: ms, config: CONFIG, ctx: ctx() });
    expect(plan.notes.map((n) => n.message).join()).toMatch(/Duplicate trade id T1/);
    expect(plan.orphanFills.map((f) => f.tradeId)).toEqual(["T9"]);
  });

  it("the partial window applies to a netting instrument with no cached position, and is marked synthetic", () => {
    const ms = massStatus([osr({ venueOrderId: "A", orderStatus: OrderStatus.FILLED, quantity: q("30"), filledQty: q("30") })], [fill("A", "B", "30", "110", 5)], [psr("100", "103.00")]);
    const plan = planMassStatus({ view: viewWith(), massStatus: ms, config: CONFIG, ctx: ctx() });
    expect(plan.adjustments.get(AAPL.id)).toBe("AddOpening");
    expect(plan.items.map((i) => i.external)).toEqual([true, false]);
  });

  it("the partial window is skipped for hedge-mode reports", () => {
    const ms = massStatus([osr({ venueOrderId: "A", orderStatus: OrderStatus.FILLED, quantity: q("30"), filledQty: q("30") })], [fill("A", "B", "30", "110", 5)], [psr("100", "103.00", { venuePositionId: PositionId("P-1") })]);
    expect(planMassStatus({ view: viewWith(), massStatus: ms, config: CONFIG, ctx: ctx() }).adjustments.size).toBe(0);
  });
});

export { VenueOrderId };
