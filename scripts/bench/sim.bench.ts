/**
 * Simulator throughput (issue 4, "Performance"), each figure next to a raw loopback socket doing
 * the same job in the same run, the ceiling the client and the machine allow:
 *
 * - ticks/s: market-data tick events (tickPrice + tickSize) delivered to one real @stoqey/ib IBApi
 *   client. The simulator path is quote -> routing -> encoding -> batched socket writes, with the
 *   quotes injected at the venue's event seam so the random walk's own rate does not cap it;
 *   `ticksEndToEnd*` drives the real venue with `movePrice` instead (option chain repriced too).
 *   The reference server writes the identical tick frames, batched per turn as the session does.
 * - orders/s: PLACE_ORDERs from one client accepted by the simulator's venue and acknowledged
 *   (the client received OPEN_ORDER + ORDER_STATUS of every one). `orders*` uses a bare client
 *   writing @stoqey/ib's exact frames (what the simulator can accept); `ordersFromStoqeyClient*`
 *   uses the real IBApi (its encoder is then part of the figure). The reference server answers each
 *   PLACE_ORDER with its acknowledgements encoded in advance (no decoding, no venue, no encoding).
 *
 * Clients run in their own node process, so this process holds only the server and its CPU time
 * per tick / per order (`*ServerCpuUsPerTick`, `*ServerCpuUsPerOrder`) is the server's cost, a
 * figure that a loaded machine changes far less than wall-clock rates (`ordersCpuBoundPerSec` is
 * what one free core would accept at that cost). Every measurement runs ROUNDS times, simulator
 * and reference interleaved; figures are medians, ratios the median of the per-round ratios.
 * Targets: >= 50,000 ticks/s and >= 5,000 orders/s (`ticksMeetTarget`, `ordersMeetTarget` judge
 * the wall-clock medians). The gateway runs with pacing off (a real gateway allows 50 msg/s).
 */
import { cpus, loadavg } from "node:os";
import { rmSync } from "node:fs";
import type { Quote, VenueEvent } from "../../src/sim/venue/api.js";
import type { SimVenue } from "../../src/sim/venue/venue.js";
import { createVenue, defaultScenario } from "../../src/sim/scenario/index.js";
import { GatewayServer } from "../../src/sim/server/gateway.js";
import { quoteTicks } from "../../src/sim/server/market-data.js";
import { encodeFrame } from "../../src/sim/wire/framing.js";
import { encodeOpenOrder, encodeOrderStatus } from "../../src/sim/wire/encode-order.js";
import { emptyWireOrder } from "../../src/sim/wire/order-defaults.js";
import { framesFile, placeOrderFrames, rawServer, startClient, type Client } from "./sim-clients.js";

const SPY = 756733;
const TICK_QUOTES = 40_000;
const ORDERS = 10_000;
const STOQEY_ORDERS = 5_000;
const ROUNDS = 3;
const SLICE = 500;

interface Run {
  perSec: number;
  /** Server (this process) CPU per unit, microseconds. */
  cpuUs: number;
  units: number;
}

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/** A fresh default-scenario venue whose event stream the bench can also feed (quotes injected at the seam). */
function tappedVenue(): { venue: SimVenue; inject: (e: VenueEvent) => void } {
  const venue = createVenue(defaultScenario(), 1, { nowMs: Date.now() });
  const listeners: ((e: VenueEvent) => void)[] = [];
  const subscribe = venue.subscribe.bind(venue);
  venue.subscribe = (l) => {
    listeners.push(l);
    return subscribe(l);
  };
  return { venue, inject: (e) => listeners.forEach((l) => l(e)) };
}

function quotes(n: number, base: Quote): Quote[] {
  const out: Quote[] = [];
  for (let k = 0; k < n; k++) {
    const bid = 600 + (k % 2 === 0 ? 0 : 0.01);
    out.push({ ...base, bid, ask: bid + 0.01, bidSize: String(1 + (k % 7)), askSize: String(1 + (k % 5)), ts: base.ts + k });
  }
  return out;
}

/** Feed work in slices so the socket flushes between them (the event loop must turn). */
async function inSlices<T>(items: readonly T[], fn: (x: T) => void, after?: () => void): Promise<void> {
  for (let i = 0; i < items.length; i += SLICE) {
    for (let j = i; j < Math.min(items.length, i + SLICE); j++) fn(items[j] as T);
    after?.();
    await new Promise((r) => setImmediate(r));
  }
}

