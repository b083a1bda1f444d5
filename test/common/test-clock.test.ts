import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TestClock, type TimeEvent } from "../../src/common/clock.js";

const names = (events: TimeEvent[]) => events.map((e) => `${e.name}@${e.tsEvent}`);

describe("TestClock time", () => {
  it("reads the time it was given, in ns, ms and as a Date", () => {
    const clock = new TestClock(1_700_000_000_123_456_789n);
    expect(clock.timestampNs()).toBe(1_700_000_000_123_456_789n);
    expect(clock.timestampMs()).toBe(1_700_000_000_123);
    expect(clock.utcNow().toISOString()).toBe("2023-11-14T22:13:20.123Z");
  });

  it("refuses to go back in time; setTime jumps without firing", () => {
    const clock = new TestClock(100n);
    expect(() => clock.advanceTime(99n)).toThrow(/before now/);
    let fired = 0;
    clock.setTimeAlert("a", 150n, () => fired++);
    clock.setTime(200n);
    expect(fired).toBe(0);
    clock.advanceTime(200n);
    expect(fired).toBe(1);
  });
});

describe("TestClock timers and alerts", () => {
  it("fires timer ticks and alerts in time order up to and including the target", () => {
    const clock = new TestClock(0n);
    const seen: string[] = [];
    const cb = (e: TimeEvent) => seen.push(`${e.name}@${e.tsEvent}@now=${clock.timestampNs()}`);
    clock.setTimer("t10", 10n, cb);
    clock.setTimer("t25", 25n, cb);
    clock.setTimeAlert("a30", 30n, cb);
    clock.setTimeAlert("a5", 5n, cb);
    const fired = clock.advanceTime(50n);
    expect(names(fired)).toEqual(["a5@5", "t10@10", "t10@20", "t25@25", "t10@30", "a30@30", "t10@40", "t10@50", "t25@50"]);
    // the clock reads each event's time while its callback runs, then the target
    expect(seen[0]).toBe("a5@5@now=5");
    expect(seen[5]).toBe("a30@30@now=30");
    expect(clock.timestampNs()).toBe(50n);
    expect(clock.timerNames()).toEqual(["t10", "t25"]);
    expect(clock.nextTimeNs("t10")).toBe(60n);
    expect(clock.nextTimeNs("a5")).toBeUndefined();
  });

  it("breaks ties by the order timers were set", () => {
    const clock = new TestClock(0n);
    clock.setTimeAlert("b", 10n, () => {});
    clock.setTimeAlert("a", 10n, () => {});
    clock.setTimer("c", 10n, () => {});
    expect(names(clock.advanceTime(10n))).toEqual(["b@10", "a@10", "c@10"]);
  });

  it("honours startTimeNs, stopTimeNs (inclusive) and fireImmediately", () => {
    const clock = new TestClock(1000n);
    clock.setTimer("s", 100n, () => {}, { startTimeNs: 1050n, stopTimeNs: 1350n });
    clock.setTimer("i", 100n, () => {}, { fireImmediately: true, stopTimeNs: 1200n });
    expect(clock.nextTimeNs("s")).toBe(1150n);
    expect(names(clock.advanceTime(2000n))).toEqual(["i@1000", "i@1100", "s@1150", "i@1200", "s@1250", "s@1350"]);
    expect(clock.timerCount()).toBe(0);
  });

  it("a start time in the past catches up every missed tick", () => {
    const clock = new TestClock(1000n);
    clock.setTimer("bar", 300n, () => {}, { startTimeNs: 0n });
    expect(names(clock.advanceTime(1000n))).toEqual(["bar@300", "bar@600", "bar@900"]);
  });

  it("an alert in the past fires at the next advance, stamped with the time it was set", () => {
    const clock = new TestClock(500n);
    clock.setTimeAlert("late", 100n, () => {});
    expect(clock.nextTimeNs("late")).toBe(500n);
    expect(names(clock.advanceTime(500n))).toEqual(["late@500"]);
  });

  it("setting an existing name replaces it; cancel removes it", () => {
    const clock = new TestClock(0n);
    const seen: string[] = [];
    clock.setTimer("x", 10n, () => seen.push("old"));
    clock.setTimer("x", 7n, () => seen.push("new"));
    expect(clock.timerCount()).toBe(1);
    clock.advanceTime(14n);
    expect(seen).toEqual(["new", "new"]);
    expect(clock.cancelTimer("x")).toBe(true);
    expect(clock.cancelTimer("x")).toBe(false);
    clock.setTimer("y", 1n, () => {});
    clock.setTimeAlert("z", 5n, () => {});
    clock.cancelTimers();
    expect(clock.advanceTime(100n)).toEqual([]);
  });

  it("timers set or cancelled from a callback take effect within the same advance", () => {
    const clock = new TestClock(0n);
    const seen: string[] = [];
    clock.setTimer("t", 10n, (e) => {
      seen.push(`t@${e.tsEvent}`);
      if (e.tsEvent === 20n) {
        clock.setTimeAlert("chained", e.tsEvent + 5n, (a) => seen.push(`chained@${a.tsEvent}`));
        clock.cancelTimer("t");
      }
    });
    clock.advanceTime(100n);
    expect(seen).toEqual(["t@10", "t@20", "chained@25"]);
  });

  it("a throwing callback propagates, leaving the clock at that event's time", () => {
    const clock = new TestClock(0n);
    clock.setTimer("boom", 10n, (e) => {
      if (e.tsEvent === 20n) throw new Error("boom");
    });
    expect(() => clock.advanceTime(100n)).toThrow("boom");
    expect(clock.timestampNs()).toBe(20n);
    expect(clock.nextTimeNs("boom")).toBe(30n);
    expect(names(clock.advanceTime(40n))).toEqual(["boom@30", "boom@40"]);
  });

  it("validates its arguments", () => {
    const clock = new TestClock(0n);
    expect(() => clock.setTimer("", 1n, () => {})).toThrow();
    expect(() => clock.setTimer("z", 0n, () => {})).toThrow(/> 0/);
    expect(() => clock.setTimer("z", 10n, () => {}, { stopTimeNs: 5n })).toThrow(/before the first tick/);
    expect(() => clock.setTimeAlert("z", 10 as unknown as bigint, () => {})).toThrow();
  });

  it("property: events come out sorted by time and each timer ticks exactly floor(span/interval) times", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 50n }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.bigInt({ min: 0n, max: 400n }), { maxLength: 6 }),
        fc.array(fc.bigInt({ min: 0n, max: 100n }), { minLength: 1, maxLength: 8 }),
        (intervals, alerts, steps) => {
          const clock = new TestClock(0n);
          intervals.forEach((iv, i) => clock.setTimer(`t${i}`, iv, () => {}));
          alerts.forEach((at, i) => clock.setTimeAlert(`a${i}`, at, () => {}));
          const all: TimeEvent[] = [];
          let to = 0n;
          for (const s of steps) all.push(...clock.advanceTime((to += s)));
          for (let i = 1; i < all.length; i++) if ((all[i]?.tsEvent ?? 0n) < (all[i - 1]?.tsEvent ?? 0n)) return false;
          for (const [i, iv] of intervals.entries()) {
            if (all.filter((e) => e.name === `t${i}`).length !== Number(to / iv)) return false;
          }
          return alerts.every((at, i) => all.filter((e) => e.name === `a${i}`).length === (at <= to ? 1 : 0));
        },
      ),
      { numRuns: 300 },
    );
  });
});
