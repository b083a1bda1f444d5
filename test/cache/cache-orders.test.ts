import { describe, expect, it } from "vitest";
import { Cache } from "../../src/cache/cache.js";
import { ClientId, ClientOrderId, PositionId, Venue, VenueOrderId } from "../../src/model/identifiers.js";
import type { Order } from "../../src/model/orders/order.js";
import { AAPL, ACC, S1, S2, SPY, apply, makeOrder, type OrderSpec, type Step } from "./fixtures.js";

type SetName = "open" | "closed" | "inflight" | "emulated";

/** The status sets an order must be in after each step, and nothing else. */
interface Row {
  step: Step;
  sets: SetName[];
  /** Venue order ids that must resolve to the order after the step. */
  vois?: string[];
}

interface Lifecycle {
  name: string;
  spec: OrderSpec;
  initial: SetName[];
  rows: Row[];
}

const lifecycles: Lifecycle[] = [
  {
    name: "accepted, modified (new venue id), canceled",
    spec: { id: "O-1" },
    initial: [],
    rows: [
      { step: { kind: "submit" }, sets: ["inflight"] },
      { step: { kind: "accept", voi: "V1" }, sets: ["open"], vois: ["V1"] },
      { step: { kind: "pendingUpdate" }, sets: ["open", "inflight"] },
      { step: { kind: "updated", voi: "V1b", qty: "50" }, sets: ["open"], vois: ["V1", "V1b"] },
      { step: { kind: "pendingCancel" }, sets: ["open", "inflight"] },
      { step: { kind: "cancel" }, sets: ["closed"], vois: ["V1", "V1b"] },
    ],
  },
  {
    name: "partially filled then filled",
    spec: { id: "O-2", qty: "100" },
    initial: [],
    rows: [
      { step: { kind: "submit" }, sets: ["inflight"] },
      { step: { kind: "accept", voi: "V2" }, sets: ["open"] },
      { step: { kind: "fill", qty: "40", px: "100.00", tradeId: "T1" }, sets: ["open"] },
      { step: { kind: "fill", qty: "60", px: "100.10", tradeId: "T2" }, sets: ["closed"], vois: ["V2"] },
    ],
  },
  {
    name: "emulated, released, submitted, rejected",
    spec: { id: "O-3", emulated: true },
    initial: [],
    rows: [
      { step: { kind: "emulate" }, sets: ["emulated"] },
      { step: { kind: "release" }, sets: [] },
      { step: { kind: "submit" }, sets: ["inflight"] },
      { step: { kind: "reject" }, sets: ["closed"] },
    ],
  },
  {
    name: "stop-limit triggered then expired",
    spec: { id: "O-4", orderType: "STOP_LIMIT" },
    initial: [],
    rows: [
      { step: { kind: "submit" }, sets: ["inflight"] },
      { step: { kind: "accept", voi: "V4" }, sets: ["open"] },
      { step: { kind: "trigger" }, sets: ["open"] },
      { step: { kind: "expire" }, sets: ["closed"] },
    ],
  },
  {
    name: "denied",
    spec: { id: "O-5" },
    initial: [],
    rows: [{ step: { kind: "deny" }, sets: ["closed"] }],
  },
  {
    name: "pending cancel answered by ACCEPTED (cancel failed) is open again",
    spec: { id: "O-6" },
    initial: [],
    rows: [
      { step: { kind: "submit" }, sets: ["inflight"] },
      { step: { kind: "accept", voi: "V6" }, sets: ["open"] },
      { step: { kind: "pendingCancel" }, sets: ["open", "inflight"] },
      { step: { kind: "accept", voi: "V6" }, sets: ["open"] },
    ],
  },
];

const ALL: SetName[] = ["open", "closed", "inflight", "emulated"];

