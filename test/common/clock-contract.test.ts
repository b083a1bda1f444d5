/**
 * One contract, two clocks: the semantics every Clock implementation must share (names, replace,
 * cancel, alerts once, stop time inclusive, validation), run against TestClock (time advanced by
 * hand) and LiveClock (real waiting, with intervals large enough to be robust on a loaded box).
 */
import { describe, expect, it } from "vitest";
import { LiveClock, NANOS_PER_MS, TestClock, type Clock, type TimeEvent } from "../../src/common/clock.js";

interface Driver {
  readonly name: string;
  make(): Clock;
  /** Lets `ms` of clock time pass (TestClock: advance; LiveClock: wait). */
  pass(clock: Clock, ms: number): Promise<void>;
  done(clock: Clock): void;
}

const MS = NANOS_PER_MS;
const DRIVERS: Driver[] = [
  {
    name: "TestClock",
    make: () => new TestClock(1_700_000_000_000_000_000n),
    pass: async (clock, ms) => {
      (clock as TestClock).advanceTimeBy(BigInt(ms) * MS);
    },
    done: () => {},
  },
  {
    name: "LiveClock",
    make: () => new LiveClock(),
    pass: (_clock, ms) => new Promise((r) => setTimeout(r, ms)),
    done: (clock) => (clock as LiveClock).dispose(),
  },
];

describe.each(DRIVERS)("Clock contract: $name", (d) => {
  it("lists timers and alerts by name with their next time", async () => {
    const clock = d.make();
    const t0 = clock.timestampNs();
    clock.setTimer("b-timer", 1000n * MS, () => {}, { startTimeNs: t0 });
    clock.setTimeAlert("a-alert", t0 + 5000n * MS, () => {});
    expect(clock.timerNames()).toEqual(["a-alert", "b-timer"]);
    expect(clock.timerCount()).toBe(2);
    expect(clock.nextTimeNs("b-timer")).toBe(t0 + 1000n * MS);
    expect(clock.nextTimeNs("a-alert")).toBe(t0 + 5000n * MS);
    expect(clock.nextTimeNs("nope")).toBeUndefined();
    d.done(clock);
  });

  it("ticks a timer at start + k * interval up to stopTimeNs inclusive, then removes it", async () => {
    const clock = d.make();
    const seen: TimeEvent[] = [];
    const t0 = clock.timestampNs();
    clock.setTimer("t", 20n * MS, (e) => seen.push(e), { startTimeNs: t0, stopTimeNs: t0 + 60n * MS });
    await d.pass(clock, 300);
    expect(seen.map((e) => e.tsEvent - t0)).toEqual([20n * MS, 40n * MS, 60n * MS]);
    expect(seen.every((e) => e.name === "t" && e.tsInit >= e.tsEvent - MS)).toBe(true);
    expect(clock.timerCount()).toBe(0);
    d.done(clock);
  });

  it("fires an alert exactly once and forgets it", async () => {
    const clock = d.make();
    let n = 0;
    clock.setTimeAlert("once", clock.timestampNs() + 20n * MS, () => n++);
    await d.pass(clock, 200);
    expect(n).toBe(1);
    expect(clock.timerNames()).toEqual([]);
    d.done(clock);
  });

  it("replaces a timer set under an existing name; cancels by name or all", async () => {
    const clock = d.make();
    const seen: string[] = [];
    clock.setTimer("x", 20n * MS, () => seen.push("old"));
    clock.setTimeAlert("x", clock.timestampNs() + 20n * MS, () => seen.push("new"));
    clock.setTimer("y", 20n * MS, () => seen.push("y"));
    clock.setTimer("z", 20n * MS, () => seen.push("z"));
    expect(clock.cancelTimer("y")).toBe(true);
    expect(clock.cancelTimer("y")).toBe(false);
    await d.pass(clock, 120);
    expect(seen.filter((s) => s !== "z")).toEqual(["new"]);
    clock.cancelTimers();
    const before = seen.length;
    await d.pass(clock, 60);
    expect(seen.length).toBe(before);
    d.done(clock);
  });

  it("validates names, intervals and stop times the same way", () => {
    const clock = d.make();
    expect(() => clock.setTimer("", 1n, () => {})).toThrow(/name/);
    expect(() => clock.setTimer("t", 0n, () => {})).toThrow(/> 0/);
    expect(() => clock.setTimer("t", -5n, () => {})).toThrow(/> 0/);
    expect(() => clock.setTimer("t", 10n, () => {}, { stopTimeNs: clock.timestampNs() })).toThrow(/before the first tick/);
    expect(() => clock.setTimeAlert("a", 1n, "no" as unknown as () => void)).toThrow(/function/);
    expect(clock.timerCount()).toBe(0);
    d.done(clock);
  });

  it("reports ms and Date consistent with ns", () => {
    const clock = d.make();
    const ns = clock.timestampNs();
    const ms = clock.timestampMs();
    expect(ms - Number(ns / MS)).toBeGreaterThanOrEqual(0);
    expect(ms - Number(ns / MS)).toBeLessThan(50);
    expect(Math.abs(clock.utcNow().getTime() - ms)).toBeLessThan(50);
    d.done(clock);
  });
});
