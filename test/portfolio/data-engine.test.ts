/** The Portfolio marked by market data coming through the real DataEngine (cache first, then the bus). */
import { describe, expect, it } from "vitest";
import { LiveDataEngineConfigSchema } from "../../src/config/schemas/engines.js";
import { DataEngine } from "../../src/data/engine.js";
import { BarSpecification, BarType } from "../../src/model/data.js";
import { TradeId } from "../../src/model/identifiers.js";
import { Price, Quantity } from "../../src/model/values.js";
import { AAPL, ES, MS, makeHarness } from "./fixtures.js";

describe("Portfolio behind the DataEngine", () => {
  it("quotes, trades and bars processed by the DataEngine mark positions and complete the initialization", async () => {
    const h = makeHarness();
    const engine = new DataEngine({ bus: h.bus, clock: h.clock, cache: h.cache, logger: h.logger, config: LiveDataEngineConfigSchema.parse({}) });
    engine.start();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.fill(ES.id, "SELL", "1", "5000.00");
    h.portfolio.initializePositions();
    const ready = h.portfolio.whenInitialized(5_000);
    const ts = h.clock.timestampNs();
    engine.onTrade({ instrumentId: AAPL.id, price: Price.from("100.40"), size: Quantity.from("5"), aggressorSide: "BUYER", tradeId: TradeId("X-1"), tsEvent: ts, tsInit: ts });
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("4.00 USD");
    engine.onQuote({ instrumentId: AAPL.id, bidPrice: Price.from("100.50"), askPrice: Price.from("100.60"), bidSize: Quantity.from("1"), askSize: Quantity.from("1"), tsEvent: ts, tsInit: ts });
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("5.00 USD");
    expect(h.portfolio.initialized).toBe(false); // ES still has no price
    const close = Price.from("4990.00");
    engine.onBar({ barType: new BarType(ES.id, new BarSpecification(1, "MINUTE", "ASK")), open: close, high: close, low: close, close, volume: Quantity.from("3"), tsEvent: ts, tsInit: ts });
    h.clock.advanceTime(h.clock.timestampNs() + 1n * MS);
    expect(await ready).toBe(true);
    expect(h.portfolio.unrealizedPnl(ES.id)?.toString()).toBe("500.00 USD"); // short 1 x (5000 - 4990) x 50
  });
});
