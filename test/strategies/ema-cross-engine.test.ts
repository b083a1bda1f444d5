/** EmaCross wired to the real DataEngine: its bar subscription reaches a data client, the client's bars reach onBar. */
import { describe, expect, it } from "vitest";
import type { SubmitOrder } from "../../src/execution/messages.js";
import { BarType, type Bar } from "../../src/model/data.js";
import { Price, Quantity } from "../../src/model/values.js";
import { EmaCross } from "../../src/strategies/ema-cross.js";
import { RecordingDataClient } from "../data/test-client.js";
import { AAPL, SEC, T0, makeCore } from "../trading/fixtures.js";

const BAR_TYPE = "AAPL.SIM-5-SECOND-LAST-EXTERNAL";

describe("EmaCross with the DataEngine", () => {
  it("subscribes through the engine to the client, trades on the client's bars, unsubscribes on stop", async () => {
    const core = makeCore({ withDataEngine: true });
    const data = new RecordingDataClient("SIM-DATA", "SIM");
    core.dataEngine?.registerClient(data, { default: true });
    await data.connect();
    core.trader.addStrategy(EmaCross, { instrumentId: "AAPL.SIM", barType: BAR_TYPE, tradeSize: "10", fastPeriod: 2, slowPeriod: 4 });
    core.trader.start();
    await Promise.resolve();
    expect(data.calls).toEqual([`subscribeBars ${BAR_TYPE}`]);
    const barType = BarType.parse(BAR_TYPE);
    [100, 99, 98, 97, 96, 98, 101].forEach((c, i) => {
      const close = Price.from(c.toFixed(2));
      const ts = T0 + BigInt(i + 1) * 5n * SEC;
      core.clock.advanceTime(ts);
      core.client.setMarketPrice(AAPL.id, close);
      const bar: Bar = { barType, open: close, high: close, low: close, close, volume: Quantity.from("1"), tsEvent: ts, tsInit: ts };
      data.sink?.onBar(bar);
    });
    expect(core.cache.bar(barType)?.close.toString()).toBe("101.00");
    const buys = core.client.commands.filter((c): c is SubmitOrder => c.type === "SubmitOrder").map((c) => `${c.order.side} ${c.order.quantity}`);
    expect(buys).toEqual(["BUY 10"]);
    core.trader.stop();
    await Promise.resolve();
    expect(data.calls.at(-1)).toBe(`unsubscribeBars ${BAR_TYPE}`);
  });
});
