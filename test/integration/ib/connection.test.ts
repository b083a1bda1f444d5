/**
 * IBConnection against the in-process simulator with the real @stoqey/ib client: handshake,
 * shared connections, order ids across reconnects, gateway restarts, the watchdog on a wedged
 * session, error 326, pacing under a burst, connectivity codes, the time zone check, deadlines.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EventName, IBApi } from "@stoqey/ib";
import { isCortanaError, type CortanaError } from "../../../src/common/errors.js";
import { IBConnectionRegistry, type ReconnectCause } from "../../../src/adapters/ib/connection/index.js";
import { DEFAULT_SCENARIO_INPUT, parseScenario } from "../../../src/sim/scenario/index.js";
import { errorsWithCode, sleep, startIbBed, waitUntil, type IbBed } from "./harness.js";

let bed: IbBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

function track(conn: ReturnType<IbBed["connection"]>) {
  const seen = { ready: 0, disconnected: [] as string[], reconnected: [] as ReconnectCause[], fatal: [] as CortanaError[] };
  conn.addListener({
    ready: () => void seen.ready++,
    disconnected: (r) => void seen.disconnected.push(r),
    reconnected: (i) => void seen.reconnected.push(i.cause),
    fatal: (e) => void seen.fatal.push(e),
  });
  return seen;
}

describe("IBConnection handshake", () => {
  it("connects, reads the managed accounts, server version and a UTC time zone", async () => {
    bed = await startIbBed();
    const conn = bed.connection();
    await conn.connect();
    expect(conn.isReady).toBe(true);
    expect(conn.accounts).toEqual(["DU1234567"]);
    expect(conn.serverVersion).toBe(193);
    expect(conn.timeZone).toEqual({ zone: "UTC", isUtc: true });
    expect(bed.sim.truth().sessions.map((s) => s.clientId)).toEqual([1]);
  });

  it("fails with CORTANA_E_CONNECTION_TIMEOUT when nothing listens before the deadline", async () => {
    bed = await startIbBed();
    const port = bed.sim.port;
    await bed.sim.stop();
    const conn = bed.connection({ port, connectTimeoutMs: 600 });
    const err = await conn.connect().catch((e: unknown) => e);
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_CONNECTION_TIMEOUT");
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  });
});

describe("shared connections", () => {
  it("gives the data and exec clients naming one (host, port, client id) one session", async () => {
    bed = await startIbBed();
    const registry = new IBConnectionRegistry();
    const opts = { host: "127.0.0.1", port: bed.sim.port, clientId: 1, clock: bed.clock, logger: bed.logger, connectTimeoutMs: 3000 };
    const a = registry.acquire(opts);
    const b = registry.acquire(opts);
    const other = registry.acquire({ ...opts, clientId: 2 });
    expect(a).toBe(b);
    expect(other).not.toBe(a);
    await Promise.all([a.connect(), b.connect(), other.connect()]);
    expect(bed.sim.truth().sessions.map((s) => s.clientId).sort()).toEqual([1, 2]);
    await registry.release(a);
    expect(a.state).toBe("ready");
    await registry.release(b);
    expect(a.state).toBe("closed");
    await registry.release(other);
    await waitUntil(() => bed!.sim.truth().sessions.length === 0, "sessions closed");
  });
});

describe("reconnects", () => {
  it("never repeats an order id across a gateway restart, and notifies ready then reconnected", async () => {
    bed = await startIbBed();
    const conn = bed.connection();
    const seen = track(conn);
    await conn.connect();
    const before = [conn.nextOrderId(), conn.nextOrderId(), conn.nextOrderId()];
    await bed.sim.fault({ kind: "gatewayRestart", downSecs: 0.3 });
    await waitUntil(() => seen.reconnected.length === 1, "reconnected");
    expect(seen.disconnected).toHaveLength(1);
    expect(seen.ready).toBe(2);
    expect(seen.reconnected).toEqual(["reconnect"]);
    const after = conn.nextOrderId();
    expect(after).toBeGreaterThan(Math.max(...before));
    expect(conn.isReady).toBe(true);
  });

  it("uses a fresh IBApi per reconnect after a dropped socket", async () => {
    bed = await startIbBed();
    const conn = bed.connection();
    const seen = track(conn);
    const apis = new Set<unknown>();
    await conn.connect();
    conn.send("probe", (api) => void apis.add(api));
    bed.sim.gateway.dropConnections();
    await waitUntil(() => seen.reconnected.length === 1, "reconnected");
    conn.send("probe", (api) => void apis.add(api));
    await waitUntil(() => apis.size === 2, "two distinct IBApi objects");
  });

  it("detects a wedged session with the watchdog and reconnects", async () => {
    bed = await startIbBed();
    const conn = bed.connection({ clientId: 5, watchdogIntervalMs: 150, watchdogTimeoutMs: 300 });
    const seen = track(conn);
    await conn.connect();
    await sleep(400); // a few healthy round trips first
    expect(seen.disconnected).toEqual([]);
    bed.sim.gateway.setResponseDelay(10_000, 5);
    await waitUntil(() => seen.reconnected.length === 1, "reconnected after the watchdog", 4000);
    expect(seen.disconnected[0]).toContain("watchdog");
    expect(conn.isReady).toBe(true);
  });

  it("gives up with CORTANA_E_CONNECTION_LOST after the reconnect deadline", async () => {
    bed = await startIbBed();
    const conn = bed.connection({ reconnectDeadlineMs: 500 });
    const seen = track(conn);
    await conn.connect();
    await bed.sim.gateway.close();
    await waitUntil(() => seen.fatal.length === 1, "fatal", 4000);
    expect(seen.fatal[0]?.code).toBe("CORTANA_E_CONNECTION_LOST");
    expect(seen.fatal[0]?.exitCode).toBe(7);
    expect(conn.state).toBe("failed");
  });

  it("marks connectivity lost on 1100 and notifies reconnected on 1101 / 1102", async () => {
    bed = await startIbBed();
    const conn = bed.connection();
    const seen = track(conn);
    await conn.connect();
    bed.sim.gateway.systemMessage(1100);
    await waitUntil(() => seen.disconnected.length === 1, "1100");
    expect(conn.isReady).toBe(false);
    expect(conn.hasSession).toBe(true);
    bed.sim.gateway.systemMessage(1101);
    await waitUntil(() => seen.reconnected.length === 1, "1101");
    expect(conn.isReady).toBe(true);
    bed.sim.gateway.systemMessage(1102);
    await waitUntil(() => seen.reconnected.length === 2, "1102");
    expect(seen.reconnected).toEqual(["restoredDataLost", "restoredDataMaintained"]);
    bed.sim.gateway.systemMessage(2103);
    await waitUntil(() => errorsWithCode(bed!.records, 2103).length === 1, "2103 logged");
    expect(errorsWithCode(bed.records, 2103)[0]?.level).toBe("warn");
    expect(errorsWithCode(bed.records, 2104)[0]?.level).toBe("info");
  });
});

describe("client id in use (326)", () => {
  it("retries with backoff, then fails naming the client id and the fix", async () => {
    bed = await startIbBed();
    const holder = new IBApi({ host: "127.0.0.1", port: bed.sim.port, clientId: 9, maxReqPerSec: 100 });
    const held = new Promise<void>((r) => holder.once(EventName.nextValidId, () => r()));
    holder.on(EventName.error, () => undefined);
    holder.connect();
    await held;
    const conn = bed.connection({ clientId: 9, clientIdRetries: 3 });
    const started = Date.now();
    const err = await conn.connect().catch((e: unknown) => e);
    holder.disconnect();
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_IB_CLIENT_ID_IN_USE");
    expect((err as Error).message).toMatch(/client id 9 .*3 attempts.*ibgClientId/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50); // backoff between the attempts
  });

  it("succeeds when the old session goes away between retries", async () => {
    bed = await startIbBed();
    const holder = new IBApi({ host: "127.0.0.1", port: bed.sim.port, clientId: 8, maxReqPerSec: 100 });
    const held = new Promise<void>((r) => holder.once(EventName.nextValidId, () => r()));
    holder.on(EventName.error, () => undefined);
    holder.connect();
    await held;
    const conn = bed.connection({ clientId: 8, clientIdRetries: 10, backoffInitialMs: 100 });
    const connecting = conn.connect();
    await sleep(150);
    holder.disconnect();
    await connecting;
    expect(conn.isReady).toBe(true);
  });
});

describe("pacing", () => {
  it("queues a burst at or below 50 messages/s: every message answered, no error 100", async () => {
    bed = await startIbBed();
    const conn = bed.connection();
    await conn.connect();
    let answers = 0;
    conn.on(EventName.currentTime, () => void answers++);
    const started = Date.now();
    for (let i = 0; i < 110; i++) conn.send(`burst ${i}`, (api) => api.reqCurrentTime());
    expect(conn.pacer.queued).toBeGreaterThan(0);
    await waitUntil(() => answers === 110, "110 answers", 6000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2100); // 45 + 45 + 20 over three 1.1 s windows
    expect(errorsWithCode(bed.records, 100)).toEqual([]);
  });
});

describe("gateway time zone", () => {
  it("warns (with the fix) for a paper account on a non-UTC gateway", async () => {
    bed = await startIbBed({ timeZone: "America/New_York" });
    const conn = bed.connection();
    await conn.connect();
    expect(conn.timeZone?.isUtc).toBe(false);
    const warning = bed.records.find((r) => r.level === "warn" && r.msg.includes("not UTC"));
    expect(warning?.msg).toContain("TIME_ZONE=Etc/UTC");
  });

  it("refuses a live account on a non-UTC gateway with CORTANA_E_IB_GATEWAY_TIMEZONE", async () => {
    const scenario = parseScenario({ ...structuredClone(DEFAULT_SCENARIO_INPUT), accounts: [{ id: "U7654321", cash: "1000" }] }, "live-account test");
    bed = await startIbBed({ scenario, timeZone: "Europe/Berlin" });
    const conn = bed.connection();
    const err = await conn.connect().catch((e: unknown) => e);
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_IB_GATEWAY_TIMEZONE");
    expect((err as Error).message).toContain("U7654321");
    await waitUntil(() => bed!.sim.truth().sessions.length === 0, "session closed after the refusal");
  });
});
