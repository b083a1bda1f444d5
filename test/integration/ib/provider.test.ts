/** The instrument provider against the simulator: stocks, option chains by expiry window, futures chains, unknown symbols. */
import { afterEach, describe, expect, it } from "vitest";
import { Cache } from "../../../src/cache/cache.js";
import { InstrumentId } from "../../../src/model/identifiers.js";
import { InteractiveBrokersInstrumentProviderConfigSchema } from "../../../src/adapters/ib/config.js";
import { ClockTimers } from "../../../src/adapters/ib/connection/timers.js";
import { InteractiveBrokersInstrumentProvider } from "../../../src/adapters/ib/providers/provider.js";
import { isCortanaError } from "../../../src/common/errors.js";
import { startIbBed, type IbBed } from "./harness.js";

let bed: IbBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function setup(config: Record<string, unknown> = {}) {
  bed = await startIbBed();
  const conn = bed.connection();
  await conn.connect();
  const cache = new Cache();
  const provider = new InteractiveBrokersInstrumentProvider({
    connection: () => conn, cache, clock: bed.clock, logger: bed.logger, timers: new ClockTimers(bed.clock, "p"),
    config: InteractiveBrokersInstrumentProviderConfigSchema.parse(config), requestTimeoutMs: 5000,
  });
  return { provider, cache };
}

const DAY = 86_400_000;
const daysOut = (ns: bigint) => {
  const now = Date.now();
  const exp = Number(ns / 1_000_000n);
  return Math.round((exp - (exp % DAY) - (now - (now % DAY))) / DAY);
};

describe("InteractiveBrokersInstrumentProvider", () => {
  it("loads loadIds into the cache with the contract (conId) orders will use", async () => {
    const { provider, cache } = await setup({ loadIds: ["SPY.SMART"] });
    const [spy] = await provider.initialize();
    expect(spy?.id).toBe("SPY.SMART");
    expect(cache.instrument(InstrumentId("SPY.SMART"))).toBe(spy);
    expect(provider.contract(InstrumentId("SPY.SMART"))).toMatchObject({ conId: 756733, exchange: "SMART", secType: "STK" });
    expect(provider.idForConId(756733)).toBe("SPY.SMART");
  });

  it("builds the option chain within the expiry window (0DTE window 0..1 keeps today's and tomorrow's)", async () => {
    const { provider } = await setup({ loadIds: ["SPY.SMART"], buildOptionsChain: true, minExpiryDays: 0, maxExpiryDays: 1 });
    const all = await provider.initialize();
    const options = all.filter((i) => i.type === "OptionContract");
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      if (o.type !== "OptionContract") continue;
      expect(o.id).toMatch(/^SPY\d{6}[CP]\d{8}\.SMART$/);
      expect(o.multiplier.toString()).toBe("100");
      expect(daysOut(o.expirationNs)).toBeGreaterThanOrEqual(0);
      expect(daysOut(o.expirationNs)).toBeLessThanOrEqual(1);
    }
    const onlyFar = await provider.loadOptionChain(InstrumentId("SPY.SMART"), { minExpiryDays: 2, maxExpiryDays: 30 });
    expect(onlyFar).toEqual([]);
  });

  it("loads a futures chain from its front contract", async () => {
    const { provider } = await setup({ loadContracts: [{ secType: "FUT", symbol: "ES", exchange: "CME" }], buildFuturesChain: true });
    const all = await provider.initialize();
    const futures = all.filter((i) => i.type === "FuturesContract");
    expect(futures.length).toBeGreaterThanOrEqual(1);
    expect(futures[0]?.id).toMatch(/^ES[FGHJKMNQUVXZ]\d{2}\.CME$/);
    expect(futures[0]?.multiplier.toString()).toBe("50");
    expect(futures[0]?.priceIncrement.toString()).toBe("0.25");
  });

  it("fails an unknown symbol with CORTANA_E_IB_UNKNOWN_SYMBOL naming it", async () => {
    const { provider } = await setup();
    const err = await provider.load(InstrumentId("NOPE.SMART")).catch((e: unknown) => e);
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_IB_UNKNOWN_SYMBOL");
    expect((err as Error).message).toContain("NOPE.SMART");
  });
});
