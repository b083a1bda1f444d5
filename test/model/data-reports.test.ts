/** Market data types (bar type string form, OHLC checks, mid) and execution reports. */
import { describe, expect, it } from "vitest";
import { USD } from "../../src/model/currency.js";
import { BarSpecification, BarType, createBar, quoteMid, quotePrice } from "../../src/model/data.js";
import { ClientId, InstrumentId, TradeId, Venue, VenueOrderId, AccountId } from "../../src/model/identifiers.js";
import { ExecutionMassStatus, positionStatusReport, type FillReport } from "../../src/model/reports.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { ACCOUNT, SPY } from "./fixtures.js";

describe("BarType / BarSpecification", () => {
  it("round-trips the Nautilus string form", () => {
    const t = BarType.parse("SPY.SMART-1-MINUTE-LAST-EXTERNAL");
    expect(t.instrumentId).toBe("SPY.SMART");
    expect(t.spec.step).toBe(1);
    expect(t.spec.aggregation).toBe("MINUTE");
    expect(t.spec.priceType).toBe("LAST");
    expect(t.aggregationSource).toBe("EXTERNAL");
    expect(t.toString()).toBe("SPY.SMART-1-MINUTE-LAST-EXTERNAL");
    expect(String(new BarType(SPY, new BarSpecification(5, "SECOND", "MID"), "INTERNAL"))).toBe("SPY.SMART-5-SECOND-MID-INTERNAL");
  });

  it("parses instrument ids that contain hyphens and dots", () => {
    const t = BarType.parse("BRK-B.NYSE-100-TICK-BID-INTERNAL");
    expect(t.instrumentId).toBe("BRK-B.NYSE");
    expect(InstrumentId.symbol(t.instrumentId)).toBe("BRK-B");
    expect(t.spec.toString()).toBe("100-TICK-BID");
    expect(t.isInternallyAggregated()).toBe(true);
  });

  it.each([
    "SPY.SMART-1-MINUTE-LAST",
    "SPY.SMART-0-MINUTE-LAST-EXTERNAL",
    "SPY.SMART-x-MINUTE-LAST-EXTERNAL",
    "SPY.SMART-1-FORTNIGHT-LAST-EXTERNAL",
    "SPY.SMART-1-MINUTE-LAST-SOMEWHERE",
    "SPY-1-MINUTE-LAST-EXTERNAL",
  ])("rejects %s", (text) => {
    expect(() => BarType.parse(text)).toThrowError(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
  });

  it("gives the interval of clock-driven bars", () => {
    expect(BarSpecification.parse("1-MINUTE-LAST").timedeltaNs()).toBe(60_000_000_000n);
    expect(BarSpecification.parse("250-MILLISECOND-MID").timedeltaNs()).toBe(250_000_000n);
    expect(BarSpecification.parse("2-DAY-LAST").isTimeAggregated()).toBe(true);
    expect(BarSpecification.parse("100-VOLUME-LAST").timedeltaNs()).toBeUndefined();
  });
});

describe("Bar and quotes", () => {
  const barType = BarType.parse("SPY.SMART-1-MINUTE-LAST-EXTERNAL");
  const bar = (o: string, h: string, l: string, c: string) =>
    createBar({ barType, open: Price.from(o), high: Price.from(h), low: Price.from(l), close: Price.from(c), volume: Quantity.from(10), tsEvent: 1n, tsInit: 1n });

  it("accepts consistent OHLC and rejects a high below the close", () => {
    expect(bar("10.00", "10.50", "9.90", "10.20").close.toString()).toBe("10.20");
    expect(() => bar("10.00", "10.10", "9.90", "10.20")).toThrowError(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
    expect(() => bar("10.00", "10.50", "10.05", "10.20")).toThrowError(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
  });

  it("computes an exact mid", () => {
    const q = { instrumentId: SPY, bidPrice: Price.from("1.01"), askPrice: Price.from("1.02"), bidSize: Quantity.from(1), askSize: Quantity.from(1), tsEvent: 1n, tsInit: 1n };
    expect(quoteMid(q).toString()).toBe("1.015");
    expect(quotePrice(q, "BID").toString()).toBe("1.01");
    expect(quotePrice({ ...q, askPrice: Price.from("1.03") }, "MID").toString()).toBe("1.02");
    expect(() => quotePrice(q, "LAST")).toThrowError(expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }));
  });
});

describe("reports", () => {
  it("positionStatusReport derives side and quantity from the signed quantity", () => {
    const base = { accountId: ACCOUNT, instrumentId: SPY, reportId: "r", tsLast: 1n, tsInit: 1n };
    const short = positionStatusReport({ ...base, signedQty: { raw: -150_000_000_000n, precision: 0 } });
    expect(short.positionSide).toBe("SHORT");
    expect(short.quantity.toString()).toBe("150");
    expect(short.signedQtyRaw).toBe(-150_000_000_000n);
    expect(positionStatusReport({ ...base, signedQty: Quantity.from(0) }).positionSide).toBe("FLAT");
    expect(positionStatusReport({ ...base, signedQty: Quantity.from("2.5") }).positionSide).toBe("LONG");
  });

  it("ExecutionMassStatus indexes by venue order id and instrument, refusing other accounts", () => {
    const ms = new ExecutionMassStatus(ClientId("IB"), ACCOUNT, Venue("IB"), "ms-1", 5n);
    const fill = (trade: string): FillReport => ({
      accountId: ACCOUNT,
      instrumentId: SPY,
      venueOrderId: VenueOrderId("42"),
      tradeId: TradeId(trade),
      orderSide: "BUY",
      lastQty: Quantity.from(1),
      lastPx: Price.from("1.00"),
      commission: Money.zero(USD),
      liquiditySide: "TAKER",
      reportId: trade,
      tsEvent: 1n,
      tsInit: 1n,
    });
    ms.addFillReports([fill("a"), fill("b")]);
    expect(ms.fillReports.get(VenueOrderId("42"))?.map((f) => f.tradeId)).toEqual(["a", "b"]);
    expect(() => ms.addFillReports([{ ...fill("c"), accountId: AccountId("IB-OTHER") }])).toThrowError(
      expect.objectContaining({ code: "CORTANA_E_MODEL_INVALID" }),
    );
    ms.addPositionReports([positionStatusReport({ accountId: ACCOUNT, instrumentId: SPY, signedQty: Quantity.from(3), reportId: "p", tsLast: 1n, tsInit: 1n })]);
    expect(ms.positionReports.get(SPY)?.[0]?.quantity.toString()).toBe("3");
  });
});