function checkSets(cache: Cache, order: Order, sets: SetName[]): void {
  const id = order.clientOrderId;
  const byName: Record<SetName, [(id: ClientOrderId) => boolean, () => Order[], () => number]> = {
    open: [(i) => cache.isOrderOpen(i), () => cache.ordersOpen(), () => cache.ordersOpenCount()],
    closed: [(i) => cache.isOrderClosed(i), () => cache.ordersClosed(), () => cache.ordersClosedCount()],
    inflight: [(i) => cache.isOrderInflight(i), () => cache.ordersInflight(), () => cache.ordersInflightCount()],
    emulated: [(i) => cache.isOrderEmulated(i), () => cache.ordersEmulated(), () => cache.ordersEmulatedCount()],
  };
  for (const name of ALL) {
    const [is, list, count] = byName[name];
    const expected = sets.includes(name);
    expect(is(id), `${order.status}: in ${name}`).toBe(expected);
    expect(list().includes(order), `${order.status}: listed in ${name}`).toBe(expected);
    expect(count()).toBe(expected ? 1 : 0);
    // The filtered path agrees with the unfiltered one.
    expect(list().length).toBe(byName[name][1]().length);
  }
  // Indexes that never change through a life.
  expect(cache.orders({ strategyId: order.strategyId, instrumentId: order.instrumentId, venue: Venue("SMART"), side: order.side })).toEqual([order]);
  expect(cache.orders({ strategyId: S2 })).toEqual([]);
  expect(cache.order(id)).toBe(order);
}

describe("Cache order indexes through an order's life", () => {
  it.each(lifecycles)("$name", ({ spec, initial, rows }) => {
    const cache = new Cache();
    const order = makeOrder(spec);
    cache.addOrder(order, undefined, ClientId("IB"));
    checkSets(cache, order, initial);
    expect(cache.clientId(order.clientOrderId)).toBe("IB");
    for (const row of rows) {
      apply(order, row.step);
      cache.updateOrder(order);
      checkSets(cache, order, row.sets);
      for (const v of row.vois ?? []) expect(cache.clientOrderIdFor(VenueOrderId(v))).toBe(order.clientOrderId);
    }
    if (order.accountId !== undefined) expect(cache.orders({ accountId: ACC })).toEqual([order]);
  });
});

