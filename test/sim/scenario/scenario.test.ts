import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CortanaError, isCortanaError } from "../../../src/common/errors.js";
import { applyVenueFault, createVenue, defaultScenario, isConnectionFault, loadScenario, parseScenario, SPY_CONID } from "../../../src/sim/scenario/index.js";
import type { Fault, ScenarioInput } from "../../../src/sim/scenario/index.js";
import { quietScenario, SPY, T0 } from "../venue/helpers.js";

function problemsOf(value: unknown): string[] {
  try {
    parseScenario(value, "scenario file x.json");
  } catch (e) {
    expect(isCortanaError(e) && e.code).toBe("CORTANA_E_SCENARIO_INVALID");
    expect((e as Error).message).toContain("scenario file x.json");
    return (e as CortanaError).details as string[];
  }
  throw new Error("expected the scenario to be refused");
}

describe("the default scenario", () => {
  it("has SPY on SMART/ARCA, a SPY chain for today and tomorrow, ES front month on CME", () => {
    const v = createVenue(defaultScenario(), 1, { nowMs: T0 });
    expect(v.contract(SPY_CONID)).toMatchObject({ symbol: "SPY", exchange: "SMART", primaryExchange: "ARCA", minTick: 0.01 });
    const chain = v.optionChain("SPY", SPY_CONID)[0]!;
    expect(chain.expirations).toEqual(["20260413", "20260414"]);
    expect(chain.strikes).toHaveLength(21);
    const opt = v.findContracts({ symbol: "SPY", secType: "OPT", right: "P", strike: 580, lastTradeDateOrContractMonth: "20260413" })[0]!;
    expect(opt).toMatchObject({ multiplier: "100", minTick: 0.01, underConId: SPY_CONID });
    const es = v.findContracts({ symbol: "ES", secType: "FUT" })[0]!;
    expect(es).toMatchObject({ exchange: "CME", multiplier: "50", minTick: 0.25, lastTradeDateOrContractMonth: "20260619" });
    expect(v.accounts()).toEqual(["DU1234567"]);
    expect(v.accountValues("DU1234567").find((a) => a.key === "NetLiquidation")!.value).toBe("1000000.00");
  });

  it("accepts both createVenue call forms", () => {
    const a = createVenue(defaultScenario(), { seed: 4, nowMs: T0 });
    const b = createVenue(defaultScenario(), 4, { nowMs: T0 });
    a.advance(T0 + 10_000);
    b.advance(T0 + 10_000);
    expect(a.quote(SPY_CONID)).toEqual(b.quote(SPY_CONID));
  });

  it("option quotes are consistent with the underlying: calls fall and puts rise with the strike, at least intrinsic", () => {
    const v = createVenue(defaultScenario(), 1, { nowMs: T0 });
    const under = v.quote(SPY_CONID)!.bid;
    const calls = v.findContracts({ symbol: "SPY", secType: "OPT", right: "C", lastTradeDateOrContractMonth: "20260414" });
    const bids = calls.map((c) => v.quote(c.conId)!.bid);
    for (let i = 1; i < bids.length; i++) expect(bids[i]!).toBeLessThanOrEqual(bids[i - 1]!);
    for (const c of calls) expect(v.quote(c.conId)!.ask).toBeGreaterThanOrEqual(Math.max(0, under - c.strike));
    for (const c of calls) expect(Math.round(v.quote(c.conId)!.bid * 100) / 100).toBe(v.quote(c.conId)!.bid);
  });
});

