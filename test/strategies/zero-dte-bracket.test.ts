import { describe, expect, it } from "vitest";
import type { SubmitOrderList } from "../../src/execution/messages.js";
import { BarType, type Bar, type QuoteTick } from "../../src/model/data.js";
import { InstrumentId } from "../../src/model/identifiers.js";
import type { Order } from "../../src/model/orders/index.js";
import { Price, Quantity } from "../../src/model/values.js";
import { ZeroDteBracket, ZeroDteBracketConfigSchema } from "../../src/strategies/zero-dte-bracket.js";
import { parseComponentConfig } from "../../src/trading/config.js";
import { SEC, SPY, T0, makeCore, option, type Core } from "../trading/fixtures.js";

const BAR_TYPE = "SPY.SIM-1-MINUTE-LAST-EXTERNAL";
const HOUR = 3600n * SEC;
const UP = [449.0, 449.2, 449.5, 449.8, 450.1, 450.4];
const DOWN = [451.0, 450.8, 450.5, 450.2, 449.9, 449.6];

function withChain(): Core {
  const core = makeCore();
  for (const strike of ["449", "450", "451"]) {
    core.cache.addInstrument(option("SPY", "CALL", strike, T0 + HOUR));
    core.cache.addInstrument(option("SPY", "PUT", strike, T0 + HOUR));
  }
  core.cache.addInstrument(option("SPY", "CALL", "452", T0 + 25n * HOUR)); // tomorrow
  core.cache.addInstrument(option("QQQ", "CALL", "450", T0 + HOUR)); // another underlying
  return core;
}

function config(extra: Record<string, unknown> = {}) {
  return { instrumentId: "SPY.SIM", barType: BAR_TYPE, orderIdTag: "C1", strategyId: "CORTANA-BULL-CALL-V1", ...extra };
}

function play(core: Core, closes: readonly number[]): void {
  const barType = BarType.parse(BAR_TYPE);
  for (const c of closes) {
    core.clock.advanceTimeBy(60n * SEC);
    const close = Price.from(c.toFixed(2));
    const ts = core.clock.timestampNs();
    const bar: Bar = { barType, open: close, high: close, low: close, close, volume: Quantity.from("1000"), tsEvent: ts, tsInit: ts };
    core.bus.publish(`data.bars.${BAR_TYPE}`, bar);
  }
}

function quote(core: Core, id: InstrumentId, bid: string, ask: string): void {
  const ts = core.clock.timestampNs();
  const q: QuoteTick = { instrumentId: id, bidPrice: Price.from(bid), askPrice: Price.from(ask), bidSize: Quantity.from("10"), askSize: Quantity.from("10"), tsEvent: ts, tsInit: ts };
  core.bus.publish(`data.quotes.${InstrumentId.venue(id)}.${InstrumentId.symbol(id)}`, q);
}

const lists = (core: Core) => core.client.commands.filter((c): c is SubmitOrderList => c.type === "SubmitOrderList");
/** The i-th bracket as the strategy built it (the client sees only the entry until it fills). */
const bracket = (core: Core, i = 0) => (core.cache.orderLists()[i]?.orders ?? []) as [Order, Order, Order];
const CALL_450 = InstrumentId("SPY231114C450.SIM");

