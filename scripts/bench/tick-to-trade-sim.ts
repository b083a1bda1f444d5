/**
 * The simulator side of the tick-to-trade benchmark, run as its own process (as the simulator runs
 * beside a node): the real Simulator (default scenario, no venue clock, no inbound pacing) with a
 * thin instrumentation, all timestamps on this process' monotonic clock (performance.now()):
 *
 * - quotes are injected at the venue's event seam at a steady rate (the random walk's own rate
 *   would cap it); every `triggerEveryMs` the bid jumps to the trigger level (590) for 20 ms;
 * - a trigger's time is when its bytes are written to the measured client's socket (its session's
 *   first write after the trigger was injected: a session writes once per turn);
 * - an order's time is when the gateway hands its decoded PLACE_ORDER to the venue.
 *
 * Not a bench itself (run.ts loads only *.bench.ts). IPC protocol with the parent:
 *   child -> { type: "ready", port }
 *   parent -> { type: "run", rate, seconds, triggerEveryMs, clientId } -> child { type: "result", ... }
 *   parent -> { type: "stop" } (the child also exits when the parent goes away)
 */
import net from "node:net";
import { performance } from "node:perf_hooks";
import { Simulator, createVenue, defaultScenario } from "../../src/sim/index.js";
import { Session } from "../../src/sim/server/session.js";
import type { Quote, VenueEvent } from "../../src/sim/venue/api.js";
import { SPY_CONID, triggerBid, triggerOfLimit, type RunRequest, type RunResult } from "./tick-to-trade-shared.js";

/** How long each trigger level is held (quotes at the rate). */
const HOLD_MS = 20;

const venue = createVenue(defaultScenario(), 1, { nowMs: Date.now() });
const listeners: ((e: VenueEvent) => void)[] = [];
const subscribe = venue.subscribe.bind(venue);
venue.subscribe = (l) => {
  listeners.push(l);
  return subscribe(l);
};
const inject = (quote: Quote): void => {
  for (const l of listeners) l({ kind: "quote", quote });
};

let measuredClient = -1;
/** Order arrivals: time and the trigger (mod 100) their limit price names. */
const arrivals: { t: number; trigger: number }[] = [];
const placeOrder = venue.placeOrder.bind(venue);
venue.placeOrder = (req) => {
  if (req.clientId === measuredClient) arrivals.push({ t: performance.now(), trigger: triggerOfLimit(Number(req.lmtPrice)) });
  return placeOrder(req);
};

const sim = await Simulator.start({ venue, port: 0, tickMs: 0, maxMessagesPerSecond: null });

/** The trigger injected and not yet written, or -1. */
let armed = -1;
/** Write time of trigger n, at index n. */
const triggerWrites: number[] = [];
/** The client whose session is flushing its queued frames now (the other contender may be connected too). */
let flushing = -1;
const flush = Session.prototype.flush;
Session.prototype.flush = function (this: Session) {
  flushing = this.clientId;
  try {
    flush.call(this);
  } finally {
    flushing = -1;
  }
};
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, ...args: unknown[]) {
  if (armed >= 0 && flushing === measuredClient && this.localPort === sim.port) {
    triggerWrites[armed] = performance.now();
    armed = -1;
  }
  return (write as (...a: unknown[]) => boolean).apply(this, args);
} as typeof write;

/** Quote k: in a trigger's hold its bid stays at the trigger's level (sizes move), else ~580. */
function quoteAt(base: Quote, k: number, trigger: number | undefined): Quote {
  const bid = trigger !== undefined ? triggerBid(trigger) : 580 + (k % 4) * 0.01;
  return { ...base, bid, ask: Math.round((bid + 0.01) * 100) / 100, bidSize: String(100 + (k % 7)), askSize: String(100 + (k % 5)), ts: Date.now() };
}

/**
 * Injects `rate` quotes/s for `seconds` from a 1 ms interval (the quotes due each turn). Each
 * `triggerEveryMs` period starts with HOLD_MS of trigger quotes (bid >= 590), then ~580 again:
 * a client that conflates the quotes of one read (the node's data client does, as IB's own feed
 * does) still sees the trigger level in the first read that carries it. The clock starts at the
 * write of the period's first trigger quote.
 */
function stream(r: RunRequest): Promise<{ quotes: number; elapsedMs: number }> {
  const base = venue.quote(SPY_CONID);
  if (base === undefined) throw new Error("no SPY quote in the venue");
  const total = Math.round(r.rate * r.seconds);
  const period = Math.max(2, Math.round((r.rate * r.triggerEveryMs) / 1000));
  const hold = Math.max(1, Math.min(period - 1, Math.round((r.rate * HOLD_MS) / 1000)));
  return new Promise((resolve) => {
    const t0 = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * r.rate) / 1000));
      for (; sent < due; sent++) {
        const phase = (sent + 1) % period; // the first period starts after one normal quote
        const trigger = Math.floor((sent + 1) / period) - 1;
        inject(quoteAt(base, sent, phase < hold ? trigger : undefined));
        if (phase === 0) armed = trigger;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve({ quotes: sent, elapsedMs: performance.now() - t0 });
      }
    }, 1);
  });
}

/** Each order answers the latest trigger written before it whose bid its limit price names. */
function match(triggers: readonly number[], orders: readonly { t: number; trigger: number }[]): { latenciesUs: number[]; missing: number } {
  const latenciesUs: number[] = [];
  const answered = new Set<number>();
  for (const o of orders) {
    for (let n = triggers.length - 1; n >= 0; n--) {
      const t = triggers[n];
      if (t === undefined || n % 100 !== o.trigger || t > o.t) continue;
      if (!answered.has(n)) {
        answered.add(n);
        latenciesUs.push(Math.round((o.t - t) * 1000));
      }
      break;
    }
  }
  const written = triggers.filter((t) => t !== undefined).length;
  return { latenciesUs, missing: written - answered.size };
}

async function run(r: RunRequest): Promise<RunResult> {
  measuredClient = r.clientId;
  arrivals.length = 0;
  triggerWrites.length = 0;
  armed = -1;
  const { quotes, elapsedMs } = await stream(r);
  await new Promise((res) => setTimeout(res, 1000)); // the last orders in flight
  measuredClient = -1;
  const { latenciesUs, missing } = match(triggerWrites, arrivals);
  return { type: "result", latenciesUs, triggers: latenciesUs.length + missing, missing, quotes, rate: Math.round((quotes * 1000) / elapsedMs) };
}

const stop = async (): Promise<void> => {
  await sim.stop();
  process.disconnect?.();
};
process.on("disconnect", () => void sim.stop());
process.on("message", (m: RunRequest | { type: "stop" }) => {
  if (m.type === "stop") void stop();
  else void run(m).then((result) => process.send?.(result));
});
process.send?.({ type: "ready", port: sim.port });
