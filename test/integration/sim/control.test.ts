/**
 * The Simulator facade and its HTTP control API, with a REAL IBApi watching: truth reads, price
 * moves, external orders, faults (valid, invalid, connection level), the scenario fault timeline,
 * and venue state carried into a new simulator (what --state FILE does across processes).
 */
import { afterEach, describe, expect, it } from "vitest";
import { EventName, IBApi, OrderAction, OrderType, TimeInForce } from "@stoqey/ib";
import { defaultScenario, parseScenario, Simulator } from "../../../src/sim/index.js";
import { SPY, waitFor, withTimeout } from "./harness.js";

let sim: Simulator | undefined;
const clients: IBApi[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) if (c.isConnected) c.disconnect();
  await sim?.stop();
  sim = undefined;
});

async function client(port: number, clientId: number): Promise<IBApi> {
  const ib = new IBApi({ host: "127.0.0.1", port, clientId, maxReqPerSec: 200 });
  clients.push(ib);
  const ready = waitFor(ib, EventName.nextValidId);
  ib.connect();
  await ready;
  return ib;
}

async function http(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; json: { ok: boolean; value?: unknown; reason?: string; details?: unknown } }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { status: res.status, json: (await res.json()) as { ok: boolean; value?: unknown } };
}

describe("HTTP control API", () => {
  it("reads truth, moves prices, places external orders and injects faults", async () => {
    sim = await Simulator.start({ controlPort: 0, tickMs: 0 });
    const cp = sim.controlPort!;
    const ib = await client(sim.port, 0);
    expect((await http(cp, "GET", "/health")).json).toEqual({ ok: true, value: { port: sim.port } });
    const truth = (await http(cp, "GET", "/truth")).json.value as { accounts: string[]; sessions: { clientId: number }[] };
    expect(truth.accounts).toEqual(["DU1234567"]);
    expect(truth.sessions.map((s) => s.clientId)).toEqual([0]);

    ib.reqMktData(1, SPY, "", false, false);
    await waitFor(ib, EventName.tickPrice, (id: number, t: number) => id === 1 && t === 1);
    const moved = waitFor(ib, EventName.tickPrice, (id: number, t: number, p: number) => id === 1 && t === 1 && p === 612);
    expect((await http(cp, "POST", "/prices", { conId: 756733, price: 612 })).status).toBe(200);
    await moved;

    const ext = await http(cp, "POST", "/orders/external", { contract: { symbol: "SPY" }, action: "SELL", quantity: "2", orderType: "LMT", lmtPrice: 700 });
    expect(ext.status).toBe(200);
    const orders = (await http(cp, "GET", "/orders")).json.value as { open: { external: boolean; request: { lmtPrice: number } }[] };
    expect(orders.open.map((o) => [o.external, o.request.lmtPrice])).toEqual([[true, 700]]);
    ib.reqAllOpenOrders();
    await waitFor(ib, EventName.openOrder, (_id: number, c: { conId: number }, o: { lmtPrice: number }) => c.conId === 756733 && o.lmtPrice === 700);

    const bad = await http(cp, "POST", "/faults", { kind: "gatewayRestart" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.details)).toContain("downSecs");
    expect((await http(cp, "GET", "/nope")).status).toBe(404);
    const refused = await http(cp, "POST", "/faults", { kind: "forgetOrder", order: { permId: 1 } });
    expect(refused.status).toBe(409);

    const gone = waitFor(ib, EventName.disconnected);
    expect((await http(cp, "POST", "/faults", { kind: "dropConnection" })).json).toEqual({ ok: true, value: { dropped: 1 } });
    await gone;
  });
});

describe("fault timeline and state", () => {
  it("fires timeline faults relative to the start", async () => {
    const scenario = parseScenario({ ...defaultScenarioInput(), faults: [{ atMs: 150, fault: { kind: "connectivity", code: 2103 } }] }, "test");
    sim = await Simulator.start({ scenario, tickMs: 20 });
    const ib = await client(sim.port, 1);
    const [, code] = await withTimeout(waitFor<[string, number]>(ib, EventName.info, (_m, c) => c === 2103, 2000), 2500, "2103");
    expect(code).toBe(2103);
  });

  it("a new simulator started from a snapshot keeps orders, executions and positions", async () => {
    sim = await Simulator.start({ tickMs: 0 });
    const ib = await client(sim.port, 5);
    const filled = waitFor(ib, EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled");
    ib.placeOrder(1, SPY, { action: OrderAction.BUY, totalQuantity: 7, orderType: OrderType.MKT, transmit: true });
    await filled;
    const resting = waitFor(ib, EventName.orderStatus, (id: number, s: string) => id === 2 && s === "Submitted");
    ib.placeOrder(2, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 100, tif: TimeInForce.GTC, transmit: true });
    await resting;
    const state = JSON.parse(JSON.stringify(sim.snapshot())) as ReturnType<Simulator["snapshot"]>;
    ib.disconnect();
    await sim.stop();

    sim = await Simulator.start({ state, tickMs: 0 });
    expect(sim.truth().positions.map((p) => p.position)).toEqual(["7"]);
    const again = new IBApi({ host: "127.0.0.1", port: sim.port, clientId: 5, maxReqPerSec: 200 });
    clients.push(again);
    const boot = waitFor<[number]>(again, EventName.openOrder, (id) => id === 2);
    const next = waitFor<[number]>(again, EventName.nextValidId);
    again.connect();
    await boot;
    expect((await next)[0]).toBe(3);
    again.reqExecutions(1, {});
    const [, , e] = await waitFor<[number, unknown, { orderId: number; shares: number }]>(again, EventName.execDetails, (r) => r === 1);
    expect([e.orderId, e.shares]).toEqual([1, 7]);
  });
});

function defaultScenarioInput(): Record<string, unknown> {
  const s = defaultScenario();
  return JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
}