describe("loading and validation", () => {
  it("loads a file, fills defaults, and reports unreadable or non-JSON files with the path", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-"));
    const good = join(dir, "good.json");
    await writeFile(good, JSON.stringify(quietScenario()));
    const s = await loadScenario(good);
    expect(s.instruments[0]).toMatchObject({ kind: "stock", primaryExchange: "ARCA", currency: "USD" });
    expect(s.faults).toEqual([]);
    const missing = await loadScenario(join(dir, "nope.json")).catch((e: unknown) => e);
    expect(isCortanaError(missing) && missing.code).toBe("CORTANA_E_SCENARIO_INVALID");
    expect((missing as Error).message).toContain("nope.json");
    await writeFile(join(dir, "bad.json"), "{");
    const bad = await loadScenario(join(dir, "bad.json")).catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(/bad\.json is not valid JSON/);
  });

  it("names the path of every schema problem, unknown keys included", () => {
    const input = quietScenario() as Record<string, unknown>;
    const problems = problemsOf({
      ...input,
      colour: "red",
      instruments: [{ kind: "stock", conId: -1, symbol: "SPY", price: "abc", walk: { stepMs: 0, bogus: 1 } }, { kind: "bond" }],
      accounts: [],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        '(root): unknown key "colour"',
        expect.stringMatching(/^instruments\[0\]\.conId: /),
        expect.stringMatching(/^instruments\[0\]\.price: must be a non-negative decimal/),
        expect.stringMatching(/^instruments\[0\]\.walk\.stepMs: /),
        'instruments[0].walk: unknown key "bogus"',
        expect.stringMatching(/^instruments\[1\]\.kind: /),
        expect.stringMatching(/^accounts: /),
      ]),
    );
  });

  it("reports cross-field problems: accounts, contracts, conId collisions, chain underlyings, client order ids, time zone", () => {
    const base = quietScenario();
    const problems = problemsOf({
      ...base,
      timeZone: "Mars/Olympus",
      accounts: [{ id: "A", cash: "1" }, { id: "A", cash: "2" }],
      positions: [{ account: "ZZZ", contract: { symbol: "SPY" }, quantity: "10", avgPrice: "500" }],
      openOrders: [{ clientId: 3, orderId: 0, contract: { symbol: "NOPE" }, action: "BUY", quantity: "1", lmtPrice: 1 }],
      pastExecutions: [{ contract: { symbol: "SPY", secType: "OPT" }, action: "BUY", quantity: "1", price: 1, timeMs: 0 }],
      faults: [{ atMs: 10, fault: { kind: "movePrice", contract: { conId: 42 }, price: 1 } }],
    } satisfies ScenarioInput);
    expect(problems).toEqual(
      expect.arrayContaining([
        'timeZone: unknown time zone "Mars/Olympus"',
        'accounts[1].id: duplicate account "A"',
        'positions[0].account: unknown account "ZZZ" (accounts: A, A)',
        expect.stringMatching(/^openOrders\[0\]\.contract: no instrument matches/),
        expect.stringMatching(/^openOrders\[0\]\.orderId: an order of API client 3 needs an orderId > 0/),
        expect.stringMatching(/^pastExecutions\[0\]\.contract: 20 instruments match \{"symbol":"SPY","secType":"OPT"\} \(SPY OPT C 490, /),
        expect.stringMatching(/^faults\[0\]\.fault\.contract: no instrument matches/),
      ]),
    );
    expect(problemsOf({ ...base, instruments: [...base.instruments, { kind: "stock", conId: SPY, symbol: "QQQ", price: "1" }] })).toEqual([
      expect.stringMatching(/conId 756733 is used twice/),
    ]);
    expect(problemsOf({ ...base, instruments: [{ kind: "optionChain", underlying: "XYZ", conIdStart: 5 }] })).toEqual([
      expect.stringMatching(/option chain on "XYZ": no stock/),
    ]);
  });

  it("rejects an unknown fault kind and bad fault fields with their paths", () => {
    const problems = problemsOf({ ...quietScenario(), faults: [{ atMs: -1, fault: { kind: "explode" } }, { atMs: 5, fault: { kind: "connectivity", code: 999 } }] });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^faults\[0\]\.atMs: /), expect.stringMatching(/^faults\[0\]\.fault\.kind: /), expect.stringMatching(/^faults\[1\]\.fault\.code: /)]));
  });
});

