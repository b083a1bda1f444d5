/** Price, Quantity, Money: construction, IB parsing, arithmetic, and fast-check no-drift properties. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Currency, JPY, USD } from "../../src/model/currency.js";
import { Money, Price, Quantity } from "../../src/model/values.js";

const code = (c: string) => expect.objectContaining({ code: c });

describe("construction", () => {
  it.each([
    ["123.45", undefined, "123.45", 2],
    ["123.45", 4, "123.4500", 4],
    ["1.50", 1, "1.5", 1],
    ["-0.5", undefined, "-0.5", 1],
    ["100", undefined, "100", 0],
    ["0.000000001", undefined, "0.000000001", 9],
  ] as const)("Price.from(%j, %j) is %s at precision %i", (text, p, out, precision) => {
    const px = Price.from(text, p);
    expect(px.toString()).toBe(out);
    expect(px.precision).toBe(precision);
  });

  it("numbers round half to even at the requested precision", () => {
    expect(Price.from(123.45, 2).toString()).toBe("123.45");
    expect(Price.from(0.1 + 0.2, 2).toString()).toBe("0.30");
    expect(Price.from(1.005, 2).toString()).toBe("1.00"); // 1.005 is the tie 1.005 -> even
    expect(Price.from(1.015, 2).toString()).toBe("1.02");
    expect(Price.from(2.5, 0).toString()).toBe("2");
    expect(Price.from(3.5, 0).toString()).toBe("4");
    expect(Price.from(-2.5, 0).toString()).toBe("-2");
    expect(Price.from(1e-7, 9).toString()).toBe("0.000000100");
    expect(Price.from(0.30000000000000004).toString()).toBe("0.3"); // no precision: fewest decimals
  });

  it("strings are never silently rounded", () => {
    expect(() => Price.from("123.456", 2)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.from("0.0000000001")).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.from("1,000")).toThrowError(code("CORTANA_E_PRECISION"));
  });

  it.each(["", "abc", "1.2.3", "NaN", "Infinity", "1e999", "1.7976931348623157E308", "--1", "."])("rejects %j", (text) => {
    expect(() => Price.from(text)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.parse(text)).toThrowError(code("CORTANA_E_PRECISION"));
  });

  it("rejects bad precisions, non-finite numbers and negative quantities", () => {
    expect(() => Price.from(1, 10)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.from(1, -1)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.from(1, 1.5)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.from(Number.NaN, 2)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.from(Number.POSITIVE_INFINITY)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Quantity.from(-1, 0)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Quantity.from("-0.5")).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Quantity.fromRaw(-1n, 9)).toThrowError(code("CORTANA_E_PRECISION"));
    expect(() => Price.fromRaw(15n, 8)).toThrowError(code("CORTANA_E_PRECISION")); // digits beyond precision
    expect(Price.fromRaw(1_500_000_000n, 1).toString()).toBe("1.5");
  });
});

describe("IB decimal strings", () => {
  it.each([
    ["123.45", "123.45"],
    ["1,000", "1000"],
    ["12,345.5", "12345.5"],
    ["0.5", "0.5"],
    [" 42 ", "42"],
    ["1.0E-4", "0.00010"],
    ["1E+3", "1000"],
    ["0.30000000000000004", "0.300000000"],
  ])("Price.parse(%j) = %s", (text, out) => {
    expect(Price.parse(text).toString()).toBe(out);
  });

  it("refuses malformed thousands groups", () => {
    for (const t of ["1,5", "1,00", ",100", "1,000,00"]) expect(() => Quantity.parse(t)).toThrowError(code("CORTANA_E_PRECISION"));
  });

  it("maps IB's unset markers to undefined", () => {
    expect(Price.parseOptional("1.7976931348623157E308")).toBeUndefined();
    expect(Price.parseOptional("")).toBeUndefined();
    expect(Price.parseOptional(undefined)).toBeUndefined();
    expect(Quantity.parseOptional("Infinity")).toBeUndefined();
    expect(Price.parseOptional("99.5")?.toString()).toBe("99.5");
  });

  it("rounds noisy doubles once at the requested precision", () => {
    expect(Price.parse("123.4449999999999", 2).toString()).toBe("123.44");
    expect(Price.parse("123.445", 2).toString()).toBe("123.44");
    expect(Price.parse("123.455", 2).toString()).toBe("123.46");
  });
});

describe("arithmetic", () => {
  it("adds and subtracts at the larger precision, compares by value", () => {
    const a = Price.from("1.23");
    const b = Price.from("0.001");
    expect(a.add(b).toString()).toBe("1.231");
    expect(a.sub(b).toString()).toBe("1.229");
    expect(b.sub(a).toString()).toBe("-1.229");
    expect(a.neg().toString()).toBe("-1.23");
    expect(a.neg().abs().eq(a)).toBe(true);
    expect(Price.from("1.5").eq(Price.from("1.50"))).toBe(true);
    expect(a.compare(b)).toBe(1);
    expect(b.lt(a) && a.gt(b) && a.ge(a) && a.le(a)).toBe(true);
    expect(Price.zero(2).isZero()).toBe(true);
    expect(a.toNumber()).toBe(1.23);
    expect(JSON.stringify({ a })).toBe('{"a":"1.23"}');
  });

  it("multiplies by a quantity exactly and rounds/ticks", () => {
    expect(Price.from("123.45").mulQty(Quantity.from("3"))).toBe(370_350_000_000n);
    expect(Price.from("1.2345").round(2).toString()).toBe("1.23");
    expect(Price.from("1.2350").round(2).toString()).toBe("1.24");
    expect(Price.from("10.05").isMultipleOf(Price.from("0.05"))).toBe(true);
    expect(Price.from("10.07").isMultipleOf(Price.from("0.05"))).toBe(false);
  });

  it("quantity subtraction never goes negative", () => {
    const q = Quantity.from("10");
    expect(() => q.sub(Quantity.from("11"))).toThrowError(code("CORTANA_E_PRECISION"));
    expect(q.saturatingSub(Quantity.from("11")).isZero()).toBe(true);
    expect(q.min(Quantity.from(3)).toString()).toBe("3");
    expect(q.max(Quantity.from(3)).toString()).toBe("10");
  });

  it("money keeps every digit, prints at least the currency precision, refuses mixed currencies", () => {
    const fee = Money.from(0.0035, USD).mul(Quantity.from(100));
    expect(fee.toString()).toBe("0.35 USD");
    expect(Money.from("0.354", USD).toString()).toBe("0.354 USD");
    expect(Money.from("0.354", USD).rounded().toString()).toBe("0.35 USD");
    expect(Money.from("1000", JPY).toString()).toBe("1000 JPY");
    expect(Money.from("10", USD).div(Quantity.from(3)).toString()).toBe("3.333333333 USD");
    expect(() => Money.from("1", USD).add(Money.from("1", JPY))).toThrowError(/currency mismatch/);
    expect(Currency.from("USD")).toBe(USD);
    expect(Currency.from("XYZ").precision).toBe(2);
    expect(() => Currency.from("usd")).toThrowError(code("CORTANA_E_IDENTIFIER_INVALID"));
  });
});

describe("properties (fast-check)", () => {
  const cents = fc.integer({ min: -10_000_000_00, max: 10_000_000_00 });
  const decimalText = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 9 }))
    .map(([neg, units, p]) => {
      const s = units.toString().padStart(p + 1, "0");
      const text = p === 0 ? s : `${s.slice(0, -p)}.${s.slice(-p)}`;
      return { text: neg && units !== 0n ? `-${text}` : text, p };
    });

  it("parse/format round-trips any decimal text at its precision", () => {
    fc.assert(
      fc.property(decimalText, ({ text, p }) => {
        const px = Price.from(text);
        expect(px.precision).toBe(p);
        expect(px.toString()).toBe(text);
        expect(Price.parse(px.toString()).eq(px)).toBe(true);
        expect(Price.fromRaw(px.raw, px.precision).toString()).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("thousands of additions of cent prices never drift (vs integer cents)", () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1000, maxLength: 3000 }), (xs) => {
        let sum = Price.zero(2);
        let floatSum = 0;
        let exact = 0n;
        for (const c of xs) {
          sum = sum.add(Price.from(c / 100, 2));
          floatSum += c / 100;
          exact += BigInt(c);
        }
        expect(sum.raw).toBe(exact * 10_000_000n);
        expect(sum.toString()).toBe(Price.fromRaw(exact * 10_000_000n, 2).toString());
        return Number.isFinite(floatSum);
      }),
      { numRuns: 50 },
    );
  });

  it("0.1 added 10,000 times is exactly 1000 (a float sum is not)", () => {
    let p = Price.zero(1);
    let f = 0;
    for (let i = 0; i < 10_000; i++) {
      p = p.add(Price.from("0.1"));
      f += 0.1;
    }
    expect(p.toString()).toBe("1000.0");
    expect(f).not.toBe(1000);
  });

  it("add then sub is the identity; numbers at their precision round-trip", () => {
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        const pa = Price.from(a / 100, 2);
        const pb = Price.from(b / 100, 2);
        expect(pa.add(pb).sub(pb).eq(pa)).toBe(true);
        expect(pa.toNumber()).toBe(a / 100);
        expect(pa.compare(pb)).toBe(Math.sign(a - b));
      }),
      { numRuns: 2000 },
    );
  });
});
