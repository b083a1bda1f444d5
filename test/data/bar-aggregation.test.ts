import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/common/test-clock.js";
import type { BarFields } from "../../src/data/aggregation/builder.js";
import { TickBarAggregator, VolumeBarAggregator } from "../../src/data/aggregation/count-bars.js";
import { TimeBarAggregator, type TimeBarOptions } from "../../src/data/aggregation/time-bars.js";
import { Price, Quantity } from "../../src/model/values.js";

const T = (hms: string): bigint => BigInt(Date.parse(`2026-01-05T${hms}Z`)) * 1_000_000n;
const S = 1_000_000_000n;
const px = (v: string): Price => Price.from(v, 2);
const qty = (v: string): Quantity => Quantity.from(v, 0);

/** Bars as compact rows: [tsEvent, O, H, L, C, V]. */
function rows(bars: BarFields[]): [bigint, string, string, string, string, string][] {
  return bars.map((b) => [b.tsEvent, b.open.toString(), b.high.toString(), b.low.toString(), b.close.toString(), b.volume.toString()]);
}

describe("TickBarAggregator", () => {
  it("closes a bar on every `step` updates, stamped with the last update", () => {
    const bars: BarFields[] = [];
    const agg = new TickBarAggregator(3, (b) => bars.push(b));
    ["1.00", "3.00", "2.00", "4.00", "0.50", "6.00", "7.00"].forEach((p, i) => agg.handleUpdate(px(p), qty("1"), BigInt(i + 1)));
    expect(rows(bars)).toEqual([
      [3n, "1.00", "3.00", "1.00", "2.00", "3"],
      [6n, "4.00", "6.00", "0.50", "6.00", "3"],
    ]);
    expect(bars[1]?.tsInit).toBe(6n);
  });

  it("ignores an update older than the last applied one", () => {
    const bars: BarFields[] = [];
    const agg = new TickBarAggregator(2, (b) => bars.push(b));
    agg.handleUpdate(px("1.00"), qty("1"), 10n);
    agg.handleUpdate(px("9.00"), qty("1"), 5n);
    agg.handleUpdate(px("2.00"), qty("1"), 11n);
    expect(rows(bars)).toEqual([[11n, "1.00", "2.00", "1.00", "2.00", "2"]]);
  });

  it.each([0, -1, 1.5])("rejects step %s", (step) => {
    expect(() => new TickBarAggregator(step, () => {})).toThrow(RangeError);
  });
});

describe("VolumeBarAggregator", () => {
  it.each([
    { name: "exact fills", sizes: ["5", "5", "10"], volumes: ["10", "10"], left: "0" },
    { name: "an update split across two bars", sizes: ["4", "4", "5"], volumes: ["10"], left: "3" },
    { name: "one update spanning three bars", sizes: ["3", "27"], volumes: ["10", "10", "10"], left: "0" },
    { name: "fractional sizes stay exact", sizes: ["3.3", "3.3", "3.3", "0.2"], volumes: ["10.0"], left: "0.1" },
  ])("$name", ({ sizes, volumes, left }) => {
    const bars: BarFields[] = [];
    const agg = new VolumeBarAggregator(10, (b) => bars.push(b));
    sizes.forEach((s, i) => agg.handleUpdate(px(`${100 + i}.00`), Quantity.from(s), BigInt(i + 1)));
    expect(bars.map((b) => b.volume.toString())).toEqual(volumes);
    const total = sizes.reduce((acc, s) => acc.add(Quantity.from(s)), Quantity.zero());
    const emitted = bars.reduce((acc, b) => acc.add(b.volume), Quantity.zero());
    expect(total.sub(emitted).eq(Quantity.from(left))).toBe(true);
  });

  it("gives a split update's price to both bars", () => {
    const bars: BarFields[] = [];
    const agg = new VolumeBarAggregator(10, (b) => bars.push(b));
    agg.handleUpdate(px("1.00"), qty("8"), 1n);
    agg.handleUpdate(px("2.00"), qty("15"), 2n);
    agg.handleUpdate(px("3.00"), qty("0"), 3n);
    expect(rows(bars)).toEqual([
      [2n, "1.00", "2.00", "1.00", "2.00", "10"],
      [2n, "2.00", "2.00", "2.00", "2.00", "10"],
    ]);
  });
});

type Step = { at: string; price: string; size?: string; ts?: string } | { advance: string };

