/**
 * divRoundHalfEven, the one rounding behind every product and quotient of the model (mulRaw,
 * divRaw, average prices, PnL): checked against the textbook definition on rationals (compare
 * twice the remainder with the divisor), for either sign of the dividend and divisors of every size.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRaw, divRoundHalfEven, mulRaw } from "../../src/model/decimal.js";

/** n / d (d > 0) rounded half to even, from the exact rational n / d: the reference. */
function reference(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const twice = (a - q * d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

describe("divRoundHalfEven", () => {
  it.each([
    [7n, 2n, 4n], // 3.5 -> 4 (even)
    [5n, 2n, 2n], // 2.5 -> 2 (even)
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [10n, 5n, 2n], // exact
    [-10n, 5n, -2n],
    [0n, 3n, 0n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [15n, 10n, 2n],
    [25n, 10n, 2n],
    [26n, 10n, 3n],
  ])("%s / %s = %s", (n, d, q) => {
    expect(divRoundHalfEven(n, d)).toBe(q);
  });

  it("equals the rational definition for any dividend and positive divisor", () => {
    const big = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n });
    const divisor = fc.oneof(fc.bigInt({ min: 1n, max: 20n }), fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.constantFrom(10n ** 9n, 10n ** 18n));
    fc.assert(
      fc.property(big, divisor, (n, d) => {
        expect(divRoundHalfEven(n, d)).toBe(reference(n, d));
      }),
      { numRuns: 3000 },
    );
  });

  it("mulRaw and divRaw round through it (products of raws at 10^9)", () => {
    const raw = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
    fc.assert(
      fc.property(raw, raw, (a, b) => {
        expect(mulRaw(a, b)).toBe(reference(a * b, 10n ** 9n));
        if (b > 0n) expect(divRaw(a, b)).toBe(reference(a * 10n ** 9n, b));
      }),
      { numRuns: 1000 },
    );
  });
});
