import { describe, expect, it } from "vitest";
import { Endpoints, Topics } from "../../src/common/topics.js";
import { USD } from "../../src/model/currency.js";
import { OrderEvents, type AccountState } from "../../src/model/events.js";
import { AccountId, TradeId, Venue } from "../../src/model/identifiers.js";
import { Money } from "../../src/model/values.js";
import { Account } from "../../src/portfolio/index.js";
import { AAPL, ACC, ES, MS, T0, MSFT, SPY_CALL, accountState, balance, makeHarness, usd } from "./fixtures.js";

function published(h: ReturnType<typeof makeHarness>): AccountState[] {
  const out: AccountState[] = [];
  h.bus.subscribe(Topics.accountEvents("*"), (s: AccountState) => out.push(s));
  return out;
}

describe("Portfolio accounts", () => {
  it("the first AccountState on Portfolio.update_account creates and caches the Account; later ones update it", () => {
    const h = makeHarness();
    const seen = published(h);
    expect(h.bus.send(Endpoints.PortfolioUpdateAccount, accountState({ balances: [balance("1000.00", "0.00")] }))).toBe(true);
    const account = h.cache.account(ACC);
    expect(account).toBeInstanceOf(Account);
    expect(account?.balanceTotal(USD)?.toString()).toBe("1000.00 USD");
    h.bus.send(Endpoints.PortfolioUpdateAccount, accountState({ balances: [balance("1200.50", "200.00")], ts: 2n }));
    expect(h.cache.account(ACC)).toBe(account);
    expect(account?.balanceFree(USD)?.toString()).toBe("1000.50 USD");
    expect(account?.eventCount).toBe(2);
    expect(seen.map((s) => s.balances[0]?.total.toString())).toEqual(["1000.00 USD", "1200.50 USD"]);
  });

  it("account() resolves an account id or a venue (IB: the one account trades every exchange)", () => {
    const h = makeHarness();
    expect(h.portfolio.account(ACC)).toBeUndefined();
    h.portfolio.updateAccount(accountState());
    expect(h.portfolio.account(ACC)?.id).toBe(ACC);
    expect(h.portfolio.account(Venue("IB"))?.id).toBe(ACC);
    expect(h.portfolio.account(Venue("NASDAQ"))?.id).toBe(ACC);
    const other = AccountId("SIM-001");
    h.portfolio.updateAccount(accountState({ accountId: other, accountType: "CASH" }));
    expect(h.portfolio.account(Venue("SIM"))?.id).toBe(other);
    expect(h.portfolio.account(Venue("NASDAQ"))).toBeUndefined(); // two accounts, none issued by NASDAQ
  });

  it("a state the Account refuses is logged, changes nothing and is not published", () => {
    const h = makeHarness();
    const seen = published(h);
    h.portfolio.updateAccount(accountState({ balances: [balance("1000.00", "0.00")] }));
    const bad: AccountState = { ...accountState(), balances: [{ total: usd("10.00"), locked: usd("1.00"), free: usd("1.00") }] };
    expect(h.portfolio.updateAccount(bad).kind).toBe("refused");
    expect(h.portfolio.updateAccount(accountState({ accountType: "CASH" })).kind).toBe("refused");
    expect(h.cache.account(ACC)?.balanceTotal(USD)?.toString()).toBe("1000.00 USD");
    expect(seen).toHaveLength(1);
    expect(h.logs("error").filter((m) => m.startsWith("Cannot apply account state"))).toHaveLength(2);
  });

  it("fills add their commissions to the account", () => {
    const h = makeHarness();
    h.portfolio.updateAccount(accountState());
    h.fill(AAPL.id, "BUY", "10", "100.00", "1.25");
    h.fill(AAPL.id, "SELL", "10", "101.00", "0.75");
    expect(h.cache.account(ACC)?.commission(USD)?.toString()).toBe("2.00 USD");
  });

  it("minAccountStateLoggingIntervalMs logs at most one state per interval per account (the rest at debug)", () => {
    const h = makeHarness({ config: { minAccountStateLoggingIntervalMs: 1000 } });
    for (const ms of [0n, 400n, 999n, 1000n, 1500n, 2100n]) {
      h.clock.setTime(T0 + ms * MS);
      h.portfolio.updateAccount(accountState({ ts: h.clock.timestampNs() }));
    }
    const info = h.records.filter((r) => r.level === "info" && r.msg === `Updated ${ACC}`);
    const debug = h.records.filter((r) => r.level === "debug" && r.msg.startsWith(`Updated ${ACC} (account state logging throttled)`));
    expect(info).toHaveLength(3); // at 0, 1000, 2100
    expect(debug).toHaveLength(3);
    const unthrottled = makeHarness();
    for (let i = 0; i < 3; i++) unthrottled.portfolio.updateAccount(accountState());
    expect(unthrottled.records.filter((r) => r.level === "info" && r.msg === `Updated ${ACC}`)).toHaveLength(3);
  });
});

