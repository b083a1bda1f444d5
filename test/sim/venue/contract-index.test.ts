import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ContractQuery } from "../../../src/sim/venue/api.js";
import { ContractIndex } from "../../../src/sim/venue/contract-index.js";
import { findContracts } from "../../../src/sim/venue/instruments.js";
import { createVenue, defaultScenario } from "../../../src/sim/scenario/index.js";
import { T0 } from "./helpers.js";

const instruments = [...createVenue(defaultScenario(), 1, { nowMs: T0 }).internals.instruments.values()];
const index = new ContractIndex(instruments);
const contracts = instruments.map((i) => i.contract);

/** Field values worth querying: those of real contracts (any case), empty strings and strangers. */
function textArb(pick: (c: (typeof contracts)[number]) => string): fc.Arbitrary<string | undefined> {
  const real = [...new Set(contracts.map(pick))];
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(""),
    fc.constantFrom(...real),
    fc.constantFrom(...real).map((s) => s.toLowerCase()),
    fc.constantFrom("QQQ", "XYZ"),
  );
}

const queryArb: fc.Arbitrary<ContractQuery> = fc
  .record({
    conId: fc.oneof(fc.constant(undefined), fc.constant(0), fc.constantFrom(...contracts.map((c) => c.conId)), fc.constant(1)),
    symbol: textArb((c) => c.symbol),
    secType: textArb((c) => c.secType),
    exchange: textArb((c) => c.exchange),
    currency: textArb((c) => c.currency),
    localSymbol: textArb((c) => c.localSymbol),
    right: textArb((c) => c.right),
    lastTradeDateOrContractMonth: textArb((c) => c.lastTradeDateOrContractMonth),
    strike: fc.oneof(fc.constant(undefined), fc.constant(0), fc.constantFrom(...contracts.map((c) => c.strike))),
  })
  // Absent keys, not keys holding undefined (as the wire mapping builds queries).
  .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as ContractQuery);

describe("ContractIndex", () => {
  it("answers every query exactly as a scan of all instruments does (same contracts, same order)", () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        expect(index.find(q)).toEqual(findContracts(instruments, q));
      }),
      { numRuns: 3000 },
    );
  });

  it("resolves the usual order contracts to one instrument", () => {
    expect(index.find({ symbol: "SPY", secType: "STK", exchange: "SMART", currency: "USD" }).map((c) => c.conId)).toEqual([756733]);
    expect(index.find({ symbol: "spy" }).map((c) => c.conId)).toEqual([756733]);
    expect(index.find({ conId: 495512563, symbol: "ignored when a conId is given" }).map((c) => c.conId)).toEqual([495512563]);
    expect(index.find({ conId: 1 })).toEqual([]);
    const opt = contracts.find((c) => c.secType === "OPT")!;
    expect(index.find({ localSymbol: opt.localSymbol.toLowerCase() }).map((c) => c.conId)).toEqual([opt.conId]);
    expect(index.find({ symbol: "SPY", secType: "OPT" }).length).toBe(contracts.filter((c) => c.secType === "OPT").length);
    expect(index.get(opt.conId)?.contract).toBe(opt);
  });
});
