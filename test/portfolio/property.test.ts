import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Instrument } from "../../src/model/instruments.js";
import { AAPL, ES, SPY_CALL, makeHarness } from "./fixtures.js";

const CENT_RAW = 10_000_000n; // 0.01 at the fixed scale 10^9

function cents(n: number): string {
  const sign = n < 0 ? "-" : "";
  const a = Math.abs(n);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

const fillArb = fc.record({
  buy: fc.boolean(),
  qty: fc.integer({ min: 1, max: 50 }),
  pxCents: fc.integer({ min: 100, max: 20_000 }),
  commissionCents: fc.integer({ min: 0, max: 500 }),
});

const instrumentArb = fc.constantFrom<Instrument>(AAPL, SPY_CALL, ES);

describe("Portfolio PnL property", () => {
  it("realized + unrealized equals the cash flow plus the open quantity at the mark, exactly, over any fill sequence", () => {
    fc.assert(
      fc.property(
        instrumentArb,
        fc.array(fillArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 100, max: 20_000 }),
        fc.integer({ min: 0, max: 25 }),
        (instrument, fills, bidCents, spreadCents) => {
          const h = makeHarness();
          let flowCents = 0n; // sell notional - buy notional, in cents (per unit of multiplier)
          let commissionCents = 0n;
          let net = 0n;
          for (const f of fills) {
            h.fill(instrument.id, f.buy ? "BUY" : "SELL", String(f.qty), cents(f.pxCents), cents(f.commissionCents));
            const notional = BigInt(f.qty) * BigInt(f.pxCents);
            flowCents += f.buy ? -notional : notional;
            net += f.buy ? BigInt(f.qty) : -BigInt(f.qty);
            commissionCents += BigInt(f.commissionCents);
          }
          h.quote(instrument.id, cents(bidCents), cents(bidCents + spreadCents));
          const mark = BigInt(net > 0n ? bidCents : bidCents + spreadCents);
          const multiplier = instrument.multiplier.raw / 1_000_000_000n;
          const expectedTotal = ((flowCents + net * mark) * multiplier - commissionCents) * CENT_RAW;

          const realized = h.portfolio.realizedPnl(instrument.id);
          const unrealized = h.portfolio.unrealizedPnl(instrument.id);
          const total = h.portfolio.totalPnl(instrument.id);
          expect(realized).toBeDefined();
          expect(unrealized).toBeDefined();
          expect((realized?.raw ?? 0n) + (unrealized?.raw ?? 0n)).toBe(expectedTotal);
          expect(total?.raw).toBe(expectedTotal);
          expect(h.portfolio.netPosition(instrument.id).raw).toBe(net * 1_000_000_000n);
          const exposure = h.portfolio.netExposure(instrument.id)?.raw;
          expect(exposure).toBe(net * mark * multiplier * CENT_RAW);
          if (net === 0n) {
            expect(unrealized?.raw).toBe(0n);
            expect(realized?.raw).toBe(expectedTotal);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
