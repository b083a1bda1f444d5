/**
 * Hop-by-hop trace of the tick-to-trade path (a diagnostic, not a bench: run.ts loads only
 * *.bench.ts). It wraps the methods each hop enters with a monotonic timestamp (performance.now()
 * in the bench's process), runs the tick-to-trade bench, and prints per hop p50/p90/p99 of the
 * hop's own time and of the time since the socket read, for the node and for the floor:
 *
 *   socket read (@stoqey onData) -> trigger decoded (tickPrice BID >= 585) -> DataEngine queue
 *   -> DataEngine.handleQuote -> Strategy.submitOrder -> RiskEngine.execute -> ExecEngine queue
 *   -> ExecEngine.executeCommand -> IB exec client -> IBConnection.send -> OutboundPacer.submit
 *   -> IBApi.placeOrder -> socket write
 *
 * The slowest traces are printed hop by hop (where a tail comes from). Wrapping costs a few
 * hundred ns a hop: read the figures as a breakdown, the bench for the totals.
 * Usage: flock /tmp/bench.lock env T2T_RATES=10000 T2T_ROUNDS=1 npx tsx scripts/bench/tick-to-trade-trace.ts
 */
import net from "node:net";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { IBApi } from "@stoqey/ib";
import { IBConnection } from "../../src/adapters/ib/connection/connection.js";
import { FrameReader } from "../../src/adapters/ib/connection/frames.js";
import { OutboundPacer } from "../../src/adapters/ib/connection/pacer.js";
import { InteractiveBrokersExecutionClient } from "../../src/adapters/ib/execution/client.js";
import { DataEngine } from "../../src/data/engine.js";
import { LiveDataEngine } from "../../src/data/live-engine.js";
import { ExecEngine } from "../../src/execution/engine.js";
import { LiveExecEngine } from "../../src/execution/live-engine.js";
import { RiskEngine } from "../../src/risk/engine.js";
import { Strategy } from "../../src/trading/strategy.js";
import { TRIGGER_LEVEL } from "./tick-to-trade-shared.js";

type Fn = (...args: unknown[]) => unknown;
type Proto = Record<string, unknown>;
type Trace = Record<string, number>;

const HOPS = ["read", "decode", "dataEnq", "dataRun", "strategySubmit", "riskRun", "execEnq", "execRun", "client", "connSend", "pacer", "placeOrder", "write"] as const;
const FLOOR_CLIENT = 10;
const NODE_CLIENT = 11;

const traces: Trace[] = [];
let current: Trace | undefined;
let lastReadMs = 0;
let above = false;

const mark = (hop: string): void => {
  if (current !== undefined && current[hop] === undefined) current[hop] = performance.now();
};

function wrap(proto: object, method: string, hop: string, before?: (self: unknown, args: unknown[]) => void): void {
  const p = proto as Proto;
  const original = p[method] as Fn;
  p[method] = function (this: unknown, ...args: unknown[]) {
    if (before !== undefined) before(this, args);
    else mark(hop);
    return original.apply(this, args);
  };
}

// @stoqey internals (CommonJS): the socket's read handler. Ticks are seen on IBApi's emit, where
// both @stoqey's controller and the node's tick decoder (frames.ts) deliver them.
const require = createRequire(import.meta.url);
const { Socket: StoqeySocket } = require("@stoqey/ib/dist/core/io/socket.js") as { Socket: { prototype: object } };

wrap(StoqeySocket.prototype, "onData", "read", () => (lastReadMs = performance.now()));
// The node's sessions read through its own framing (frames.ts) instead of @stoqey's onData.
wrap(FrameReader.prototype, "push", "read", () => (lastReadMs = performance.now()));
wrap(IBApi.prototype, "emit", "decode", (self, [event, , tickType, price]) => {
  if (event !== "tickPrice" || tickType !== 1) return;
  const nowAbove = (price as number) >= TRIGGER_LEVEL;
  if (nowAbove && !above) {
    const clientId = (self as { controller?: { options?: { clientId?: number } } }).controller?.options?.clientId ?? -1;
    current = { read: lastReadMs, decode: performance.now(), who: clientId };
    traces.push(current);
  }
  above = nowAbove;
});
wrap(LiveDataEngine.prototype, "onQuote", "dataEnq");
wrap(DataEngine.prototype, "handleQuote", "dataRun");
wrap(Strategy.prototype, "submitOrder", "strategySubmit");
wrap(RiskEngine.prototype, "execute", "riskRun");
wrap(LiveExecEngine.prototype, "execute", "execEnq");
wrap(ExecEngine.prototype, "executeCommand", "execRun");
wrap(InteractiveBrokersExecutionClient.prototype, "submitOrder", "client");
wrap(IBConnection.prototype, "send", "connSend");
wrap(OutboundPacer.prototype, "submit", "pacer");
wrap(IBApi.prototype, "placeOrder", "placeOrder");
wrap(net.Socket.prototype, "write", "write", () => {
  if (current?.["placeOrder"] === undefined) return;
  mark("write");
  current = undefined; // closed: what runs next (e.g. the next contender's start-up) is not this trigger's
});

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

const us = (ms: number): string => (ms * 1000).toFixed(0).padStart(6);

function report(label: string, who: number): void {
  // The warm-up's traces are left out: the figures are the measured runs'.
  const done = traces.filter((t) => t["who"] === who && t["write"] !== undefined).slice(WARMUP_ORDERS);
  console.log(`${label}: ${done.length} traces after the warm-up's (hop: own time; cum: since the socket read), us`);
  let prev: string = "read";
  for (const hop of HOPS.slice(1)) {
    const seen = done.filter((t) => t[hop] !== undefined);
    if (seen.length === 0) continue;
    const own = seen.map((t) => t[hop]! - t[prev]!);
    const cum = seen.map((t) => t[hop]! - t["read"]!);
    console.log(`  ${`${prev} -> ${hop}`.padEnd(30)} p50 ${us(percentile(own, 50))} p90 ${us(percentile(own, 90))} p99 ${us(percentile(own, 99))} | cum p50 ${us(percentile(cum, 50))} p99 ${us(percentile(cum, 99))}`);
    prev = hop;
  }
  const slowest = [...done].sort((a, b) => b["write"]! - b["read"]! - (a["write"]! - a["read"]!)).slice(0, 5);
  for (const t of slowest) {
    const parts: string[] = [];
    let p = "read";
    for (const hop of HOPS.slice(1)) {
      if (t[hop] === undefined) continue;
      parts.push(`${hop}+${us(t[hop]! - t[p]!).trim()}`);
      p = hop;
    }
    console.log(`  slow: total ${us(t["write"]! - t["read"]!).trim()} = ${parts.join(" ")}`);
  }
}

const { default: bench, WARMUP_ORDERS } = await import("./tick-to-trade.bench.js");
const figures = await bench();
report("FLOOR", FLOOR_CLIENT);
report("NODE", NODE_CLIENT);
for (const [k, v] of Object.entries(figures)) if (k.startsWith("detail") || k.startsWith("loadAvg")) console.log(k, JSON.stringify(v));
