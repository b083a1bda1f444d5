/**
 * MarketDataStream: reqMktData ticks -> QuoteTicks (coalesced per decoded batch, values parsed
 * once per batch) and TradeTicks. A "batch" is the synchronous run of ticks of one socket read;
 * the quote goes out in the microtask after it.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MarketDataStream } from "../../../../src/adapters/ib/data/ticks.js";
import { InstrumentId } from "../../../../src/model/identifiers.js";
import type { QuoteTick, TradeTick } from "../../../../src/model/data.js";

const BID = 1, ASK = 2, LAST = 4, BID_SIZE = 0, ASK_SIZE = 3, LAST_SIZE = 5;

function stream(ignoreSizeOnly = false) {
  const quotes: QuoteTick[] = [];
  const trades: TradeTick[] = [];
  let ns = 0n;
  const s = new MarketDataStream(InstrumentId("SPY.SMART"), 2, 0, { onQuote: (q) => quotes.push(q), onTrade: (t) => trades.push(t) }, () => ++ns, ignoreSizeOnly);
  s.quotes = true;
  s.trades = true;
  return { s, quotes, trades };
}

const text = (q: QuoteTick) => `${q.bidPrice}/${q.askPrice} ${q.bidSize}x${q.askSize}`;
const endOfBatch = () => Promise.resolve();

describe("MarketDataStream quotes", () => {
  it("makes ONE quote of a batch's price and size ticks, once all four values are known", async () => {
    const { s, quotes } = stream();
    s.onPrice(BID, 580.01);
    s.onSize(BID_SIZE, 100);
    s.onPrice(ASK, 580.02);
    await endOfBatch();
    expect(quotes).toEqual([]); // the ask size is still unknown
    s.onSize(ASK_SIZE, 200);
    s.onSize(ASK_SIZE, 200); // @stoqey repeats the size of a price tick
    expect(quotes).toEqual([]); // never inside the tick handlers
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["580.01/580.02 100x200"]);
    expect(quotes[0]?.bidPrice.precision).toBe(2);
  });

  it("coalesces many quotes of one read into the last state, parsed exactly (float noise trimmed)", async () => {
    const { s, quotes } = stream();
    for (let k = 0; k < 10; k++) {
      s.onPrice(BID, 580 + k / 100);
      s.onSize(BID_SIZE, 100 + k);
      s.onPrice(ASK, 0.1 + 0.2 + 580 + k / 100); // 580.3000000000001-style noise
      s.onSize(ASK_SIZE, 200 + k);
    }
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["580.09/580.39 109x209"]);
  });

  it("sends nothing for a batch that changes nothing, or whose ticks cancel out", async () => {
    const { s, quotes } = stream();
    s.onPrice(BID, 10.5);
    s.onPrice(ASK, 10.6);
    s.onSize(BID_SIZE, 1);
    s.onSize(ASK_SIZE, 2);
    await endOfBatch();
    s.onPrice(BID, 10.5);
    s.onSize(ASK_SIZE, 2);
    await endOfBatch();
    s.onPrice(BID, 10.4);
    s.onPrice(BID, 10.5); // A -> B -> A within one read
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["10.50/10.60 1x2"]);
    s.onPrice(BID, 10.4);
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["10.50/10.60 1x2", "10.40/10.60 1x2"]);
  });

  it("successive quotes share the value objects of prices and sizes they have in common (interned per field)", async () => {
    const { s, quotes } = stream();
    s.onPrice(BID, 580.01);
    s.onPrice(ASK, 580.02);
    s.onSize(BID_SIZE, 100);
    s.onSize(ASK_SIZE, 200);
    await endOfBatch();
    s.onPrice(BID, 580.03);
    await endOfBatch();
    s.onPrice(BID, 580.01); // back to a bid seen before
    s.onSize(ASK_SIZE, 300);
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["580.01/580.02 100x200", "580.03/580.02 100x200", "580.01/580.02 100x300"]);
    const [a, b, c] = quotes as [QuoteTick, QuoteTick, QuoteTick];
    expect(b.askPrice).toBe(a.askPrice);
    expect(b.bidSize).toBe(a.bidSize);
    expect(c.bidPrice).toBe(a.bidPrice);
    expect(c.askSize).not.toBe(a.askSize);
    // The table is bounded: after many distinct bids a quote still carries the exact value.
    for (let k = 1; k <= 1200; k++) {
      s.onPrice(BID, 500 + k / 100);
      await endOfBatch();
    }
    expect(text(quotes[quotes.length - 1] as QuoteTick)).toBe("512.00/580.02 100x300");
    expect(quotes).toHaveLength(3 + 1200);
  });

  it("ignores unset, non-positive prices and unknown tick types", async () => {
    const { s, quotes } = stream();
    s.onPrice(BID, 1);
    s.onPrice(ASK, 2);
    s.onSize(BID_SIZE, 3);
    s.onSize(ASK_SIZE, 4);
    await endOfBatch();
    s.onPrice(BID, -1);
    s.onPrice(BID, 0);
    s.onPrice(ASK, Number.MAX_VALUE);
    s.onSize(ASK_SIZE, undefined);
    s.onSize(BID_SIZE, -5);
    s.onPrice(99, 7);
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["1.00/2.00 3x4"]);
  });

  it("ignoreQuoteTickSizeUpdates: sizes alone make no quote, the next price change carries them", async () => {
    const { s, quotes } = stream(true);
    s.onPrice(BID, 5);
    s.onPrice(ASK, 6);
    s.onSize(BID_SIZE, 1);
    s.onSize(ASK_SIZE, 1);
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["5.00/6.00 1x1"]);
    s.onSize(BID_SIZE, 9);
    await endOfBatch();
    expect(quotes).toHaveLength(1);
    s.onPrice(ASK, 6.01);
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["5.00/6.00 1x1", "5.00/6.01 9x1"]);
  });

  it("delayed tick types map onto the live ones; no quote while quotes are off, the next change after on", async () => {
    const { s, quotes } = stream();
    s.quotes = false;
    s.onPrice(66, 3);
    s.onPrice(67, 4);
    s.onSize(69, 10);
    s.onSize(70, 20);
    await endOfBatch();
    expect(quotes).toEqual([]);
    s.quotes = true;
    s.onPrice(66, 3.5);
    await endOfBatch();
    expect(quotes.map(text)).toEqual(["3.50/4.00 10x20"]);
  });

  it("property: the quotes equal an eager reference (every tick parsed; a quote per batch whose end state differs)", async () => {
    const tick = fc.record({ type: fc.constantFrom(BID, ASK, BID_SIZE, ASK_SIZE), v: fc.integer({ min: 1, max: 6 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(tick, { maxLength: 8 }), { maxLength: 12 }), async (batches) => {
        const { s, quotes } = stream();
        const expected: string[] = [];
        const state: Record<number, number | undefined> = {};
        let lastSent: string | undefined;
        for (const batch of batches) {
          for (const t of batch) {
            const value = t.type === BID || t.type === ASK ? 100 + t.v / 100 : t.v * 100;
            if (t.type === BID || t.type === ASK) s.onPrice(t.type, value);
            else s.onSize(t.type, value);
            state[t.type] = value;
          }
          await endOfBatch();
          const [b, a, bs, as] = [state[BID], state[ASK], state[BID_SIZE], state[ASK_SIZE]];
          if (b === undefined || a === undefined || bs === undefined || as === undefined) continue;
          const now = `${b.toFixed(2)}/${a.toFixed(2)} ${bs}x${as}`;
          if (now !== lastSent) expected.push(now);
          lastSent = now;
        }
        expect(quotes.map(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("MarketDataStream trades", () => {
  it("a trade on the LAST_SIZE after a LAST price; the repeated LAST_SIZE and zero sizes make none", () => {
    const { s, trades } = stream();
    s.onPrice(LAST, 580.25);
    s.onSize(LAST_SIZE, 300);
    s.onSize(LAST_SIZE, 300);
    s.onPrice(LAST, 580.26);
    s.onSize(LAST_SIZE, 0);
    expect(trades.map((t) => `${t.price}x${t.size}`)).toEqual(["580.25x300"]);
    expect(new Set(trades.map((t) => t.tradeId)).size).toBe(1);
  });
});
