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
});
