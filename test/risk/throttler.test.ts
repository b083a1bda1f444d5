import { describe, expect, it } from "vitest";
import { CortanaError } from "../../src/common/errors.js";
import { Throttler, rateFromString } from "../../src/risk/throttler.js";

const S = 1_000_000_000n;

describe("rateFromString", () => {
  it.each([
    ["100/00:00:01", 100, S],
    ["1/00:01:00", 1, 60n * S],
    ["5/01:00:00", 5, 3600n * S],
  ])("parses %s", (text, limit, intervalNs) => {
    expect(rateFromString(text)).toEqual({ limit, intervalNs });
  });

  it.each(["", "100", "100/1", "0/00:00:01", "100/00:00:00", "1.5/00:00:01", "100/00:61:00", "abc/00:00:01"])(
    "rejects %j with CORTANA_E_RATE_INVALID",
    (text) => {
      let caught: unknown;
      try {
        rateFromString(text);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(CortanaError);
      expect((caught as CortanaError).code).toBe("CORTANA_E_RATE_INVALID");
    },
  );
});

describe("Throttler (drop mode)", () => {
  function make(rate: string) {
    let now = 0n;
    const sent: number[] = [];
    const dropped: number[] = [];
    const t = new Throttler<number>({
      name: "T",
      rate: rateFromString(rate),
      now: () => now,
      onSend: (i) => sent.push(i),
      onDrop: (i) => dropped.push(i),
    });
    return { t, sent, dropped, advance: (ns: bigint) => (now += ns) };
  }

  it("sends up to the limit within the interval and drops the rest", () => {
    const { t, sent, dropped } = make("3/00:00:01");
    for (let i = 0; i < 5; i++) t.send(i);
    expect(sent).toEqual([0, 1, 2]);
    expect(dropped).toEqual([3, 4]);
    expect(t.sent).toBe(3);
    expect(t.dropped).toBe(2);
    expect(t.used()).toBe(1);
  });

  it("frees capacity as the window slides (exactly at interval end)", () => {
    const { t, sent, dropped, advance } = make("2/00:00:01");
    t.send(1);
    advance(S / 2n);
    t.send(2);
    t.send(3); // dropped: window full
    advance(S / 2n - 1n);
    t.send(4); // still 1 ns short of the first stamp leaving the window
    advance(1n);
    expect(t.nanosUntilNext()).toBe(0n);
    t.send(5); // first stamp is now exactly one interval old
    t.send(6); // second stamp is only 0.5 s old
    expect(sent).toEqual([1, 2, 5]);
    expect(dropped).toEqual([3, 4, 6]);
    expect(t.nanosUntilNext()).toBe(S / 2n);
  });

  it("dropped items do not consume capacity", () => {
    const { t, sent, advance } = make("1/00:00:01");
    t.send(1);
    for (let i = 0; i < 10; i++) {
      advance(S / 10n - 1n);
      t.send(100 + i);
    }
    advance(10n);
    t.send(2);
    expect(sent).toEqual([1, 2]);
  });

  it("reset clears the window and counters", () => {
    const { t, sent } = make("1/00:00:01");
    t.send(1);
    t.send(2);
    t.reset();
    t.send(3);
    expect(sent).toEqual([1, 3]);
    expect(t.dropped).toBe(0);
  });
});
