/**
 * Skipped passive passes (passive.ts) change nothing: the same random sequence of orders, modifies,
 * cancels, price moves and walk steps gives the same events on a venue that skips no-op passes and
 * on one forced to run every pass in full.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderRequest, VenueEvent } from "../../../src/sim/venue/api.js";
import type { SimVenue } from "../../../src/sim/venue/venue.js";
import { quietVenue, SPY, T0 } from "./helpers.js";

type Op =
  | { kind: "limit"; buy: boolean; offsetTicks: number; qty: number; child: boolean }
  | { kind: "stop"; buy: boolean; offsetTicks: number; type: "STP" | "STP LMT" | "TRAIL" }
  | { kind: "modify"; pick: number; offsetTicks: number }
  | { kind: "cancel"; pick: number }
  | { kind: "move"; ticks: number }
  | { kind: "advance"; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("limit" as const), buy: fc.boolean(), offsetTicks: fc.integer({ min: -30, max: 30 }), qty: fc.integer({ min: 1, max: 300 }), child: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("stop" as const), buy: fc.boolean(), offsetTicks: fc.integer({ min: 1, max: 30 }), type: fc.constantFrom("STP" as const, "STP LMT" as const, "TRAIL" as const) }) },
  fc.record({ kind: fc.constant("modify" as const), pick: fc.nat(), offsetTicks: fc.integer({ min: -30, max: 30 }) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("move" as const), ticks: fc.integer({ min: -40, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 3000 }) }) },
);

const WALK = { stepMs: 250, moveProb: 0.6, maxStepTicks: 3, spreadTicks: 1, tradeProb: 0.2, minSize: 50, maxSize: 400 };

function venue(fullPasses: boolean): { v: SimVenue; events: VenueEvent[] } {
  const v = quietVenue({ instruments: [{ kind: "stock", conId: SPY, symbol: "SPY", price: "500.00", walk: WALK }] }, 7);
  if (fullPasses) v.internals.passive.get = () => ({ special: true, buyMax: null, sellMin: null });
  const events: VenueEvent[] = [];
  v.subscribe((e) => events.push(e));
  return { v, events };
}

function base(orderId: number, over: Partial<OrderRequest>): OrderRequest {
  return { clientId: 1, orderId, contract: { conId: SPY }, action: "BUY", totalQuantity: "100", orderType: "LMT", tif: "GTC", goodTillDate: "", ocaGroup: "", ocaType: 0, parentId: 0, transmit: true, orderRef: "", account: "", outsideRth: false, ...over };
}

function run(ops: Op[], fullPasses: boolean): VenueEvent[] {
  const { v, events } = venue(fullPasses);
  const clock = { now: T0 };
  let id = 1;
  const px = (offsetTicks: number): number => Math.max(1, Math.round(v.quote(SPY)!.bid * 100) + offsetTicks) / 100;
  for (const op of ops) {
    switch (op.kind) {
      case "limit": {
        const parent = op.child ? v.openOrders().find((o) => o.request.parentId === 0 && o.status !== "Filled") : undefined;
        v.placeOrder(base(id++, { action: op.buy ? "BUY" : "SELL", lmtPrice: px(op.offsetTicks), totalQuantity: String(op.qty), parentId: parent?.orderId ?? 0 }));
        break;
      }
      case "stop": {
        const action = op.buy ? "BUY" : "SELL";
        const stop = px(op.buy ? op.offsetTicks : -op.offsetTicks);
        if (op.type === "TRAIL") v.placeOrder(base(id++, { action, orderType: "TRAIL", auxPrice: op.offsetTicks / 100 }));
        else v.placeOrder(base(id++, { action, orderType: op.type, auxPrice: stop, ...(op.type === "STP LMT" ? { lmtPrice: px(op.buy ? op.offsetTicks + 2 : -op.offsetTicks - 2) } : {}) }));
        break;
      }
      case "modify": {
        const open = v.openOrders().filter((o) => o.request.orderType === "LMT");
        const o = open[op.pick % Math.max(1, open.length)];
        if (o !== undefined) v.placeOrder({ ...o.request, lmtPrice: px(op.offsetTicks) });
        break;
      }
      case "cancel": {
        const open = v.openOrders();
        const o = open[op.pick % Math.max(1, open.length)];
        if (o !== undefined) v.cancelOrder(1, o.orderId);
        break;
      }
      case "move":
        v.movePrice(SPY, px(op.ticks));
        break;
      case "advance":
        clock.now += op.ms;
        v.advance(clock.now);
        break;
    }
  }
  return events;
}

describe("passive pass skipping", () => {
  it("gives the same events as running every pass in full", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
        const skipping = run(ops, false);
        const full = run(ops, true);
        expect(skipping).toEqual(full);
      }),
      { numRuns: 150, seed: 4242 },
    );
  });

  it("skips passes over resting limits the touch does not reach, and runs them again once it does", () => {
    const { v, events } = venue(false);
    for (let k = 1; k <= 50; k++) v.placeOrder(base(k, { lmtPrice: 490 - k / 100 }));
    v.advance(T0 + 250);
    expect(v.internals.passive.get(SPY)).toEqual({ special: false, buyMax: 48999000000n, sellMin: null });
    events.length = 0;
    v.movePrice(SPY, 489.5);
    const fills = events.filter((e) => e.kind === "execution");
    // The ask is 489.51 now: the 49 bids at 489.51 and above fill.
    expect(fills.length).toBe(49);
  });
});
