/** Instrument ids <-> IB contracts (IB_SIMPLIFIED and IB_RAW) and contract details -> instruments. */
import { describe, expect, it } from "vitest";
import { SecType, type Contract, type ContractDetails, OptionType } from "@stoqey/ib";
import { InstrumentId } from "../../../../src/model/identifiers.js";
import { contractForInstrumentId, instrumentIdForContract } from "../../../../src/adapters/ib/parsing/symbology.js";
import { expirationNs, instrumentFromDetails } from "../../../../src/adapters/ib/parsing/instruments.js";
import { isCortanaError } from "../../../../src/common/errors.js";

const SPY: Contract = { secType: SecType.STK, symbol: "SPY", localSymbol: "SPY", exchange: "SMART", currency: "USD" };
const BRK: Contract = { secType: SecType.STK, symbol: "BRK B", localSymbol: "BRK B", exchange: "SMART", currency: "USD" };
const SPY_C: Contract = { secType: SecType.OPT, symbol: "SPY", localSymbol: "SPY   261127C00600000", exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20261127", strike: 600, right: OptionType.Call, multiplier: 100 };
const ES: Contract = { secType: SecType.FUT, symbol: "ES", localSymbol: "ESZ6", exchange: "CME", currency: "USD", lastTradeDateOrContractMonth: "20261218", multiplier: 50 };

describe("IB_SIMPLIFIED symbology", () => {
  it.each([
    [SPY, "SPY.SMART"],
    [BRK, "BRK-B.SMART"],
    [SPY_C, "SPY261127C00600000.SMART"],
    [ES, "ESZ26.CME"],
  ])("%o -> %s", (contract, id) => {
    expect(instrumentIdForContract(contract)).toBe(id);
  });

  it.each([
    ["SPY.SMART", { secType: "STK", exchange: "SMART", symbol: "SPY" }],
    ["BRK-B.SMART", { secType: "STK", exchange: "SMART", symbol: "BRK B" }],
    ["SPY261127C00600000.SMART", { secType: "OPT", exchange: "SMART", localSymbol: "SPY   261127C00600000" }],
    ["ESZ26.CME", { secType: "FUT", exchange: "CME", localSymbol: "ESZ6" }],
  ])("%s -> contract query %o", (id, contract) => {
    expect(contractForInstrumentId(InstrumentId(id))).toEqual(contract);
  });
});

describe("IB_RAW symbology", () => {
  it("keeps the local symbol verbatim", () => {
    expect(instrumentIdForContract(SPY_C, "IB_RAW")).toBe("SPY   261127C00600000.SMART");
    expect(instrumentIdForContract(ES, "IB_RAW")).toBe("ESZ6.CME");
    expect(contractForInstrumentId(InstrumentId("ESZ6.CME"), "IB_RAW")).toEqual({ localSymbol: "ESZ6", exchange: "CME" });
  });
});

const details = (contract: Contract, extra: Partial<ContractDetails> = {}): ContractDetails => ({ contract, minTick: 0.01, ...extra });

describe("contract details -> instruments", () => {
  it("builds an Equity with the tick as increment and whole shares", () => {
    const i = instrumentFromDetails(details(SPY, { minSize: 1, sizeIncrement: 1 }), 5n);
    expect(i.type).toBe("Equity");
    expect(i.id).toBe("SPY.SMART");
    expect([i.pricePrecision, i.priceIncrement.toString(), i.sizePrecision, i.sizeIncrement.toString()]).toEqual([2, "0.01", 0, "1"]);
    expect(i.quoteCurrency.code).toBe("USD");
    expect(i.tsInit).toBe(5n);
  });

  it("builds an OptionContract expiring at 16:00 New York with multiplier 100 and an exact strike", () => {
    const i = instrumentFromDetails(details(SPY_C, { underSymbol: "SPY", underSecType: SecType.STK, lastTradeTime: "16:00:00", timeZoneId: "US/Eastern" }), 0n);
    if (i.type !== "OptionContract") throw new Error("not an option");
    expect(i.id).toBe("SPY261127C00600000.SMART");
    expect(i.rawSymbol).toBe("SPY   261127C00600000");
    expect(i.multiplier.toString()).toBe("100");
    expect(i.strike.toString()).toBe("600");
    expect(i.optionKind).toBe("CALL");
    expect(i.underlying).toBe("SPY");
    expect(new Date(Number(i.expirationNs / 1_000_000n)).toISOString()).toBe("2026-11-27T21:00:00.000Z");
  });

  it("builds a FuturesContract with a 0.25 tick and multiplier 50", () => {
    const i = instrumentFromDetails(details(ES, { minTick: 0.25, underSymbol: "ES", underSecType: SecType.IND }), 0n);
    if (i.type !== "FuturesContract") throw new Error("not a future");
    expect([i.id, i.priceIncrement.toString(), i.pricePrecision, i.multiplier.toString(), i.assetClass]).toEqual(["ESZ26.CME", "0.25", 2, "50", "INDEX"]);
  });

  it("takes summer time into account for expiries", () => {
    const summer = details({ ...SPY_C, lastTradeDateOrContractMonth: "20260717" }, { lastTradeTime: "16:00:00", timeZoneId: "US/Eastern" });
    expect(new Date(Number(expirationNs(summer) / 1_000_000n)).toISOString()).toBe("2026-07-17T20:00:00.000Z");
  });

  it("refuses unsupported security types with CORTANA_E_IB_UNKNOWN_SYMBOL", () => {
    const err = (() => { try { instrumentFromDetails(details({ secType: SecType.CASH, symbol: "EUR", localSymbol: "EUR.USD", exchange: "IDEALPRO" }), 0n); } catch (e) { return e; } })();
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_IB_UNKNOWN_SYMBOL");
  });
});
