/**
 * Simulator throughput, each figure next to a raw loopback socket sending the same frames in the
 * same run (the ceiling the real client allows on this machine):
 *
 * - ticks/s: market-data tick events delivered to one real @stoqey/ib IBApi client. The simulator
 *   path is quote -> routing -> encoding -> batched socket writes (quotes injected at the venue's
 *   event seam, so the random walk's own rate does not cap it); `ticksEndToEndPerSec` drives the
 *   real venue with `movePrice` instead. The reference server writes the identical tick frames.
 * - orders/s: PLACE_ORDERs from one IBApi client accepted by the venue and acknowledged
 *   (OPEN_ORDER + ORDER_STATUS received by the client). The reference server answers each
 *   PLACE_ORDER frame with pre-encoded acknowledgements, without decoding or a venue.
 *
 * The client runs in a worker thread (its own core), as a node process would. Targets: >= 50,000
 * ticks/s and >= 5,000 orders/s.
 */
import net from "node:net";
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import type { Quote, Venue, VenueEvent } from "../../src/sim/venue/api.js";
import { createVenue, defaultScenario } from "../../src/sim/scenario/index.js";
import { GatewayServer } from "../../src/sim/server/gateway.js";
import { quoteTicks } from "../../src/sim/server/market-data.js";
import { encodeFrame, FrameReader } from "../../src/sim/wire/framing.js";
import { encodeManagedAccounts, encodeNextValidId, encodeOpenOrderEnd, encodeServerVersion } from "../../src/sim/wire/encode.js";
import { encodeOpenOrder, encodeOrderStatus } from "../../src/sim/wire/encode-order.js";
import { emptyWireOrder } from "../../src/sim/wire/order-defaults.js";
import { Encoder } from "@stoqey/ib/dist/core/io/encoder.js";
import { OrderAction, OrderType, SecType, TimeInForce } from "@stoqey/ib";

const SPY = 756733;
const TICK_QUOTES = 60_000;
const ORDERS = 20_000;
const IB_PATH = createRequire(import.meta.url).resolve("@stoqey/ib");

