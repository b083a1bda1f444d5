import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cache } from "../../src/cache/cache.js";
import { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { VenueOrderId } from "../../src/model/identifiers.js";
import type { Order } from "../../src/model/orders/order.js";
import { AAPL, S1, S2, SPY, apply, makeOrder, type Step } from "./fixtures.js";

const STEP_KINDS = ["submit", "accept", "reject", "deny", "pendingUpdate", "pendingCancel", "updated", "cancel", "expire", "trigger", "fill"] as const;

function stepOf(kind: (typeof STEP_KINDS)[number], orderIdx: number, n: number): Step {
  switch (kind) {
    case "accept":
      return { kind, voi: `V-${orderIdx}-${n % 3}` };
    case "updated":
      return { kind, voi: `V-${orderIdx}-u${n % 2}` };
    case "fill":
      return { kind, qty: "10", px: "100.00", tradeId: `T-${orderIdx}-${n}` };
    default:
      return { kind } as Step;
  }
}

/** Brute force: what every index must say, recomputed from the orders themselves. */
function checkAgainstScan(cache: Cache, orders: Order[]): void {
  const ids = (os: Order[]): string[] => os.map((o) => o.clientOrderId).sort();
  const scan = (pred: (o: Order) => boolean): string[] => ids(orders.filter(pred));
  expect(ids(cache.ordersOpen())).toEqual(scan((o) => o.isOpen()));
  expect(ids(cache.ordersClosed())).toEqual(scan((o) => o.isClosed()));
  expect(ids(cache.ordersInflight())).toEqual(scan((o) => o.isInflight()));
  expect(ids(cache.ordersEmulated())).toEqual(scan((o) => o.isEmulated()));
  for (const instrumentId of [SPY.id, AAPL.id]) {
    for (const strategyId of [S1, S2]) {
      expect(ids(cache.ordersOpen({ instrumentId, strategyId }))).toEqual(scan((o) => o.isOpen() && o.instrumentId === instrumentId && o.strategyId === strategyId));
      expect(cache.ordersClosedCount({ instrumentId, strategyId })).toBe(scan((o) => o.isClosed() && o.instrumentId === instrumentId && o.strategyId === strategyId).length);
    }
  }
  for (const o of orders) for (const v of o.venueOrderIds) expect(cache.clientOrderIdFor(VenueOrderId(v))).toBe(o.clientOrderId);
}

describe("Cache order indexes (property)", () => {
  it("every index equals a scan of the orders after any sequence of applied events, and after a reload", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(5), fc.constantFrom(...STEP_KINDS)), { maxLength: 80 }),
        async (script) => {
          const db = new InMemoryCacheDatabase();
          const cache = new Cache({ database: db });
          const orders = Array.from({ length: 6 }, (_, i) =>
            makeOrder({ id: `PO-${i}`, instrumentId: i % 2 === 0 ? SPY.id : AAPL.id, strategyId: i % 3 === 0 ? S2 : S1, qty: "30" }),
          );
          for (const o of orders) cache.addOrder(o);
          script.forEach(([idx, kind], n) => {
            const order = orders[idx] as Order;
            try {
              apply(order, stepOf(kind, idx, n), BigInt(n + 10));
            } catch {
              return; // an invalid transition leaves the order untouched: nothing to re-index
            }
            cache.updateOrder(order);
          });
          checkAgainstScan(cache, orders);
          const reloaded = new Cache({ database: db });
          await reloaded.loadCache();
          checkAgainstScan(reloaded, orders.map((o) => reloaded.order(o.clientOrderId) as Order));
        },
      ),
      { numRuns: 150 },
    );
  });
});
