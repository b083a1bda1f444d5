import { describe, expect, it } from "vitest";
import { alignedStartNs, floorDiv, NS_PER_DAY, NS_PER_HOUR, NS_PER_MINUTE, NS_PER_SECOND } from "../../src/data/aggregation/time-math.js";

const T = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

describe("floorDiv", () => {
  it.each([
    [7n, 2n, 3n],
    [-7n, 2n, -4n],
    [-6n, 2n, -3n],
    [0n, 5n, 0n],
    [7n, -2n, -4n],
  ])("%s // %s = %s", (a, b, q) => expect(floorDiv(a, b)).toBe(q));
});

describe("alignedStartNs", () => {
  it.each([
    { name: "1-minute bar mid-minute", now: "2026-01-05T10:07:31.250Z", interval: NS_PER_MINUTE, anchor: NS_PER_HOUR, offset: 0n, start: "2026-01-05T10:07:00.000Z" },
    { name: "5-minute bar", now: "2026-01-05T10:07:31Z", interval: 5n * NS_PER_MINUTE, anchor: NS_PER_HOUR, offset: 0n, start: "2026-01-05T10:05:00Z" },
    { name: "exactly on a boundary", now: "2026-01-05T10:10:00Z", interval: 5n * NS_PER_MINUTE, anchor: NS_PER_HOUR, offset: 0n, start: "2026-01-05T10:10:00Z" },
    { name: "7-minute bars realign to the hour", now: "2026-01-05T10:58:00Z", interval: 7n * NS_PER_MINUTE, anchor: NS_PER_HOUR, offset: 0n, start: "2026-01-05T10:56:00Z" },
    { name: "15-second bars", now: "2026-01-05T10:00:44.9Z", interval: 15n * NS_PER_SECOND, anchor: NS_PER_MINUTE, offset: 0n, start: "2026-01-05T10:00:30Z" },
    { name: "4-hour bars align to the UTC day", now: "2026-01-05T13:30:00Z", interval: 4n * NS_PER_HOUR, anchor: NS_PER_DAY, offset: 0n, start: "2026-01-05T12:00:00Z" },
    { name: "day bar", now: "2026-01-05T13:30:00Z", interval: NS_PER_DAY, anchor: 0n, offset: 0n, start: "2026-01-05T00:00:00Z" },
    { name: "origin offset shifts boundaries", now: "2026-01-05T10:07:31Z", interval: 5n * NS_PER_MINUTE, anchor: NS_PER_HOUR, offset: 30n * NS_PER_SECOND, start: "2026-01-05T10:05:30Z" },
    { name: "offset past now goes back one interval", now: "2026-01-05T10:00:10Z", interval: 5n * NS_PER_MINUTE, anchor: NS_PER_HOUR, offset: 30n * NS_PER_SECOND, start: "2026-01-05T09:55:30Z" },
    { name: "day bars with a 14:30 session offset", now: "2026-01-05T10:00:00Z", interval: NS_PER_DAY, anchor: 0n, offset: 14n * NS_PER_HOUR + 30n * NS_PER_MINUTE, start: "2026-01-04T14:30:00Z" },
  ])("$name", ({ now, interval, anchor, offset, start }) => {
    const s = alignedStartNs(T(now), interval, anchor, offset);
    expect(s).toBe(T(start));
    expect(s <= T(now) && T(now) < s + interval).toBe(true);
  });

  it("rejects a non-positive interval", () => {
    expect(() => alignedStartNs(0n, 0n, 0n)).toThrow(RangeError);
  });
});
