/**
 * §3.5 position reconciliation (NETTING with the cross-zero split and the diff report, HEDGING)
 * and `calculateReconciliationPrice`, table-driven over the pure functions, the cache filled by a
 * real ExecEngine.
 */
import { describe, expect, it } from "vitest";
import { calculateReconciliationPrice } from "../../../src/execution/reconciliation/price.js";
import { reconcilePositionReport, type PositionOutcome } from "../../../src/execution/reconciliation/positions.js";
import { ExecutionReports } from "../../../src/execution/reports.js";
import { OmsType, OrderSide, OrderType } from "../../../src/model/enums.js";
import { Equity } from "../../../src/model/instruments.js";
import { InstrumentId, PositionId } from "../../../src/model/identifiers.js";
import { Price, Quantity } from "../../../src/model/values.js";
import type { PositionStatusReport } from "../../../src/model/reports.js";
import { AAPL, BTC, RAW, T0, ctx, makeEnv, makeOrder, psr, px, q, type Env } from "./fixtures.js";

const R = (v: string): bigint => (v.startsWith("-") ? -Quantity.from(v.slice(1)).raw : Quantity.from(v).raw);
const P = (v: string | undefined): Price | undefined => (v === undefined ? undefined : Price.from(v));

describe("calculateReconciliationPrice", () => {
  const cases: [string, string, string | undefined, string, string | undefined, string | undefined][] = [
    ["no change", "100", "100", "100", "100", undefined],
    ["to flat: the current average", "100", "100", "0", undefined, "100"],
    ["to flat without a current average", "100", undefined, "0", undefined, undefined],
    ["no target price", "100", "100", "150", undefined, undefined],
    ["zero target price", "100", "100", "150", "0", undefined],
    ["from flat: the target price", "0", undefined, "50", "102.5", "102.5"],
    ["no current price: the target price", "10", undefined, "50", "102.5", "102.5"],
    ["long to short flip: the target price", "100", "100", "-50", "99", "99"],
    ["short to long flip: the target price", "-100", "100", "50", "101", "101"],
    ["long accumulation", "100", "100", "150", "102", "106"],
    ["long reduction", "100", "100", "50", "100", "100"],
    ["short accumulation", "-100", "100", "-150", "102", "106"],
    ["short reduction", "-100", "100", "-60", "100", "100"],
    ["negative result: none", "100", "200", "150", "50", undefined],
    ["fractional", "1.5", "10.25", "2.5", "10.5", "10.875"],
    ["exact to 9 decimals", "3", "1", "6", "1.1", "1.2"],
  ];
  it.each(cases)("%s", (_name, cq, cp, tq, tp, expected) => {
    const price = calculateReconciliationPrice(R(cq), P(cp), R(tq), P(tp));
    expect(price === undefined ? undefined : price.toNumber()).toBe(expected === undefined ? undefined : Number(expected));
  });
});

/** A NETTING node holding `signed` AAPL (bought/sold at 100.00). */
function holding(signed: string, options: { omsType?: OmsType; instrument?: Equity } = {}): Env {
  const env = makeEnv({ omsType: options.omsType });
  const instrument = options.instrument ?? AAPL;
  if (signed !== "0") {
    const sell = signed.startsWith("-");
    env.submit(makeOrder({ id: "O-1", type: OrderType.MARKET, side: sell ? OrderSide.SELL : OrderSide.BUY, qty: sell ? signed.slice(1) : signed, instrumentId: instrument.id }));
  }
  return env;
}

function outcome(env: Env, report: PositionStatusReport, generateMissingOrders = true): PositionOutcome {
  return reconcilePositionReport({ view: env.cache, report, generateMissingOrders, ctx: ctx(T0) });
}

const summary = (o: PositionOutcome): string[] =>
  o.kind === "Align" ? o.reports.map((r) => `${r.orderSide} ${r.quantity} ${r.orderType}${r.price === undefined ? "" : ` @${r.price}`}`) : [o.kind];

