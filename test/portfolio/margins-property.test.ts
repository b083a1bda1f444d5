import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Topics } from "../../src/common/topics.js";
import { USD } from "../../src/model/currency.js";
import { OrderEvents, type OrderEvent } from "../../src/model/events.js";
import { TradeId } from "../../src/model/identifiers.js";
import type { Order } from "../../src/model/orders/order.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { ordersMargin } from "../../src/portfolio/index.js";
import { AAPL, ACC, ES, accountState, makeHarness, type Harness } from "./fixtures.js";

type Op =
  | { readonly kind: "open"; readonly es: boolean; readonly buy: boolean; readonly qty: number; readonly cents: number }
  | { readonly kind: "fill"; readonly pick: number; readonly qty: number }
  | { readonly kind: "update"; readonly pick: number; readonly qty: number; readonly cents: number }
  | { readonly kind: "cancel"; readonly pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("open" as const), es: fc.boolean(), buy: fc.boolean(), qty: fc.integer({ min: 1, max: 20 }), cents: fc.integer({ min: 100, max: 500_000 }) }),
  fc.record({ kind: fc.constant("fill" as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 30 }), cents: fc.integer({ min: 100, max: 500_000 }) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
);

function px(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

let tradeSeq = 0;

function emit(h: Harness, order: Order, event: OrderEvent): void {
  order.apply(event);
  h.cache.updateOrder(order);
  h.bus.publish(Topics.orderEvents(order.strategyId), event);
}

function run(h: Harness, orders: Order[], op: Op): void {
  if (op.kind === "open") {
    const instrument = op.es ? ES : AAPL;
    orders.push(h.openOrder(instrument.id, op.buy ? "BUY" : "SELL", String(op.qty), { price: px(op.es ? op.cents - (op.cents % 25) + 25 : op.cents) }));
    return;
  }
  const open = orders.filter((o) => o.isOpen());
  const order = open[op.pick % Math.max(open.length, 1)];
  if (order === undefined) return;
  if (op.kind === "cancel") emit(h, order, OrderEvents.canceled(order, h.meta()));
  else if (op.kind === "update") {
    const qty = Quantity.from(String(Math.max(op.qty, Number(order.filledQty.toString()) + 1)));
    emit(h, order, OrderEvents.updated(order, { quantity: qty, price: Price.from(px(op.cents - (op.cents % 25) + 25)) }, h.meta()));
  } else {
    const lastQty = Quantity.from(String(Math.min(op.qty, Number(order.leavesQty.toString()))));
    const fill = {
      venueOrderId: order.venueOrderId ?? (() => { throw new Error("no venue order id"); })(),
      accountId: ACC,
      tradeId: TradeId(`MP-${++tradeSeq}`),
      orderSide: order.side,
      orderType: order.orderType,
      lastQty,
      lastPx: order.price ?? Price.from("1.00"),
      currency: USD,
      commission: Money.zero(USD),
      liquiditySide: "MAKER" as const,
    };
    emit(h, order, OrderEvents.filled(order, fill, h.meta()));
  }
}

describe("Portfolio margins property", () => {
  for (const accountType of ["MARGIN", "CASH"] as const) {
    it(`${accountType}: incremental margins equal a full recount over any order event sequence`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
          const h = makeHarness();
          h.portfolio.updateAccount(accountState({ accountType }));
          const account = h.cache.account(ACC);
          if (account === undefined) throw new Error("no account");
          const orders: Order[] = [];
          for (const op of ops) run(h, orders, op);
          const shown = accountType === "MARGIN" ? h.portfolio.marginsInit(ACC) : h.portfolio.balancesLocked(ACC);
          for (const instrument of [AAPL, ES]) {
            const open = h.cache.ordersOpen({ instrumentId: instrument.id });
            const expected = open.length === 0 ? undefined : ordersMargin(account, instrument, open).toString();
            expect(shown.get(instrument.id)?.toString()).toBe(expected);
          }
          h.portfolio.initializeOrders(); // the recount agrees with the running sums
          const recounted = accountType === "MARGIN" ? h.portfolio.marginsInit(ACC) : h.portfolio.balancesLocked(ACC);
          expect([...recounted].map(([k, v]) => `${k}=${v}`).sort()).toEqual([...shown].map(([k, v]) => `${k}=${v}`).sort());
        }),
        { numRuns: 150 },
      );
    });
  }
});
