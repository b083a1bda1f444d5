import { describe, expect, it } from "vitest";
import { BarType, type Bar } from "../../src/model/data.js";
import { Price, Quantity } from "../../src/model/values.js";
import { EmaCross, EmaCrossConfigSchema } from "../../src/strategies/ema-cross.js";
import { parseComponentConfig } from "../../src/trading/config.js";
import type { SubmitOrder } from "../../src/execution/messages.js";
import { AAPL, SEC, T0, makeCore, type Core } from "../trading/fixtures.js";

const BAR_TYPE = "AAPL.SIM-5-SECOND-LAST-EXTERNAL";
const CLOSES = [100, 99, 98, 97, 96, 98, 101, 104, 103, 100, 96, 92, 95, 99, 103];

function config(extra: Record<string, unknown> = {}) {
  return { instrumentId: "AAPL.SIM", barType: BAR_TYPE, tradeSize: "10", fastPeriod: 2, slowPeriod: 4, orderIdTag: "001", ...extra };
}

/** Publishes each close as a 5-second bar; the venue's market price follows the close. */
function play(core: Core, closes: readonly number[], from = 0): void {
  const barType = BarType.parse(BAR_TYPE);
  closes.forEach((c, i) => {
    const close = Price.from(c.toFixed(2));
    const ts = T0 + BigInt(from + i + 1) * 5n * SEC;
    core.clock.advanceTime(ts);
    core.client.setMarketPrice(AAPL.id, close);
    const bar: Bar = { barType, open: close, high: close, low: close, close, volume: Quantity.from("100"), tsEvent: ts, tsInit: ts };
    core.bus.publish(`data.bars.${BAR_TYPE}`, bar);
  });
}

const trades = (core: Core) =>
  core.client.commands.filter((c): c is SubmitOrder => c.type === "SubmitOrder").map((c) => `${c.order.side} ${c.order.quantity}`);
const net = (core: Core) => core.cache.positionsOpen({ instrumentId: AAPL.id }).reduce((n, p) => n + Number(p.signedQtyString()), 0);

describe("EmaCross", () => {
  it("subscribes to its bar type at start", () => {
    const core = makeCore();
    core.trader.addStrategy(EmaCross, config());
    core.trader.start();
    expect(core.dataCommands).toEqual([expect.objectContaining({ type: "SubscribeBars" })]);
    expect(String((core.dataCommands[0] as { barType: BarType }).barType)).toBe(BAR_TYPE);
  });

  it("goes long when fast crosses above slow and flat when it crosses below, on a scripted bar series", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(EmaCross, config());
    core.trader.start();
    play(core, CLOSES.slice(0, 7)); // cross above at the 7th bar (101)
    expect(trades(core)).toEqual(["BUY 10"]);
    expect(net(core)).toBe(10);
    const entry = core.cache.positionsOpen({ strategyId: s.id })[0];
    expect(entry?.avgPxOpen.toString()).toBe("101.00");
    play(core, CLOSES.slice(7, 10), 7); // cross below at 100
    expect(trades(core)).toEqual(["BUY 10", "SELL 10"]);
    expect(net(core)).toBe(0);
    expect(core.cache.positionsClosed({ strategyId: s.id })[0]?.realizedPnl.toString()).toBe("-10.00 USD"); // bought 101, sold 100
    play(core, CLOSES.slice(10), 10); // cross above again at 99
    expect(trades(core)).toEqual(["BUY 10", "SELL 10", "BUY 10"]);
  });

  it("with allowShort, a cross below from long closes and goes short; the next cross above covers and buys", () => {
    const core = makeCore();
    core.trader.addStrategy(EmaCross, config({ allowShort: true }));
    core.trader.start();
    play(core, CLOSES);
    expect(trades(core)).toEqual(["BUY 10", "SELL 10", "SELL 10", "BUY 10", "BUY 10"]);
    expect(net(core)).toBe(10);
  });

  it("closes its position and cancels its orders on stop", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(EmaCross, config());
    core.trader.start();
    play(core, CLOSES.slice(0, 7));
    core.trader.stop();
    expect(net(core)).toBe(0);
    expect(s.state).toBe("STOPPED");
    expect(core.dataCommands.at(-1)).toMatchObject({ type: "UnsubscribeBars" });
  });

  it("a missing instrument fails its start with a clear handler error, the node keeps running", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(EmaCross, config({ instrumentId: "MSFT.SIM", barType: "MSFT.SIM-5-SECOND-LAST-EXTERNAL" }));
    core.trader.start();
    expect(s.state).toBe("STARTING");
    expect(core.logs("error").find((r) => r.code === "CORTANA_E_STRATEGY_HANDLER")?.msg).toContain("instrument MSFT.SIM is not in the cache");
  });

  it("its schema closes the range-validation gap: each bad field named with its path", () => {
    const bad = (extra: Record<string, unknown>) => () => parseComponentConfig(EmaCrossConfigSchema, config(extra), "strategies[0].config", "strategies[0] (EmaCross)");
    expect(bad({ fastPeriod: 20, slowPeriod: 10 })).toThrow("strategies[0].config.fastPeriod: must be less than slowPeriod");
    expect(bad({ tradeSize: -5 })).toThrow("strategies[0].config.tradeSize");
    expect(bad({ tradeSize: "0" })).toThrow("must be a positive decimal");
    expect(bad({ barType: "SPY.SIM-5-SECOND-LAST-EXTERNAL" })).toThrow("strategies[0].config.barType: must be a bar type of instrumentId");
    expect(bad({ barType: "5-SECOND" })).toThrow("strategies[0].config.barType: must be INSTRUMENT_ID-STEP");
    expect(bad({ fastPeriodd: 3 })).toThrow('strategies[0].config.fastPeriodd: unknown key (did you mean "fastPeriod"?)');
    expect(bad({ instrumentId: undefined })).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG" }));
  });
});
