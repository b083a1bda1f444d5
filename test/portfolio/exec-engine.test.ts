/** The Portfolio fed by the real RiskEngine -> ExecEngine -> TestExecutionClient path (test/execution's wired core). */
import { describe, expect, it } from "vitest";
import { nullLogger } from "../../src/common/logger.js";
import { Topics } from "../../src/common/topics.js";
import type { CancelOrder } from "../../src/execution/messages.js";
import { USD } from "../../src/model/currency.js";
import type { QuoteTick } from "../../src/model/data.js";
import { InstrumentId } from "../../src/model/identifiers.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { Portfolio } from "../../src/portfolio/index.js";
import { AAPL, ACC, makeCore, makeOrder } from "../execution/fixtures.js";

function setup() {
  const core = makeCore();
  const portfolio = new Portfolio({ bus: core.bus, cache: core.cache, clock: core.clock, logger: nullLogger });
  const cash = Money.from("50000.00", USD);
  core.client.sendAccountState({ balances: [{ total: cash, locked: Money.zero(USD), free: cash }] });
  const quote = (bid: string, ask: string): void => {
    const ts = core.clock.timestampNs();
    const q: QuoteTick = { instrumentId: AAPL.id, bidPrice: Price.from(bid), askPrice: Price.from(ask), bidSize: Quantity.from("1"), askSize: Quantity.from("1"), tsEvent: ts, tsInit: ts };
    core.cache.addQuote(q);
    core.bus.publish(Topics.quotes(InstrumentId.venue(AAPL.id), InstrumentId.symbol(AAPL.id)), q);
  };
  return { core, portfolio, quote };
}

describe("Portfolio behind the ExecEngine", () => {
  it("takes the exec client's account state and follows fills into positions and PnL", () => {
    const { core, portfolio, quote } = setup();
    expect(portfolio.account(ACC)?.balanceTotal(USD)?.toString()).toBe("50000.00 USD");
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "10" })); // fills at the client's 100.00
    expect(portfolio.netPosition(AAPL.id).toString()).toBe("10");
    portfolio.initializePositions();
    expect(portfolio.initialized).toBe(false);
    quote("101.50", "101.60");
    expect(portfolio.initialized).toBe(true);
    expect(portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("15.00 USD");
    expect(portfolio.netExposure(AAPL.id)?.toString()).toBe("1015.00 USD");
    core.submit(makeOrder({ id: "O-2", type: "MARKET", side: "SELL", qty: "4" }));
    expect(portfolio.realizedPnl(AAPL.id)?.toString()).toBe("0.00 USD"); // sold at the entry price
    core.client.setMarketPrice(AAPL.id, Price.from("103.00"));
    core.submit(makeOrder({ id: "O-3", type: "MARKET", side: "SELL", qty: "6" }));
    expect(portfolio.realizedPnl(AAPL.id)?.toString()).toBe("18.00 USD");
    expect(portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("0.00 USD");
    expect(portfolio.isFlat(AAPL.id)).toBe(true);
    expect(portfolio.isCompletelyFlat()).toBe(true);
  });

  it("flips and reopens keep every lifecycle's realized PnL (snapshots of the reused NETTING id)", () => {
    const { core, portfolio, quote } = setup();
    const at = (px: string) => core.client.setMarketPrice(AAPL.id, Price.from(px));
    core.submit(makeOrder({ id: "F-1", type: "MARKET", qty: "10" })); // long 10 @ 100.00
    at("103.00");
    core.submit(makeOrder({ id: "F-2", type: "MARKET", side: "SELL", qty: "30" })); // +30, then short 20 @ 103
    expect(portfolio.netPosition(AAPL.id).toString()).toBe("-20");
    expect(portfolio.realizedPnl(AAPL.id)?.toString()).toBe("30.00 USD");
    at("101.00");
    core.submit(makeOrder({ id: "F-3", type: "MARKET", qty: "20" })); // +40, flat
    expect(portfolio.isFlat(AAPL.id)).toBe(true);
    at("102.00");
    core.submit(makeOrder({ id: "F-4", type: "MARKET", qty: "5" })); // a new lifecycle under the same id
    quote("102.50", "102.60");
    expect(portfolio.realizedPnl(AAPL.id)?.toString()).toBe("70.00 USD");
    expect(portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("2.50 USD");
    expect(portfolio.totalPnl(AAPL.id)?.toString()).toBe("72.50 USD");
    expect(core.logs("error")).toEqual([]);
  });

  it("a resting LIMIT order counts in the account's initial margin until it is canceled", () => {
    const { core, portfolio } = setup();
    const order = makeOrder({ id: "O-9", type: "LIMIT", qty: "10", price: "90.00" });
    core.submit(order);
    expect(core.order("O-9").status).toBe("ACCEPTED");
    expect(portfolio.marginsInit(ACC).get(AAPL.id)?.toString()).toBe("0.00 USD"); // AAPL.SIM has no margin rate
    const cancel: CancelOrder = { type: "CancelOrder", traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, commandId: core.uuid(), tsInit: core.clock.timestampNs() };
    core.send(cancel);
    expect(core.order("O-9").status).toBe("CANCELED");
    expect(portfolio.marginsInit(ACC).has(AAPL.id)).toBe(false);
  });
});
