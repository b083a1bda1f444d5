/**
 * Clients and reference servers of the simulator benchmark (sim.bench.ts).
 *
 * - `startClient(mode, ...)`: a client in its own node process (as the trading node would be),
 *   talking to the bench over IPC: "ticks" (a real @stoqey/ib IBApi that subscribes to SPY and
 *   counts tickPrice + tickSize events), "stoqeyOrders" (IBApi places N resting GTC LMT orders and
 *   counts orderStatus) and "rawOrders" (a bare socket that writes pre-encoded PLACE_ORDER frames,
 *   200 per event-loop turn, and counts ORDER_STATUS frames). The bench process then holds only the
 *   server, so its CPU time is the server's.
 * - `rawServer(onFrame)`: the reference: handshake + bootstrap, then `onFrame` per client frame.
 * - `placeOrderFrames(n)`: PLACE_ORDER frames exactly as @stoqey/ib's Encoder puts them on the wire.
 */
import net from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Encoder } from "@stoqey/ib/dist/core/io/encoder.js";
import { OrderAction, OrderType, SecType, TimeInForce } from "@stoqey/ib";
import { FrameReader } from "../../src/sim/wire/framing.js";
import { encodeManagedAccounts, encodeNextValidId, encodeOpenOrderEnd, encodeServerVersion } from "../../src/sim/wire/encode.js";

const IB_PATH = createRequire(import.meta.url).resolve("@stoqey/ib");

/** The client program (CommonJS, `node -e`); argv[1] is its JSON configuration. */
const CLIENT = `
const cfg = JSON.parse(process.argv[1]);
const send = (m) => process.send({ ...m, cpuUs: (() => { const c = process.cpuUsage(); return c.user + c.system; })() });
let count = 0, lastAt = 0, t0 = 0;
process.on("message", (m) => { if (m === "report") send({ kind: "report", count, at: lastAt }); if (m === "exit") process.exit(0); });
const contract = { symbol: "SPY", secType: "STK", exchange: "SMART", currency: "USD" };
if (cfg.mode === "rawOrders") rawOrders(); else stoqey();

function stoqey() {
  const { IBApi, EventName } = require(cfg.ib);
  const ib = new IBApi({ host: "127.0.0.1", port: cfg.port, clientId: 1, maxReqPerSec: 10000000 });
  ib.on(EventName.error, (e, code) => { if (code === 505) send({ kind: "error", message: String(e && e.message) }); });
  ib.once(EventName.nextValidId, (next) => {
    if (cfg.mode === "ticks") {
      ib.once(EventName.tickReqParams, () => send({ kind: "subscribed" }));
      const onTick = () => { count++; lastAt = performance.timeOrigin + performance.now(); };
      ib.on(EventName.tickPrice, onTick);
      ib.on(EventName.tickSize, onTick);
      ib.reqMktData(1, contract, "", false, false);
      return;
    }
    ib.on(EventName.orderStatus, () => { if (++count === cfg.expected) send({ kind: "done", ms: performance.now() - t0 }); });
    send({ kind: "start" });
    t0 = performance.now();
    for (let k = 0; k < cfg.expected; k++) {
      ib.placeOrder(next + k, contract, { action: "BUY", totalQuantity: 1, orderType: "LMT", lmtPrice: 100 + (k % 50) / 100, tif: "GTC", transmit: true });
    }
  });
  ib.connect();
}

function rawOrders() {
  const net = require("node:net");
  const all = require("node:fs").readFileSync(cfg.framesFile);
  const frames = [];
  for (let off = 0; off < all.length; ) { const n = all.readUInt32BE(off); frames.push(all.subarray(off, off + 4 + n)); off += 4 + n; }
  const sock = net.connect(cfg.port, "127.0.0.1");
  sock.setNoDelay(true);
  let buf = Buffer.alloc(0), phase = "version";
  const frame = (text) => { const body = Buffer.from(text, "latin1"); const len = Buffer.alloc(4); len.writeUInt32BE(body.length, 0); return Buffer.concat([len, body]); };
  sock.on("connect", () => sock.write(Buffer.concat([Buffer.from("API\\0", "latin1"), frame("v100..193")])));
  const sendSlices = (i) => { const end = Math.min(frames.length, i + 200); sock.write(Buffer.concat(frames.slice(i, end))); if (end < frames.length) setImmediate(() => sendSlices(end)); };
  sock.on("data", (c) => {
    buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
    let off = 0;
    while (buf.length - off >= 4) {
      const n = buf.readUInt32BE(off);
      if (buf.length - off - 4 < n) break;
      const id = buf.toString("latin1", off + 4, off + 4 + Math.min(n, 4)).split("\\0")[0];
      off += 4 + n;
      if (phase === "version") { phase = "boot"; sock.write(frame("71\\0" + "2\\0" + "1\\0" + "\\0")); }
      else if (phase === "boot" && id === "9") { phase = "orders"; send({ kind: "start" }); t0 = performance.now(); sendSlices(0); }
      else if (phase === "orders" && id === "3" && ++count === cfg.expected) { send({ kind: "done", ms: performance.now() - t0 }); sock.destroy(); }
    }
    buf = buf.subarray(off);
  });
  sock.on("error", (e) => send({ kind: "error", message: e.message }));
}
`;

