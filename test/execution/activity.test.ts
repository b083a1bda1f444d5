import { describe, expect, it } from "vitest";
import { LocalActivity } from "../../src/execution/activity.js";
import { ClientOrderId } from "../../src/model/identifiers.js";

describe("LocalActivity", () => {
  it("keeps the latest time per order and never moves backwards", () => {
    const a = new LocalActivity();
    const id = ClientOrderId("O-1");
    expect(a.get(id)).toBeUndefined();
    a.record(id, 10n);
    a.record(id, 5n);
    expect(a.get(id)).toBe(10n);
    a.record(id, 20n);
    expect(a.get(id)).toBe(20n);
    a.forget(id);
    expect(a.get(id)).toBeUndefined();
    expect(a.size).toBe(0);
  });

  it("interleaved orders, forget and clear keep each order's own latest time", () => {
    const a = new LocalActivity();
    const x = ClientOrderId("O-X");
    const y = ClientOrderId("O-Y");
    a.record(x, 10n);
    a.record(y, 30n);
    a.record(x, 20n);
    a.record(x, 15n); // older than x's latest: ignored
    expect(a.get(x)).toBe(20n);
    expect(a.get(y)).toBe(30n);
    a.forget(x);
    a.record(x, 5n); // a forgotten order starts over
    expect(a.get(x)).toBe(5n);
    a.clear();
    a.record(x, 1n);
    expect(a.get(x)).toBe(1n);
    expect(a.get(y)).toBeUndefined();
  });
});