describe("Cache order queries", () => {
  function populated(): { cache: Cache; orders: Record<string, Order> } {
    const cache = new Cache();
    const specs: (OrderSpec & { steps: Step[] })[] = [
      { id: "A", strategyId: S1, instrumentId: SPY.id, side: "BUY", steps: [{ kind: "submit" }, { kind: "accept", voi: "VA" }] },
      { id: "B", strategyId: S1, instrumentId: AAPL.id, side: "SELL", steps: [{ kind: "submit" }, { kind: "accept", voi: "VB" }] },
      { id: "C", strategyId: S2, instrumentId: SPY.id, side: "SELL", steps: [{ kind: "submit" }, { kind: "accept", voi: "VC" }] },
      { id: "D", strategyId: S2, instrumentId: SPY.id, side: "BUY", steps: [{ kind: "submit" }, { kind: "reject" }] },
      { id: "E", strategyId: S1, instrumentId: SPY.id, side: "BUY", steps: [{ kind: "submit" }] },
    ];
    const orders: Record<string, Order> = {};
    for (const s of specs) {
      const o = makeOrder(s);
      cache.addOrder(o);
      for (const step of s.steps) {
        apply(o, step);
        cache.updateOrder(o);
      }
      orders[s.id] = o;
    }
    return { cache, orders };
  }

  const ids = (os: Order[]): string[] => os.map((o) => o.clientOrderId).sort();

  it.each([
    { name: "open, all", q: (c: Cache) => c.ordersOpen(), expected: ["A", "B", "C"] },
    { name: "open by instrument", q: (c: Cache) => c.ordersOpen({ instrumentId: SPY.id }), expected: ["A", "C"] },
    { name: "open by strategy", q: (c: Cache) => c.ordersOpen({ strategyId: S1 }), expected: ["A", "B"] },
    { name: "open by instrument and strategy", q: (c: Cache) => c.ordersOpen({ instrumentId: SPY.id, strategyId: S2 }), expected: ["C"] },
    { name: "open by side", q: (c: Cache) => c.ordersOpen({ side: "SELL" }), expected: ["B", "C"] },
    { name: "open by venue", q: (c: Cache) => c.ordersOpen({ venue: Venue("NASDAQ") }), expected: ["B"] },
    { name: "closed", q: (c: Cache) => c.ordersClosed(), expected: ["D"] },
    { name: "in-flight by strategy", q: (c: Cache) => c.ordersInflight({ strategyId: S1 }), expected: ["E"] },
    { name: "all by instrument", q: (c: Cache) => c.orders({ instrumentId: SPY.id }), expected: ["A", "C", "D", "E"] },
    { name: "unknown instrument", q: (c: Cache) => c.orders({ instrumentId: AAPL.id, strategyId: S2 }), expected: [] },
  ])("$name", ({ q, expected }) => {
    const { cache } = populated();
    expect(ids(q(cache))).toEqual(expected);
  });

  it("counts agree with the lists", () => {
    const { cache } = populated();
    expect(cache.ordersTotalCount()).toBe(5);
    expect(cache.ordersOpenCount({ instrumentId: SPY.id })).toBe(2);
    expect(cache.ordersClosedCount({ strategyId: S1 })).toBe(0);
  });

  it("ordersOpenIterator yields the open orders in ordersOpen()'s order, without an array", () => {
    const { cache } = populated();
    expect(cache.ordersOpen().map((o) => o.clientOrderId)).toEqual(["A", "B", "C"]);
    expect([...cache.ordersOpenIterator()]).toEqual(cache.ordersOpen());
  });

  it("ordersOpenIterator is live: an order closed before it is reached is skipped, one opened meanwhile is visited", () => {
    const { cache, orders } = populated();
    const it = cache.ordersOpenIterator();
    expect(it.next().value).toBe(orders.A);
    apply(orders.B as Order, { kind: "cancel" });
    cache.updateOrder(orders.B as Order);
    apply(orders.E as Order, { kind: "accept", voi: "VE" });
    cache.updateOrder(orders.E as Order);
    expect([...it].map((o) => o.clientOrderId)).toEqual(["C", "E"]);
  });

  it("refuses a second order with the same id and an update of an unknown order", () => {
    const { cache, orders } = populated();
    expect(() => cache.addOrder(makeOrder({ id: "A" }))).toThrow(/already/);
    expect(() => cache.updateOrder(makeOrder({ id: "Z" }))).toThrow(/not in the cache/);
    expect(cache.order(ClientOrderId("A"))).toBe(orders.A);
  });

  it("links orders to positions given at add time or carried by a fill", () => {
    const cache = new Cache();
    const a = makeOrder({ id: "P1" });
    cache.addOrder(a, PositionId("SPY.SMART-EMACross-001"));
    expect(cache.positionIdFor(a.clientOrderId)).toBe("SPY.SMART-EMACross-001");
    const b = makeOrder({ id: "P2" });
    cache.addOrder(b);
    apply(b, { kind: "submit" });
    apply(b, { kind: "accept", voi: "VP2" });
    apply(b, { kind: "fill", qty: "100", px: "100.00", tradeId: "TP2", positionId: "P-HEDGE-1" });
    cache.updateOrder(b);
    expect(cache.positionIdFor(b.clientOrderId)).toBe("P-HEDGE-1");
    expect(cache.strategyIdForPosition(PositionId("P-HEDGE-1"))).toBe(S1);
    expect(cache.ordersForPosition(PositionId("P-HEDGE-1"))).toEqual([b]);
    expect(cache.strategyIds()).toEqual([S1]);
  });

  it("keeps external order claims one strategy per instrument", () => {
    const cache = new Cache();
    cache.addExternalOrderClaim(SPY.id, S1);
    cache.addExternalOrderClaim(SPY.id, S1);
    expect(() => cache.addExternalOrderClaim(SPY.id, S2)).toThrow(/already claimed by EMACross-001/);
    expect(cache.externalOrderClaim(SPY.id)).toBe(S1);
    expect(cache.externalOrderClaim(AAPL.id)).toBeUndefined();
  });
});