describe("NETTING position reports", () => {
  const cases: { name: string; cached: string; venue: PositionStatusReport; expected: string[]; quote?: [string, string] }[] = [
    { name: "equal: in sync", cached: "100", venue: psr("100", "100.00"), expected: ["InSync"] },
    { name: "venue larger long: BUY the difference at the weighted price", cached: "100", venue: psr("150", "102.00"), expected: ["BUY 50 LIMIT @106.00"] },
    { name: "venue smaller long: SELL the difference", cached: "100", venue: psr("60", "100.00"), expected: ["SELL 40 LIMIT @100.00"] },
    { name: "venue flat: SELL everything at the cached average", cached: "100", venue: psr("0"), expected: ["SELL 100 LIMIT @100.00"] },
    { name: "venue larger short: SELL the difference", cached: "-100", venue: psr("-150", "102.00"), expected: ["SELL 50 LIMIT @106.00"] },
    { name: "venue smaller short: BUY back", cached: "-100", venue: psr("-30", "100.00"), expected: ["BUY 70 LIMIT @100.00"] },
    { name: "flip long to short: split into close and open", cached: "100", venue: psr("-50", "99.00"), expected: ["SELL 100 LIMIT @100.00", "SELL 50 LIMIT @99.00"] },
    { name: "flip short to long without venue average: the quote opens", cached: "-100", venue: psr("40"), quote: ["98.00", "98.50"], expected: ["BUY 100 LIMIT @100.00", "BUY 40 LIMIT @98.50"] },
    { name: "flip without venue average and no quote: Failed", cached: "100", venue: psr("-50"), expected: ["Failed"] },
    { name: "nothing cached, venue long without average, no quote: MARKET IOC without price", cached: "0", venue: psr("10"), expected: ["BUY 10 MARKET"] },
    { name: "nothing cached, venue long without average: LIMIT at the quote's ask", cached: "0", venue: psr("10"), quote: ["97.00", "97.50"], expected: ["BUY 10 LIMIT @97.50"] },
    { name: "nothing cached, venue short: LIMIT at the venue's average", cached: "0", venue: psr("-10", "96.00"), expected: ["SELL 10 LIMIT @96.00"] },
  ];
  it.each(cases)("$name", (c) => {
    const env = holding(c.cached);
    if (c.quote !== undefined) env.cache.addQuote({ instrumentId: AAPL.id, bidPrice: px(c.quote[0]), askPrice: px(c.quote[1]), bidSize: q("1"), askSize: q("1"), tsEvent: T0, tsInit: T0 });
    expect(summary(outcome(env, c.venue))).toEqual(c.expected);
  });

  it("a difference that rounds to zero at size precision is in sync", () => {
    const env = holding("1", { instrument: BTC });
    expect(summary(outcome(env, psr("1.004", "20000", { instrumentId: BTC.id })))).toEqual(["InSync"]);
    expect(summary(outcome(env, psr("1.006", "20000", { instrumentId: BTC.id })))).toEqual(["BUY 0.01 LIMIT @" + outcomePrice(env)]);
  });

  function outcomePrice(env: Env): string {
    const o = outcome(env, psr("1.006", "20000", { instrumentId: BTC.id }));
    return o.kind === "Align" ? String(o.reports[0]?.price) : "";
  }

  it("equal quantities with averages more than 0.01% apart: in sync with a warning", () => {
    const o = outcome(holding("100"), psr("100", "100.05"));
    expect(o.kind).toBe("InSync");
    expect(o.notes.map((n) => n.level)).toEqual(["warn"]);
    expect(outcome(holding("100"), psr("100", "100.005")).notes).toEqual([]);
  });

  it("generateMissingOrders off: Mismatch that does not fail (logged)", () => {
    const o = outcome(holding("100"), psr("150", "100"), false);
    expect([o.kind, o.kind === "Mismatch" && o.ok]).toEqual(["Mismatch", true]);
  });

  it("synthetic ids are deterministic: the same report twice gives the same venue order id", () => {
    const env = holding("100");
    const ids = [outcome(env, psr("150", "102")), outcome(env, psr("150", "102"))].map((o) => (o.kind === "Align" ? o.reports[0]?.venueOrderId : ""));
    expect(ids[0]).toMatch(/^S-[0-9a-f]+-[0-9a-f]{16}$/);
    expect(ids[0]).toBe(ids[1]);
    const other = outcome(env, psr("151", "102"));
    expect(other.kind === "Align" && other.reports[0]?.venueOrderId).not.toBe(ids[0]);
  });

  it("prices are capped at the instrument's maxPrice", () => {
    const capped = new Equity({ id: InstrumentId("CAP.SIM"), quoteCurrency: AAPL.quoteCurrency, pricePrecision: 2, sizePrecision: 0, priceIncrement: px("0.01"), sizeIncrement: q("1"), maxPrice: px("500.00"), tsEvent: 0n, tsInit: 0n });
    const env = makeEnv({ instruments: [AAPL, capped] });
    const o = outcome(env, psr("10", "900.00", { instrumentId: capped.id }));
    expect(summary(o)).toEqual(["BUY 10 LIMIT @500.00"]);
  });

  it("applied through the engine: the cache ends equal to the venue, via a RECONCILIATION order", () => {
    for (const [cached, venue] of [["100", "150"], ["100", "-50"], ["-20", "0"], ["0", "35"]] as const) {
      const env = holding(cached);
      env.engine.reconcileExecutionReport(ExecutionReports.position(psr(venue, "101.00")));
      expect(env.netQty()).toBe(R(venue));
      const synthetic = env.cache.orders().filter((o) => o.tags.includes("RECONCILIATION"));
      expect(synthetic.length).toBe(cached !== "0" && venue.startsWith("-") !== cached.startsWith("-") && venue !== "0" ? 2 : 1);
      expect(synthetic.every((o) => o.status === "FILLED" && o.strategyId === "EXTERNAL")).toBe(true);
    }
  });
});

describe("HEDGING position reports (venue position id)", () => {
  it("no cached position and the venue flat: in sync", () => {
    const env = holding("0", { omsType: OmsType.HEDGING });
    expect(outcome(env, psr("0", undefined, { venuePositionId: PositionId("P-1") })).kind).toBe("InSync");
  });

  it("no cached position, venue long: a synthetic order carrying the venue position id", () => {
    const env = holding("0", { omsType: OmsType.HEDGING });
    const o = outcome(env, psr("10", "100.00", { venuePositionId: PositionId("P-1") }));
    expect(summary(o)).toEqual(["BUY 10 LIMIT @100.00"]);
    expect(o.kind === "Align" && o.reports[0]?.venuePositionId).toBe("P-1");
  });

  it("cached position of that id differs: the difference; applied, the hedge position matches", () => {
    const env = holding("10", { omsType: OmsType.HEDGING });
    const id = env.cache.positionsOpen()[0]!.id;
    const report = psr("15", "102.00", { venuePositionId: id });
    expect(summary(outcome(env, report))).toEqual(["BUY 5 LIMIT @106.00"]);
    env.engine.reconcileExecutionReport(ExecutionReports.position(report));
    expect(env.cache.position(id)?.signedQtyRaw).toBe(15n * RAW);
  });

  it("generateMissingOrders off with a difference: Mismatch that fails", () => {
    const env = holding("0", { omsType: OmsType.HEDGING });
    const o = outcome(env, psr("10", "100.00", { venuePositionId: PositionId("P-1") }), false);
    expect([o.kind, o.kind === "Mismatch" && o.ok]).toEqual(["Mismatch", false]);
  });
});