describe("Portfolio margins", () => {
  it("CASH account: open BUY orders lock their notional per instrument; SELLs and MARKETs lock nothing; cancel unlocks", () => {
    const h = makeHarness();
    h.portfolio.updateAccount(accountState({ accountType: "CASH" }));
    const buy = h.openOrder(AAPL.id, "BUY", "100", { price: "50.00" });
    h.openOrder(AAPL.id, "BUY", "10", { type: "STOP_MARKET", trigger: "55.00" });
    h.openOrder(AAPL.id, "SELL", "100", { price: "60.00" });
    h.openOrder(MSFT.id, "BUY", "5", { type: "MARKET" });
    h.openOrder(SPY_CALL.id, "BUY", "2", { price: "3.10" });
    const locked = h.portfolio.balancesLocked(ACC);
    expect([...locked].map(([id, m]) => `${id}=${m}`).sort()).toEqual([
      "AAPL.NASDAQ=5550.00 USD", // 100 x 50 + 10 x 55
      "MSFT.NASDAQ=0.00 USD",
      "SPY 241220C00500000.SMART=620.00 USD", // 2 x 3.10 x 100
    ]);
    h.cancel(buy);
    expect(h.portfolio.balancesLocked(Venue("NASDAQ")).get(AAPL.id)?.toString()).toBe("550.00 USD");
    expect(h.portfolio.marginsInit(ACC).size).toBe(0); // a cash account has no margins
  });

  it("MARGIN account: initial margin of open orders and maintenance margin of open positions, multiplier applied", () => {
    const h = makeHarness();
    h.portfolio.updateAccount(accountState());
    h.openOrder(AAPL.id, "BUY", "100", { price: "100.00" });
    h.openOrder(AAPL.id, "SELL", "20", { price: "110.00" });
    h.openOrder(ES.id, "SELL", "1", { price: "5000.00" });
    const init = h.portfolio.marginsInit(ACC);
    expect(init.get(AAPL.id)?.toString()).toBe("3050.00 USD"); // (10000 + 2200) x 0.25
    expect(init.get(ES.id)?.toString()).toBe("12500.00 USD"); // 5000 x 50 x 0.05
    h.fill(ES.id, "SELL", "2", "5000.00");
    h.fill(AAPL.id, "BUY", "30", "100.00");
    const maint = h.portfolio.marginsMaint(ACC);
    expect(maint.get(ES.id)?.toString()).toBe("20000.00 USD"); // 2 x 5000 x 50 x 0.04
    expect(maint.get(AAPL.id)?.toString()).toBe("300.00 USD"); // 30 x 100 x 0.10
    expect(h.portfolio.balancesLocked(ACC).size).toBe(0);
    h.fill(ES.id, "BUY", "2", "4990.00");
    expect(h.portfolio.marginsMaint(ACC).has(ES.id)).toBe(false);
  });

  it("an order fill reduces its margin to the leaves quantity", () => {
    const h = makeHarness();
    h.portfolio.updateAccount(accountState());
    const order = h.openOrder(AAPL.id, "BUY", "100", { price: "100.00" });
    const fill = {
      venueOrderId: order.venueOrderId!,
      accountId: ACC,
      tradeId: TradeId("PF-1"),
      orderSide: "BUY" as const,
      orderType: "LIMIT" as const,
      lastQty: AAPL.makeQty("40"),
      lastPx: AAPL.makePrice("100.00"),
      currency: USD,
      commission: Money.zero(USD),
      liquiditySide: "MAKER" as const,
    };
    const e = OrderEvents.filled(order, fill, h.meta());
    order.apply(e);
    h.cache.updateOrder(order);
    h.bus.publish(Topics.orderEvents(order.strategyId), e);
    expect(h.portfolio.marginsInit(ACC).get(AAPL.id)?.toString()).toBe("1500.00 USD"); // 60 x 100 x 0.25
  });

  it("venue-reported per-instrument margins take precedence over calculated ones", () => {
    const h = makeHarness();
    h.portfolio.updateAccount(accountState());
    h.openOrder(AAPL.id, "BUY", "100", { price: "100.00" });
    h.openOrder(MSFT.id, "BUY", "1", { price: "100.00" });
    h.portfolio.updateAccount(accountState({ margins: [{ initial: usd("2000.00"), maintenance: usd("1500.00"), instrumentId: AAPL.id }], ts: 5n }));
    expect(h.portfolio.marginsInit(ACC).get(AAPL.id)?.toString()).toBe("2000.00 USD");
    expect(h.portfolio.marginsMaint(ACC).get(AAPL.id)?.toString()).toBe("1500.00 USD");
    expect(h.portfolio.marginsInit(ACC).get(MSFT.id)?.toString()).toBe("0.00 USD"); // MSFT has no margin rate
  });

  it("orders known before their account: initializeOrders logs the gap; the account's first state fills it", () => {
    const h = makeHarness();
    h.openOrder(AAPL.id, "BUY", "10", { price: "100.00" });
    h.fill(ES.id, "BUY", "1", "5000.00");
    h.portfolio.initializeOrders();
    expect(h.logs("error")).toContain(`Cannot calculate margins of open orders on ${AAPL.id}: no account for venue NASDAQ`);
    expect(h.portfolio.marginsInit(ACC).size).toBe(0);
    h.portfolio.updateAccount(accountState());
    expect(h.portfolio.marginsInit(ACC).get(AAPL.id)?.toString()).toBe("250.00 USD");
    expect(h.portfolio.marginsMaint(ACC).get(ES.id)?.toString()).toBe("10000.00 USD");
    expect(h.records.some((r) => r.msg === "Initialized 1 open order" && r.missingAccounts === 1)).toBe(true);
  });

  it("reset forgets calculated margins; they come back with the next initialization", () => {
    const h = makeHarness();
    h.portfolio.updateAccount(accountState());
    h.openOrder(AAPL.id, "BUY", "10", { price: "100.00" });
    h.portfolio.reset();
    expect(h.portfolio.marginsInit(ACC).size).toBe(0);
    h.portfolio.initializeOrders();
    expect(h.portfolio.marginsInit(ACC).get(AAPL.id)?.toString()).toBe("250.00 USD");
  });
});
