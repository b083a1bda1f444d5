/** Backoff, time zone parsing, message code levels, and the one private-socket access. */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { EventName, IBApi } from "@stoqey/ib";
import { Backoff } from "../../../../src/adapters/ib/connection/backoff.js";
import { parseConnectionTimeZone } from "../../../../src/adapters/ib/connection/timezone.js";
import { connectivityChange, farmLogLevel, isWarningCode } from "../../../../src/adapters/ib/connection/codes.js";
import { rawSocket, setNoDelay } from "../../../../src/adapters/ib/connection/socket.js";
import { Simulator } from "../../../../src/sim/index.js";

describe("Backoff", () => {
  it("grows exponentially, is capped, and jitters within [step/2, step]", () => {
    const fixed = (r: number) => new Backoff({ initialMs: 100, maxMs: 1000, random: () => r });
    const low = fixed(0);
    expect([low.next(), low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([50, 100, 200, 400, 500, 500]);
    const high = fixed(0.999999);
    expect([high.next(), high.next(), high.next(), high.next(), high.next()]).toEqual([100, 200, 400, 800, 1000]);
    high.reset();
    expect(high.attempts).toBe(0);
    expect(high.next()).toBe(100);
  });
});

describe("gateway time zone", () => {
  it.each([
    ["20261127 15:00:00 UTC", "UTC", true],
    ["20250323 22:21:01 Greenwich Mean Time", "Greenwich Mean Time", true],
    ["20260101 00:00:00 Etc/UTC", "Etc/UTC", true],
    ["20190820 15:25:04 JST", "JST", false],
    ["20260415 18:27:18 Central European Standard Time", "Central European Standard Time", false],
    ["20261127 10:00:00 America/New_York", "America/New_York", false],
    ["20261127 10:00:00", "", false],
  ])("%s -> %s (utc %s)", (text, zone, isUtc) => {
    expect(parseConnectionTimeZone(text)).toEqual({ zone, isUtc });
  });
});

describe("message codes", () => {
  it("classifies connectivity and farm codes with their log levels", () => {
    expect([1100, 2110, 1101, 1102, 2104].map(connectivityChange)).toEqual(["lost", "lost", "restoredDataLost", "restoredDataMaintained", undefined]);
    expect([2103, 2105, 2157, 2104, 2106, 2158, 2107, 2108, 200].map(farmLogLevel)).toEqual(["warn", "warn", "warn", "info", "info", "info", "debug", "debug", undefined]);
    expect([10167, 2104, 399, 354, 200].map(isWarningCode)).toEqual([true, true, true, false, false]);
  });
});

describe("TCP_NODELAY on @stoqey/ib's private socket", () => {
  it("reaches the net.Socket after connect() and enables NODELAY on it", async () => {
    const sim = await Simulator.start({ port: 0, tickMs: 0 });
    const api = new IBApi({ host: "127.0.0.1", port: sim.port, clientId: 3, maxReqPerSec: 100 });
    api.on(EventName.error, () => undefined);
    expect(rawSocket(api)).toBeUndefined();
    expect(setNoDelay(api)).toBe(false);
    const ready = new Promise<void>((r) => api.once(EventName.nextValidId, () => r()));
    api.connect();
    const socket = rawSocket(api);
    expect(socket).toBeInstanceOf(net.Socket);
    const calls: boolean[] = [];
    const original = socket!.setNoDelay.bind(socket);
    socket!.setNoDelay = (v?: boolean) => { calls.push(v ?? true); return original(v); };
    expect(setNoDelay(api)).toBe(true);
    expect(calls).toEqual([true]);
    await ready;
    api.disconnect();
    await sim.stop();
  });
});
