/** Instruments: validation, values at the instrument's precision, notional with multipliers. */
import { describe, expect, it } from "vitest";
import { USD } from "../../src/model/currency.js";
import { InstrumentId } from "../../src/model/identifiers.js";
import { Equity, FuturesContract, OptionContract, type AnyInstrument } from "../../src/model/instruments.js";
import { Money, Price, Quantity } from "../../src/model/values.js";

const base = {
  id: InstrumentId("SPY.SMART"),
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  tsEvent: 1n,
  tsInit: 2n,
};
const invalid = expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" });

describe("instruments", () => {
  it("Equity: defaults, makePrice/makeQty at the instrument's precision, ticks", () => {
    const spy = new Equity({ ...base, maxQuantity: Quantity.from(1_000_000), minQuantity: Quantity.from(1) });
    expect([spy.type, spy.instrumentClass, spy.assetClass, spy.rawSymbol]).toEqual(["Equity", "SPOT", "EQUITY", "SPY"]);
    expect(spy.multiplier.toString()).toBe("1");
    expect(spy.makePrice(470.1).toString()).toBe("470.10");
    expect(spy.makePrice(470.125).toString()).toBe("470.12"); // half to even
    expect(() => spy.makePrice("470.125")).toThrowError(expect.objectContaining({ code: "CORTANA_E_PRECISION" }));
    expect(spy.makeQty(10).toString()).toBe("10");
    expect(spy.isValidTick(Price.from("470.11"))).toBe(true);
    expect(spy.isValidTick(Price.from("470.115"))).toBe(false);
    expect(spy.notionalValue(Quantity.from(100), Price.from("470.10")).eq(Money.from("47010", USD))).toBe(true);
    expect(spy.allowsNegativePrice).toBe(false);
  });

  it("OptionContract and FuturesContract apply their multipliers to notional", () => {
    const opt = new OptionContract({
      ...base,
      id: InstrumentId("SPY   240119C00470000.SMART"),
      assetClass: "EQUITY",
      multiplier: Quantity.from(100),
      underlying: "SPY",
      optionKind: "CALL",
      strike: Price.from("470"),
      activationNs: 0n,
      expirationNs: 10n,
    });
    expect(opt.notionalValue(Quantity.from(3), Price.from("2.15")).toString()).toBe("645.00 USD");
    const es = new FuturesContract({
      ...base,
      id: InstrumentId("ESH5.CME"),
      assetClass: "INDEX",
      pricePrecision: 2,
      priceIncrement: Price.from("0.25", 2),
      multiplier: Quantity.from(50),
      underlying: "ES",
      activationNs: 0n,
      expirationNs: 10n,
    });
    expect(es.notionalValue(Quantity.from(2), Price.from("5000.25")).toString()).toBe("500025.00 USD");
    expect(es.isValidTick(Price.from("5000.50"))).toBe(true);
    expect(es.isValidTick(Price.from("5000.10"))).toBe(false);
    const all: AnyInstrument[] = [opt, es];
    expect(all.map((i) => (i.type === "OptionContract" ? i.strike.toString() : i.type === "FuturesContract" ? i.underlying : i.id))).toEqual(["470", "ES"]);
  });

  it.each([
    ["non-positive price increment", { priceIncrement: Price.from("0.00") }],
    ["increment at another precision", { priceIncrement: Price.from("0.001") }],
    ["size increment at another precision", { sizeIncrement: Quantity.from("0.1") }],
    ["zero multiplier", { multiplier: Quantity.from(0) }],
    ["min > max quantity", { minQuantity: Quantity.from(10), maxQuantity: Quantity.from(1) }],
    ["min > max price", { minPrice: Price.from("10.00"), maxPrice: Price.from("1.00") }],
  ])("rejects %s", (_name, overrides) => {
    expect(() => new Equity({ ...base, ...overrides })).toThrowError(invalid);
  });
});
