/** Identifier validation and ClientOrderId generation. */
import { describe, expect, it } from "vitest";
import {
  AccountId,
  ClientOrderId,
  ClientOrderIdGenerator,
  InstrumentId,
  StrategyId,
  Symbol,
  TraderId,
  Venue,
  accountIdIssuer,
  accountIdNumber,
  datetimeTag,
  strategyIdTag,
  traderIdName,
  traderIdTag,
} from "../../src/model/identifiers.js";

const invalid = expect.objectContaining({ code: "CORTANA_E_IDENTIFIER_INVALID" });

describe("identifier validation", () => {
  it.each([
    ["TraderId", TraderId, ["TRADER-001", "MY-DESK-7"], ["TRADER", "-001", "TRADER-", "", " T-1", "T-1 ", "TRÄDER-1", "T\n-1"]],
    ["StrategyId", StrategyId, ["EMACross-001", "EXTERNAL"], ["EMACross", "-1", "X-", "external"]],
    ["AccountId", AccountId, ["IB-DU1234567", "IB-U-1"], ["IB", "-DU1", "IB-", ""]],
    ["InstrumentId", InstrumentId, ["SPY.SMART", "BRK.B.NYSE", "SPY   240119C00470000.SMART", "ES.CME"], ["SPY", ".SMART", "SPY.", ""]],
    ["Venue", Venue, ["SMART", "IB"], ["SM.ART", ""]],
    ["ClientOrderId", ClientOrderId, ["O-20240102-153000-001-001-1", "abc"], ["", " x"]],
  ] as const)("%s", (_name, make, good, bad) => {
    for (const v of good) expect(make(v)).toBe(v);
    for (const v of bad) expect(() => make(v)).toThrowError(invalid);
  });

  it("splits identifiers at the right separator", () => {
    expect(traderIdTag(TraderId("MY-DESK-7"))).toBe("7");
    expect(traderIdName(TraderId("MY-DESK-7"))).toBe("MY-DESK");
    expect(strategyIdTag(StrategyId("EMACross-001"))).toBe("001");
    expect(strategyIdTag(StrategyId("EXTERNAL"))).toBe("EXTERNAL");
    expect(accountIdIssuer(AccountId("IB-U-1"))).toBe("IB");
    expect(accountIdNumber(AccountId("IB-U-1"))).toBe("U-1");
    const opt = InstrumentId("SPY   240119C00470000.SMART");
    expect(InstrumentId.symbol(opt)).toBe("SPY   240119C00470000");
    expect(InstrumentId.venue(InstrumentId("BRK.B.NYSE"))).toBe("NYSE");
    expect(InstrumentId.from(Symbol("BRK.B"), Venue("NYSE"))).toBe("BRK.B.NYSE");
    expect(() => InstrumentId.from("SPY", "SM.ART")).toThrowError(invalid);
  });
});

describe("ClientOrderIdGenerator", () => {
  const t0 = 1_704_209_400_123_456_789n; // 2024-01-02T15:30:00.123456789Z
  const base = { traderId: TraderId("TRADER-001"), strategyId: StrategyId("EMACross-002"), nowNs: () => t0 };

  it("formats O-YYYYMMDD-HHMMSS-TRADER-STRATEGY-COUNT, counting up", () => {
    const g = new ClientOrderIdGenerator(base);
    expect(g.generate()).toBe("O-20240102-153000-001-002-1");
    expect(g.generate()).toBe("O-20240102-153000-001-002-2");
    expect(g.count).toBe(2);
    expect(datetimeTag(0n)).toBe("19700101-000000");
  });

  it("datetimeTag gives each second its own tag, whatever the order of the calls", () => {
    const s = 1_704_209_400_000_000_000n; // 2024-01-02 15:30:00 UTC
    expect(datetimeTag(s)).toBe("20240102-153000");
    expect(datetimeTag(s + 999_999_999n)).toBe("20240102-153000");
    expect(datetimeTag(s + 1_000_000_000n)).toBe("20240102-153001");
    expect(datetimeTag(s)).toBe("20240102-153000");
    // Before the epoch, one truncated second spans two tags: those are never served from the memo.
    expect(datetimeTag(0n)).toBe("19700101-000000");
    expect(datetimeTag(-500_000_000n)).toBe("19691231-235959");
    expect(datetimeTag(0n)).toBe("19700101-000000");
  });

  it("follows the injected clock, resumes from a count, strips hyphens on request", () => {
    let now = t0;
    const g = new ClientOrderIdGenerator({ ...base, nowNs: () => now, initialCount: 41, useHyphens: false });
    expect(g.generate()).toBe("O2024010215300000100242");
    now += 61_000_000_000n;
    expect(g.generate()).toBe("O2024010215310100100243");
    g.setCount(7);
    now = t0;
    expect(g.generate()).toBe("O202401021530000010028");
    g.reset();
    expect(g.count).toBe(0);
    expect(() => g.setCount(-1)).toThrowError(invalid);
  });

  it("uses the injected UUID source when useUuids, with or without hyphens", () => {
    const uuid = () => "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(new ClientOrderIdGenerator({ ...base, useUuids: true, uuid }).generate()).toBe(uuid());
    expect(new ClientOrderIdGenerator({ ...base, useUuids: true, uuid, useHyphens: false }).generate()).toBe(
      "0f8fad5bd9cb469fa16570867728950e",
    );
    const real = new ClientOrderIdGenerator({ ...base, useUuids: true });
    expect(real.generate()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
