/**
 * The venue order id index under contention: an id pointed at another order, an id linked before
 * its order is cached, and removal. The rule (unchanged by the incremental index): after an
 * order's update every venue order id it had points at it; `addVenueOrderId` re-points an id at
 * once; removing an order drops exactly the ids pointing at it.
 */
import { describe, expect, it } from "vitest";
import { Cache } from "../../src/cache/cache.js";
import { ClientOrderId, VenueOrderId } from "../../src/model/identifiers.js";
import { apply, makeOrder } from "./fixtures.js";

const V1 = VenueOrderId("V-1");

describe("Cache venue order id index", () => {
  it("an id taken by another order points back at its order after that order's next update", () => {
    const cache = new Cache();
    const a = makeOrder({ id: "A" });
    const b = makeOrder({ id: "B" });
    cache.addOrder(a);
    cache.addOrder(b);
    apply(a, { kind: "submit" });
    cache.updateOrder(a);
    apply(a, { kind: "accept", voi: "V-1" });
    cache.updateOrder(a);
    expect(cache.clientOrderIdFor(V1)).toBe("A");

    cache.addVenueOrderId(ClientOrderId("B"), V1);
    expect(cache.clientOrderIdFor(V1)).toBe("B");
    apply(b, { kind: "submit" });
    cache.updateOrder(b); // B's update does not touch A's id
    expect(cache.clientOrderIdFor(V1)).toBe("B");

    apply(a, { kind: "pendingCancel" });
    cache.updateOrder(a);
    expect(cache.clientOrderIdFor(V1)).toBe("A");
    // and the id is A's again: removing B leaves it, removing A drops it
    apply(b, { kind: "reject" });
    cache.updateOrder(b);
    cache.purgeClosedOrders(100n, 0n);
    expect(cache.orderExists(ClientOrderId("B"))).toBe(false);
    expect(cache.clientOrderIdFor(V1)).toBe("A");
    apply(a, { kind: "cancel" });
    cache.updateOrder(a);
    cache.purgeClosedOrders(100n, 0n);
    expect(cache.clientOrderIdFor(V1)).toBeUndefined();
  });

  it("an order removed while another holds one of its ids leaves that id to the other", () => {
    const cache = new Cache();
    const a = makeOrder({ id: "A" });
    cache.addOrder(a);
    apply(a, { kind: "submit" });
    apply(a, { kind: "accept", voi: "V-1" });
    cache.updateOrder(a);
    apply(a, { kind: "cancel" });
    cache.updateOrder(a);
    const c = makeOrder({ id: "C" });
    cache.addOrder(c);
    cache.addVenueOrderId(ClientOrderId("C"), V1);
    // A is purged with no update after C took its id: the purge must not drop C's id
    cache.purgeClosedOrders(100n, 0n);
    expect(cache.orderExists(ClientOrderId("A"))).toBe(false);
    expect(cache.clientOrderIdFor(V1)).toBe("C");
  });

  it("ids linked before the order is cached belong to it once added (removed with it)", () => {
    const cache = new Cache();
    cache.addVenueOrderId(ClientOrderId("X"), VenueOrderId("V-X1"));
    expect(cache.clientOrderIdFor(VenueOrderId("V-X1"))).toBe("X");
    const x = makeOrder({ id: "X" });
    cache.addOrder(x);
    apply(x, { kind: "submit" });
    apply(x, { kind: "accept", voi: "V-X2" });
    cache.updateOrder(x);
    expect(cache.clientOrderIdFor(VenueOrderId("V-X1"))).toBe("X");
    expect(cache.clientOrderIdFor(VenueOrderId("V-X2"))).toBe("X");
    apply(x, { kind: "cancel" });
    cache.updateOrder(x);
    cache.purgeClosedOrders(100n, 0n);
    expect(cache.clientOrderIdFor(VenueOrderId("V-X1"))).toBeUndefined();
    expect(cache.clientOrderIdFor(VenueOrderId("V-X2"))).toBeUndefined();
  });

  it("a removed order's entry is not served from the lookup memo", () => {
    const cache = new Cache();
    const a = makeOrder({ id: "A" });
    cache.addOrder(a);
    expect(cache.order(ClientOrderId("A"))).toBe(a); // now the memoized entry
    apply(a, { kind: "deny" });
    cache.updateOrder(a);
    cache.purgeClosedOrders(100n, 0n);
    expect(cache.order(ClientOrderId("A"))).toBeUndefined();
    expect(cache.orderExists(ClientOrderId("A"))).toBe(false);
    const again = makeOrder({ id: "A" });
    cache.addOrder(again);
    expect(cache.order(ClientOrderId("A"))).toBe(again);
  });
});
