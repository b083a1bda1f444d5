import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Fifo } from "../../src/common/fifo.js";
import { msToNs, nsToIso, nsToMs, secsToNs } from "../../src/common/time.js";
import { randomUuid, seededUuids, sequentialUuids, UUID_V4_RE } from "../../src/common/uuid.js";

describe("uuid factories", () => {
  it("all produce v4 UUIDs", () => {
    for (const f of [randomUuid, sequentialUuids(), seededUuids(7)]) {
      for (let i = 0; i < 200; i++) expect(f()).toMatch(UUID_V4_RE);
    }
  });

  it("random ids are distinct across the byte pool's refills, and every random digit takes every value", () => {
    const ids = Array.from({ length: 10_000 }, () => randomUuid()); // the pool holds 256 ids
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V4_RE);
    // 30 of the 32 digits are random (the version digit is 4, the variant digit 8-b).
    for (let pos = 0; pos < 36; pos++) {
      if ([8, 13, 14, 18, 19, 23].includes(pos)) continue;
      expect(new Set(ids.map((id) => id[pos])).size, `digit at ${pos}`).toBe(16);
    }
    expect(new Set(ids.map((id) => id[19])).size).toBe(4);
  });

  it("sequential ids count up from start", () => {
    const f = sequentialUuids(255);
    expect([f(), f()]).toEqual(["00000000-0000-4000-8000-0000000000ff", "00000000-0000-4000-8000-000000000100"]);
  });

  it("sequential ids carry across 16-bit boundaries and stop after 48 bits", () => {
    const f = sequentialUuids(0xfffe);
    expect([f(), f(), f()]).toEqual(["00000000-0000-4000-8000-00000000fffe", "00000000-0000-4000-8000-00000000ffff", "00000000-0000-4000-8000-000000010000"]);
    const g = sequentialUuids(2 ** 48 - 1);
    expect(g()).toBe("00000000-0000-4000-8000-ffffffffffff");
    expect(() => g()).toThrow(/exhausted/);
  });

  it("seeded ids are reproducible per seed and unique within a stream", () => {
    const a = seededUuids(42);
    const b = seededUuids(42);
    const c = seededUuids(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(new Set(xs).size).toBe(1000);
  });
});

describe("time conversions", () => {
  it("converts ms and s to ns exactly", () => {
    expect(msToNs(1)).toBe(1_000_000n);
    expect(msToNs(1.5)).toBe(1_500_000n);
    expect(msToNs(1_700_000_000_123)).toBe(1_700_000_000_123_000_000n);
    expect(secsToNs(2.5)).toBe(2_500_000_000n);
    expect(nsToMs(1_999_999n)).toBe(1);
    expect(() => msToNs(Number.NaN)).toThrow();
  });

  it("formats ns as ISO 8601 with nanoseconds", () => {
    expect(nsToIso(1_700_000_000_123_456_789n)).toBe("2023-11-14T22:13:20.123456789Z");
    expect(nsToIso(0n)).toBe("1970-01-01T00:00:00.000000000Z");
    expect(nsToIso(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
  });

  it("integer ms round-trip through ns", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => nsToMs(msToNs(ms)) === ms));
  });
});

describe("Fifo", () => {
  it("behaves like an array queue under any push/shift sequence", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 5000 }), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === null) {
            if (fifo.shift() !== model.shift()) return false;
          } else {
            fifo.push(op);
            model.push(op);
          }
          if (fifo.length !== model.length || fifo.peek() !== model[0]) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("compacts after many shifts", () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 10_000; i++) fifo.push(i);
    for (let i = 0; i < 9_000; i++) expect(fifo.shift()).toBe(i);
    expect(fifo.length).toBe(1000);
    expect(fifo.peek()).toBe(9000);
  });
});
