import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, fromNumber, mul, ZERO } from "../../../src/sim/venue/decimal.js";
import type { SimVenue } from "../../../src/sim/venue/venue.js";
import { ACCOUNT, quietVenue, req, SPY, T0 } from "./helpers.js";

type Op =
  | { kind: "mkt"; buy: boolean; qty: number; opt: number }
  | { kind: "lmt"; buy: boolean; qty: number; offsetTicks: number; opt: number }
  | { kind: "move"; cents: number }
  | { kind: "cancel"; pick: number }
  | { kind: "advance"; ms: number }
  | { kind: "trade"; buy: boolean; qty: number }
  | { kind: "fillNow"; pick: number }
  | { kind: "partial"; chunk: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("mkt" as const), buy: fc.boolean(), qty: fc.integer({ min: 1, max: 700 }), opt: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constant("lmt" as const), buy: fc.boolean(), qty: fc.integer({ min: 1, max: 700 }), offsetTicks: fc.integer({ min: -50, max: 50 }), opt: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constant("move" as const), cents: fc.integer({ min: 45_000, max: 55_000 }) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant("trade" as const), buy: fc.boolean(), qty: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("fillNow" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("partial" as const), chunk: fc.integer({ min: 0, max: 150 }) }),
);

function apply(v: SimVenue, op: Op, clock: { now: number }, optionIds: number[]): void {
  const conId = (opt: number) => (opt < 0 ? SPY : optionIds[opt % optionIds.length]!);
  switch (op.kind) {
    case "mkt":
      v.placeOrder(req({ action: op.buy ? "BUY" : "SELL", totalQuantity: String(op.opt < 0 ? op.qty : 1 + (op.qty % 20)), contract: { conId: conId(op.opt) } }));
      break;
    case "lmt": {
      const q = v.quote(conId(op.opt))!;
      const price = Math.max(0.01, Math.round(((op.buy ? q.bid : q.ask) * 100 + op.offsetTicks)) / 100);
      v.placeOrder(req({ action: op.buy ? "BUY" : "SELL", orderType: "LMT", lmtPrice: price, tif: "GTC", totalQuantity: String(op.opt < 0 ? op.qty : 1 + (op.qty % 20)), contract: { conId: conId(op.opt) } }));
      break;
    }
    case "move":
      v.movePrice(SPY, op.cents / 100);
      break;
    case "cancel": {
      const open = v.openOrders();
      if (open.length > 0) v.cancelOrder(1, open[op.pick % open.length]!.orderId);
      break;
    }
    case "advance":
      clock.now += op.ms;
      v.advance(clock.now);
      break;
    case "trade":
      v.externalTrade({ conId: SPY, action: op.buy ? "BUY" : "SELL", quantity: String(op.qty) });
      break;
    case "fillNow": {
      const open = v.openOrders();
      if (open.length > 0) v.fillNow(open[op.pick % open.length]!.permId);
      break;
    }
    case "partial":
      v.setPartialFillMode(op.chunk === 0 ? { kind: "off" } : { kind: "chunks", qty: String(op.chunk) });
      break;
  }
}

describe("books stay exact over random order sequences", () => {
  it("positions = sum of executions, cash = start - flows - commissions, NLV change = realized + unrealized", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const v = quietVenue({ instruments: [{ kind: "stock", conId: SPY, symbol: "SPY", price: "500.00", walk: { stepMs: 500, moveProb: 0.5, maxStepTicks: 3, spreadTicks: 1, tradeProb: 0, minSize: 50, maxSize: 400 } }, { kind: "optionChain", underlying: "SPY", conIdStart: 900_000_001, strikesEachSide: 1, strikeStep: "5", expiries: ["tomorrow"] }] });
        const optionIds = v.findContracts({ symbol: "SPY", secType: "OPT" }).map((c) => c.conId);
        const clock = { now: T0 };
        for (const op of ops) apply(v, op, clock, optionIds);

        const execs = v.executions();
        const core = v.internals;
        const expectedQty = new Map<string, bigint>();
        let flows = ZERO;
        let commissions = ZERO;
        for (const { execution: e, commission: c } of execs) {
          const signed = e.side === "BOT" ? dec(e.shares) : -dec(e.shares);
          const key = `${e.account}|${e.contract.conId}`;
          expectedQty.set(key, (expectedQty.get(key) ?? ZERO) + signed);
          flows += mul(mul(signed, fromNumber(e.price)), dec(e.contract.multiplier || "1"));
          commissions += fromNumber(c.commission);
        }
        for (const p of core.ledger.positions.values()) expect(p.qty).toBe(expectedQty.get(`${p.account}|${p.conId}`) ?? ZERO);
        const acct = core.ledger.account(ACCOUNT);
        expect(acct.cash).toBe(dec("100000") - flows - commissions);
        const f = core.ledger.figures(ACCOUNT, (id) => core.ledgerInstrument(id));
        expect(f.netLiq - dec("100000")).toBe(f.realized + f.unrealized);

        const filledByOrder = new Map<number, bigint>();
        for (const { execution: e } of execs) filledByOrder.set(e.permId, (filledByOrder.get(e.permId) ?? ZERO) + dec(e.shares));
        for (const o of core.orders.values()) {
          expect(o.filled).toBe(filledByOrder.get(o.permId) ?? ZERO);
          expect(o.filled <= o.qty).toBe(true);
        }
        expect(new Set(execs.map((e) => e.execution.execId)).size).toBe(execs.length);
        expect(new Set([...core.orders.keys()]).size).toBe(core.orders.size);
      }),
      { numRuns: 80, seed: 20260413 },
    );
  });
});