export interface ClientMsg {
  kind: "subscribed" | "start" | "done" | "error" | "report";
  count?: number;
  /** Epoch ms (high resolution) of the last tick. */
  at?: number;
  ms?: number;
  message?: string;
  /** The client process's CPU time so far, microseconds. */
  cpuUs: number;
}

export type ClientMode = "ticks" | "stoqeyOrders" | "rawOrders";

export interface Client {
  proc: ChildProcess;
  /** The next message of `kind` (rejects on an error message or an early exit). */
  next(kind: ClientMsg["kind"]): Promise<ClientMsg>;
  /** Ask for the tick count (ticks mode). */
  report(): Promise<ClientMsg>;
  stop(): Promise<void>;
}

export function startClient(mode: ClientMode, port: number, opts: { expected?: number; framesFile?: string } = {}): Client {
  const cfg = { mode, port, expected: opts.expected ?? 0, framesFile: opts.framesFile, ib: IB_PATH };
  const proc = spawn(process.execPath, ["-e", CLIENT, JSON.stringify(cfg)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const next = (kind: ClientMsg["kind"]): Promise<ClientMsg> => new Promise((resolve, reject) => {
    const onMsg = (m: ClientMsg): void => {
      if (m.kind === "error") reject(new Error(`${mode} client: ${m.message ?? "error"}`));
      if (m.kind !== kind) return;
      proc.off("message", onMsg);
      proc.off("exit", onExit);
      resolve(m);
    };
    const onExit = (): void => reject(new Error(`${mode} client exited while waiting for "${kind}"`));
    proc.on("message", onMsg);
    proc.once("exit", onExit);
  });
  return {
    proc,
    next,
    report: () => {
      const p = next("report");
      proc.send("report");
      return p;
    },
    stop: async () => {
      if (proc.exitCode === null && proc.connected) proc.send("exit");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (proc.exitCode === null) proc.kill();
    },
  };
}

/** Handshake + bootstrap of a bare server, then `onFrame` for every client frame. */
export function rawServer(onFrame: (s: net.Socket, tokens: string[]) => void): Promise<{ port: number; close: () => void }> {
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

/** PLACE_ORDER frames (ids firstId...) exactly as @stoqey/ib's Encoder + Socket.send put them on the wire. */
export function placeOrderFrames(n: number, firstId: number): Buffer[] {
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

/** Write frames to a temporary file for the raw order client; returns its path. */
export function framesFile(frames: readonly Buffer[]): string {
  const path = join(tmpdir(), `sim-bench-orders-${process.pid}.bin`);
  writeFileSync(path, Buffer.concat(frames));
  return path;
}
