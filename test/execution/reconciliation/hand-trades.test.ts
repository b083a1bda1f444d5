/**
 * A trade placed by hand in TWS, seen by two continuous checks that race (§3.8 B and C): the
 * position check (the venue's fills show a trade on a venue order the node does not know) and the
 * open-order check (in full-history mode the venue's answer holds that order). Whatever check runs
 * first, the trade is counted once: after EVERY check the node's position equals the venue's, no
 * synthetic fill stands beside a venue order that explains the trade, and the hand order is held
 * once with its real trade id. Table-driven over the order of the checks and the venue's mode.
 */
import { describe, expect, it } from "vitest";
import { OrderSide, OrderStatus, OrderType } from "../../../src/model/enums.js";
import { RAW, SEC, T0, fr, makeEnv, makeOrder, osr, px, q, type Env } from "./fixtures.js";

const CONFIG = { inflightCheckThresholdMs: 5000, openCheckThresholdMs: 5000, openCheckMissingRetries: 2, positionCheckThresholdMs: 5000, positionCheckRetries: 3, singleOrderQueryDelayMs: 0, positionCheckIntervalSecs: 30 };

type Check = "position" | "open";

interface Case {
  readonly name: string;
  readonly openOnly: boolean;
  /** The hand order's state at the venue. */
  readonly hand: "filled" | "partiallyFilled";
  readonly checks: readonly Check[];
  /** How the node ends up holding the hand trade. */
  readonly expect: "venueOrder" | "synthetic";
}

const cases: Case[] = [
  { name: "full history, position check first", openOnly: false, hand: "filled", checks: ["position", "open", "position", "open"], expect: "venueOrder" },
  { name: "full history, open check first", openOnly: false, hand: "filled", checks: ["open", "position", "open", "position"], expect: "venueOrder" },
  { name: "full history, hand order still working (partially filled), position check first", openOnly: false, hand: "partiallyFilled", checks: ["position", "open", "position"], expect: "venueOrder" },
  { name: "open-only, hand order still working (partially filled), position check first", openOnly: true, hand: "partiallyFilled", checks: ["position", "open", "position"], expect: "venueOrder" },
  // Open-only: the open check never adopts a closed order, so the synthetic alignment is the one record (scenario 5).
  { name: "open-only, hand order filled: aligned by a RECONCILIATION order", openOnly: true, hand: "filled", checks: ["position", "open", "position", "open"], expect: "synthetic" },
];

/** The node: BUY 10 filled; the venue: also a hand SELL 5 (HAND-1, trade H-1) -> the venue holds +5. */
function setup(c: Case): Env {
  const env = makeEnv({ config: { ...CONFIG, openCheckOpenOnly: c.openOnly } });
  env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, qty: "10" }));
  const quantity = c.hand === "filled" ? q("5") : q("8");
  env.client.extraOrders.push(
    osr({ venueOrderId: "HAND-1", orderSide: OrderSide.SELL, orderType: OrderType.LIMIT, price: px("100.00"), quantity, filledQty: q("5"), avgPx: px("100.00"), orderStatus: c.hand === "filled" ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED, tsLast: T0 + 1n }),
  );
  env.client.extraFills.push(fr({ venueOrderId: "HAND-1", tradeId: "H-1", lastQty: q("5"), orderSide: OrderSide.SELL, tsEvent: T0 + 1n }));
  return env;
}

async function run(env: Env, check: Check): Promise<void> {
  env.advance(6n * SEC);
  if (check === "position") await env.manager.runPositionCheck();
  else await env.manager.runOpenCheck();
}

const syntheticFills = (env: Env): string[] => env.cache.orders().flatMap((o) => o.tradeIds.filter((t) => t.startsWith("S-")));
const handOrders = (env: Env) => env.cache.orders().filter((o) => o.venueOrderId === "HAND-1");

describe("a hand trade seen by racing position and open checks is counted once", () => {
  it.each(cases)("$name", async (c) => {
    const env = setup(c);
    const positions: bigint[] = [];
    for (const check of c.checks) {
      await run(env, check);
      positions.push(env.netQty() / RAW);
    }
    // Never double counted, not even for one check: the venue's +5 after every check.
    expect(positions).toEqual(c.checks.map(() => 5n));
    if (c.expect === "venueOrder") {
      expect(syntheticFills(env)).toEqual([]);
      expect(env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION"))).toEqual([]);
      expect(handOrders(env).map((o) => [o.tags, o.tradeIds, o.filledQty.toString(), o.status])).toEqual([[["VENUE"], ["H-1"], "5", c.hand === "filled" ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED]]);
    } else {
      expect(handOrders(env)).toEqual([]);
      const synthetic = env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION"));
      expect(synthetic.map((o) => `${o.side} ${o.filledQty}`)).toEqual(["SELL 5"]);
    }
    expect(env.logs("error")).toEqual([]);
  });

  it("full history: the order query fails during the position check -> no synthetic order this cycle (never a double), the next cycle adopts the venue order", async () => {
    const env = setup(cases[0] as Case);
    env.client.failures.order = 1;
    await run(env, "position");
    expect(env.netQty() / RAW).toBe(10n);
    expect(env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION"))).toEqual([]);
    expect(env.manager.positionRetries.size).toBe(1);
    await run(env, "open");
    await run(env, "position");
    expect(env.netQty() / RAW).toBe(5n);
    expect(syntheticFills(env)).toEqual([]);
    expect(handOrders(env).map((o) => o.tradeIds)).toEqual([["H-1"]]);
  });

  it("full history: the venue does not know the order of the fill -> aligned by a RECONCILIATION order (nothing else explains the trade)", async () => {
    const env = setup(cases[0] as Case);
    env.client.extraOrders.length = 0;
    for (const check of ["position", "open", "position"] as const) {
      await run(env, check);
      expect(env.netQty() / RAW).toBe(5n);
    }
    expect(env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION")).map((o) => `${o.side} ${o.filledQty}`)).toEqual(["SELL 5"]);
  });
});
