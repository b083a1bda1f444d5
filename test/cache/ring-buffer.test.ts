import { describe, expect, it } from "vitest";
import { RingBuffer } from "../../src/cache/ring-buffer.js";
import { MultiIndex } from "../../src/cache/multi-index.js";

describe("RingBuffer", () => {
  it("rejects a non-positive or fractional capacity", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(-1)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });

  it.each([
    { capacity: 1, pushes: [1], expected: [1] },
    { capacity: 1, pushes: [1, 2, 3], expected: [3] },
    { capacity: 3, pushes: [1, 2], expected: [2, 1] },
    { capacity: 3, pushes: [1, 2, 3], expected: [3, 2, 1] },
    { capacity: 3, pushes: [1, 2, 3, 4], expected: [4, 3, 2] },
    { capacity: 3, pushes: [1, 2, 3, 4, 5, 6, 7], expected: [7, 6, 5] },
  ])("capacity $capacity after $pushes holds $expected newest first", ({ capacity, pushes, expected }) => {
    const rb = new RingBuffer<number>(capacity);
    for (const p of pushes) rb.push(p);
    expect(rb.length).toBe(expected.length);
    expect(rb.toArray()).toEqual(expected);
    expected.forEach((v, i) => expect(rb.get(i)).toBe(v));
    expect(rb.newest()).toBe(expected[0]);
    expect(rb.get(expected.length)).toBeUndefined();
    expect(rb.get(-1)).toBeUndefined();
    expect(rb.get(0.5)).toBeUndefined();
  });

  it("is empty after clear and refills from the start", () => {
    const rb = new RingBuffer<string>(2);
    rb.push("a");
    rb.push("b");
    rb.push("c");
    rb.clear();
    expect(rb.length).toBe(0);
    expect(rb.newest()).toBeUndefined();
    rb.push("d");
    expect(rb.toArray()).toEqual(["d"]);
  });

  it("keeps the last `capacity` of a long random stream", () => {
    const rb = new RingBuffer<number>(7);
    const all: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const v = (i * 7919) % 1009;
      all.push(v);
      rb.push(v);
    }
    expect(rb.toArray()).toEqual(all.slice(-7).reverse());
  });
});

describe("MultiIndex", () => {
  it("drops a key when its last member is removed", () => {
    const idx = new MultiIndex<string, number>();
    idx.add("a", 1);
    idx.add("a", 2);
    idx.add("b", 3);
    expect([...idx.get("a")]).toEqual([1, 2]);
    idx.remove("a", 1);
    expect(idx.has("a", 1)).toBe(false);
    idx.remove("a", 2);
    expect([...idx.keys()]).toEqual(["b"]);
    expect(idx.get("a").size).toBe(0);
    idx.remove("zzz", 9);
    expect(idx.size).toBe(1);
  });

  it("retainEmpty keeps an emptied set for the key's next member, yet keys() and size count only keys with members", () => {
    const idx = new MultiIndex<string, number>(true);
    idx.add("LONG", 1);
    const set = idx.get("LONG");
    idx.remove("LONG", 1);
    idx.add("FLAT", 1);
    expect(idx.get("LONG").size).toBe(0);
    expect([...idx.keys()]).toEqual(["FLAT"]);
    expect(idx.size).toBe(1);
    idx.remove("FLAT", 1);
    idx.add("LONG", 1);
    expect(idx.get("LONG")).toBe(set); // the same set object: no allocation per move
    expect([...idx.get("LONG")]).toEqual([1]);
    expect([...idx.keys()]).toEqual(["LONG"]);
  });
});
