import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LiveClock, NANOS_PER_MS, type TimeEvent } from "../../src/common/clock.js";
import { memoryLogger } from "../../src/common/logger.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MS = NANOS_PER_MS;

describe("LiveClock time", () => {
  it("reads wall-clock UTC in ns, strictly increasing", () => {
    const clock = new LiveClock();
    const before = BigInt(Date.now()) * MS;
    const reads = Array.from({ length: 10_000 }, () => clock.timestampNs());
    expect(reads.every((t, i) => i === 0 || t > (reads[i - 1] as bigint))).toBe(true);
    const last = reads[reads.length - 1] as bigint;
    const after = BigInt(Date.now()) * MS;
    expect(last >= before - 2n * MS && last <= after + 2n * MS).toBe(true);
    expect(Math.abs(clock.timestampMs() - Date.now())).toBeLessThanOrEqual(2);
    expect(Math.abs(clock.utcNow().getTime() - Date.now())).toBeLessThanOrEqual(2);
  });

  it("follows a wall-clock step at the next resync and never goes backwards", () => {
    let wall = 1_000_000; // ms
    let mono = 0n;
    const clock = new LiveClock({ wallMs: () => wall, monotonicNs: () => mono, resyncIntervalNs: 1000n * MS });
    expect(clock.timestampNs()).toBe(1_000_000n * MS);
    mono += 5n * MS;
    expect(clock.timestampNs()).toBe(1_000_005n * MS);
    // wall jumps forward 1 h: seen at the next resync, not before
    wall += 3_600_000 + 5;
    expect(clock.timestampNs()).toBe(1_000_005n * MS + 1n);
    mono += 1000n * MS;
    expect(clock.timestampNs()).toBe(BigInt(wall) * MS);
    // wall steps back 10 s: timestamps stay strictly increasing
    const high = clock.timestampNs();
    wall -= 10_000;
    mono += 1000n * MS;
    expect(clock.timestampNs()).toBe(high + 1n);
  });
});

describe("LiveClock timers", () => {
  it("fires a repeating timer with scheduled tsEvent and real tsInit, until stopTimeNs", async () => {
    const clock = new LiveClock();
    const events: TimeEvent[] = [];
    const start = clock.timestampNs();
    clock.setTimer("t", 10n * MS, (e) => events.push(e), { startTimeNs: start, stopTimeNs: start + 30n * MS });
    await sleep(250);
    expect(events.map((e) => e.tsEvent)).toEqual([start + 10n * MS, start + 20n * MS, start + 30n * MS]);
    for (const e of events) expect(e.tsInit >= e.tsEvent - MS).toBe(true);
    expect(clock.timerCount()).toBe(0);
    clock.dispose();
  });

  it("catches up missed ticks in order when the start time is in the past", async () => {
    const clock = new LiveClock();
    const events: TimeEvent[] = [];
    const now = clock.timestampNs();
    clock.setTimer("bars", 1000n * MS, (e) => events.push(e), { startTimeNs: now - 3500n * MS });
    await sleep(150);
    expect(events.map((e) => e.tsEvent)).toEqual([now - 2500n * MS, now - 1500n * MS, now - 500n * MS]);
    expect(clock.nextTimeNs("bars")).toBe(now + 500n * MS);
    clock.dispose();
  });

  it("fires an alert once; an alert in the past fires at once", async () => {
    const clock = new LiveClock();
    const seen: string[] = [];
    clock.setTimeAlert("soon", clock.timestampNs() + 15n * MS, (e) => seen.push(e.name));
    clock.setTimeAlert("past", clock.timestampNs() - 1000n * MS, (e) => seen.push(e.name));
    expect(clock.timerNames()).toEqual(["past", "soon"]);
    await sleep(200);
    expect(seen).toEqual(["past", "soon"]);
    expect(clock.timerCount()).toBe(0);
    clock.dispose();
  });

  it("does not fire a far alert early although Node clamps delays above 2^31-1 ms", async () => {
    const clock = new LiveClock();
    let fired = false;
    const at = clock.timestampNs() + 30n * 24n * 3600n * 1000n * MS; // 30 days
    clock.setTimeAlert("far", at, () => (fired = true));
    await sleep(30);
    expect(fired).toBe(false);
    expect(clock.nextTimeNs("far")).toBe(at);
    clock.dispose();
  });

  it("cancel, replace and dispose stop callbacks; setTimer after dispose throws", async () => {
    const clock = new LiveClock();
    const seen: string[] = [];
    clock.setTimer("a", 5n * MS, () => seen.push("a"));
    clock.setTimer("b", 5n * MS, () => seen.push("b-old"));
    clock.setTimer("b", 5n * MS, () => seen.push("b-new"));
    clock.setTimer("c", 5n * MS, () => seen.push("c"));
    expect(clock.cancelTimer("a")).toBe(true);
    expect(clock.cancelTimer("a")).toBe(false);
    await sleep(80);
    expect(seen).not.toContain("a");
    expect(seen).not.toContain("b-old");
    expect(seen).toContain("b-new");
    clock.dispose();
    const count = seen.length;
    await sleep(30);
    expect(seen.length).toBe(count);
    expect(clock.timerCount()).toBe(0);
    expect(clock.isDisposed).toBe(true);
    expect(() => clock.setTimer("d", 5n * MS, () => {})).toThrow(/disposed/);
    clock.dispose(); // idempotent
  });

  it("logs a throwing callback with the timer name and keeps the timer running", async () => {
    const logger = memoryLogger();
    const clock = new LiveClock({ logger });
    let n = 0;
    clock.setTimer("flaky", 5n * MS, () => {
      n++;
      throw new Error("flaky failed");
    });
    await sleep(100);
    clock.dispose();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(logger.records.filter((r) => r.level === "error" && r.timer === "flaky").length).toBe(n);
  });

  it("a callback may cancel its own timer or dispose the clock", async () => {
    const clock = new LiveClock();
    let n = 0;
    clock.setTimer("self", 5n * MS, () => {
      n++;
      clock.cancelTimer("self");
    });
    await sleep(100);
    expect(n).toBe(1);
    clock.dispose();
  });
});

describe("LiveClock and process lifetime", () => {
  const fixture = fileURLToPath(new URL("./fixtures/live-clock-lifetime.ts", import.meta.url));
  function run(mode: string, killAfterMs: number): Promise<{ code: number | null; out: string; killed: boolean; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, ["--import", "tsx", fixture, mode], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let killed = false;
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      const killer = setTimeout(() => {
        killed = true;
        child.kill("SIGKILL");
      }, killAfterMs);
      child.on("error", reject);
      child.on("exit", (code) => {
        clearTimeout(killer);
        resolve({ code, out, killed, ms: Date.now() - started });
      });
    });
  }

  it("keepAlive:false timers never hold the process", async () => {
    const r = await run("unref", 15_000);
    expect(r.out).toContain("armed 2");
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("FIRED");
  });

  it("after dispose no timer holds the process", async () => {
    const r = await run("dispose", 15_000);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
  });

  it("a default (keepAlive) timer holds the process until disposed", async () => {
    const r = await run("ref", 2_500);
    expect(r.out).toContain("armed 1");
    expect(r.killed).toBe(true);
  });
});