/** Ask the client for its tick count until it stops growing; returns the count and the time of its last tick. */
async function settle(c: Client): Promise<{ count: number; at: number }> {
  let last = await c.report();
  for (;;) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await c.report();
    if (now.count === last.count) return { count: now.count ?? 0, at: now.at ?? 0 };
    last = now;
  }
}

/** Subscribe a client on `port`, run `feed` once it is subscribed, measure tick events/s and server CPU per tick. */
async function measureTicks(port: number, feed: () => Promise<void>): Promise<Run> {
  const c = startClient("ticks", port);
  try {
    await c.next("subscribed");
    const initial = await settle(c);
    const t0 = performance.timeOrigin + performance.now();
    const cpu0 = cpuNow();
    await feed();
    const end = await settle(c);
    const ticks = end.count - initial.count;
    return { perSec: Math.round(ticks / ((end.at - t0) / 1000)), cpuUs: (cpuNow() - cpu0) / ticks, units: ticks };
  } finally {
    await c.stop();
  }
}

async function simTicks(endToEnd: boolean): Promise<Run> {
  const { venue, inject } = tappedVenue();
  const gw = new GatewayServer({ venue, maxMessagesPerSecond: null });
  const port = await gw.listen();
  const qs = quotes(TICK_QUOTES, venue.quote(SPY)!);
  try {
    return await measureTicks(port, () => endToEnd
      ? inSlices(qs, (q) => void venue.movePrice(SPY, q.bid))
      : inSlices(qs, (q) => inject({ kind: "quote", quote: q })));
  } finally {
    await gw.close();
  }
}

async function rawTicks(): Promise<Run> {
  const base = tappedVenue().venue.quote(SPY)!;
  const sub = { reqId: 1, conId: SPY, sent: {} };
  const first = quoteTicks(sub, base, 1, true);
  const frames = quotes(TICK_QUOTES, base).map((q) => Buffer.concat(quoteTicks(sub, q, 1, false)));
  let sock: import("node:net").Socket | undefined;
  const srv = await rawServer((s, tokens) => {
    if (tokens[0] !== "1") return;
    sock = s;
    s.write(Buffer.concat([encodeFrame([81, 1, 0.01, "9c0001", 3]), ...first]));
  });
  // One write per event-loop turn, as the simulator's session batches its frames.
  let pending: Buffer[] = [];
  const flush = (): void => {
    if (pending.length > 0) sock?.write(Buffer.concat(pending));
    pending = [];
  };
  try {
    return await measureTicks(srv.port, () => inSlices(frames, (f) => void pending.push(f), flush));
  } finally {
    srv.close();
  }
}

/** Orders placed by a client of `mode` against a server on `port`: acknowledged orders/s and server CPU per order. */
async function measureOrders(port: number, mode: "rawOrders" | "stoqeyOrders", n: number, file?: string): Promise<Run> {
  const c = startClient(mode, port, { expected: n, ...(file !== undefined ? { framesFile: file } : {}) });
  try {
    const done = c.next("done");
    await c.next("start");
    const cpu0 = cpuNow();
    const { ms } = await done;
    return { perSec: Math.round(n / ((ms ?? 1) / 1000)), cpuUs: (cpuNow() - cpu0) / n, units: n };
  } finally {
    await c.stop();
  }
}

async function simOrders(mode: "rawOrders" | "stoqeyOrders", n: number, file?: string): Promise<Run> {
  const venue = createVenue(defaultScenario(), 1, { nowMs: Date.now() });
  const gw = new GatewayServer({ venue, maxMessagesPerSecond: null });
  try {
    const r = await measureOrders(await gw.listen(), mode, n, file);
    const open = venue.openOrders().length;
    if (open !== n) throw new Error(`venue holds ${open} orders, expected ${n}`);
    return r;
  } finally {
    await gw.close();
  }
}