describe("ZeroDteBracket", () => {
  it("on a BULL signal picks today's near-the-money call, waits for its quote, and enters with an OCO bracket", () => {
    const core = withChain();
    const s = core.trader.addStrategy(ZeroDteBracket, config());
    core.trader.start();
    play(core, UP);
    expect(core.dataCommands.at(-1)).toMatchObject({ type: "SubscribeQuoteTicks", instrumentId: CALL_450 });
    expect(lists(core)).toEqual([]);
    quote(core, CALL_450, "1.95", "2.00");
    expect(lists(core)[0]?.orderList.orders.map((o) => o.orderType)).toEqual(["LIMIT"]); // exits held until the entry fills
    const [entry, tp, sl] = bracket(core);
    expect([entry?.orderType, entry?.price?.toString(), entry?.quantity.toString(), entry?.timeInForce, entry?.tags]).toEqual(["LIMIT", "2.00", "1", "DAY", ["BULL"]]);
    expect([tp?.orderType, tp?.price?.toString(), sl?.orderType, sl?.triggerPrice?.toString()]).toEqual(["LIMIT", "2.60", "STOP_MARKET", "1.60"]);
    expect([tp?.contingencyType, sl?.contingencyType, entry?.contingencyType]).toEqual(["OCO", "OCO", "OTO"]);
    expect(entry?.instrumentId).toBe(CALL_450);
    expect(core.dataCommands.at(-1)).toMatchObject({ type: "UnsubscribeQuoteTicks", instrumentId: CALL_450 });
    expect(s.activeBrackets()).toBe(1);
  });

  it("the OCO exit: entry fill releases both exits, the stop-loss fill cancels the take-profit", () => {
    const core = withChain();
    const s = core.trader.addStrategy(ZeroDteBracket, config());
    core.trader.start();
    play(core, UP);
    quote(core, CALL_450, "1.95", "2.00");
    const [entry, tp, sl] = bracket(core);
    expect([entry.status, tp.status, sl.status]).toEqual(["ACCEPTED", "INITIALIZED", "INITIALIZED"]);
    core.client.fillOrder(entry.clientOrderId);
    expect([tp.status, sl.status]).toEqual(["ACCEPTED", "ACCEPTED"]);
    expect(core.cache.positionsOpen({ strategyId: s.id }).map((p) => p.quantity.toString())).toEqual(["1"]);
    core.client.fillOrder(sl.clientOrderId, { price: Price.from("1.60") });
    expect([sl.status, tp.status]).toEqual(["FILLED", "CANCELED"]);
    expect(core.cache.positionsOpenCount({ strategyId: s.id })).toBe(0);
    expect(core.cache.positionsClosed({ strategyId: s.id })[0]?.realizedPnl.toString()).toBe("-40.00 USD"); // (1.60 - 2.00) x 1 x 100
    expect(s.activeBrackets()).toBe(0);
  });

  it("holds to maxOpenBrackets while a bracket is active, then trades again", () => {
    const core = withChain();
    const s = core.trader.addStrategy(ZeroDteBracket, config());
    core.trader.start();
    core.cache.addQuote({ instrumentId: CALL_450, bidPrice: Price.from("1.95"), askPrice: Price.from("2.00"), bidSize: Quantity.from("1"), askSize: Quantity.from("1"), tsEvent: T0, tsInit: T0 });
    play(core, UP); // quote already cached: enters at once
    play(core, [450.7, 451.0]);
    expect(lists(core)).toHaveLength(1);
    const [entry, tp] = bracket(core);
    core.client.fillOrder(entry.clientOrderId);
    core.client.fillOrder(tp.clientOrderId);
    expect(s.activeBrackets()).toBe(0);
    play(core, [451.3]); // the money moved: the 451 call, whose quote it now waits for
    const call451 = InstrumentId("SPY231114C451.SIM");
    expect(core.dataCommands.at(-1)).toMatchObject({ type: "SubscribeQuoteTicks", instrumentId: call451 });
    quote(core, call451, "1.60", "1.65");
    expect(lists(core)).toHaveLength(2);
    expect(bracket(core, 1)[0].instrumentId).toBe(call451);
  });

  it("BEAR signals buy a put with biasFilter ANY, and are ignored with biasFilter BULL", () => {
    const any = withChain();
    any.trader.addStrategy(ZeroDteBracket, config({ biasFilter: "ANY" }));
    any.trader.start();
    play(any, DOWN);
    expect(any.dataCommands.at(-1)).toMatchObject({ type: "SubscribeQuoteTicks", instrumentId: InstrumentId("SPY231114P450.SIM") });

    const bull = withChain();
    bull.trader.addStrategy(ZeroDteBracket, config({ biasFilter: "BULL" }));
    bull.trader.start();
    play(bull, DOWN);
    expect(bull.dataCommands.map((c) => (c as { type: string }).type)).toEqual(["SubscribeBars"]);
  });

  it("no signal below the score or meta-probability thresholds", () => {
    const core = withChain();
    core.trader.addStrategy(ZeroDteBracket, config({ scoreThreshold: 99 }));
    core.trader.start();
    play(core, UP);
    const choppy = withChain();
    choppy.trader.addStrategy(ZeroDteBracket, config({ metaProbThreshold: 0.9 }));
    choppy.trader.start();
    play(choppy, [449.0, 449.6, 449.4, 450.0, 449.8, 450.4]); // rising, but only 3 of 5 moves up
    expect([core.dataCommands.length, choppy.dataCommands.length]).toEqual([1, 1]);
  });

  it("without a 0DTE contract in the cache it warns and does not trade", () => {
    const core = makeCore();
    core.cache.addInstrument(option("SPY", "CALL", "450", T0 + 25n * HOUR));
    core.trader.addStrategy(ZeroDteBracket, config());
    core.trader.start();
    play(core, UP);
    expect(core.logs("warn").some((r) => String(r.msg).includes("no 0DTE CALL on SPY.SIM"))).toBe(true);
    expect(core.client.commands).toEqual([]);
  });

  it("its zod config range-checks the thresholds and keeps manageContingentOrders on", () => {
    const parse = (extra: Record<string, unknown>) => () => parseComponentConfig(ZeroDteBracketConfigSchema, config(extra), "strategies[0].config", "strategies[0] (ZeroDteBracket)");
    expect(parse({})()).toMatchObject({ scoreThreshold: 65, metaProbThreshold: 0.55, biasFilter: "BULL", manageContingentOrders: true, takeProfitPct: 30, stopLossPct: 20 });
    expect(parse({ scoreThreshold: 120 })).toThrow("strategies[0].config.scoreThreshold: must be <= 100, got 120");
    expect(parse({ metaProbThreshold: 1.5 })).toThrow("strategies[0].config.metaProbThreshold: must be <= 1, got 1.5");
    expect(parse({ biasFilter: "SIDEWAYS" })).toThrow('strategies[0].config.biasFilter: must be one of "BULL", "BEAR", "ANY"');
    expect(parse({ stopLossPct: 100 })).toThrow("strategies[0].config.stopLossPct: must be < 100, got 100");
    expect(parse({ manageContingentOrders: false })).toThrow("strategies[0].config.manageContingentOrders: must be true");
    expect(parse({ score_threshold: 65 })).toThrow('strategies[0].config.score_threshold: unknown key (did you mean "scoreThreshold"?)');
  });
});
