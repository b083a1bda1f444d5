import { describe, expect, it } from "vitest";
import { MS, AAPL, ES, MSFT, makeHarness } from "./fixtures.js";

/** Lets settled promise callbacks run. */
const flush = () => new Promise<void>((r) => setImmediate(r));

function track(p: Promise<boolean>): { value: boolean | undefined } {
  const box: { value: boolean | undefined } = { value: undefined };
  void p.then((v) => (box.value = v));
  return box;
}

describe("Portfolio initialization", () => {
  it("is not initialized before initializePositions, and is with no open positions", async () => {
    const h = makeHarness();
    expect(h.portfolio.initialized).toBe(false);
    h.portfolio.initializeOrders();
    expect(h.portfolio.initialized).toBe(false);
    h.portfolio.initializePositions();
    expect(h.portfolio.initialized).toBe(true);
    expect(await h.portfolio.whenInitialized(1000)).toBe(true);
    expect(h.clock.timerCount()).toBe(0);
    expect(h.logs("info")).toContain("Initialized 0 open positions");
  });

  it("open positions whose instruments all have prices: initialized at once", async () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.fill(ES.id, "SELL", "1", "5000.00");
    h.quote(AAPL.id, "101.00", "101.10");
    h.trade(ES.id, "4999.00");
    h.portfolio.initializePositions();
    expect(h.portfolio.initialized).toBe(true);
    expect(h.portfolio.pendingInstruments()).toEqual([]);
    expect(await h.portfolio.whenInitialized(5000)).toBe(true);
  });

  it("without prices it waits; whenInitialized resolves true on the quote that completes it, before the timeout", async () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.fill(MSFT.id, "SELL", "5", "50.00");
    h.portfolio.initializePositions();
    expect(h.portfolio.initialized).toBe(false);
    expect(h.portfolio.pendingInstruments().sort()).toEqual([AAPL.id, MSFT.id]);
    expect(h.logs("warn")).toContain(`No price to mark ${AAPL.id} yet: unrealized PnL pending`);
    const result = track(h.portfolio.whenInitialized(10_000));
    h.clock.advanceTime(h.clock.timestampNs() + 1000n * MS);
    h.quote(AAPL.id, "101.00", "101.10");
    await flush();
    expect(result.value).toBeUndefined();
    expect(h.portfolio.pendingInstruments()).toEqual([MSFT.id]);
    h.bar(MSFT.id, "BID", "49.00"); // a BID bar cannot mark a short
    await flush();
    expect(result.value).toBeUndefined();
    h.quote(MSFT.id, "49.00", "49.10");
    await flush();
    expect(result.value).toBe(true);
    expect(h.portfolio.initialized).toBe(true);
    expect(h.clock.timerCount()).toBe(0); // timeout alert and poll timer cancelled
    expect(h.logs("info")).toContain(`Priced ${MSFT.id}: unrealized PnL available`);
  });

  it("resolves false at the timeout on the injected clock, not before", async () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.portfolio.initializePositions();
    const result = track(h.portfolio.whenInitialized(2000));
    h.clock.advanceTime(h.clock.timestampNs() + 1999n * MS);
    await flush();
    expect(result.value).toBeUndefined();
    h.clock.advanceTime(h.clock.timestampNs() + 1n * MS);
    await flush();
    expect(result.value).toBe(false);
    expect(h.clock.timerCount()).toBe(0);
    expect(h.portfolio.initialized).toBe(false);
  });

  it("a price that reaches the cache without a bus message is found by the poll", async () => {
    const h = makeHarness({ config: { useMarkPrices: true } });
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.portfolio.initializePositions();
    const result = track(h.portfolio.whenInitialized(5000));
    h.cache.addMarkPrice(AAPL.id, AAPL.makePrice("100.50"));
    await flush();
    expect(result.value).toBeUndefined();
    h.clock.advanceTime(h.clock.timestampNs() + 100n * MS);
    await flush();
    expect(result.value).toBe(true);
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("5.00 USD");
  });

  it("closing the only unpriced position completes the initialization", async () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.portfolio.initializePositions();
    const result = track(h.portfolio.whenInitialized(5000));
    h.fill(AAPL.id, "SELL", "10", "101.00");
    await flush();
    expect(result.value).toBe(true);
  });

  it("a position opened later without a price makes it uninitialized again until priced", () => {
    const h = makeHarness();
    h.portfolio.initializePositions();
    expect(h.portfolio.initialized).toBe(true);
    h.fill(ES.id, "BUY", "1", "5000.00");
    expect(h.portfolio.initialized).toBe(false);
    h.quote(ES.id, "5001.00", "5001.25");
    expect(h.portfolio.initialized).toBe(true);
  });

  it("several waiters settle together; timeout 0 answers the current state; dispose settles false", async () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.portfolio.initializePositions();
    expect(await h.portfolio.whenInitialized(0)).toBe(false);
    const a = track(h.portfolio.whenInitialized(1000));
    const b = track(h.portfolio.whenInitialized(3000));
    h.quote(AAPL.id, "100.00", "100.10");
    await flush();
    expect([a.value, b.value]).toEqual([true, true]);
    h.fill(MSFT.id, "BUY", "1", "10.00");
    const c = track(h.portfolio.whenInitialized(1000));
    h.portfolio.dispose();
    await flush();
    expect(c.value).toBe(false);
    expect(h.clock.timerCount()).toBe(0);
    h.portfolio.dispose(); // idempotent
  });

  it("reset forgets the initialization", () => {
    const h = makeHarness();
    h.portfolio.initializePositions();
    expect(h.portfolio.initialized).toBe(true);
    h.portfolio.reset();
    expect(h.portfolio.initialized).toBe(false);
  });

  it("dispose stops listening: no endpoint, no subscriptions", () => {
    const h = makeHarness();
    h.portfolio.dispose();
    expect(h.bus.isRegistered("Portfolio.update_account")).toBe(false);
    expect(h.bus.hasSubscribers("events.order.EMACross-001")).toBe(false);
    expect(h.bus.hasSubscribers("data.quotes.NASDAQ.AAPL")).toBe(false);
  });
});
