/** execId de-dup and corrections, fills, open/completed order and position reports, IB times. */
import { describe, expect, it } from "vitest";
import { SecType, type Execution } from "@stoqey/ib";
import { AccountId, InstrumentId } from "../../../../src/model/identifiers.js";
import { ExecutionLedger, execIdParts, fillReportFrom, latestExecutions } from "../../../../src/adapters/ib/parsing/executions.js";
import { orderStatusReportFrom, positionReportFrom } from "../../../../src/adapters/ib/parsing/reports.js";
import { ibTimeToNs, utcRequestTime } from "../../../../src/adapters/ib/parsing/time.js";
import { decimalText, precisionOf } from "../../../../src/adapters/ib/parsing/values.js";

const ACC = AccountId("IB-DU1234567");
const SPY = InstrumentId("SPY.SMART");
const ctx = { accountId: ACC, instrumentId: SPY, pricePrecision: 2, sizePrecision: 0, reportId: "r1", tsInit: 9n };
const iso = (ns: bigint | undefined) => (ns === undefined ? undefined : new Date(Number(ns / 1_000_000n)).toISOString());

describe("execution ids", () => {
  it("splits the revision off the stem", () => {
    expect(execIdParts("0000e0d5.69dd7411.01.02")).toEqual({ stem: "0000e0d5.69dd7411.01", revision: 2 });
  });

  it("tells new fills from repeats, corrections and superseded revisions", () => {
    const l = new ExecutionLedger();
    expect(["a.b.01.01", "a.b.01.01", "a.b.01.02", "a.b.01.01", "a.b.02.01"].map((x) => l.observe(x))).toEqual(["new", "duplicate", "correction", "superseded", "new"]);
    expect(l.has("a.b.01.01")).toBe(true);
    expect(l.has("a.b.09.01")).toBe(false);
  });

  it("keeps only the latest revision per stem, in first-seen order", () => {
    const ex = (execId: string, shares: number) => ({ execution: { execId, shares } as Execution });
    const out = latestExecutions([ex("x.01.01", 5), ex("y.01.01", 1), ex("x.01.01", 5), ex("x.01.02", 4)]);
    expect(out.map((o) => [o.execution.execId, o.execution.shares])).toEqual([["x.01.02", 4], ["y.01.01", 1]]);
  });
});

describe("fill reports", () => {
  it("uses permId as venue order id, the execId as trade id, exact price, commission and UTC time", () => {
    const r = fillReportFrom({
      contract: { secType: SecType.STK, currency: "USD" },
      execution: { execId: "0000e0d5.69dd7411.01.01", permId: 1938982001, side: "BOT", shares: 10, price: 600.07, time: "20261127-15:00:01", lastLiquidity: { value: 2 } as never },
      commission: { commission: 0.35, currency: "USD" },
    }, ctx);
    expect([r.venueOrderId, r.tradeId, r.orderSide, r.lastQty.toString(), r.lastPx.toString(), r.commission.toString(), r.liquiditySide]).toEqual(
      ["1938982001", "0000e0d5.69dd7411.01.01", "BUY", "10", "600.07", "0.35 USD", "TAKER"]);
    expect(iso(r.tsEvent)).toBe("2026-11-27T15:00:01.000Z");
  });
});

describe("order status reports", () => {
  it("reads clientOrderId from orderRef, permId as venue id, fills from ORDER_STATUS", () => {
    const r = orderStatusReportFrom({
      contract: { secType: SecType.STK },
      order: { orderId: 3, permId: 77, orderRef: "O-1", action: "BUY" as never, totalQuantity: 10, orderType: "LMT" as never, lmtPrice: 599.99, tif: "GTC" },
      orderState: { status: "Submitted" as never },
      status: { status: "Submitted", filled: 4, remaining: 6, avgFillPrice: 599.985 },
    }, ctx);
    expect(r).toMatchObject({ clientOrderId: "O-1", venueOrderId: "77", orderSide: "BUY", orderType: "LIMIT", timeInForce: "GTC", orderStatus: "PARTIALLY_FILLED" });
    expect([r?.price?.toString(), r?.quantity.toString(), r?.filledQty.toString(), r?.avgPx?.toString()]).toEqual(["599.99", "10", "4", "599.985"]);
  });

  it("reads a completed order's own filled quantity and completion time", () => {
    const r = orderStatusReportFrom({
      contract: { secType: SecType.STK },
      order: { permId: 78, orderRef: "", action: "SELL" as never, totalQuantity: 5, orderType: "MKT" as never, filledQuantity: 5 },
      orderState: { status: "Filled" as never, completedTime: "20261127 15:00:02 UTC", completedStatus: "Filled" },
    }, ctx);
    expect(r).toMatchObject({ clientOrderId: undefined, venueOrderId: "78", orderStatus: "FILLED", orderSide: "SELL" });
    expect(r?.filledQty.toString()).toBe("5");
    expect(iso(r?.tsLast)).toBe("2026-11-27T15:00:02.000Z");
  });
});

describe("position reports", () => {
  it("signs the quantity and divides avgCost by the multiplier", () => {
    const long = positionReportFrom({ account: "DU1234567", contract: {}, pos: 2, avgCost: 290000.5 }, { ...ctx, multiplier: 50 });
    expect([long.positionSide, long.quantity.toString(), long.signedQtyRaw > 0n, long.avgPxOpen?.toString()]).toEqual(["LONG", "2", true, "5800.01"]);
    const short = positionReportFrom({ account: "DU1234567", contract: {}, pos: -3, avgCost: 600 }, ctx);
    expect([short.positionSide, short.quantity.toString(), short.signedQtyRaw < 0n]).toEqual(["SHORT", "3", true]);
    const flat = positionReportFrom({ account: "DU1234567", contract: {}, pos: 0, avgCost: 0 }, ctx);
    expect([flat.positionSide, flat.avgPxOpen]).toEqual(["FLAT", undefined]);
  });
});

describe("IB times and decimals", () => {
  it.each([
    ["20261127-15:00:01", "2026-11-27T15:00:01.000Z"],
    ["20261127  15:00:01", "2026-11-27T15:00:01.000Z"],
    ["20261127 10:00:01 US/Eastern", "2026-11-27T15:00:01.000Z"],
    ["20260413 15:27:04 US/Eastern", "2026-04-13T19:27:04.000Z"],
    ["20261127 15:00:01 UTC", "2026-11-27T15:00:01.000Z"],
    ["1795791601", "2026-11-27T15:00:01.000Z"],
  ])("%s -> %s", (text, expected) => {
    expect(iso(ibTimeToNs(text))).toBe(expected);
  });

  it("gives undefined for an unknown zone or garbage, and writes the UTC request form", () => {
    expect(ibTimeToNs("20261127 10:00:01 Nowhere/Land")).toBeUndefined();
    expect(ibTimeToNs("soon")).toBeUndefined();
    expect(utcRequestTime(BigInt(Date.UTC(2026, 0, 2, 3, 4, 5)) * 1_000_000n)).toBe("20260102-03:04:05");
  });

  it("recovers IB's decimal text from doubles", () => {
    expect([decimalText(0.1 + 0.2), decimalText(600.07), decimalText(1e-7), precisionOf(0.01), precisionOf(0.25), precisionOf(5), precisionOf(0.0001)]).toEqual(["0.3", "600.07", "1e-7", 2, 2, 0, 4]);
  });
});