async function rawOrders(mode: "rawOrders" | "stoqeyOrders", n: number, file?: string): Promise<Run> {
  const contract = { conId: SPY, symbol: "SPY", secType: "STK", lastTradeDateOrContractMonth: "", strike: 0, right: "", multiplier: "",
    exchange: "SMART", primaryExch: "ARCA", currency: "USD", localSymbol: "SPY", tradingClass: "SPY" };
  // The acknowledgements of order ids 1..n, encoded before the clock starts: the reference only moves bytes.
  const acks: Buffer[] = [];
  for (let orderId = 1; orderId <= n; orderId++) {
    const order = { ...emptyWireOrder(), orderId, action: "BUY", totalQuantity: "1", orderType: "LMT", lmtPrice: 100, tif: "GTC" };
    acks[orderId] = Buffer.concat([encodeOpenOrder({ contract, order, clientId: 1, permId: orderId, state: { status: "Submitted" } }),
      encodeOrderStatus({ orderId, status: "Submitted", filled: "0", remaining: "1", avgFillPrice: 0, permId: orderId, parentId: 0, lastFillPrice: 0, clientId: 1, whyHeld: "" })]);
  }
  // Written once per event-loop turn, as the simulator's session batches its frames.
  let pending: Buffer[] = [];
  const srv = await rawServer((s, tokens) => {
    const ack = tokens[0] === "3" ? acks[Number(tokens[1])] : undefined;
    if (ack === undefined) return;
    if (pending.length === 0) {
      setImmediate(() => {
        s.write(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
        pending = [];
      });
    }
    pending.push(ack);
  });
  try {
    return await measureOrders(srv.port, mode, n, file);
  } finally {
    srv.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r3 = (x: number): number => Number(x.toFixed(3));

interface Pair {
  sim: Run[];
  raw: Run[];
}

/** ROUNDS x (reference, simulator), interleaved so both see the same machine load. */
async function rounds(raw: () => Promise<Run>, sim: () => Promise<Run>): Promise<Pair> {
  const out: Pair = { sim: [], raw: [] };
  for (let k = 0; k < ROUNDS; k++) {
    out.raw.push(await raw());
    out.sim.push(await sim());
  }
  return out;
}

function figures(prefix: string, unit: "Tick" | "Order", p: Pair): Record<string, unknown> {
  return {
    [`${prefix}PerSec`]: median(p.sim.map((r) => r.perSec)),
    [`${prefix}RawSocketPerSec`]: median(p.raw.map((r) => r.perSec)),
    [`${prefix}RatioToRawSocket`]: r3(median(p.sim.map((r, k) => r.perSec / (p.raw[k]?.perSec ?? Infinity)))),
    [`${prefix}ServerCpuUsPer${unit}`]: r3(median(p.sim.map((r) => r.cpuUs))),
    [`${prefix}RawSocketServerCpuUsPer${unit}`]: r3(median(p.raw.map((r) => r.cpuUs))),
    [`${prefix}Rounds`]: p.sim.map((r, k) => ({ sim: r.perSec, raw: p.raw[k]?.perSec, simCpuUs: r3(r.cpuUs), rawCpuUs: r3(p.raw[k]?.cpuUs ?? 0), units: r.units })),
  };
}

export default async function simBench(): Promise<Record<string, unknown>> {
  const load = loadavg()[0] ?? 0;
  const ticks = await rounds(rawTicks, () => simTicks(false));
  const e2e = await rounds(rawTicks, () => simTicks(true));
  const file = framesFile(placeOrderFrames(ORDERS, 1));
  try {
    const orders = await rounds(() => rawOrders("rawOrders", ORDERS, file), () => simOrders("rawOrders", ORDERS, file));
    const stoqey = await rounds(() => rawOrders("stoqeyOrders", STOQEY_ORDERS), () => simOrders("stoqeyOrders", STOQEY_ORDERS));
    const t = figures("ticks", "Tick", ticks);
    const o = figures("orders", "Order", orders);
    const simCpuPerOrder = o.ordersServerCpuUsPerOrder as number;
    return {
      loadAverage1m: Math.round(load * 100) / 100,
      cores: cpus().length,
      rounds: ROUNDS,
      ...t,
      ...figures("ticksEndToEnd", "Tick", e2e),
      quotesPerRound: TICK_QUOTES,
      ticksTargetPerSec: 50_000,
      ticksMeetTarget: (t.ticksPerSec as number) >= 50_000,
      ...o,
      ordersCpuBoundPerSec: Math.round(1e6 / simCpuPerOrder),
      ...figures("ordersFromStoqeyClient", "Order", stoqey),
      ordersPerRound: ORDERS,
      stoqeyOrdersPerRound: STOQEY_ORDERS,
      ordersTargetPerSec: 5_000,
      ordersMeetTarget: (o.ordersPerSec as number) >= 5_000,
    };
  } finally {
    rmSync(file, { force: true });
  }
}

// Run directly: `npx tsx scripts/bench/sim.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  simBench().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