interface TimeCase {
  name: string;
  start: string;
  opts?: Partial<TimeBarOptions>;
  steps: Step[];
  bars: [string, string, string, string, string, string][];
  tsInits?: string[];
}

function runTimeCase(c: TimeCase): { bars: BarFields[]; clock: TestClock; agg: TimeBarAggregator } {
  const clock = new TestClock(T(c.start));
  const bars: BarFields[] = [];
  const agg = new TimeBarAggregator({
    clock,
    timerName: "SPY.SMART-1-MINUTE-LAST-INTERNAL",
    step: 1,
    aggregation: "MINUTE",
    emit: (b) => bars.push(b),
    intervalType: "left-open",
    timestampOnClose: true,
    buildWithNoUpdates: true,
    skipFirstNonFullBar: false,
    buildDelayNs: 0n,
    originOffsetNs: 0n,
    ...c.opts,
  });
  for (const step of c.steps) {
    if ("advance" in step) {
      clock.advanceTime(T(step.advance));
    } else {
      clock.advanceTime(T(step.at));
      agg.handleUpdate(px(step.price), qty(step.size ?? "1"), T(step.ts ?? step.at));
    }
  }
  return { bars, clock, agg };
}

const fmt = (ns: bigint): string => new Date(Number(ns / 1_000_000n)).toISOString().slice(11, 19);

