import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, div, fromNumber, mul, parseDec, toFixed, toNumber, toStr } from "../../../src/sim/venue/decimal.js";
import { Rng, seedState } from "../../../src/sim/venue/rng.js";
import { formatExecTime, formatZoned, nextSessionClose, parseIbTime } from "../../../src/sim/venue/time.js";
import { T0 } from "./helpers.js";

describe("decimal", () => {
  it("parses, formats and multiplies exactly", () => {
    expect(toStr(dec("0.1") + dec("0.2"))).toBe("0.3");
    expect(toStr(mul(dec("580.01"), dec("300")))).toBe("174003");
    expect(toStr(fromNumber(0.1 + 0.2))).toBe("0.3");
    expect(parseDec("1e5")).toBeUndefined();
    expect(toFixed(dec("12500.125"), 2)).toBe("12500.13");
    expect(toFixed(dec("-0.005"), 2)).toBe("-0.01");
    expect(toStr(div(dec("1"), dec("3")))).toBe("0.33333333");
    expect(toStr(dec("-5"))).toBe("-5");
  });

  it("toNumber equals parsing the decimal string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (a) => {
        expect(toNumber(a)).toBe(Number(toStr(a)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("rng", () => {
  it("is deterministic per seed and stream, and its state round-trips", () => {
    const a = new Rng(seedState(1, 2));
    const b = new Rng(seedState(1, 2));
    const seq = Array.from({ length: 10 }, () => a.nextU32());
    expect(Array.from({ length: 10 }, () => b.nextU32())).toEqual(seq);
    expect(new Rng(seedState(1, 3)).nextU32()).not.toBe(seq[0]);
    const c = new Rng(a.state());
    expect(c.next()).toBe(a.next());
    for (let i = 0; i < 1000; i++) {
      const n = a.int(-3, 3);
      expect(n >= -3 && n <= 3 && Number.isInteger(n)).toBe(true);
    }
  });
});

describe("time", () => {
  it("formats IB times and parses the client's forms", () => {
    expect(formatZoned(T0, "UTC")).toBe("20260413 15:00:00 UTC");
    expect(formatZoned(T0, "US/Eastern")).toBe("20260413 11:00:00 US/Eastern");
    expect(formatExecTime(T0, "legacy", "UTC")).toBe("20260413  15:00:00");
    expect(formatExecTime(T0, "utcDash", "US/Eastern")).toBe("20260413-15:00:00");
    expect(parseIbTime("20260413-15:00:00")).toBe(T0);
    expect(parseIbTime("20260413 11:00:00 US/Eastern")).toBe(T0);
    expect(parseIbTime("20260413 15:00:00")).toBe(T0);
    expect(parseIbTime("20260413 11:00:00 Nowhere/City")).toBeUndefined();
    expect(parseIbTime("2026-04-13")).toBeUndefined();
  });

  it("the DAY session closes at 16:00 New York (EDT and EST)", () => {
    expect(nextSessionClose(T0)).toBe(Date.UTC(2026, 3, 13, 20));
    expect(nextSessionClose(Date.UTC(2026, 3, 13, 20))).toBe(Date.UTC(2026, 3, 14, 20));
    expect(nextSessionClose(Date.UTC(2026, 0, 5, 15))).toBe(Date.UTC(2026, 0, 5, 21));
  });
});
