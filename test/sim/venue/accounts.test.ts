import { describe, expect, it } from "vitest";
import { ACCOUNT, ES, permOf, quietVenue, req, SPY, value } from "./helpers.js";

describe("commissions", () => {
  it("stocks pay 0.005/share with a 1.00 minimum per order and a 1% cap", () => {
    const v = quietVenue();
    v.placeOrder(req({ totalQuantity: "100" }));
    v.placeOrder(req({ totalQuantity: "1000" }));
    v.movePrice(SPY, 0.5);
    v.placeOrder(req({ totalQuantity: "100" }));
    expect(v.executions().map((e) => e.commission.commission)).toEqual([1, 5, 0.51]);
  });

  it("partial fills of one order add up to the order's commission (minimum charged once)", () => {
    const v = quietVenue({ partialFills: { kind: "chunks", qty: "100" } });
    const p = permOf(v.placeOrder(req({ totalQuantity: "500" })));
    for (let i = 1; i <= 4; i++) v.advance(Date.UTC(2026, 3, 13, 15, 0, i));
    const fees = v.executions().map((e) => e.commission.commission);
    expect(fees).toEqual([1, 0, 0.5, 0.5, 0.5]);
    expect(v.order(p)!.commission).toBe(2.5);
  });

  it("options pay 0.65 per contract (min 1), futures 0.85 per contract", () => {
    const v = quietVenue();
    const call = v.findContracts({ symbol: "SPY", secType: "OPT", right: "C", strike: 500, lastTradeDateOrContractMonth: "20260413" })[0]!;
    v.placeOrder(req({ contract: { conId: call.conId }, totalQuantity: "1" }));
    v.placeOrder(req({ contract: { conId: call.conId }, totalQuantity: "3" }));
    v.placeOrder(req({ contract: { conId: ES }, totalQuantity: "2" }));
    expect(v.executions().map((e) => e.commission.commission)).toEqual([1, 1.95, 1.7]);
  });
});

describe("positions, cash and PnL", () => {
  it("a round trip books exact cash, average cost (with commission) and realized PnL", () => {
    const v = quietVenue();
    v.placeOrder(req({ totalQuantity: "100" }));
    expect(v.positions().find((p) => p.contract.conId === SPY)).toMatchObject({ account: ACCOUNT, position: "100", avgCost: 500.02 });
    expect(value(v, "TotalCashValue")).toBe("49998.00");
    v.movePrice(SPY, 510);
    // Marked at the mid 510.005: 51000.50 - cost 50002.00.
    expect(value(v, "UnrealizedPnL")).toBe("998.50");
    v.placeOrder(req({ action: "SELL", totalQuantity: "100" }));
    const exec = v.executions()[1]!;
    expect(exec.commission.realizedPNL).toBe(997);
    expect(v.executions()[0]!.commission.realizedPNL).toBeUndefined();
    expect(value(v, "TotalCashValue")).toBe("100997.00");
    expect(value(v, "RealizedPnL")).toBe("997.00");
    expect(value(v, "NetLiquidation")).toBe("100997.00");
    expect(v.positions().find((p) => p.contract.conId === SPY)!.position).toBe("0");
  });

  it("shorts and flips split the execution into a closing and an opening part", () => {
    const v = quietVenue();
    v.placeOrder(req({ action: "SELL", totalQuantity: "100" }));
    expect(v.positions()[0]).toMatchObject({ position: "-100", avgCost: 499.99 });
    v.movePrice(SPY, 490);
    v.placeOrder(req({ action: "BUY", totalQuantity: "300" }));
    const pos = v.positions()[0]!;
    expect(pos.position).toBe("200");
    // Closing 100 of 300 shares: gross 100 x (500.00 - 490.01), minus the opening commission (1) and a third of 1.50.
    expect(v.executions()[1]!.commission.realizedPNL).toBe(997.5);
    expect(pos.avgCost).toBe(490.015);
  });

  it("account values after fills: stock margin, available funds and buying power", () => {
    const v = quietVenue();
    v.placeOrder(req({ totalQuantity: "100" }));
    const mid = 500.005 * 100;
    expect(Number(value(v, "GrossPositionValue"))).toBeCloseTo(mid, 2);
    // cash 49998.00 + 100 x mid 500.005
    expect(value(v, "NetLiquidation")).toBe("99998.50");
    expect(value(v, "InitMarginReq")).toBe("25000.25");
    expect(value(v, "MaintMarginReq")).toBe("12500.13");
    expect(value(v, "AvailableFunds")).toBe("74998.25");
    expect(value(v, "BuyingPower")).toBe("299993.00");
    expect(v.accountValues("DU222").find((a) => a.key === "NetLiquidation")!.value).toBe("50000.00");
    expect(v.accountValues("NOPE")).toEqual([]);
  });

  it("futures do not move cash at the trade; the realized difference settles on close", () => {
    const v = quietVenue();
    v.placeOrder(req({ contract: { conId: ES }, totalQuantity: "1" }));
    expect(value(v, "TotalCashValue")).toBe("99999.15");
    expect(value(v, "InitMarginReq")).toBe("15000.00");
    v.movePrice(ES, 5010);
    expect(value(v, "FuturesPNL")).toBe("493.75");
    v.placeOrder(req({ contract: { conId: ES }, action: "SELL", totalQuantity: "1" }));
    // bought 5000.25, sold 5010.00: 9.75 x 50 = 487.50 gross, minus 2 x 0.85.
    expect(value(v, "TotalCashValue")).toBe("100485.80");
    expect(value(v, "NetLiquidation")).toBe("100485.80");
    expect(value(v, "RealizedPnL")).toBe("485.80");
  });

  it("portfolio rows carry market price, value, average price and PnL", () => {
    const v = quietVenue();
    v.placeOrder(req({ totalQuantity: "10" }));
    v.movePrice(SPY, 501);
    const row = v.portfolio(ACCOUNT).find((r) => r.contract.conId === SPY)!;
    expect(row).toMatchObject({ position: "10", marketPrice: 501.005, marketValue: 5010.05, averagePrice: 500.11, avgCost: 500.11 });
    expect(row.unrealizedPNL).toBeCloseTo(8.95, 8);
  });
});
