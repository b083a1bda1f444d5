/** OutboundPacer on a TestClock: sliding-window budget, FIFO, never drops, fails queued on loss. */
import { describe, expect, it } from "vitest";
import { TestClock } from "../../../../src/common/test-clock.js";
import { nullLogger } from "../../../../src/common/logger.js";
import { OutboundPacer } from "../../../../src/adapters/ib/connection/pacer.js";

const MS = 1_000_000n;

function setup(limit = 3, windowMs = 1000) {
  const clock = new TestClock(1_000n * MS);
  const pacer = new OutboundPacer({ clock, logger: nullLogger, limit, windowMs, name: "t" });
  const sent: { label: string; atMs: number }[] = [];
  const failed: string[] = [];
  const msg = (label: string) => ({ label, run: () => void sent.push({ label, atMs: clock.timestampMs() }), fail: () => void failed.push(label) });
  return { clock, pacer, sent, failed, msg };
}

describe("OutboundPacer", () => {
  it("holds everything while paused and sends in order on resume, within the budget", () => {
    const { pacer, sent, msg } = setup();
    for (const l of ["a", "b", "c", "d"]) pacer.submit(msg(l));
    expect(sent).toEqual([]);
    pacer.resume();
    expect(sent.map((s) => s.label)).toEqual(["a", "b", "c"]);
    expect(pacer.queued).toBe(1);
  });

  it("sends synchronously while under budget and never more than `limit` in any window", () => {
    const { clock, pacer, sent, msg } = setup(3, 1000);
    pacer.resume();
    for (let i = 0; i < 10; i++) pacer.submit(msg(`m${i}`));
    expect(sent).toHaveLength(3);
    clock.advanceTime(clock.timestampNs() + 5000n * MS);
    expect(sent.map((s) => s.label)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    for (let i = 0; i + 3 < sent.length; i++) {
      expect((sent[i + 3]?.atMs ?? 0) - (sent[i]?.atMs ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });

  it("fails queued messages instead of sending them late, and reports how many wait", () => {
    const { pacer, failed, sent, msg } = setup(1);
    pacer.resume();
    pacer.submit(msg("a"));
    pacer.submit(msg("b"));
    pacer.submit(msg("c"));
    pacer.pause();
    pacer.failQueued(new Error("lost"));
    expect(sent.map((s) => s.label)).toEqual(["a"]);
    expect(failed).toEqual(["b", "c"]);
    expect(pacer.queued).toBe(0);
  });

  it("halves the budget for a few windows after a pacing violation", () => {
    const { clock, pacer, sent, msg } = setup(4, 1000);
    pacer.resume();
    pacer.tighten(2);
    expect(pacer.effectiveLimit).toBe(2);
    for (let i = 0; i < 4; i++) pacer.submit(msg(`m${i}`));
    expect(sent).toHaveLength(2);
    clock.advanceTime(clock.timestampNs() + 2000n * MS);
    expect(pacer.effectiveLimit).toBe(4);
    expect(sent).toHaveLength(4);
  });

  it("a message whose send throws is failed, and the queue goes on", () => {
    const { pacer, failed, sent, msg } = setup(5);
    pacer.resume();
    pacer.submit({ label: "boom", run: () => { throw new Error("x"); }, fail: () => void failed.push("boom") });
    pacer.submit(msg("next"));
    expect(failed).toEqual(["boom"]);
    expect(sent.map((s) => s.label)).toEqual(["next"]);
  });
});
