import { describe, expect, it } from "vitest";
import { freshId, permOf, quietVenue, record, req, SPY } from "./helpers.js";

describe("modify", () => {
  it("same orderId while open modifies price and quantity; a crossing modification fills", () => {
    const v = quietVenue();
    const rec = record(v);
    const id = freshId();
    const p = permOf(v.placeOrder(req({ orderId: id, orderType: "LMT", lmtPrice: 490 })));
    v.placeOrder(req({ orderId: id, orderType: "LMT", lmtPrice: 491, totalQuantity: "200" }));
    expect(v.order(p)).toMatchObject({ permId: p, status: "Submitted", remaining: "200" });
    expect(v.order(p)!.request.lmtPrice).toBe(491);
    expect(rec.events.find((e) => e.kind === "order" && e.cause === "modified")).toBeDefined();
    v.placeOrder(req({ orderId: id, orderType: "LMT", lmtPrice: 501, totalQuantity: "200" }));
    expect(v.order(p)).toMatchObject({ status: "Filled", filled: "200", avgFillPrice: 500.01 });
    expect(v.openOrders()).toEqual([]);
  });

  it("modifying a filled order gives 104, reusing a cancelled id 103, a lower id 103", () => {
    const v = quietVenue();
    const rec = record(v);
    const filledId = freshId();
    v.placeOrder(req({ orderId: filledId }));
    v.placeOrder(req({ orderId: filledId, totalQuantity: "5" }));
    const cancelledId = freshId();
    v.placeOrder(req({ orderId: cancelledId, orderType: "LMT", lmtPrice: 400 }));
    v.cancelOrder(1, cancelledId);
    v.placeOrder(req({ orderId: cancelledId, orderType: "LMT", lmtPrice: 401 }));
    v.placeOrder(req({ orderId: 1 }));
    expect(rec.errors().map((e) => e.code)).toEqual([104, 202, 103, 103]);
    expect(rec.errors()[0]!.message).toBe("Cannot modify a filled order.");
    expect(rec.errors()[2]!.message).toBe("Duplicate order id");
  });

  it("a modification cannot reduce below the filled quantity", () => {
    const v = quietVenue({ partialFills: { kind: "chunks", qty: "60" } });
    const id = freshId();
    v.placeOrder(req({ orderId: id, totalQuantity: "100" }));
    const r = v.placeOrder(req({ orderId: id, totalQuantity: "50" }));
    expect(r.ok).toBe(false);
  });
});

describe("cancel", () => {
  it("cancels with Cancelled + 202; unknown gives 10147; terminal 10148; Inactive 161", () => {
    const v = quietVenue();
    const rec = record(v);
    const id = freshId();
    const p = permOf(v.placeOrder(req({ orderId: id, orderType: "LMT", lmtPrice: 400 })));
    rec.clear();
    v.cancelOrder(1, id);
    expect(rec.statuses(p)).toEqual(["Cancelled"]);
    expect(rec.errors()).toEqual([{ code: 202, orderId: id, clientId: 1, message: "Order Canceled - reason:" }]);
    expect(v.order(p)).toMatchObject({ filled: "0", remaining: "100", completedStatus: "Cancelled by Trader" });
    rec.clear();
    v.cancelOrder(1, 987654);
    v.cancelOrder(1, id);
    const filledId = freshId();
    v.placeOrder(req({ orderId: filledId }));
    v.cancelOrder(1, filledId);
    v.rejectNextOrder("test");
    const rejectedId = freshId();
    const rejected = permOf(v.placeOrder(req({ orderId: rejectedId })));
    v.cancelOrder(1, rejectedId);
    const codes = rec.errors().map((e) => [e.code, e.message]);
    expect(codes).toEqual([
      [10147, "OrderId 987654 that needs to be cancelled is not found."],
      [10148, `OrderId ${id} that needs to be cancelled cannot be cancelled, state: Cancelled.`],
      [10148, `OrderId ${filledId} that needs to be cancelled cannot be cancelled, state: Filled.`],
      [201, "Order rejected - reason:test"],
      [161, `Cancel attempted when order is not in a cancellable state.  Order permId =${rejected}`],
    ]);
  });

  it("another client can cancel an order it saw through reqAllOpenOrders; the 202 goes to the requester", () => {
    const v = quietVenue();
    const rec = record(v);
    const id = freshId();
    const p = permOf(v.placeOrder(req({ clientId: 7, orderId: id, orderType: "LMT", lmtPrice: 400 })));
    v.cancelOrder(2, id);
    expect(v.order(p)!.status).toBe("Cancelled");
    expect(rec.errors().at(-1)).toMatchObject({ code: 202, clientId: 2, orderId: id });
  });

  it("global cancel cancels every live order of every client and TWS", () => {
    const v = quietVenue();
    const a = permOf(v.placeOrder(req({ clientId: 1, orderType: "LMT", lmtPrice: 400 })));
    const b = permOf(v.placeOrder(req({ clientId: 2, orderType: "LMT", lmtPrice: 400 })));
    const c = permOf(v.placeExternalOrder({ ...req({ orderType: "LMT", lmtPrice: 400 }) }));
    v.globalCancel(1);
    expect([a, b, c].map((p) => v.order(p)!.status)).toEqual(["Cancelled", "Cancelled", "Cancelled"]);
    expect(v.openOrders()).toEqual([]);
  });
});

