import { describe, expect, it } from "vitest";
import { Account } from "../../src/cache/account.js";
import type { AccountState } from "../../src/model/events.js";
import { AccountId, InstrumentId } from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { EUR, USD } from "../../src/model/currency.js";

const ACC = AccountId("IB-DU123");

function state(over: Partial<AccountState> & { ts?: bigint } = {}): AccountState {
  const ts = over.ts ?? 1n;
  return {
    type: "AccountState",
    accountId: ACC,
    accountType: "CASH",
    baseCurrency: USD,
    reported: true,
    balances: [{ total: Money.from("1000", USD), locked: Money.from("100", USD), free: Money.from("900", USD) }],
    margins: [],
    eventId: `e-${ts}`,
    tsEvent: ts,
    tsInit: ts,
    ...over,
  };
}

const SPY = new Equity({
  id: InstrumentId("SPY.SMART"),
  assetClass: "EQUITY",
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  marginInit: 0.25,
  tsEvent: 0n,
  tsInit: 0n,
});

describe("Account", () => {
  it("takes balances from its first state and reads them per currency (default: base)", () => {
    const a = new Account(state());
    expect(a.isCashAccount).toBe(true);
    expect(a.isMarginAccount).toBe(false);
    expect(a.balanceTotal()?.toString()).toBe("1000.00 USD");
    expect(a.balanceFree(USD)?.toString()).toBe("900.00 USD");
    expect(a.balanceLocked()?.toString()).toBe("100.00 USD");
    expect(a.balanceFree(EUR)).toBeUndefined();
    expect(a.eventCount).toBe(1);
  });

  it("replaces balances per currency and keeps currencies a state omits", () => {
    const a = new Account(state({ baseCurrency: undefined, balances: [
      { total: Money.from("10", USD), locked: Money.from("0", USD), free: Money.from("10", USD) },
      { total: Money.from("5", EUR), locked: Money.from("0", EUR), free: Money.from("5", EUR) },
    ] }));
    a.apply(state({ ts: 2n, baseCurrency: undefined, balances: [{ total: Money.from("20", USD), locked: Money.from("5", USD), free: Money.from("15", USD) }] }));
    expect(a.balanceFree(USD)?.toString()).toBe("15.00 USD");
    expect(a.balanceFree(EUR)?.toString()).toBe("5.00 EUR");
    expect(a.balanceFree()).toBeUndefined();
    expect(a.currencies().map((c) => c.code)).toEqual(["USD", "EUR"]);
    expect(a.lastEvent.tsEvent).toBe(2n);
  });

  it("refuses a state of another account, another type, or with total != locked + free", () => {
    const a = new Account(state());
    expect(() => a.apply(state({ accountId: AccountId("IB-OTHER") }))).toThrow(/cannot apply/);
    expect(() => a.apply(state({ accountType: "MARGIN" }))).toThrow(/is CASH/);
    expect(() => a.apply(state({ balances: [{ total: Money.from("10", USD), locked: Money.from("1", USD), free: Money.from("8", USD) }] }))).toThrow(/total/);
    expect(a.eventCount).toBe(1);
  });

  it("keeps margins per instrument for a MARGIN account only", () => {
    const margins = [
      { initial: Money.from("50", USD), maintenance: Money.from("25", USD), instrumentId: SPY.id },
      { initial: Money.from("7", USD), maintenance: Money.from("3", USD) },
    ];
    const m = new Account(state({ accountType: "MARGIN", margins }));
    expect(m.margin(SPY.id)?.initial.toString()).toBe("50.00 USD");
    expect(m.margin()?.maintenance.toString()).toBe("3.00 USD");
    const c = new Account(state({ margins }));
    expect(c.margins()).toEqual([]);
  });

  it("computes the balance impact of a fill: cash pays the notional, margin the initial margin", () => {
    const cash = new Account(state());
    expect(cash.balanceImpact(SPY, Quantity.from("10"), Price.from("400.00"), "BUY").toString()).toBe("-4000.00 USD");
    expect(cash.balanceImpact(SPY, Quantity.from("10"), Price.from("400.00"), "SELL").toString()).toBe("4000.00 USD");
    const margin = new Account(state({ accountType: "MARGIN" }));
    expect(margin.balanceImpact(SPY, Quantity.from("10"), Price.from("400.00"), "BUY").toString()).toBe("-1000.00 USD");
  });

  it("accumulates commissions per currency, exactly", () => {
    const a = new Account(state());
    for (let i = 0; i < 1000; i++) a.updateCommissions(Money.from("0.0035", USD));
    a.updateCommissions(Money.zero(EUR));
    expect(a.commission(USD)?.toString()).toBe("3.50 USD");
    expect(a.commissions()).toHaveLength(1);
  });

  it.each([
    { name: "drops states older than the lookback", ts: [1n, 5n, 8n, 10n], now: 10n, lookback: 4n, kept: [8n, 10n] },
    { name: "keeps the latest state however old", ts: [1n, 2n, 3n], now: 100n, lookback: 10n, kept: [3n] },
    { name: "keeps a state exactly at the cutoff", ts: [6n, 7n], now: 10n, lookback: 4n, kept: [6n, 7n] },
  ])("purgeEvents $name", ({ ts, now, lookback, kept }) => {
    const a = new Account(state({ ts: ts[0] as bigint }));
    for (const t of ts.slice(1)) a.apply(state({ ts: t }));
    expect(a.purgeEvents(now, lookback)).toBe(ts.length - kept.length);
    expect(a.events.map((e) => e.tsEvent)).toEqual(kept);
    expect(a.balanceFree()?.toString()).toBe("900.00 USD");
  });
});
