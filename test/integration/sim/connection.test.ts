/**
 * Connection-level behaviour with the REAL @stoqey/ib IBApi over loopback: handshake, connection
 * time zone, START_API bootstrap, duplicate client id, malformed / unsupported messages, pacing.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EventName, IBApi } from "@stoqey/ib";
import { assertClean, startBed, waitFor, withTimeout, sleep, type Bed } from "./harness.js";
import { encodeFrame } from "../../../src/sim/wire/framing.js";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe("handshake and bootstrap", () => {
  it("answers version 193 with a UTC connection time, then 53, 15, 9 and the farm messages", async () => {
    bed = await startBed();
    const ib = new IBApi({ host: "127.0.0.1", port: bed.port, clientId: 7, maxReqPerSec: 100 });
    bed.clients.push(ib);
    const server = waitFor<[number, string]>(ib, EventName.server);
    const accounts = waitFor<[string]>(ib, EventName.managedAccounts);
    const infos: number[] = [];
    ib.on(EventName.info, (_m: string, code: number) => infos.push(code));
    const openEnd = waitFor(ib, EventName.openOrderEnd);
    const next = waitFor<[number]>(ib, EventName.nextValidId);
    ib.connect();
    const [version, time] = await server;
    expect(version).toBe(193);
    expect(time).toMatch(/^20261127 15:00:00 UTC$/);
    expect((await accounts)[0]).toBe("DU1234567");
    await openEnd;
    expect((await next)[0]).toBe(1);
    await sleep(50);
    expect(infos).toEqual([2104, 2106, 2158]);
    assertClean(bed);
  });

  it("writes the connection time in a non-UTC zone as a gateway without the UTC setting does", async () => {
    bed = await startBed({ timeZone: "America/New_York" });
    const ib = new IBApi({ host: "127.0.0.1", port: bed.port, clientId: 1, maxReqPerSec: 100 });
    bed.clients.push(ib);
    const server = waitFor<[number, string]>(ib, EventName.server);
    ib.connect();
    expect((await server)[1]).toBe("20261127 10:00:00 EST");
  });

  it("rejects a duplicate client id with 326 and closes that connection only", async () => {
    bed = await startBed();
    const first = await bed.connect(5);
    const second = new IBApi({ host: "127.0.0.1", port: bed.port, clientId: 5, maxReqPerSec: 100 });
    bed.clients.push(second);
    const info = waitFor<[string, number]>(second, EventName.info, (_m, code) => code === 326);
    const gone = waitFor(second, EventName.disconnected);
    second.connect();
    expect((await info)[0]).toContain("client id is already in use");
    await gone;
    expect(first.isConnected).toBe(true);
    first.reqCurrentTime();
    const [t] = await waitFor<[number]>(first, EventName.currentTime);
    expect(t).toBe(Math.floor(bed.venue.now() / 1000));
    assertClean(bed);
  });

  it("treats an empty client id as 0", async () => {
    bed = await startBed();
    const ib = new IBApi({ host: "127.0.0.1", port: bed.port, maxReqPerSec: 100, clientId: undefined as unknown as number });
    bed.clients.push(ib);
    const next = waitFor(ib, EventName.nextValidId);
    ib.connect();
    await next;
    expect(bed.gateway.sessions().map((s) => s.clientId)).toEqual([0]);
  });
});

describe("robustness", () => {
  it("answers malformed and unsupported messages with 320 and keeps serving", async () => {
    const records: LogRecord[] = [];
    bed = await startBed({ logger: memoryLogger(records) });
    const ib = await bed.connect(3);
    const sock = (ib as unknown as { controller: { socket: { client: net.Socket } } }).controller.socket.client;
    const infos: [string, number][] = [];
    ib.on(EventName.info, (m: string, code: number) => infos.push([m, code]));
    sock.write(encodeFrame([8, 1, "not-a-number"]));
    sock.write(encodeFrame([92, 1, "DU1", ""])); // reqPnL: not served
    ib.reqCurrentTime();
    await waitFor(ib, EventName.currentTime);
    expect(infos.filter(([, c]) => c === 320)).toHaveLength(2);
    expect(records.some((r) => r.msg === "malformed client message")).toBe(true);
    expect(records.some((r) => r.msg === "unsupported client message" && r.msgId === 92)).toBe(true);
    assertClean(bed);
  });

  it("closes a connection that does not speak the protocol, and keeps accepting", async () => {
    bed = await startBed();
    const port = bed.port;
    await withTimeout(new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => s.write("GET / HTTP/1.1\r\n\r\n"));
      s.on("close", () => resolve());
      s.on("error", () => resolve());
    }), 2000, "garbage connection closed");
    const ib = await bed.connect(1);
    expect(ib.isConnected).toBe(true);
  });

  it("drops an oversize frame's connection", async () => {
    bed = await startBed({ maxFrameBytes: 1024 });
    const ib = await bed.connect(2);
    const sock = (ib as unknown as { controller: { socket: { client: net.Socket } } }).controller.socket.client;
    const gone = waitFor(ib, EventName.disconnected);
    const hdr = Buffer.alloc(4);
    hdr.writeUInt32BE(1_000_000, 0);
    sock.write(hdr);
    await gone;
  });

  it("sends error 100 above 50 messages per second and drops the excess", async () => {
    bed = await startBed({ maxMessagesPerSecond: 50 });
    const ib = await bed.connect(4);
    const times: number[] = [];
    ib.on(EventName.currentTime, (t: number) => times.push(t));
    const pacing: string[] = [];
    ib.on(EventName.info, (m: string, code: number) => code === 100 && pacing.push(m));
    for (let k = 0; k < 60; k++) ib.reqCurrentTime();
    await sleep(300);
    expect(times).toHaveLength(50);
    expect(pacing).toHaveLength(10);
    expect(pacing[0]).toContain("max=50");
  });
});