describe("validation errors", () => {
  it("unknown contract 200, bad order type 321, bad TIF 321, off-tick price 110, bad size 321", () => {
    const v = quietVenue();
    const rec = record(v);
    v.placeOrder(req({ contract: { symbol: "NOPE", secType: "STK" } }));
    v.placeOrder(req({ orderType: "bF" }));
    v.placeOrder(req({ tif: "XYZ" }));
    v.placeOrder(req({ orderType: "LMT", lmtPrice: 500.005 }));
    v.placeOrder(req({ totalQuantity: "0" }));
    v.placeOrder(req({ orderType: "LMT" }));
    v.placeOrder(req({ contract: { conId: 495512563 }, orderType: "LMT", lmtPrice: 5000.1 }));
    expect(rec.errors().map((e) => e.code)).toEqual([200, 321, 321, 110, 321, 321, 110]);
    expect(rec.errors()[0]!.message).toBe("No security definition has been found for the request");
    expect(rec.errors()[1]!.message).toBe("Error validating request.-'bF' : cause - Invalid order type was entered");
    expect(v.openOrders()).toEqual([]);
    expect(rec.events.filter((e) => e.kind === "order")).toEqual([]);
  });
});

describe("transmit", () => {
  it("an empty transmit field stages the order unless missingTransmit is 'transmit'", () => {
    const v = quietVenue();
    const { transmit: _t, ...noTransmit } = req({ orderType: "LMT", lmtPrice: 400 });
    const staged = permOf(v.placeOrder(noTransmit));
    expect(v.openOrders()).toEqual([]);
    expect(v.order(staged)!.status).toBe("PendingSubmit");
    v.setMissingTransmit("transmit");
    const { transmit: _u, ...again } = req({ orderType: "LMT", lmtPrice: 400 });
    const live = permOf(v.placeOrder(again));
    expect(v.openOrders().map((o) => o.permId)).toEqual([live]);
    // Re-sending the staged order with transmit=true transmits it.
    const o = v.order(staged)!;
    v.placeOrder({ ...o.request, transmit: true });
    expect(v.order(staged)!.status).toBe("Submitted");
  });
});

describe("identifiers", () => {
  it("permIds are unique and increasing; execIds have IB's format and are unique", () => {
    const v = quietVenue();
    const perms = Array.from({ length: 20 }, (_, i) => permOf(v.placeOrder(req({ action: i % 2 === 0 ? "BUY" : "SELL", totalQuantity: "1" }))));
    expect(new Set(perms).size).toBe(20);
    expect([...perms].sort((a, b) => a - b)).toEqual(perms);
    const ids = v.executions().map((e) => e.execution.execId);
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{2}\.[0-9a-f]{2}$/);
    expect(v.executions()[0]!.commission.execId).toBe(ids[0]);
  });

  it("nextOrderIdFor is max used + 1 per client", () => {
    const v = quietVenue();
    expect(v.nextOrderIdFor(3)).toBe(1);
    v.placeOrder(req({ clientId: 3, orderId: 41, orderType: "LMT", lmtPrice: 400 }));
    v.placeOrder(req({ clientId: 3, orderId: 7 }));
    expect(v.nextOrderIdFor(3)).toBe(42);
    expect(v.nextOrderIdFor(4)).toBe(1);
  });

  it("open orders filter by client; completed orders list terminal ones", () => {
    const v = quietVenue();
    const a = permOf(v.placeOrder(req({ clientId: 5, orderType: "LMT", lmtPrice: 400 })));
    permOf(v.placeOrder(req({ clientId: 6, orderType: "LMT", lmtPrice: 400 })));
    const filled = permOf(v.placeOrder(req({ clientId: 5 })));
    expect(v.openOrders({ clientId: 5 }).map((o) => o.permId)).toEqual([a]);
    expect(v.openOrders()).toHaveLength(2);
    expect(v.completedOrders().map((o) => o.permId)).toEqual([filled]);
    expect(v.completedOrders()[0]!.completedTime).toBe("20260413 15:00:00 UTC");
  });

  it("contracts resolve like IB: stock by symbol, options need secType and fields, futures by symbol", () => {
    const v = quietVenue();
    expect(v.findContracts({ symbol: "SPY" }).map((c) => c.conId)).toEqual([SPY]);
    expect(v.findContracts({ symbol: "SPY", secType: "OPT" })).toHaveLength(20);
    const call = v.findContracts({ symbol: "SPY", secType: "OPT", right: "C", strike: 500, lastTradeDateOrContractMonth: "20260413" });
    expect(call.map((c) => c.localSymbol)).toEqual(["SPY   260413C00500000"]);
    expect(v.findContracts({ symbol: "ES", secType: "FUT", exchange: "CME" })[0]).toMatchObject({ localSymbol: "ESM6", multiplier: "50", lastTradeDateOrContractMonth: "20260619", minTick: 0.25 });
    expect(v.findContracts({ symbol: "SPY", secType: "STK", exchange: "NYSE" })).toEqual([]);
    const chain = v.optionChain("SPY", SPY);
    expect(chain[0]).toMatchObject({ exchange: "SMART", expirations: ["20260413", "20260414"], strikes: [490, 495, 500, 505, 510], multiplier: "100" });
  });
});
