import { describe, expect, it } from "vitest";
import { ACCOUNT, permOf, quietVenue, record, req, SPY, T0 } from "./helpers.js";

describe("market orders", () => {
  it("BUY MKT fills at the ask, SELL MKT at the bid, with IB's lifecycle", () => {
    const v = quietVenue();
    const rec = record(v);
    const buy = permOf(v.placeOrder(req({ action: "BUY" })));
    expect(rec.kinds()).toEqual(["order", "execution", "order", "commission", "position", "account"]);
    expect(rec.statuses(buy)).toEqual(["PreSubmitted", "Filled"]);
    const exec = v.executions()[0]!.execution;
    expect(exec.price).toBe(500.01);
    expect(exec.side).toBe("BOT");
    expect(exec.lastLiquidity).toBe(2);
    v.placeOrder(req({ action: "SELL" }));
    expect(v.executions()[1]!.execution.price).toBe(500);
    expect(v.order(buy)).toMatchObject({ status: "Filled", filled: "100", remaining: "0", avgFillPrice: 500.01, completedStatus: "Filled" });
  });
});

describe("limit orders", () => {
  it("a non-marketable LMT rests Submitted and fills at its limit when the market crosses it", () => {
    const v = quietVenue();
    const rec = record(v);
    const p = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 499.5 })));
    expect(rec.statuses(p)).toEqual(["Submitted"]);
    expect(v.openOrders().map((o) => o.permId)).toEqual([p]);
    v.movePrice(SPY, 499.8);
    expect(v.order(p)!.status).toBe("Submitted");
    v.movePrice(SPY, 499.2);
    const o = v.order(p)!;
    expect(o.status).toBe("Filled");
    expect(o.avgFillPrice).toBe(499.5);
    expect(v.executions()[0]!.execution.lastLiquidity).toBe(1);
    expect(v.openOrders()).toEqual([]);
  });

  it("a marketable LMT takes the touch (price improvement)", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 501 })));
    expect(v.order(p)!.avgFillPrice).toBe(500.01);
    const s = permOf(v.placeOrder(req({ orderType: "LMT", action: "SELL", lmtPrice: 499 })));
    expect(v.order(s)!.avgFillPrice).toBe(500);
  });
});

describe("stop and touch orders", () => {
  it("STP waits PreSubmitted (whyHeld trigger) and becomes a market order when the ask reaches it", () => {
    const v = quietVenue();
    const rec = record(v);
    const p = permOf(v.placeOrder(req({ orderType: "STP", auxPrice: 501 })));
    expect(v.order(p)).toMatchObject({ status: "PreSubmitted", whyHeld: "trigger" });
    v.movePrice(SPY, 500.5);
    expect(v.order(p)!.status).toBe("PreSubmitted");
    v.movePrice(SPY, 501.2);
    expect(rec.statuses(p)).toEqual(["PreSubmitted", "Submitted", "Filled"]);
    expect(v.order(p)!.avgFillPrice).toBe(501.21);
  });

  it("SELL STP triggers on the bid", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ action: "SELL", orderType: "STP", auxPrice: 495 })));
    v.movePrice(SPY, 495.01);
    expect(v.order(p)!.status).toBe("PreSubmitted");
    v.movePrice(SPY, 494);
    expect(v.order(p)).toMatchObject({ status: "Filled", avgFillPrice: 494 });
  });

  it("STP LMT rests at its limit once triggered when the limit is not marketable", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ orderType: "STP LMT", auxPrice: 501, lmtPrice: 501.05 })));
    v.movePrice(SPY, 502);
    expect(v.order(p)).toMatchObject({ status: "Submitted", whyHeld: "" });
    v.movePrice(SPY, 501);
    expect(v.order(p)).toMatchObject({ status: "Filled", avgFillPrice: 501.05 });
  });

  it("MIT fills when the market touches its price; LIT becomes a limit", () => {
    const v = quietVenue();
    const mit = permOf(v.placeOrder(req({ orderType: "MIT", auxPrice: 498 })));
    const lit = permOf(v.placeOrder(req({ action: "SELL", orderType: "LIT", auxPrice: 503, lmtPrice: 503.5 })));
    expect(v.order(mit)!.status).toBe("PreSubmitted");
    v.movePrice(SPY, 497.99);
    expect(v.order(mit)).toMatchObject({ status: "Filled", avgFillPrice: 498 });
    v.movePrice(SPY, 503.1);
    expect(v.order(lit)).toMatchObject({ status: "Submitted" });
    v.movePrice(SPY, 503.6);
    expect(v.order(lit)).toMatchObject({ status: "Filled", avgFillPrice: 503.5 });
  });

  it("TRAIL follows the market up and triggers on the way down (amount and percent)", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ action: "SELL", orderType: "TRAIL", auxPrice: 2 })));
    expect(v.order(p)!.trailStopPrice).toBe(498);
    v.movePrice(SPY, 505);
    expect(v.order(p)!.trailStopPrice).toBe(503);
    v.movePrice(SPY, 504);
    expect(v.order(p)!.trailStopPrice).toBe(503);
    v.movePrice(SPY, 502.5);
    expect(v.order(p)).toMatchObject({ status: "Filled", avgFillPrice: 502.5 });
    const pct = permOf(v.placeOrder(req({ action: "BUY", orderType: "TRAIL", trailingPercent: 1 })));
    // ask 502.51 + 1% (5.0251, snapped to 5.03)
    expect(v.order(pct)!.trailStopPrice).toBe(507.54);
  });

  it("TRAIL LIMIT keeps its limit at the offset from the stop", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ action: "SELL", orderType: "TRAIL LIMIT", auxPrice: 1, lmtPriceOffset: 0.5 })));
    v.movePrice(SPY, 510);
    expect(v.order(p)!.trailStopPrice).toBe(509);
    // The market gaps through the stop and below the limit (508.5): elected, resting.
    v.movePrice(SPY, 508);
    expect(v.order(p)).toMatchObject({ status: "Submitted", whyHeld: "" });
    v.movePrice(SPY, 508.6);
    expect(v.order(p)).toMatchObject({ status: "Filled", avgFillPrice: 508.5 });
  });
});

