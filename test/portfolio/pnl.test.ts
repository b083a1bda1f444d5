import { describe, expect, it } from "vitest";
import { EUR, USD } from "../../src/model/currency.js";
import type { OrderSide } from "../../src/model/enums.js";
import { Venue, type InstrumentId } from "../../src/model/identifiers.js";
import type { Currency } from "../../src/model/values.js";
import { AAPL, ACC, ES, MSFT, SAP, SPY_CALL, accountState, makeHarness } from "./fixtures.js";

type FillRow = readonly [OrderSide, string, string, string?, Currency?];

interface PnlRow {
  readonly name: string;
  readonly instrumentId: InstrumentId;
  readonly fills: readonly FillRow[];
  readonly quote?: readonly [string, string];
  readonly realized: string;
  readonly unrealized: string;
  readonly total: string;
  readonly net: string;
  readonly exposure: string;
}

// Expected values worked by hand: realized = closed qty x (exit - entry) x multiplier - commissions
// (settlement currency only); unrealized marks longs at the bid and shorts at the ask.
const TABLE: readonly PnlRow[] = [
  {
    name: "long, marked at the bid",
    instrumentId: AAPL.id,
    fills: [["BUY", "100", "100.00", "1.00"]],
    quote: ["101.00", "101.05"],
    realized: "-1.00 USD",
    unrealized: "100.00 USD",
    total: "99.00 USD",
    net: "100",
    exposure: "10100.00 USD",
  },
  {
    name: "long, partly closed at a profit, marked below entry",
    instrumentId: AAPL.id,
    fills: [
      ["BUY", "100", "100.00", "0.50"],
      ["SELL", "40", "102.00", "0.50"],
    ],
    quote: ["99.50", "99.60"],
    realized: "79.00 USD",
    unrealized: "-30.00 USD",
    total: "49.00 USD",
    net: "60",
    exposure: "5970.00 USD",
  },
  {
    name: "short, marked at the ask",
    instrumentId: AAPL.id,
    fills: [["SELL", "50", "200.00", "1.25"]],
    quote: ["198.00", "198.10"],
    realized: "-1.25 USD",
    unrealized: "95.00 USD",
    total: "93.75 USD",
    net: "-50",
    exposure: "-9905.00 USD",
  },
  {
    name: "short covered in two fills: flat needs no mark",
    instrumentId: AAPL.id,
    fills: [
      ["SELL", "50", "200.00"],
      ["BUY", "20", "190.00"],
      ["BUY", "30", "195.00"],
    ],
    realized: "350.00 USD",
    unrealized: "0.00 USD",
    total: "350.00 USD",
    net: "0",
    exposure: "0.00 USD",
  },
  {
    name: "flip long to short: close realized, remainder opens short at the fill price",
    instrumentId: AAPL.id,
    fills: [
      ["BUY", "100", "10.00", "1.00"],
      ["SELL", "150", "12.00", "1.50"],
    ],
    quote: ["11.00", "11.10"],
    realized: "197.50 USD",
    unrealized: "45.00 USD",
    total: "242.50 USD",
    net: "-50",
    exposure: "-555.00 USD",
  },
  {
    name: "reopen after flat: the closed lifecycle's realized PnL is kept",
    instrumentId: AAPL.id,
    fills: [
      ["BUY", "10", "100.00"],
      ["SELL", "10", "110.00"],
      ["BUY", "5", "105.00"],
    ],
    quote: ["106.00", "106.10"],
    realized: "100.00 USD",
    unrealized: "5.00 USD",
    total: "105.00 USD",
    net: "5",
    exposure: "530.00 USD",
  },
  {
    name: "option, multiplier 100",
    instrumentId: SPY_CALL.id,
    fills: [
      ["BUY", "3", "2.50", "1.95"],
      ["SELL", "1", "3.10", "0.65"],
    ],
    quote: ["2.70", "2.75"],
    realized: "57.40 USD",
    unrealized: "40.00 USD",
    total: "97.40 USD",
    net: "2",
    exposure: "540.00 USD",
  },
  {
    name: "future, multiplier 50, short round trip",
    instrumentId: ES.id,
    fills: [
      ["SELL", "2", "5000.25", "2.25"],
      ["BUY", "2", "4990.00", "2.25"],
    ],
    realized: "1020.50 USD",
    unrealized: "0.00 USD",
    total: "1020.50 USD",
    net: "0",
    exposure: "0.00 USD",
  },
  {
    name: "future, multiplier 50, open short marked at the ask",
    instrumentId: ES.id,
    fills: [["SELL", "3", "5000.00"]],
    quote: ["4999.75", "5000.50"],
    realized: "0.00 USD",
    unrealized: "-75.00 USD",
    total: "-75.00 USD",
    net: "-3",
    exposure: "-750075.00 USD",
  },
  {
    name: "commission in another currency stays out of realized PnL",
    instrumentId: AAPL.id,
    fills: [["BUY", "10", "100.00", "1.00", EUR]],
    quote: ["100.50", "100.60"],
    realized: "0.00 USD",
    unrealized: "5.00 USD",
    total: "5.00 USD",
    net: "10",
    exposure: "1005.00 USD",
  },
];

