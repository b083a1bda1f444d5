/**
 * QuoteColumns against the object ring it replaced (RingBuffer<QuoteTick>): for any sequence of
 * quotes and any capacity, every index reads back the same instrument, the same Price / Quantity
 * objects and equal timestamps; the newest is the very object pushed; a quote of another
 * instrument or with a timestamp outside int64 (kept as the object) reads back too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuoteColumns } from "../../src/cache/quote-columns.js";
import { RingBuffer } from "../../src/cache/ring-buffer.js";
import type { QuoteTick } from "../../src/model/data.js";
import { InstrumentId } from "../../src/model/identifiers.js";
import { Price, Quantity } from "../../src/model/values.js";

const SPY = InstrumentId("SPY.SMART");
const ES = InstrumentId("ES.CME");
const PRICES = [Price.from("580.01", 2), Price.from("580.02", 2), Price.from("-1.5", 1), Price.from("123456789.123456789", 9)];
const SIZES = [Quantity.from("100"), Quantity.from("0"), Quantity.from("1.25", 2)];

const ts = fc.oneof(fc.bigInt({ min: 0n, max: 1n << 62n }), fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }));
const quote: fc.Arbitrary<QuoteTick> = fc.record({ id: fc.constantFrom(SPY, SPY, SPY, ES), tsEvent: ts, same: fc.boolean(), tsInit: ts, p: fc.array(fc.nat(PRICES.length - 1), { minLength: 2, maxLength: 2 }), s: fc.array(fc.nat(SIZES.length - 1), { minLength: 2, maxLength: 2 }) })
  .map(({ id, tsEvent, same, tsInit, p, s }) => ({ instrumentId: id, bidPrice: PRICES[p[0]!]!, askPrice: PRICES[p[1]!]!, bidSize: SIZES[s[0]!]!, askSize: SIZES[s[1]!]!, tsEvent, tsInit: same ? tsEvent : tsInit }));

/** Same objects for the values (toBe), equal timestamps. */
function expectSame(got: QuoteTick | undefined, want: QuoteTick | undefined): void {
  if (want === undefined) return expect(got).toBeUndefined();
  expect(got).toBeDefined();
  expect(got!.instrumentId).toBe(want.instrumentId);
  for (const k of ["bidPrice", "askPrice", "bidSize", "askSize"] as const) expect(got![k]).toBe(want[k]);
  expect([got!.tsEvent, got!.tsInit]).toEqual([want.tsEvent, want.tsInit]);
}

describe("QuoteColumns", () => {
  it("reads back what an object ring holds, at every index, for any quotes and capacity", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.array(quote, { maxLength: 700, size: "max" }), (capacity, quotes) => {
      const columns = new QuoteColumns(capacity);
      const ring = new RingBuffer<QuoteTick>(capacity);
      for (const q of quotes) {
        columns.push(q);
        ring.push(q);
        expect(columns.get(0)).toBe(q);
      }
      expect(columns.length).toBe(ring.length);
      for (let i = -1; i <= ring.length; i++) expectSame(columns.get(i), ring.get(i));
      const all = columns.toArray();
      expect(all).toHaveLength(ring.length);
      ring.toArray().forEach((q, i) => expectSame(all[i], q));
    }), { numRuns: 60, endOnFailure: true });
  });

  it("grows from a few slots to the capacity, then overwrites the oldest", () => {
    const columns = new QuoteColumns(1000);
    const q = (n: number): QuoteTick => ({ instrumentId: SPY, bidPrice: Price.from(n, 2), askPrice: Price.from(n + 1, 2), bidSize: Quantity.from(1), askSize: Quantity.from(2), tsEvent: BigInt(n), tsInit: BigInt(n) });
    for (let n = 0; n < 2500; n++) columns.push(q(n));
    expect(columns.length).toBe(1000);
    expect(columns.get(999)?.tsEvent).toBe(1500n);
    expect(columns.get(1)?.bidPrice.toString()).toBe("2498.00");
    expect(columns.get(1000)).toBeUndefined();
    expect(() => new QuoteColumns(0)).toThrow(RangeError);
  });
});