describe("TimeBarAggregator", () => {
  const cases: TimeCase[] = [
    {
      name: "defaults: left-open, stamped on close, bars with no updates repeat the close",
      start: "10:00:00",
      steps: [{ at: "10:00:10", price: "100.00" }, { at: "10:00:50", price: "102.00", size: "3" }, { advance: "10:02:00" }],
      bars: [
        ["10:01:00", "100.00", "102.00", "100.00", "102.00", "4"],
        ["10:02:00", "102.00", "102.00", "102.00", "102.00", "0"],
      ],
      tsInits: ["10:01:00", "10:02:00"],
    },
    {
      name: "timeBarsBuildWithNoUpdates=false emits nothing for an empty interval",
      start: "10:00:00",
      opts: { buildWithNoUpdates: false },
      steps: [{ at: "10:00:10", price: "100.00" }, { advance: "10:02:00" }, { at: "10:02:30", price: "99.00" }, { advance: "10:03:00" }],
      bars: [
        ["10:01:00", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:03:00", "99.00", "99.00", "99.00", "99.00", "1"],
      ],
    },
    {
      name: "timeBarsTimestampOnClose=false stamps the open",
      start: "10:00:00",
      opts: { timestampOnClose: false },
      steps: [{ at: "10:00:10", price: "100.00" }, { advance: "10:02:00" }],
      bars: [
        ["10:00:00", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:01:00", "100.00", "100.00", "100.00", "100.00", "0"],
      ],
    },
    {
      name: "timeBarsSkipFirstNonFullBar drops the first bar when started mid-interval",
      start: "10:00:30",
      opts: { skipFirstNonFullBar: true },
      steps: [{ at: "10:00:40", price: "100.00" }, { at: "10:01:10", price: "101.00" }, { advance: "10:02:00" }],
      bars: [["10:02:00", "101.00", "101.00", "101.00", "101.00", "1"]],
    },
    {
      name: "timeBarsSkipFirstNonFullBar keeps the first bar when started on a boundary",
      start: "10:00:00",
      opts: { skipFirstNonFullBar: true },
      steps: [{ at: "10:00:40", price: "100.00" }, { advance: "10:01:00" }],
      bars: [["10:01:00", "100.00", "100.00", "100.00", "100.00", "1"]],
    },
    {
      name: "no update ever: no bar even with timeBarsBuildWithNoUpdates",
      start: "10:00:00",
      steps: [{ advance: "10:03:00" }],
      bars: [],
    },
    {
      name: "left-open: an update stamped on the close belongs to the closing bar",
      start: "10:00:00",
      opts: { buildDelayNs: 5n * S },
      steps: [{ at: "10:00:20", price: "100.00" }, { at: "10:01:02", ts: "10:01:00", price: "105.00" }, { advance: "10:01:05" }],
      bars: [["10:01:00", "100.00", "105.00", "100.00", "105.00", "2"]],
      tsInits: ["10:01:05"],
    },
    {
      name: "right-open: an update stamped on the close opens the next bar (closing the first at once)",
      start: "10:00:00",
      opts: { buildDelayNs: 5n * S, intervalType: "right-open" },
      steps: [{ at: "10:00:20", price: "100.00" }, { at: "10:01:02", ts: "10:01:00", price: "105.00" }, { advance: "10:02:05" }],
      bars: [
        ["10:01:00", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:02:00", "105.00", "105.00", "105.00", "105.00", "1"],
      ],
      tsInits: ["10:01:02", "10:02:05"],
    },
    {
      name: "timeBarsBuildDelay lets a late update land in its bar",
      start: "10:00:00",
      opts: { buildDelayNs: 5n * S },
      steps: [{ at: "10:00:20", price: "100.00" }, { at: "10:01:03", ts: "10:00:59", price: "98.00" }, { advance: "10:01:10" }],
      bars: [["10:01:00", "100.00", "100.00", "98.00", "98.00", "2"]],
      tsInits: ["10:01:05"],
    },
    {
      name: "without a delay a late update goes to the open bar",
      start: "10:00:00",
      steps: [{ at: "10:00:20", price: "100.00" }, { at: "10:01:03", ts: "10:00:59", price: "98.00" }, { advance: "10:02:00" }],
      bars: [
        ["10:01:00", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:02:00", "98.00", "98.00", "98.00", "98.00", "1"],
      ],
    },
    {
      name: "timeBarsOriginOffset shifts the boundaries",
      start: "10:00:00",
      opts: { originOffsetNs: 15n * S },
      steps: [{ at: "10:00:10", price: "100.00" }, { at: "10:00:20", price: "101.00" }, { advance: "10:01:15" }],
      bars: [
        ["10:00:15", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:01:15", "101.00", "101.00", "101.00", "101.00", "1"],
      ],
    },
    {
      name: "a clock jump closes every interval once, in order",
      start: "10:00:00",
      steps: [{ at: "10:00:10", price: "100.00" }, { advance: "10:03:30" }],
      bars: [
        ["10:01:00", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:02:00", "100.00", "100.00", "100.00", "100.00", "0"],
        ["10:03:00", "100.00", "100.00", "100.00", "100.00", "0"],
      ],
    },
    {
      name: "an update two intervals ahead closes both bars; the timer does not emit them again",
      start: "10:00:00",
      opts: { buildDelayNs: 30n * S },
      steps: [{ at: "10:00:10", price: "100.00" }, { at: "10:00:20", ts: "10:02:10", price: "110.00" }, { advance: "10:03:30" }],
      bars: [
        ["10:01:00", "100.00", "100.00", "100.00", "100.00", "1"],
        ["10:02:00", "100.00", "100.00", "100.00", "100.00", "0"],
        ["10:03:00", "110.00", "110.00", "110.00", "110.00", "1"],
      ],
    },
  ];

  it.each(cases)("$name", (c) => {
    const { bars } = runTimeCase(c);
    expect(rows(bars).map(([ts, ...rest]) => [fmt(ts), ...rest])).toEqual(c.bars);
    if (c.tsInits !== undefined) expect(bars.map((b) => fmt(b.tsInit))).toEqual(c.tsInits);
  });

  it("stop cancels the timer and emits nothing more", () => {
    const { bars, clock, agg } = runTimeCase({ name: "", start: "10:00:00", steps: [{ at: "10:00:10", price: "100.00" }], bars: [] });
    expect(clock.timerNames()).toEqual(["SPY.SMART-1-MINUTE-LAST-INTERNAL"]);
    agg.stop();
    expect(clock.timerCount()).toBe(0);
    agg.handleUpdate(px("1.00"), qty("1"), T("10:05:00"));
    clock.advanceTime(T("10:10:00"));
    expect(bars).toEqual([]);
  });

  it("arms its timer for the first close plus the build delay", () => {
    const { clock, agg } = runTimeCase({ name: "", start: "10:00:30", opts: { buildDelayNs: 2n * S }, steps: [], bars: [] });
    expect(agg.nextCloseNs).toBe(T("10:01:00"));
    expect(clock.nextTimeNs("SPY.SMART-1-MINUTE-LAST-INTERNAL")).toBe(T("10:01:02"));
  });

  it("rejects a non-time aggregation", () => {
    expect(() => runTimeCase({ name: "", start: "10:00:00", opts: { aggregation: "TICK" }, steps: [], bars: [] })).toThrow(RangeError);
  });
});
