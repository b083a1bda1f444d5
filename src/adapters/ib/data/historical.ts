/**
 * Historical bars (reqHistoricalData, formatDate 2 = epoch seconds, UTC end time) for a
 * RequestBars, paced through the historical pacers (bars.ts) before the connection's pacer.
 * Bars come back oldest first, cut to the request's window and limit.
 */
import { EventName, type Contract } from "@stoqey/ib";
import type { RequestBars } from "../../../data/messages.js";
import type { Bar } from "../../../model/data.js";
import type { IBConnection } from "../connection/connection.js";
import type { OutboundPacer } from "../connection/pacer.js";
import { ibRequest } from "../connection/requests.js";
import type { ClockTimers } from "../connection/timers.js";
import { utcRequestTime } from "../parsing/time.js";
import { ibBarSize, ibDuration, whatToShow } from "./bars.js";
import { realTimeBar } from "./realtime.js";

export interface HistoricalBarsArgs {
  readonly conn: IBConnection;
  readonly timers: ClockTimers;
  readonly pacers: readonly OutboundPacer[];
  readonly contract: Contract;
  readonly request: RequestBars;
  readonly useRth: boolean;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly nowNs: bigint;
  readonly timeoutMs: number;
}

/** Waits for a slot in each pacer in turn. */
function paced(pacers: readonly OutboundPacer[], label: string): Promise<void> {
  return pacers.reduce<Promise<void>>((prev, p) => prev.then(() => new Promise<void>((resolve, reject) => p.submit({ label, run: resolve, fail: reject }))), Promise.resolve());
}

export async function requestHistoricalBars(a: HistoricalBarsArgs): Promise<Bar[]> {
  const { setting, seconds } = ibBarSize(a.request.barType);
  const end = a.request.end ?? a.nowNs;
  const start = a.request.start ?? end - BigInt(seconds * (a.request.limit ?? 100)) * 1_000_000_000n;
  const spanSecs = Number((end - start) / 1_000_000_000n);
  await paced(a.pacers, `historical ${a.request.barType}`);
  const bars: Bar[] = [];
  const all = await ibRequest(a.conn, {
    label: `reqHistoricalData ${a.request.barType}`,
    timeoutMs: a.timeoutMs,
    send: (api, reqId) => api.reqHistoricalData(reqId, a.contract, utcRequestTime(end), ibDuration(spanSecs), setting, whatToShow(a.request.barType.spec.priceType), a.useRth ? 1 : 0, 2, false),
    on: [[EventName.historicalData, (reqId, id: number, time: string, open: number, high: number, low: number, close: number, volume: number) => {
      if (id !== reqId) return;
      if (time.startsWith("finished")) return true;
      bars.push(realTimeBar(a.request.barType, { time: Number(time), open, high, low, close, volume }, a.pricePrecision, a.sizePrecision, a.nowNs, seconds));
    }]],
    result: () => bars,
  }, a.timers);
  const inWindow = all.filter((b) => b.tsEvent > start && b.tsEvent <= end);
  return a.request.limit !== undefined && a.request.limit > 0 ? inWindow.slice(-a.request.limit) : inWindow;
}
