import { describe, expect, it } from "vitest";
import type { SubmitOrder } from "../../src/execution/messages.js";
import { Price, Quantity } from "../../src/model/values.js";
import { AAPL, SPY, makeCore, type Core } from "./fixtures.js";
import { Recorder } from "./recorder.js";

const MS = 1_000_000n;

function exposed(core: Core, config: Record<string, unknown> = {}): Recorder {
  const s = core.trader.addStrategy(Recorder, { orderIdTag: "001", ...config });
  core.trader.start();
  s.submitOrder(s.orderFactory.market({ instrumentId: AAPL.id, side: "BUY", quantity: Quantity.from("5") }));
  s.submitOrder(s.orderFactory.market({ instrumentId: SPY.id, side: "SELL", quantity: Quantity.from("2") }));
  s.submitOrder(s.orderFactory.limit({ instrumentId: AAPL.id, side: "BUY", quantity: Quantity.from("1"), price: Price.from("90.00") }));
  return s;
}

const submits = (core: Core) => core.client.commands.filter((c): c is SubmitOrder => c.type === "SubmitOrder");
const flat = (core: Core, s: Recorder) => core.cache.positionsOpenCount({ strategyId: s.id }) + core.cache.ordersOpenCount({ strategyId: s.id });

describe("marketExit", () => {
  it("cancels all orders, closes all positions, then reports completion at the next check", () => {
    const core = makeCore();
    const s = exposed(core);
    s.marketExit();
    expect(s.isExiting).toBe(true);
    expect(flat(core, s)).toBe(0);
    const closes = submits(core).slice(3);
    expect(closes.map((c) => [c.order.instrumentId, c.order.side, c.order.reduceOnly, c.order.timeInForce, c.order.tags])).toEqual([
      [AAPL.id, "SELL", true, "GTC", ["MARKET_EXIT"]],
      [SPY.id, "BUY", true, "GTC", ["MARKET_EXIT"]],
    ]);
    expect(s.exits).toEqual([]);
    core.clock.advanceTimeBy(100n * MS);
    expect(s.exits).toEqual([{ completed: true, attempts: 1, openOrders: 0, openPositions: 0 }]);
    expect(s.isExiting).toBe(false);
    expect(core.clock.timerNames()).toEqual([]);
  });

  it("honours marketExitTimeInForce and marketExitReduceOnly", () => {
    const core = makeCore();
    const s = exposed(core, { marketExitTimeInForce: "IOC", marketExitReduceOnly: false });
    s.marketExit();
    expect(submits(core).slice(3).map((c) => [c.order.timeInForce, c.order.reduceOnly])).toEqual([["IOC", false], ["IOC", false]]);
  });

  it("retries a close that failed at the next interval, then completes", () => {
    const core = makeCore();
    const s = exposed(core, { marketExitIntervalMs: 250 });
    s.closeAllPositions(SPY.id);
    core.client.rejectNextSubmit("venue busy"); // the AAPL close of the exit is rejected
    s.marketExit();
    expect(core.cache.positionsOpenCount({ strategyId: s.id })).toBe(1);
    core.clock.advanceTimeBy(250n * MS); // attempt 1: position left, no working order -> close again
    expect(core.cache.positionsOpenCount({ strategyId: s.id })).toBe(0);
    expect(s.exits).toEqual([]);
    core.clock.advanceTimeBy(250n * MS);
    expect(s.exits).toEqual([{ completed: true, attempts: 2, openOrders: 0, openPositions: 0 }]);
  });

  it("gives up after marketExitMaxAttempts and reports what is left", () => {
    const core = makeCore();
    const s = exposed(core, { marketExitMaxAttempts: 3 });
    core.risk.setTradingState("HALTED"); // every close is denied
    const before = core.orderEvents.filter((e) => e.type === "OrderDenied").length;
    s.marketExit();
    core.clock.advanceTimeBy(1000n * MS);
    expect(s.exits).toEqual([{ completed: false, attempts: 3, openOrders: 0, openPositions: 2 }]);
    // the first try and two retries, for each of the two positions
    expect(core.orderEvents.filter((e) => e.type === "OrderDenied").length - before).toBe(6);
    expect(core.logs("warn").some((r) => r.msg === "market exit: max attempts reached")).toBe(true);
  });

  it("a second marketExit while exiting is ignored", () => {
    const core = makeCore();
    const s = exposed(core);
    s.marketExit();
    const sent = core.client.commands.length;
    s.marketExit();
    expect(core.client.commands).toHaveLength(sent);
    expect(core.logs("warn").some((r) => r.msg === "market exit already in progress")).toBe(true);
  });

  it("manageStop: stop() runs the market exit first and stops when it ends", () => {
    const core = makeCore();
    const s = exposed(core, { manageStop: true });
    core.trader.stop();
    expect(s.state).toBe("RUNNING");
    expect(core.trader.pendingStops()).toEqual([s.id]);
    core.clock.advanceTimeBy(100n * MS);
    expect(s.state).toBe("STOPPED");
    expect(s.exits[0]?.completed).toBe(true);
    expect(core.trader.pendingStops()).toEqual([]);
    expect(flat(core, s)).toBe(0);
  });

  it("manageStop without exposure stops at once; without manageStop nothing is closed", () => {
    const core = makeCore();
    const a = core.trader.addStrategy(Recorder, { orderIdTag: "A", manageStop: true });
    const b = core.trader.addStrategy(Recorder, { orderIdTag: "B" });
    core.trader.start();
    b.submitOrder(b.orderFactory.market({ instrumentId: AAPL.id, side: "BUY", quantity: Quantity.from("1") }));
    core.trader.stop();
    expect([a.state, b.state]).toEqual(["STOPPED", "STOPPED"]);
    expect(core.cache.positionsOpenCount({ strategyId: b.id })).toBe(1);
  });

  it("stop without manageStop abandons an exit in progress without reporting it", () => {
    const core = makeCore();
    const s = exposed(core);
    core.risk.setTradingState("HALTED");
    s.marketExit();
    s.reset(); // invalid while RUNNING: nothing changes
    expect(s.isExiting).toBe(true);
    s.stop(); // no manageStop: stops at once, abandoning the exit
    expect(s.isExiting).toBe(false);
    s.reset();
    core.clock.advanceTimeBy(1000n * MS);
    expect(s.exits).toEqual([]);
    expect(core.clock.timerNames()).toEqual([]);
  });
});
