/**
 * The IB data client against the simulator: quotes and trades, 5-second bars, historical bars,
 * subscriptions replayed after 1101 and after a gateway restart, unsubscribe, unknown symbols.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Cache } from "../../../src/cache/cache.js";
import type { DataClientSink } from "../../../src/data/client.js";
import type { DataResponse } from "../../../src/data/messages.js";
import { BarType, type Bar, type QuoteTick, type TradeTick } from "../../../src/model/data.js";
import { ClientId, InstrumentId, Venue } from "../../../src/model/identifiers.js";
import type { Instrument } from "../../../src/model/instruments.js";
import { InteractiveBrokersDataClientConfigSchema, InteractiveBrokersInstrumentProviderConfigSchema } from "../../../src/adapters/ib/config.js";
import { ClockTimers } from "../../../src/adapters/ib/connection/timers.js";
import { InteractiveBrokersInstrumentProvider } from "../../../src/adapters/ib/providers/provider.js";
import { InteractiveBrokersDataClient } from "../../../src/adapters/ib/data/client.js";
import { sleep, startIbBed, waitUntil, type IbBed } from "./harness.js";

const SPY = InstrumentId("SPY.SMART");
let bed: IbBed | undefined;
let client: InteractiveBrokersDataClient | undefined;
afterEach(async () => {
  await client?.disconnect();
  await bed?.close();
  bed = client = undefined;
});

function sinkRecorder() {
  const got = { quotes: [] as QuoteTick[], trades: [] as TradeTick[], bars: [] as Bar[], instruments: [] as Instrument[], responses: [] as DataResponse[], failures: [] as [string, Error][] };
  const sink: DataClientSink = {
    onQuote: (q) => void got.quotes.push(q), onTrade: (t) => void got.trades.push(t), onBar: (b) => void got.bars.push(b),
    onInstrument: (i) => void got.instruments.push(i), onResponse: (r) => void got.responses.push(r), onRequestFailed: (id, e) => void got.failures.push([id, e]),
  };
  return { got, sink };
}

async function setup(loadIds = ["SPY.SMART"]) {
  bed = await startIbBed();
  const conn = bed.connection();
  const cache = new Cache();
  const provider = new InteractiveBrokersInstrumentProvider({
    connection: () => conn, cache, clock: bed.clock, logger: bed.logger, timers: new ClockTimers(bed.clock, "p"),
    config: InteractiveBrokersInstrumentProviderConfigSchema.parse({ loadIds }), requestTimeoutMs: 3000,
  });
  const config = InteractiveBrokersDataClientConfigSchema.parse({ ibgPort: bed.sim.port, requestTimeout: 5 });
  client = new InteractiveBrokersDataClient({ clientId: ClientId("IB"), venue: Venue("IB"), config, lease: { acquire: async () => (await conn.connect(), conn), release: () => conn.close() }, provider, clock: bed.clock, logger: bed.logger });
  const rec = sinkRecorder();
  client.bindSink(rec.sink);
  await client.connect();
  return { ...rec, conn, cache, provider };
}

describe("IB data client", () => {
  it("loads its instruments on connect and streams exact quotes and trades", async () => {
    const { got } = await setup();
    expect(got.instruments.map((i) => i.id)).toEqual([SPY]);
    await client!.subscribeQuoteTicks(SPY);
    await client!.subscribeTradeTicks(SPY);
    await waitUntil(() => got.quotes.length >= 3 && got.trades.length >= 1, "quotes and trades", 8000);
    for (const q of got.quotes) {
      expect(q.instrumentId).toBe(SPY);
      expect(q.bidPrice.precision).toBe(2);
      expect(q.askPrice.gt(q.bidPrice)).toBe(true);
      expect(q.bidSize.isPositive()).toBe(true);
    }
    const truth = bed!.sim.venue.quote(756733);
    expect(truth).toBeDefined();
  });

  it("stops a stream on unsubscribe", async () => {
    const { got } = await setup();
    await client!.subscribeQuoteTicks(SPY);
    await waitUntil(() => got.quotes.length >= 1, "a quote");
    await client!.unsubscribeQuoteTicks(SPY);
    expect(client!.subscriptionCount).toBe(0);
    await sleep(100);
    const n = got.quotes.length;
    await sleep(600);
    expect(got.quotes.length).toBe(n);
  });

  it("replays subscriptions after 1101 and after a gateway restart", async () => {
    const { got } = await setup();
    await client!.subscribeQuoteTicks(SPY);
    await waitUntil(() => got.quotes.length >= 1, "a quote");
    bed!.sim.gateway.systemMessage(1100);
    bed!.sim.gateway.systemMessage(1101);
    await sleep(100);
    let n = got.quotes.length;
    await waitUntil(() => got.quotes.length > n + 2, "quotes after 1101", 8000);
    await bed!.sim.fault({ kind: "gatewayRestart", downSecs: 0.3 });
    await waitUntil(() => client!.isConnected, "reconnected", 5000);
    n = got.quotes.length;
    await waitUntil(() => got.quotes.length > n + 2, "quotes after the restart", 8000);
    expect(client!.subscriptionCount).toBe(1);
  });

  it("streams 5-second bars and refuses other EXTERNAL bar types", async () => {
    const { got } = await setup();
    await client!.subscribeBars(BarType.parse("SPY.SMART-5-SECOND-LAST-EXTERNAL"));
    await waitUntil(() => got.bars.length >= 1, "a bar", 12_000);
    const b = got.bars[0]!;
    expect(b.high.ge(b.low)).toBe(true);
    expect(b.tsEvent % 5_000_000_000n).toBe(0n);
    await expect(client!.subscribeBars(BarType.parse("SPY.SMART-1-MINUTE-LAST-EXTERNAL"))).rejects.toThrow(/5-SECOND/);
  }, 20_000);

  it("answers historical bar requests oldest first, within the limit", async () => {
    const { got } = await setup();
    client!.requestBars({ type: "RequestBars", barType: BarType.parse("SPY.SMART-1-MINUTE-LAST-EXTERNAL"), limit: 10, requestId: "r1", commandId: "r1", tsInit: 0n } as never);
    await waitUntil(() => got.responses.length + got.failures.length === 1, "answer");
    const bars = got.responses[0]!.data as Bar[];
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.tsEvent > bars[i - 1]!.tsEvent).toBe(true);
  });

  it("fails a request for an unknown symbol with CORTANA_E_IB_UNKNOWN_SYMBOL", async () => {
    const { got } = await setup();
    client!.requestInstrument({ type: "RequestInstrument", instrumentId: InstrumentId("NOPE.SMART"), requestId: "r2", commandId: "r2", tsInit: 0n } as never);
    await waitUntil(() => got.failures.length === 1, "failure");
    expect((got.failures[0]![1] as { code?: string }).code).toBe("CORTANA_E_IB_UNKNOWN_SYMBOL");
    await expect(client!.subscribeQuoteTicks(InstrumentId("NOPE.SMART"))).rejects.toThrow(/no security definition/);
  });
});
