import { describe, expect, it } from "vitest";
import { AAPL, ES, makeHarness } from "./fixtures.js";

describe("Portfolio marks", () => {
  it("without any price a position has no unrealized PnL", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)).toBeUndefined();
  });

  it("a long falls back to the last trade when there is no quote, and the quote's bid wins once there is one", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.trade(AAPL.id, "102.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("20.00 USD");
    h.quote(AAPL.id, "101.00", "101.50");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("10.00 USD");
    h.trade(AAPL.id, "150.00"); // a later trade does not override the quote side
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("10.00 USD");
  });

  it("every new quote re-marks the position (no stale PnL)", () => {
    const h = makeHarness();
    h.fill(ES.id, "BUY", "1", "5000.00");
    const seen: string[] = [];
    for (const bid of ["5000.25", "4999.50", "5010.00"]) {
      h.quote(ES.id, bid, "5010.25");
      seen.push(h.portfolio.unrealizedPnl(ES.id)?.toString() ?? "none");
    }
    expect(seen).toEqual(["12.50 USD", "-25.00 USD", "500.00 USD"]);
  });

  it("bars mark a position when there is no quote or trade: a long at the BID bar, else LAST", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.bar(AAPL.id, "ASK", "104.00"); // never marks a long
    expect(h.portfolio.unrealizedPnl(AAPL.id)).toBeUndefined();
    h.bar(AAPL.id, "LAST", "103.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("30.00 USD");
    h.bar(AAPL.id, "BID", "102.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("20.00 USD");
    h.bar(AAPL.id, "BID", "101.00"); // the latest close of that price type
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("10.00 USD");
  });

  it("a short is never marked at a BID bar; an ASK bar marks it", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "SELL", "10", "100.00");
    h.bar(AAPL.id, "BID", "90.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)).toBeUndefined();
    h.bar(AAPL.id, "ASK", "98.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("20.00 USD");
  });

  it("barUpdates=false ignores bars", () => {
    const h = makeHarness({ config: { barUpdates: false } });
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.bar(AAPL.id, "BID", "102.00");
    expect(h.portfolio.unrealizedPnl(AAPL.id)).toBeUndefined();
    expect(h.bus.hasSubscribers("data.bars.AAPL.NASDAQ-1-MINUTE-BID-EXTERNAL")).toBe(false);
  });

  it("useMarkPrices marks at the cached mark price, before the quote; without a mark it falls back to the quote", () => {
    const h = makeHarness({ config: { useMarkPrices: true } });
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.quote(AAPL.id, "101.00", "101.10");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("10.00 USD");
    h.cache.addMarkPrice(AAPL.id, AAPL.makePrice("100.55"));
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("5.50 USD");
  });

  it("useMarkPrices=false ignores mark prices", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.cache.addMarkPrice(AAPL.id, AAPL.makePrice("100.55"));
    expect(h.portfolio.unrealizedPnl(AAPL.id)).toBeUndefined();
    h.quote(AAPL.id, "101.00", "101.10");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("10.00 USD");
  });

  it("debug logs each re-mark of an instrument with an open position", () => {
    const h = makeHarness({ config: { debug: true } });
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.quote(AAPL.id, "101.00", "101.10");
    const marked = h.records.filter((r) => r.msg === `Marked ${AAPL.id}`);
    expect(marked.map((r) => r.unrealized)).toEqual(["10.00 USD"]);
    expect(h.records.some((r) => r.msg === "Updated from PositionOpened" && r.net === "10")).toBe(true);
    const quiet = makeHarness();
    quiet.fill(AAPL.id, "BUY", "10", "100.00");
    quiet.quote(AAPL.id, "101.00", "101.10");
    expect(quiet.records.some((r) => r.msg.startsWith("Marked") || r.msg.startsWith("Updated from"))).toBe(false);
  });
});
