import { describe, expect, it } from "vitest";
import { ACCOUNT, permOf, quietVenue, record, req, SPY, value } from "./helpers.js";

describe("venue control operations", () => {
  it("movePrice sets bid/ask/last, refuses derived and off-tick prices, and reprices options", () => {
    const v = quietVenue();
    const call = v.findContracts({ symbol: "SPY", secType: "OPT", right: "C", strike: 500, lastTradeDateOrContractMonth: "20260414" })[0]!;
    const before = v.quote(call.conId)!.bid;
    expect(v.movePrice(SPY, 520).ok).toBe(true);
    expect(v.quote(SPY)).toMatchObject({ bid: 520, ask: 520.01, last: 520 });
    expect(v.quote(call.conId)!.bid).toBeGreaterThan(before + 17);
    expect(v.movePrice(call.conId, 5).ok).toBe(false);
    expect(v.movePrice(SPY, 520.005).ok).toBe(false);
    expect(v.movePrice(1, 5).ok).toBe(false);
  });

  it("placeExternalOrder: clientId 0, orderId 0, external; binding gives negative ids and ORDER_BOUND", () => {
    const v = quietVenue();
    const rec = record(v);
    const r = v.placeExternalOrder({ ...req({ orderType: "LMT", lmtPrice: 400 }) });
    const p = permOf(r);
    expect(v.order(p)).toMatchObject({ clientId: 0, orderId: 0, external: true, status: "Submitted" });
    const bound = v.bindExternalOrders();
    expect(bound.map((o) => [o.permId, o.orderId])).toEqual([[p, -1]]);
    expect(rec.events.some((e) => e.kind === "orderBound" && e.permId === p && e.orderId === -1)).toBe(true);
    expect(v.cancelOrder(0, -1).ok).toBe(true);
  });

  it("externalTrade changes the position under the client, at a given price or the touch", () => {
    const v = quietVenue();
    const r = v.externalTrade({ conId: SPY, action: "BUY", quantity: "50", price: 499 });
    expect(r.ok && r.value).toMatchObject({ clientId: 0, orderId: 0, price: 499, shares: "50", external: true, account: ACCOUNT });
    v.externalTrade({ conId: SPY, action: "SELL", quantity: "20", account: "DU222" });
    const rows = v.positions().map((p) => [p.account, p.position]);
    expect(rows).toEqual([[ACCOUNT, "50"], ["DU222", "-20"]]);
    expect(v.executions()[1]!.execution.price).toBe(500);
    expect(v.completedOrders()).toHaveLength(2);
  });

  it("forgetOrder: the venue no longer reports or matches the order", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490 })));
    expect(v.forgetOrder(p).ok).toBe(true);
    expect(v.openOrders()).toEqual([]);
    expect(v.order(p)).toBeUndefined();
    v.movePrice(SPY, 480);
    expect(v.executions()).toEqual([]);
    expect(v.forgetOrder(p).ok).toBe(false);
  });

  it("cancelAsTwsUser: Cancelled and 202 to the owner", () => {
    const v = quietVenue();
    const rec = record(v);
    const p = permOf(v.placeOrder(req({ clientId: 4, orderType: "LMT", lmtPrice: 490 })));
    expect(v.cancelAsTwsUser(p).ok).toBe(true);
    expect(v.order(p)).toMatchObject({ status: "Cancelled", completedStatus: "Cancelled by User" });
    expect(rec.errors().at(-1)).toMatchObject({ code: 202, clientId: 4 });
    expect(v.cancelAsTwsUser(p).ok).toBe(false);
  });

  it("rejectNextOrder: the next new order gets 201 and goes Inactive; the one after is normal", () => {
    const v = quietVenue();
    const rec = record(v);
    v.rejectNextOrder("margin");
    const a = permOf(v.placeOrder(req({})));
    const b = permOf(v.placeOrder(req({})));
    expect(v.order(a)).toMatchObject({ status: "Inactive", completedStatus: "Rejected: margin" });
    expect(rec.errors()[0]).toMatchObject({ code: 201, message: "Order rejected - reason:margin" });
    expect(v.order(b)!.status).toBe("Filled");
  });

  it("fillNow fills a resting order at once (whole, partial, at a price) and refuses bad input", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 450, totalQuantity: "100" })));
    const r1 = v.fillNow(p, { quantity: "30", price: 450 });
    expect(r1.ok && r1.value).toMatchObject({ shares: "30", price: 450 });
    expect(v.order(p)).toMatchObject({ status: "Submitted", filled: "30" });
    expect(v.fillNow(p, { quantity: "500" }).ok).toBe(false);
    expect(v.fillNow(p, { price: 450.001 }).ok).toBe(false);
    expect(v.fillNow(p).ok).toBe(true);
    expect(v.order(p)).toMatchObject({ status: "Filled", filled: "100" });
    expect(v.fillNow(p).ok).toBe(false);
    const stop = permOf(v.placeOrder(req({ orderType: "STP", auxPrice: 600 })));
    expect(v.fillNow(stop).ok).toBe(true);
    expect(v.order(stop)!.status).toBe("Filled");
  });

  it("duplicateExecution re-emits the execution and commission with the same execId, booked once", () => {
    const v = quietVenue();
    v.placeOrder(req({}));
    const rec = record(v);
    const execId = v.executions()[0]!.execution.execId;
    const cash = value(v, "TotalCashValue");
    expect(v.duplicateExecution(execId).ok).toBe(true);
    expect(rec.events.map((e) => [e.kind, "replay" in e ? e.replay : null])).toEqual([
      ["execution", true],
      ["commission", true],
    ]);
    expect(rec.events[0]!.kind === "execution" && rec.events[0]!.execution.execId).toBe(execId);
    expect(value(v, "TotalCashValue")).toBe(cash);
    expect(v.executions()).toHaveLength(1);
    expect(v.duplicateExecution("nope").ok).toBe(false);
  });

  it("events are delivered after the operation, and a listener may call back into the venue", () => {
    const v = quietVenue();
    const seen: number[] = [];
    v.subscribe((e) => {
      if (e.kind === "execution") seen.push(v.positions().length);
    });
    v.placeOrder(req({}));
    expect(seen).toEqual([1]);
  });
});
