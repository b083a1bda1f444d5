/**
 * The fast paths of the venue's decimals agree with their exact definitions:
 * fromNumber(n) = parseDec(n.toFixed(12)) rounded at 8 decimals, parseDec of digit strings,
 * ticksToNumber(t, tick) = toNumber(t x tick).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, fromNumber, ONE, parseDec, toNumber, toStr } from "../../../src/sim/venue/decimal.js";
import { ticksToNumber } from "../../../src/sim/venue/marketdata.js";

/** The definition, by text only (what fromNumber did before its fast path); "throws" past 1e21. */
function fromNumberByText(n: number): bigint | "throws" {
  const text = Math.abs(n) < 1e21 ? n.toFixed(12) : String(n);
  return parseDec(text) ?? "throws";
}

function fromNumberOrThrows(n: number): bigint | "throws" {
  try {
    return fromNumber(n);
  } catch {
    return "throws";
  }
}

describe("decimal fast paths", () => {
  it("fromNumber equals the text definition for any double (prices, ties, huge and tiny values)", () => {
    const prices = fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom(1, 2, 4, 8, 100, 1e4, 1e8, 1e9)).map(([k, d]) => k / d);
    const ties = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => (k + 0.5) / 1e8);
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), prices, ties), (n) => {
        expect(fromNumberOrThrows(n)).toBe(fromNumberByText(n));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [0, -0, 0.1 + 0.2, 100.07, 499.99, 1e-9, 5e-9, -5e-9, 1.000000005, 87_959.99, 87_960.01, 1e15, 2 ** 53, 1e21]) {
      expect(fromNumberOrThrows(n)).toBe(fromNumberByText(n));
    }
  });

  it("parseDec of plain digit strings is the integer, up to and past the fast path's 15 digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), (text) => {
        expect(parseDec(text)).toBe(BigInt(text) * ONE);
      }),
    );
    expect(parseDec("007")).toBe(7n * ONE);
    expect(parseDec("")).toBeUndefined();
    expect(parseDec(" 12 ")).toBe(12n * ONE);
  });

  it("toStr of whole values has no fraction", () => {
    expect([toStr(0n), toStr(5n * ONE), toStr(-5n * ONE), toStr(ONE / 2n), toStr(-1n)]).toEqual(["0", "5", "-5", "0.5", "-0.00000001"]);
  });

  it("ticksToNumber equals toNumber of the exact product, inside and past the double-exact range", () => {
    const ticks = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 60, -(2 ** 60)));
    const tick = fc.constantFrom("0.01", "0.25", "0.0001", "1", "5", "0.00000001", "12345678.9").map(dec);
    fc.assert(
      fc.property(ticks, tick, (t, k) => {
        expect(ticksToNumber(t, k)).toBe(toNumber(BigInt(t) * k));
      }),
      { numRuns: 5000 },
    );
  });
});
