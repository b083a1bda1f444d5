import { describe, expect, it } from "vitest";
import { OrderTracker, type TrackedOrder } from "../../../../src/adapters/ib/execution/tracker.js";

/** A tracked order with only what the tracker reads (identity and state). */
function tracked(clientOrderId: string, orderId: number, permId: number | undefined, closed: boolean): TrackedOrder {
  return { ref: { clientOrderId }, orderId, permId, closed, accepted: true, deferred: [] } as unknown as TrackedOrder;
}

describe("OrderTracker.forget", () => {
  it("drops a closed order from every lookup (clientOrderId, permId, orderId)", () => {
    const book = new OrderTracker();
    book.add(tracked("O-1", 7, 1001, true));
    expect(book.forget("O-1")).toBe(true);
    expect(book.get("O-1")).toBeUndefined();
    expect(book.byPermId(1001)).toBeUndefined();
    expect(book.byOrderId(7)).toBeUndefined();
    expect(book.find("O-1", 1001, 7)).toBeUndefined();
    expect(book.size).toBe(0);
  });

  it("keeps an order that is still open here, and ignores ids it never had", () => {
    const book = new OrderTracker();
    const open = tracked("O-1", 7, 1001, false);
    book.add(open);
    expect(book.forget("O-1")).toBe(false);
    expect(book.forget("O-404")).toBe(false);
    expect(book.get("O-1")).toBe(open);
    expect(book.open()).toEqual([open]);
  });

  it("leaves an orderId a new session gave to another order", () => {
    const book = new OrderTracker();
    book.add(tracked("O-1", 7, 1001, true));
    book.newSession(); // a restarted gateway may reissue orderId 7
    const next = tracked("O-2", 7, 1002, false);
    book.add(next);
    book.forget("O-1");
    expect(book.byOrderId(7)).toBe(next);
    expect(book.byPermId(1002)).toBe(next);
    expect(book.size).toBe(1);
  });
});
