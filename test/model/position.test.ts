/** Position arithmetic: long, short, flips, options multiplier, commissions, and fast-check properties. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EUR, USD } from "../../src/model/currency.js";
import { LiquiditySide, OptionKind, OrderSide, OrderType, PositionSide } from "../../src/model/enums.js";
import type { OrderFilled } from "../../src/model/events.js";
import { ClientOrderId, InstrumentId, PositionId, TradeId, VenueOrderId } from "../../src/model/identifiers.js";
import { Equity, OptionContract } from "../../src/model/instruments.js";
import { PositionEvents, positionSnapshot, splitFillAtZero } from "../../src/model/position-events.js";
import { Position, nettingPositionId } from "../../src/model/position.js";
import { Money, Price, Quantity } from "../../src/model/values.js";
import { ACCOUNT, SPY, STRATEGY, TRADER } from "./fixtures.js";

const equityFields = {
  id: SPY,
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  tsEvent: 0n,
  tsInit: 0n,
};
const equity = new Equity(equityFields);

const option = new OptionContract({
  id: InstrumentId("SPY   240119C00470000.SMART"),
  assetClass: "EQUITY",
  quoteCurrency: USD,
  pricePrecision: 2,
  sizePrecision: 0,
  priceIncrement: Price.from("0.01"),
  sizeIncrement: Quantity.from("1"),
  multiplier: Quantity.from("100"),
  underlying: "SPY",
  optionKind: OptionKind.CALL,
  strike: Price.from("470"),
  activationNs: 0n,
  expirationNs: 1_705_622_400_000_000_000n,
  tsEvent: 0n,
  tsInit: 0n,
});

const PID = PositionId("P-1");
let n = 0;
function fillOf(
  side: OrderSide,
  qty: string,
  px: string,
  opts: { commission?: Money; instrumentId?: InstrumentId; order?: string; ts?: bigint } = {},
): OrderFilled {
  n += 1;
  return {
    type: "OrderFilled",
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: opts.instrumentId ?? SPY,
    clientOrderId: ClientOrderId(opts.order ?? `O-${n}`),
    venueOrderId: VenueOrderId(`V-${n}`),
    accountId: ACCOUNT,
    tradeId: TradeId(`T-${n}`),
    positionId: PID,
    orderSide: side,
    orderType: OrderType.MARKET,
    lastQty: Quantity.from(qty),
    lastPx: Price.from(px),
    currency: USD,
    commission: opts.commission ?? Money.zero(USD),
    liquiditySide: LiquiditySide.TAKER,
    eventId: `e-${n}`,
    tsEvent: opts.ts ?? BigInt(n),
    tsInit: opts.ts ?? BigInt(n),
    reconciliation: false,
  };
}

describe("Position: long", () => {
  it("averages the open price exactly and realizes PnL against it", () => {
    const p = new Position(equity, fillOf("BUY", "100", "100.00"));
    expect(p.side).toBe(PositionSide.LONG);
    expect(p.entry).toBe("BUY");
    p.apply(fillOf("BUY", "50", "101.00"));
    expect(p.quantity.toString()).toBe("150");
    expect(p.avgPxOpen.toString()).toBe("100.333333333"); // 15050 / 150, rounded at 9 decimals
    expect(p.unrealizedPnl(Price.from("102.00")).toString()).toBe("250.00 USD");
    p.apply(fillOf("SELL", "150", "102.00", { order: "CLOSE-1" }));
    expect(p.side).toBe(PositionSide.FLAT);
    expect(p.isClosed()).toBe(true);
    expect(p.realizedPnl.toString()).toBe("250.00 USD");
    expect(p.avgPxClose?.toString()).toBe("102.00");
    expect(p.closingOrderId).toBe("CLOSE-1");
    expect(p.buyQty.toString()).toBe("150");
    expect(p.sellQty.toString()).toBe("150");
    expect(p.peakQty.toString()).toBe("150");
    expect(p.tsClosed).toBe(p.tsLast);
    expect(p.durationNs).toBe(p.tsLast - p.tsOpened);
  });

  it("partial closes of a 1/3-priced cost basis sum exactly to the cash flow", () => {
    const p = new Position(equity, fillOf("BUY", "1", "10.00"));
    p.apply(fillOf("BUY", "1", "10.01"));
    p.apply(fillOf("BUY", "1", "10.03")); // cost 30.04 over 3: not a finite decimal per share
    p.apply(fillOf("SELL", "1", "11.00"));
    p.apply(fillOf("SELL", "1", "11.00"));
    expect(p.isOpen()).toBe(true);
    p.apply(fillOf("SELL", "1", "11.00"));
    expect(p.realizedPnl.toString()).toBe("2.96 USD"); // 33.00 - 30.04
  });
});

describe("Position: short", () => {
  it("profits when the price falls and reports a negative signed quantity", () => {
    const p = new Position(equity, fillOf("SELL", "100", "50.00"));
    expect(p.side).toBe("SHORT");
    expect(p.signedQtyRaw).toBe(-100_000_000_000n);
    expect(p.signedQtyString()).toBe("-100");
    expect(p.unrealizedPnl(Price.from("45.00")).toString()).toBe("500.00 USD");
    expect(p.notionalValue(Price.from("45.00")).toString()).toBe("4500.00 USD");
    p.apply(fillOf("BUY", "40", "45.00"));
    expect(p.realizedPnl.toString()).toBe("200.00 USD");
    expect(p.quantity.toString()).toBe("60");
    expect(p.avgPxOpen.toString()).toBe("50.00");
    p.apply(fillOf("BUY", "60", "55.00"));
    expect(p.realizedPnl.toString()).toBe("-100.00 USD");
  });
});

describe("Position: flips through zero", () => {
  it("applied in place: closes, realizes, reopens the remainder at the fill price", () => {
    const p = new Position(equity, fillOf("BUY", "100", "10.00"));
    p.apply(fillOf("SELL", "150", "12.00", { order: "FLIP" }));
    expect(p.side).toBe("SHORT");
    expect(p.quantity.toString()).toBe("50");
    expect(p.realizedPnl.toString()).toBe("200.00 USD");
    expect(p.avgPxOpen.toString()).toBe("12.00");
    expect(p.entry).toBe("SELL");
    expect(p.openingOrderId).toBe("FLIP");
    p.apply(fillOf("BUY", "50", "11.00"));
    expect(p.realizedPnl.toString()).toBe("250.00 USD");
  });

  it("splitFillAtZero: close part = position size, remainder opens; commission prorated exactly", () => {
    const f = fillOf("SELL", "150", "12.00", { commission: Money.from("1.00", USD) });
    const [close, open] = splitFillAtZero(100_000_000_000n, f, PositionId("P-2"));
    expect(close.lastQty.toString()).toBe("100");
    expect(close.tradeId).toBe(f.tradeId);
    expect(open?.lastQty.toString()).toBe("50");
    expect(open?.tradeId).toBe(`${f.tradeId}-2`);
    expect(open?.positionId).toBe("P-2");
    expect(close.commission.add(open?.commission ?? Money.zero(USD)).eq(f.commission)).toBe(true);
    expect(close.commission.toString()).toBe("0.666666667 USD");
    // Nautilus' way: the old position closes, a new one opens with the remainder.
    const p = new Position(equity, fillOf("BUY", "100", "10.00"));
    p.apply(close);
    expect(p.isClosed()).toBe(true);
    expect(p.realizedPnl.toString()).toBe("199.333333333 USD");
    const q = new Position(equity, open as OrderFilled);
    expect(q.side).toBe("SHORT");
    expect(q.quantity.toString()).toBe("50");
  });

  it("splitFillAtZero leaves a non-crossing fill whole", () => {
    const f = fillOf("SELL", "100", "12.00");
    expect(splitFillAtZero(100_000_000_000n, f)).toEqual([f]);
    expect(splitFillAtZero(0n, f)).toEqual([f]);
    expect(splitFillAtZero(-5_000_000_000n, f)).toEqual([f]); // adds to a short
  });
});

describe("Position: options multiplier and commissions", () => {
  it("applies the x100 multiplier to PnL and notional", () => {
    const p = new Position(option, fillOf("BUY", "2", "1.50", { instrumentId: option.id }));
    expect(p.unrealizedPnl(Price.from("2.00")).toString()).toBe("100.00 USD");
    expect(p.notionalValue(Price.from("2.00")).toString()).toBe("400.00 USD");
    expect(option.notionalValue(Quantity.from(2), Price.from("2.00")).toString()).toBe("400.00 USD");
    p.apply(fillOf("SELL", "2", "2.25", { instrumentId: option.id }));
    expect(p.realizedPnl.toString()).toBe("150.00 USD");
  });

  it("nets commissions in the settlement currency into realized PnL, keeps others apart", () => {
    const p = new Position(equity, fillOf("BUY", "100", "10.00", { commission: Money.from("1.00", USD) }));
    expect(p.realizedPnl.toString()).toBe("-1.00 USD");
    p.apply(fillOf("SELL", "100", "10.50", { commission: Money.from("0.35", EUR) }));
    expect(p.realizedPnl.toString()).toBe("49.00 USD");
    expect(p.commissions().map(String).sort()).toEqual(["0.35 EUR", "1.00 USD"]);
  });
});

describe("Position: lifecycle, ids, events", () => {
  it("rejects a duplicate trade id", () => {
    const f = fillOf("BUY", "1", "1.00");
    const p = new Position(equity, f);
    expect(() => p.apply(f)).toThrowError(expect.objectContaining({ code: "CORTANA_E_DUPLICATE_TRADE_ID" }));
    expect(p.quantity.toString()).toBe("1");
  });

  it("starts a new lifecycle after going flat (realized, commissions reset; history kept)", () => {
    const p = new Position(equity, fillOf("BUY", "10", "10.00"));
    p.apply(fillOf("SELL", "10", "11.00"));
    expect(p.realizedPnl.toString()).toBe("10.00 USD");
    p.apply(fillOf("SELL", "5", "20.00", { order: "REOPEN" }));
    expect(p.side).toBe("SHORT");
    expect(p.realizedPnl.isZero()).toBe(true);
    expect(p.openingOrderId).toBe("REOPEN");
    expect(p.closingOrderId).toBeUndefined();
    expect(p.tsClosed).toBeUndefined();
    expect(p.fills).toHaveLength(3);
    const rebuilt = Position.fromFills(equity, p.fills);
    expect(positionSnapshot(rebuilt)).toEqual(positionSnapshot(p));
  });

  it("PositionEvents.after picks Opened, Changed, Closed", () => {
    const f1 = fillOf("BUY", "10", "10.00");
    const p = new Position(equity, f1);
    const m = { eventId: "x", tsEvent: 1n, tsInit: 1n };
    expect(PositionEvents.after(p, f1, m).type).toBe("PositionOpened");
    const f2 = fillOf("BUY", "10", "10.00");
    p.apply(f2);
    const changed = PositionEvents.after(p, f2, m);
    expect(changed.type).toBe("PositionChanged");
    expect(changed.snapshot.quantity.toString()).toBe("20");
    expect(changed.strategyId).toBe(STRATEGY);
    const f3 = fillOf("SELL", "20", "9.00");
    p.apply(f3);
    const closed = PositionEvents.after(p, f3, m);
    expect(closed.type).toBe("PositionClosed");
    expect(closed.snapshot.realizedPnl.toString()).toBe("-20.00 USD");
  });

  it("nettingPositionId is {instrumentId}-{strategyId}", () => {
    expect(nettingPositionId(SPY, STRATEGY)).toBe("SPY.SMART-S-001");
  });
});

describe("Position properties (fast-check)", () => {
  const fillArb = fc.record({
    buy: fc.boolean(),
    qty: fc.integer({ min: 1, max: 5_000 }),
    cents: fc.integer({ min: 1, max: 1_000_000 }),
    fee: fc.integer({ min: 0, max: 500 }),
  });

  it("quantity is the signed sum of fills; realized + unrealized equals the exact cash flow", () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 1_000_000 }), (fills, markCents) => {
        const mult = 100n;
        let p: Position | undefined;
        let signed = 0n;
        let cash = 0n; // in cents x shares, this lifecycle
        let fees = 0n; // in cents, this lifecycle
        for (const f of fills) {
          const side = f.buy ? "BUY" : "SELL";
          const px = (f.cents / 100).toFixed(2);
          const event = fillOf(side, String(f.qty), px, { instrumentId: option.id, commission: Money.from((f.fee / 100).toFixed(2), USD) });
          if (signed === 0n) {
            cash = 0n;
            fees = 0n;
          }
          if (p === undefined) p = new Position(option, event);
          else p.apply(event);
          const q = BigInt(f.qty);
          signed += f.buy ? q : -q;
          cash += (f.buy ? -1n : 1n) * q * BigInt(f.cents);
          fees += BigInt(f.fee);
          expect(p.signedQtyRaw).toBe(signed * 1_000_000_000n);
          // (realized + unrealized at the mark) == (cash + signed x mark) x mult - fees, exactly
          const mark = Price.from((markCents / 100).toFixed(2));
          const expectedCents = (cash + signed * BigInt(markCents)) * mult - fees;
          expect(p.totalPnl(mark).raw).toBe(expectedCents * 10_000_000n);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the snapshot read after every fill equals a fresh replay of the same fills (derived values never stale)", () => {
    // Position memoizes derived values (average prices, realized PnL, peak) across fills; a replay
    // reads them once, at the end, so a memo that outlived its inputs shows up as a difference.
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 40 }), (fills) => {
        const applied: OrderFilled[] = [];
        let p: Position | undefined;
        for (const f of fills) {
          const event = fillOf(f.buy ? "BUY" : "SELL", String(f.qty), (f.cents / 100).toFixed(2), { instrumentId: option.id, commission: Money.from((f.fee / 100).toFixed(2), USD) });
          applied.push(event);
          if (p === undefined) p = new Position(option, event);
          else p.apply(event);
          const live = p.snapshot();
          expect(live).toEqual(Position.fromFills(option, applied).snapshot());
          expect(p.avgPxClose).toEqual(live.avgPxClose);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("fractional quantities and 4-decimal prices: realized PnL at flat is the exact cash flow", () => {
    const fx = new Equity({ ...equityFields, sizePrecision: 2, sizeIncrement: Quantity.from("0.01"), pricePrecision: 4, priceIncrement: Price.from("0.0001") });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 5_000_000 })), { minLength: 1, maxLength: 30 }), (buys) => {
        // buy in lots, then sell the whole quantity back in pieces of the same sizes at other prices
        let p: Position | undefined;
        let cash = 0n; // at scale 10^6 (qty 2 decimals x price 4 decimals)
        for (const [q, px] of buys) {
          const f = fillOf("BUY", (q / 100).toFixed(2), (px / 10_000).toFixed(4));
          if (p === undefined) p = new Position(fx, f);
          else p.apply(f);
          cash -= BigInt(q) * BigInt(px);
        }
        for (const [q, px] of buys) {
          const sellPx = px + 7;
          (p as Position).apply(fillOf("SELL", (q / 100).toFixed(2), (sellPx / 10_000).toFixed(4)));
          cash += BigInt(q) * BigInt(sellPx);
        }
        expect(p?.isClosed()).toBe(true);
        expect(p?.realizedPnl.raw).toBe(cash * 1_000n);
      }),
      { numRuns: 300 },
    );
  });
});