describe("time in force", () => {
  it("DAY expires at 16:00 New York, GTC stays", () => {
    const v = quietVenue();
    const day = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490 })));
    const gtc = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490, tif: "GTC" })));
    const close = Date.UTC(2026, 3, 13, 20, 0, 0);
    v.advance(close - 1000);
    expect(v.order(day)!.status).toBe("Submitted");
    v.advance(close);
    expect(v.order(day)).toMatchObject({ status: "Cancelled", completedStatus: "Expired" });
    expect(v.order(gtc)!.status).toBe("Submitted");
  });

  it("GTD expires at its time (UTC dash and zoned forms); a past or malformed date is refused", () => {
    const v = quietVenue();
    const rec = record(v);
    const a = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490, tif: "GTD", goodTillDate: "20260413-15:30:00" })));
    const b = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490, tif: "GTD", goodTillDate: "20260413 12:00:00 America/New_York" })));
    v.advance(T0 + 30 * 60_000 - 1);
    expect(v.order(a)!.status).toBe("Submitted");
    v.advance(T0 + 30 * 60_000);
    expect(v.order(a)!.status).toBe("Cancelled");
    expect(v.order(b)!.status).toBe("Submitted");
    v.advance(T0 + 60 * 60_000);
    expect(v.order(b)!.status).toBe("Cancelled");
    expect(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490, tif: "GTD", goodTillDate: "20200101-00:00:00" })).ok).toBe(false);
    expect(v.placeOrder(req({ orderType: "LMT", lmtPrice: 490, tif: "GTD", goodTillDate: "tomorrow" })).ok).toBe(false);
    expect(rec.errors().slice(-2).map((e) => e.code)).toEqual([321, 321]);
  });

  it("IOC fills what it can and cancels the rest; unmarketable IOC goes PendingCancel then Cancelled", () => {
    const v = quietVenue({ partialFills: { kind: "touchSize" } });
    const rec = record(v);
    const p = permOf(v.placeOrder(req({ totalQuantity: "1500", tif: "IOC" })));
    expect(v.order(p)).toMatchObject({ status: "Cancelled", filled: "1000" });
    expect(rec.statuses(p)).toEqual(["PreSubmitted", "Submitted", "PendingCancel", "Cancelled"]);
    rec.clear();
    const q = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 400, tif: "IOC" })));
    expect(rec.statuses(q)).toEqual(["PendingCancel", "Cancelled"]);
    expect(v.executions().filter((e) => e.execution.permId === q)).toEqual([]);
  });

  it("FOK fills completely or goes Inactive without fills", () => {
    const v = quietVenue({ partialFills: { kind: "touchSize" } });
    const rec = record(v);
    const no = permOf(v.placeOrder(req({ totalQuantity: "1500", tif: "FOK" })));
    expect(rec.statuses(no)).toEqual(["Inactive"]);
    expect(v.order(no)!.filled).toBe("0");
    const yes = permOf(v.placeOrder(req({ totalQuantity: "800", tif: "FOK" })));
    expect(v.order(yes)).toMatchObject({ status: "Filled", filled: "800" });
  });
});

describe("partial fills", () => {
  it("chunks mode fills a fixed size per matching pass; status stays Submitted until complete", () => {
    const v = quietVenue({ partialFills: { kind: "chunks", qty: "30" } });
    const rec = record(v);
    const p = permOf(v.placeOrder(req({ totalQuantity: "100" })));
    expect(v.order(p)).toMatchObject({ status: "Submitted", filled: "30", remaining: "70" });
    for (let i = 1; i <= 3; i++) v.advance(T0 + i * 1000);
    expect(v.order(p)).toMatchObject({ status: "Filled", filled: "100", remaining: "0" });
    const execs = v.executions();
    expect(execs.map((e) => e.execution.shares)).toEqual(["30", "30", "30", "10"]);
    expect(execs.map((e) => e.execution.cumQty)).toEqual(["30", "60", "90", "100"]);
    expect(rec.statuses(p).at(-1)).toBe("Filled");
  });

  it("off mode fills everything at once; the mode can be switched at run time", () => {
    const v = quietVenue();
    v.setPartialFillMode({ kind: "chunks", qty: "10" });
    const p = permOf(v.placeOrder(req({ totalQuantity: "25" })));
    expect(v.order(p)!.filled).toBe("10");
    v.setPartialFillMode({ kind: "off" });
    v.advance(T0 + 1000);
    expect(v.order(p)!.filled).toBe("25");
  });

  it("account defaults to the first one; an unknown account is refused", () => {
    const v = quietVenue();
    expect(v.placeOrder(req({})).ok).toBe(true);
    expect(v.executions()[0]!.execution.account).toBe(ACCOUNT);
    const r = v.placeOrder(req({ account: "NOPE" }));
    expect(r.ok).toBe(false);
  });
});
