import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeCore, makeOrder } from "./fixtures.js";

describe("ExecEngine positions (property)", () => {
  it("any sequence of fills through the engine leaves each NETTING/HEDGING book equal to the sum of its fills", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("NETTING" as const, "HEDGING" as const),
        fc.array(fc.record({ side: fc.constantFrom("BUY" as const, "SELL" as const), qty: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 25 }),
        (oms, fills) => {
          const core = makeCore({ omsType: oms });
          let expected = 0n;
          fills.forEach((f, i) => {
            core.submit(makeOrder({ id: `O-${i}`, type: "MARKET", side: f.side, qty: String(f.qty) }));
            expected += (f.side === "BUY" ? 1n : -1n) * BigInt(f.qty) * 1_000_000_000n;
          });
          const net = core.cache.positionsOpen().reduce((sum, p) => sum + p.signedQtyRaw, 0n);
          expect(net).toBe(expected);
          expect(core.logs("error")).toEqual([]);
          if (oms === "NETTING") expect(core.cache.positionsOpen().length).toBeLessThanOrEqual(1);
          // every order is filled once, and every fill produced at least one position event
          expect(core.orderEvents.filter((e) => e.type === "OrderFilled")).toHaveLength(fills.length);
          expect(core.positionEvents.length).toBeGreaterThanOrEqual(fills.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