/** The client, as plain JS in a worker: connects, subscribes or places orders, reports timings. */
const CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const { IBApi, EventName } = require(workerData.ib);
const ib = new IBApi({ host: "127.0.0.1", port: workerData.port, clientId: 1, maxReqPerSec: 10000000 });
let count = 0, t0 = 0, lastAt = 0;
parentPort.on("message", (m) => { if (m === "report") parentPort.postMessage({ kind: "report", count, at: lastAt }); });
ib.on(EventName.error, (e, code) => { if (code === 505) parentPort.postMessage({ kind: "error", message: e.message }); });
ib.once(EventName.nextValidId, (next) => {
  if (workerData.mode === "ticks") {
    ib.once(EventName.tickReqParams, () => parentPort.postMessage({ kind: "subscribed" }));
    const onTick = () => { count++; lastAt = performance.now() + performance.timeOrigin; };
    ib.on(EventName.tickPrice, onTick);
    ib.on(EventName.tickSize, onTick);
    ib.reqMktData(1, { symbol: "SPY", secType: "STK", exchange: "SMART", currency: "USD" }, "", false, false);
  } else {
    ib.on(EventName.orderStatus, () => { if (++count === workerData.expected) parentPort.postMessage({ kind: "done", ms: performance.now() - t0 }); });
    t0 = performance.now();
    const contract = { symbol: "SPY", secType: "STK", exchange: "SMART", currency: "USD" };
    for (let k = 0; k < workerData.expected; k++) {
      ib.placeOrder(next + k, contract, { action: "BUY", totalQuantity: 1, orderType: "LMT", lmtPrice: 100 + (k % 50) / 100, tif: "GTC", transmit: true });
    }
  }
});
ib.connect();
`;

interface ClientMsg {
  kind: "subscribed" | "done" | "error" | "report";
  count?: number;
  at?: number;
  ms?: number;
  message?: string;
}

function startClient(port: number, mode: "ticks" | "orders", expected: number, onMsg: (m: ClientMsg) => void): Worker {
  const w = new Worker(CLIENT, { eval: true, workerData: { port, mode, expected, ib: IB_PATH } });
  w.on("message", onMsg);
  return w;
}

/** A venue whose event stream the bench can also feed (quotes injected at the seam). */
function tappedVenue(): { venue: Venue & { movePrice(conId: number, p: number): unknown }; inject: (e: VenueEvent) => void } {
  const real = createVenue(defaultScenario(), 1, { nowMs: Date.now() });
  const listeners: ((e: VenueEvent) => void)[] = [];
  const venue = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "subscribe") {
        return (l: (e: VenueEvent) => void) => {
          listeners.push(l);
          return target.subscribe(l);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
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
async function inSlices<T>(items: readonly T[], slice: number, fn: (x: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += slice) {
    for (let j = i; j < Math.min(items.length, i + slice); j++) fn(items[j] as T);
    await new Promise((r) => setImmediate(r));
  }
}

/** Ask the worker for its tick count until it stops growing; returns the count and the time of its last tick. */
async function settle(w: Worker): Promise<{ count: number; at: number }> {
  const ask = (): Promise<{ count: number; at: number }> => new Promise((resolve) => {
    const h = (m: ClientMsg): void => {
      if (m.kind !== "report") return;
      w.off("message", h);
      resolve({ count: m.count ?? 0, at: m.at ?? 0 });
    };
    w.on("message", h);
    w.postMessage("report");
  });
  let last = await ask();
  for (;;) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await ask();
    if (now.count === last.count) return now;
    last = now;
  }
}

/** Subscribe a worker client on `port`, run `feed` once it is subscribed, measure tick events/s. */
async function measureTicks(port: number, feed: () => Promise<void>): Promise<{ ticks: number; perSec: number }> {
  const w = startClient(port, "ticks", 0, (m) => {
    if (m.kind === "error") throw new Error(m.message);
  });
  await new Promise<void>((resolve) => w.on("message", (m: ClientMsg) => m.kind === "subscribed" && resolve()));
  const initial = await settle(w);
  const t0 = performance.now() + performance.timeOrigin;
  await feed();
  const end = await settle(w);
  await w.terminate();
  const ticks = end.count - initial.count;
  return { ticks, perSec: Math.round(ticks / ((end.at - t0) / 1000)) };
}

async function simTicks(endToEnd: boolean): Promise<{ ticks: number; perSec: number }> {
  const { venue, inject } = tappedVenue();
  const gw = new GatewayServer({ venue, maxMessagesPerSecond: null });
  const port = await gw.listen();
  const qs = quotes(TICK_QUOTES, venue.quote(SPY)!);
  const r = await measureTicks(port, () => endToEnd
    ? inSlices(qs, 500, (q) => void venue.movePrice(SPY, q.bid))
    : inSlices(qs, 500, (q) => inject({ kind: "quote", quote: q })));
  await gw.close();
  return r;
}

async function rawTicks(): Promise<{ ticks: number; perSec: number }> {
  const { venue } = tappedVenue();
  const base = venue.quote(SPY)!;
  const sub = { reqId: 1, conId: SPY, sent: {} };
  const first = quoteTicks(sub, base, 1, true);
  const frames = quotes(TICK_QUOTES, base).map((q) => Buffer.concat(quoteTicks(sub, q, 1, false)));
  let sock: net.Socket | undefined;
  const srv = await rawServer((s, tokens) => {
    if (tokens[0] !== "1") return;
    sock = s;
    s.write(Buffer.concat([encodeFrame([81, 1, 0.01, "9c0001", 3]), ...first]));
  });
  const r = await measureTicks(srv.port, () => inSlices(frames, 500, (f) => sock?.write(f)));
  srv.close();
  return r;
}

/** Handshake + bootstrap of a bare server, then `onFrame` for every client frame. */
function rawServer(onFrame: (s: net.Socket, tokens: string[]) => void): Promise<{ port: number; close: () => void }> {
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    const r = new FrameReader();
    let started = false;
    s.on("data", (c: Buffer) => {
      for (const ev of r.push(c)) {
        if (ev.kind === "handshake") s.write(encodeServerVersion(193, "20261127 15:00:00 UTC"));
        if (ev.kind !== "frame") continue;
        if (!started) {
          started = true;
          s.write(Buffer.concat([encodeOpenOrderEnd(), encodeManagedAccounts(["DU1"]), encodeNextValidId(1)]));
          continue;
        }
        onFrame(s, ev.tokens);
      }
    });
    s.on("error", () => undefined);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const a = server.address() as net.AddressInfo;
    resolve({ port: a.port, close: () => server.close() });
  }));
}

/** PLACE_ORDER frames exactly as @stoqey/ib's Encoder + Socket.send put them on the wire. */
function placeOrderFrames(n: number, firstId: number): Buffer[] {
  const frames: Buffer[] = [];
  const enc = new Encoder({
    serverVersion: 193,
    sendMsg: (...tokens: unknown[]) => {
      const flat = (tokens as unknown[]).flat(Infinity).map((v) => (v === true ? 1 : v === false ? 0 : v));
      const body = Buffer.from(flat.join("\0"), "utf8");
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length + 1, 0);
      frames.push(Buffer.concat([len, body, Buffer.from([0])]));
    },
    emitError: (msg: string) => {
      throw new Error(msg);
    },
  });
  const contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
  for (let k = 0; k < n; k++) {
    enc.placeOrder(firstId + k, contract, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 100 + (k % 50) / 100, tif: TimeInForce.GTC, transmit: true });
  }
  return frames;
}

/**
 * A bare client on a raw socket: handshake, START_API, then the PLACE_ORDER frames in slices;
 * returns orders acknowledged (ORDER_STATUS frames received) per second.
 */
function rawClientOrders(port: number, frames: readonly Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.setNoDelay(true);
    let buf: Buffer = Buffer.alloc(0);
    let phase: "version" | "boot" | "orders" = "version";
    let acks = 0;
    let t0 = 0;
    sock.on("connect", () => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(9, 0);
      sock.write(Buffer.concat([Buffer.from("API\0", "latin1"), len, Buffer.from("v100..193")]));
    });
    sock.on("data", (c: Buffer) => {
      buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
      let off = 0;
      while (buf.length - off >= 4) {
        const n = buf.readUInt32BE(off);
        if (buf.length - off - 4 < n) break;
        const id = buf.toString("latin1", off + 4, off + 4 + Math.min(n, 4)).split("\0")[0];
        off += 4 + n;
        if (phase === "version") {
          phase = "boot";
          sock.write(encodeFrame([71, 2, 1, ""]));
        } else if (phase === "boot" && id === "9") {
          phase = "orders";
          t0 = performance.now();
          void inSlices(frames, 200, (f) => sock.write(f));
        } else if (phase === "orders" && id === "3" && ++acks === frames.length) {
          sock.destroy();
          resolve(Math.round(frames.length / ((performance.now() - t0) / 1000)));
        }
      }
      buf = buf.subarray(off);
    });
    sock.on("error", reject);
  });
}

async function simOrders(frames: readonly Buffer[]): Promise<number> {
  const { venue } = tappedVenue();
  const gw = new GatewayServer({ venue, maxMessagesPerSecond: null });
  const perSec = await rawClientOrders(await gw.listen(), frames);
  if (venue.openOrders().length !== frames.length) throw new Error(`venue holds ${venue.openOrders().length} orders, expected ${frames.length}`);
  await gw.close();
  return perSec;
}

/** The real @stoqey/ib client placing orders against the simulator (its own encoder and rate limiter included). */
async function stoqeyClientOrders(n: number): Promise<number> {
  const { venue } = tappedVenue();
  const gw = new GatewayServer({ venue, maxMessagesPerSecond: null });
  const port = await gw.listen();
  const ms = await new Promise<number>((resolve, reject) => {
    const w = startClient(port, "orders", n, (m) => {
      if (m.kind === "error") reject(new Error(m.message));
      if (m.kind === "done") {
        void w.terminate();
        resolve(m.ms ?? 0);
      }
    });
  });
  await gw.close();
  return Math.round(n / (ms / 1000));
}

async function rawOrders(frames: readonly Buffer[]): Promise<number> {
  const contract = { conId: SPY, symbol: "SPY", secType: "STK", lastTradeDateOrContractMonth: "", strike: 0, right: "", multiplier: "",
    exchange: "SMART", primaryExch: "ARCA", currency: "USD", localSymbol: "SPY", tradingClass: "SPY" };
  const srv = await rawServer((s, tokens) => {
    if (tokens[0] !== "3") return;
    const orderId = Number(tokens[1]);
    const order = { ...emptyWireOrder(), orderId, action: "BUY", totalQuantity: "1", orderType: "LMT", lmtPrice: 100, tif: "GTC" };
    s.write(Buffer.concat([encodeOpenOrder({ contract, order, clientId: 1, permId: orderId, state: { status: "Submitted" } }),
      encodeOrderStatus({ orderId, status: "Submitted", filled: "0", remaining: "1", avgFillPrice: 0, permId: orderId, parentId: 0, lastFillPrice: 0, clientId: 1, whyHeld: "" })]));
  });
  const perSec = await rawClientOrders(srv.port, frames);
  srv.close();
  return perSec;
}

export default async function simBench(): Promise<Record<string, unknown>> {
  const raw = await rawTicks();
  const sim = await simTicks(false);
  const e2e = await simTicks(true);
  const frames = placeOrderFrames(ORDERS, 1);
  const rawOps = await rawOrders(frames);
  const simOps = await simOrders(frames);
  const stoqeyOps = await stoqeyClientOrders(5_000);
  return {
    ticksPerSec: sim.perSec,
    ticksRawSocketPerSec: raw.perSec,
    ticksRatioToRawSocket: Number((sim.perSec / raw.perSec).toFixed(3)),
    ticksEndToEndPerSec: e2e.perSec,
    ticksEndToEndRatioToRawSocket: Number((e2e.perSec / raw.perSec).toFixed(3)),
    ticksMeasured: sim.ticks,
    ticksRawMeasured: raw.ticks,
    ticksTargetPerSec: 50_000,
    ordersPerSec: simOps,
    ordersRawSocketPerSec: rawOps,
    ordersRatioToRawSocket: Number((simOps / rawOps).toFixed(3)),
    ordersMeasured: ORDERS,
    ordersFromStoqeyClientPerSec: stoqeyOps,
    ordersTargetPerSec: 5_000,
  };
}

// Run directly: `npx tsx scripts/bench/sim.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  simBench().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