describe("createVenue seeds the venue's history", () => {
  const scenario = quietScenario({
    positions: [{ contract: { symbol: "SPY" }, quantity: "200", avgPrice: "450" }, { account: "DU222", contract: { symbol: "SPY", secType: "OPT", right: "C", strike: 500, lastTradeDateOrContractMonth: "today" }, quantity: "-3", avgPrice: "2.5" }],
    openOrders: [
      { clientId: 0, contract: { symbol: "SPY" }, action: "SELL", quantity: "100", orderType: "LMT", lmtPrice: 520, orderRef: "tws-order" },
      { clientId: 5, orderId: 17, contract: { symbol: "SPY" }, action: "BUY", quantity: "10", orderType: "LMT", lmtPrice: 480 },
    ],
    completedOrders: [{ clientId: 5, orderId: 3, contract: { symbol: "SPY" }, action: "BUY", quantity: "10", status: "Filled", avgFillPrice: 490, completedMs: T0 - 3600_000 }],
    pastExecutions: [{ clientId: 5, orderId: 3, contract: { symbol: "SPY" }, action: "BUY", quantity: "10", price: 490, timeMs: T0 - 3600_000 }],
  });

  it("positions, open orders (TWS and API), completed orders and past executions", () => {
    const v = createVenue(parseScenario(scenario, "t"), 1, { nowMs: T0 });
    expect(v.positions().map((p) => [p.account, p.position, p.avgCost])).toEqual([
      ["DU111", "200", 450],
      ["DU222", "-3", 250],
    ]);
    const open = v.openOrders();
    expect(open.map((o) => [o.clientId, o.orderId, o.external, o.status])).toEqual([
      [0, 0, true, "Submitted"],
      [5, 17, false, "Submitted"],
    ]);
    expect(v.nextOrderIdFor(5)).toBe(18);
    expect(v.completedOrders()[0]).toMatchObject({ clientId: 5, orderId: 3, status: "Filled", avgFillPrice: 490, filled: "10" });
    const past = v.executions()[0]!;
    expect(past.execution).toMatchObject({ clientId: 5, orderId: 3, permId: v.completedOrders()[0]!.permId, shares: "10", price: 490 });
    expect(past.commission.commission).toBe(1);
    // Past executions are history: cash is the scenario's.
    expect(v.accountValues("DU111").find((a) => a.key === "TotalCashValue")!.value).toBe("100000.00");
  });

  it("a scenario order the venue refuses is reported with its path", () => {
    const bad = quietScenario({ openOrders: [{ clientId: 0, contract: { symbol: "SPY" }, action: "BUY", quantity: "1", orderType: "LMT", lmtPrice: 480.001 }] });
    expect(() => createVenue(parseScenario(bad, "t"), 1, { nowMs: T0 })).toThrow(/openOrders\[0\]: the venue refused the order: 110/);
  });
});

describe("applyVenueFault", () => {
  it("applies every venue-level fault kind and refuses connection-level ones", () => {
    const v = createVenue(parseScenario(quietScenario({ openOrders: [{ clientId: 0, contract: { symbol: "SPY" }, action: "BUY", quantity: "10", orderType: "LMT", lmtPrice: 480, orderRef: "A" }, { clientId: 0, contract: { symbol: "SPY" }, action: "BUY", quantity: "10", orderType: "LMT", lmtPrice: 481, orderRef: "B" }, { clientId: 0, contract: { symbol: "SPY" }, action: "BUY", quantity: "10", orderType: "LMT", lmtPrice: 482, orderRef: "C" }] }), "t"), 1, { nowMs: T0 });
    const run = (fault: Fault) => applyVenueFault(v, fault);
    expect(run({ kind: "movePrice", contract: { symbol: "SPY" }, price: 501 }).ok).toBe(true);
    expect(v.quote(SPY)!.bid).toBe(501);
    expect(run({ kind: "externalOrder", contract: { symbol: "SPY" }, action: "SELL", quantity: "5", orderType: "LMT", lmtPrice: 600, tif: "GTC", account: "", orderRef: "ext" }).ok).toBe(true);
    expect(v.openOrders().some((o) => o.request.orderRef === "ext" && o.external)).toBe(true);
    expect(run({ kind: "externalTrade", contract: { symbol: "SPY" }, action: "BUY", quantity: "7" }).ok).toBe(true);
    expect(v.positions()[0]!.position).toBe("7");
    expect(run({ kind: "forgetOrder", order: { orderRef: "A" } }).ok).toBe(true);
    expect(v.openOrders().some((o) => o.request.orderRef === "A")).toBe(false);
    expect(run({ kind: "cancelAsTwsUser", order: { orderRef: "B" } }).ok).toBe(true);
    expect(run({ kind: "fillOrder", order: { orderRef: "C" }, quantity: "4" }).ok).toBe(true);
    expect(v.executions().at(-1)!.execution.shares).toBe("4");
    expect(run({ kind: "duplicateExecution" }).ok).toBe(true);
    expect(run({ kind: "setPartialFills", mode: { kind: "chunks", qty: "3" } }).ok).toBe(true);
    expect(run({ kind: "rejectNextOrder", reason: "nope" }).ok).toBe(true);
    expect(v.placeExternalOrder({ contract: { conId: SPY }, action: "BUY", totalQuantity: "1", orderType: "MKT", tif: "DAY", goodTillDate: "", ocaGroup: "", ocaType: 0, parentId: 0, transmit: true, orderRef: "", account: "", outsideRth: false }).ok && v.completedOrders().at(-1)!.status).toBe("Inactive");
    expect(run({ kind: "forgetOrder", order: { permId: 1 } }).ok).toBe(false);
    const conn: Fault = { kind: "gatewayRestart", downSecs: 5 };
    expect(isConnectionFault(conn)).toBe(true);
    expect(run(conn)).toEqual({ ok: false, reason: 'fault "gatewayRestart" is connection level: the server executes it' });
  });
});
