import { describe, expect, it } from "vitest";
import { LiveClock } from "../../src/common/live-clock.js";
import { settleYoungGeneration, youngUsedBytes } from "../../src/common/heap-settle.js";

describe("settleYoungGeneration", () => {
  it("empties the young generation of what is alive (promoted to the old one), through two young collections", () => {
    const kept = Array.from({ length: 50_000 }, (_, i) => ({ i, text: `object ${i}`, list: [i] }));
    const youngBefore = youngUsedBytes();
    expect(youngBefore).toBeGreaterThan(2 * 1024 * 1024);
    const result = settleYoungGeneration(new LiveClock());
    expect(result.youngCollections).toBe(2);
    expect(result.allocatedBytes).toBeGreaterThan(0);
    expect(youngUsedBytes()).toBeLessThan(youngBefore / 4);
    expect(kept[49_999]!.text).toBe("object 49999");
  });

  it("stops at its allocation bound", () => {
    const result = settleYoungGeneration(new LiveClock(), 64 * 1024, 1000);
    expect(result.youngCollections).toBeLessThan(1000);
    expect(result.allocatedBytes).toBeLessThanOrEqual(64 * 1024 + 32 * 1024);
  });
});