describe("Portfolio PnL table", () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const h = makeHarness();
      for (const [side, qty, px, commission, currency] of row.fills) {
        h.fill(row.instrumentId, side, qty, px, commission ?? "0", currency === undefined ? {} : { currency });
      }
      if (row.quote !== undefined) h.quote(row.instrumentId, row.quote[0], row.quote[1]);
      const p = h.portfolio;
      expect(p.realizedPnl(row.instrumentId)?.toString()).toBe(row.realized);
      expect(p.unrealizedPnl(row.instrumentId)?.toString()).toBe(row.unrealized);
      expect(p.totalPnl(row.instrumentId)?.toString()).toBe(row.total);
      expect(p.netPosition(row.instrumentId).toString()).toBe(row.net);
      expect(p.netExposure(row.instrumentId)?.toString()).toBe(row.exposure);
      const net = p.netPosition(row.instrumentId);
      expect(p.isNetLong(row.instrumentId)).toBe(net.raw > 0n);
      expect(p.isNetShort(row.instrumentId)).toBe(net.raw < 0n);
      expect(p.isFlat(row.instrumentId)).toBe(net.raw === 0n);
      expect(p.isCompletelyFlat()).toBe(net.raw === 0n);
    });
  }
});

describe("Portfolio PnL totals", () => {
  it("sums per venue and per account, one total per currency", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00", "1.00");
    h.fill(MSFT.id, "SELL", "5", "300.00", "0.50");
    h.fill(SAP.id, "BUY", "4", "120.00", "2.00");
    h.quote(AAPL.id, "101.00", "101.02");
    h.quote(MSFT.id, "298.00", "298.50");
    h.quote(SAP.id, "119.00", "119.10");
    const p = h.portfolio;
    const nasdaq = p.unrealizedPnls(Venue("NASDAQ"));
    expect([...(nasdaq ?? new Map())].map(([c, m]) => `${c}=${m}`)).toEqual(["USD=17.50 USD"]); // 10 + 7.50
    expect(p.realizedPnls(Venue("NASDAQ")).get("USD")?.toString()).toBe("-1.50 USD");
    expect(p.totalPnls(Venue("NASDAQ"))?.get("USD")?.toString()).toBe("16.00 USD");
    expect(p.netExposures(Venue("NASDAQ"))?.get("USD")?.toString()).toBe("-482.50 USD"); // 1010 - 1492.50
    // Through the account id: every venue of the account, USD and EUR kept apart.
    h.portfolio.updateAccount(accountState());
    const byAccount = p.unrealizedPnls(ACC);
    expect(byAccount?.get("USD")?.toString()).toBe("17.50 USD");
    expect(byAccount?.get("EUR")?.toString()).toBe("-4.00 EUR");
    expect(p.realizedPnls(ACC).get("EUR")?.toString()).toBe("-2.00 EUR");
    expect(p.totalPnls(ACC)?.get("EUR")?.toString()).toBe("-6.00 EUR");
    expect(p.netExposures(ACC)?.get("EUR")?.toString()).toBe("476.00 EUR");
  });

  it("a venue total is undefined while one of its positions has no mark, and complete once it has", () => {
    const h = makeHarness();
    h.fill(AAPL.id, "BUY", "10", "100.00");
    h.fill(MSFT.id, "BUY", "10", "50.00");
    h.quote(AAPL.id, "101.00", "101.02");
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("10.00 USD");
    expect(h.portfolio.unrealizedPnl(MSFT.id)).toBeUndefined();
    expect(h.portfolio.totalPnl(MSFT.id)).toBeUndefined();
    expect(h.portfolio.netExposure(MSFT.id)).toBeUndefined();
    expect(h.portfolio.unrealizedPnls(Venue("NASDAQ"))).toBeUndefined();
    expect(h.portfolio.totalPnls(Venue("NASDAQ"))).toBeUndefined();
    expect(h.portfolio.netExposures(Venue("NASDAQ"))).toBeUndefined();
    expect(h.portfolio.realizedPnls(Venue("NASDAQ")).get("USD")?.toString()).toBe("0.00 USD");
    h.quote(MSFT.id, "49.00", "49.05");
    expect(h.portfolio.unrealizedPnls(Venue("NASDAQ"))?.get("USD")?.toString()).toBe("0.00 USD"); // +10 - 10
  });

  it("an instrument with no position and none cached has no currency: undefined; a cached one is zero", () => {
    const h = makeHarness({ instruments: [AAPL] });
    expect(h.portfolio.unrealizedPnl(AAPL.id)?.toString()).toBe("0.00 USD");
    expect(h.portfolio.realizedPnl(AAPL.id)?.toString()).toBe("0.00 USD");
    expect(h.portfolio.netExposure(AAPL.id)?.toString()).toBe("0.00 USD");
    expect(h.portfolio.unrealizedPnl(MSFT.id)).toBeUndefined();
    expect(h.portfolio.realizedPnl(MSFT.id)).toBeUndefined();
    expect(h.portfolio.netPosition(MSFT.id).toString()).toBe("0");
    expect(h.portfolio.isFlat(MSFT.id)).toBe(true);
    expect(h.portfolio.isCompletelyFlat()).toBe(true);
    expect(h.portfolio.unrealizedPnls(Venue("NASDAQ"))?.size).toBe(0);
  });

  it("PnL stays in the settlement currency (no conversion without exchange rates)", () => {
    const h = makeHarness();
    h.fill(SAP.id, "BUY", "1", "100.00");
    h.quote(SAP.id, "101.00", "101.10");
    const pnl = h.portfolio.unrealizedPnl(SAP.id);
    expect(pnl?.currency).toBe(EUR);
    expect(pnl?.currency).not.toBe(USD);
  });
});
