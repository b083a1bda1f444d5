/**
 * Integration harness: a real venue (SimVenue) behind a real GatewayServer on a free loopback
 * port, and REAL @stoqey/ib clients connected to it. Every client records its errors; `assertClean`
 * fails a test on any 505 (decode error / underrun) or any unhandled rejection.
 */
import type { EventEmitter } from "node:events";
import { expect } from "vitest";
import { IBApi, EventName, type Contract, SecType } from "@stoqey/ib";
import { SimVenue, DEFAULT_VENUE_OPTIONS } from "../../../src/sim/venue/venue.js";
import { resolveInstruments, type InstrumentSpec } from "../../../src/sim/venue/instruments.js";
import { DEFAULT_COMMISSIONS } from "../../../src/sim/venue/commissions.js";
import { GatewayServer, type GatewayOptions } from "../../../src/sim/server/gateway.js";

export const T0 = Date.UTC(2026, 10, 27, 15, 0, 0); // a Friday, 10:00 New York
export const SPY_CONID = 756733;
export const ES_CONID = 495512563;

export const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };

const WALK = { stepMs: 100, moveProb: 0.5, maxStepTicks: 1, spreadTicks: 1, tradeProb: 0.3, minSize: 1, maxSize: 5 };

export const SPECS: InstrumentSpec[] = [
  { kind: "stock", conId: SPY_CONID, symbol: "SPY", primaryExchange: "ARCA", currency: "USD", longName: "SPDR S&P 500 ETF TRUST", minTick: "0.01", price: "600.00", walk: WALK },
  { kind: "future", conId: ES_CONID, symbol: "ES", exchange: "CME", currency: "USD", longName: "E-mini S&P 500", expiry: "front", multiplier: "50", minTick: "0.25", price: "6000.00", initialMargin: "15000", walk: WALK },
  { kind: "optionChain", underlying: "SPY", conIdStart: 900_000_000, expiries: ["today", "tomorrow"], strikeStep: "1", strikesEachSide: 3, multiplier: "100", minTick: "0.01", spreadTicks: 2, volatility: 0.2 },
];

export function makeVenue(seed = 42, nowMs = T0): SimVenue {
  return SimVenue.create({
    seed, nowMs, accounts: [{ id: "DU1234567", currency: "USD", cash: "1000000" }], instruments: resolveInstruments(SPECS, nowMs),
    options: { ...DEFAULT_VENUE_OPTIONS }, commissions: DEFAULT_COMMISSIONS, permIdStart: 1_938_982_000, execSeqStart: 0xe0d5,
  });
}

export interface Bed {
  venue: SimVenue;
  gateway: GatewayServer;
  port: number;
  clients: IBApi[];
  errors: { code: number; message: string; reqId: number }[];
  connect(clientId: number, opts?: { expectNextValidId?: boolean }): Promise<IBApi>;
  close(): Promise<void>;
}

const unhandled: unknown[] = [];
process.on("unhandledRejection", (r) => unhandled.push(r));

export async function startBed(opts: Partial<GatewayOptions> & { venue?: SimVenue } = {}): Promise<Bed> {
  const venue = opts.venue ?? makeVenue();
  const gateway = new GatewayServer({ maxMessagesPerSecond: null, ...opts, venue });
  const port = await gateway.listen();
  const bed: Bed = {
    venue, gateway, port, clients: [], errors: [],
    connect: async (clientId, o = {}) => {
      const ib = new IBApi({ host: "127.0.0.1", port: bed.port, clientId, maxReqPerSec: 1000 });
      ib.on(EventName.error, (err: Error, code: number, reqId: number) => bed.errors.push({ code, message: err.message, reqId }));
      bed.clients.push(ib);
      if (o.expectNextValidId === false) {
        ib.connect();
        return ib;
      }
      const ready = new Promise<void>((resolve) => ib.once(EventName.nextValidId, () => resolve()));
      ib.connect();
      await withTimeout(ready, 3000, `client ${clientId} got no nextValidId`);
      return ib;
    },
    close: async () => {
      for (const c of bed.clients) if (c.isConnected) c.disconnect();
      await gateway.close();
    },
  };
  return bed;
}

/** No 505 (decode/underrun) anywhere and no unhandled rejection. */
export function assertClean(bed: Bed): void {
  expect(bed.errors.filter((e) => e.code === 505)).toEqual([]);
  expect(unhandled).toEqual([]);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

/** IBApi's typed overloads do not take a generic event name; it is an EventEmitter underneath. */
export const em = (ib: IBApi): EventEmitter => ib as unknown as EventEmitter;

/** Resolve with the args of the first `event` for which `pred` holds. */
export function waitFor<A extends unknown[]>(ib: IBApi, event: EventName, pred: (...args: A) => boolean = () => true, ms = 3000): Promise<A> {
  return withTimeout(new Promise<A>((resolve) => {
    const h = (...args: unknown[]): void => {
      if (pred(...(args as A))) {
        em(ib).off(event, h);
        resolve(args as A);
      }
    };
    em(ib).on(event, h);
  }), ms, `event ${event}`);
}

/** Collect every `event` until `until` fires (resolves with the collected args lists). */
export function collectUntil<A extends unknown[]>(ib: IBApi, event: EventName, until: EventName, ms = 3000): Promise<A[]> {
  const got: A[] = [];
  const h = (...args: unknown[]): void => void got.push(args as A);
  em(ib).on(event, h);
  return waitFor(ib, until, () => true, ms).then(() => {
    em(ib).off(event, h);
    return got;
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
