import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isMatching } from "../../src/common/topic.js";
import { TestClock } from "../../src/common/clock.js";
import { isCortanaError } from "../../src/common/errors.js";
import { memoryLogger } from "../../src/common/logger.js";
import { MessageBus, type RequestEnvelope } from "../../src/common/msgbus.js";
import { sequentialUuids } from "../../src/common/uuid.js";

function makeBus() {
  const logger = memoryLogger();
  const clock = new TestClock(1_000_000_000n);
  const bus = new MessageBus({ logger, clock, uuid: sequentialUuids(), defaultRequestTimeoutMs: 5_000 });
  return { bus, logger, clock };
}

describe("MessageBus pub/sub", () => {
  it("delivers to exact and wildcard subscribers, not to others", () => {
    const { bus } = makeBus();
    const got: string[] = [];
    bus.subscribe("events.order.S-1", (m: string) => got.push(`exact:${m}`));
    bus.subscribe("events.order.*", (m: string) => got.push(`wild:${m}`));
    bus.subscribe("events.position.*", (m: string) => got.push(`pos:${m}`));
    bus.publish("events.order.S-1", "a");
    bus.publish("events.order.S-2", "b");
    bus.publish("data.quotes.SMART.AAPL", "c");
    expect(got).toEqual(["exact:a", "wild:a", "wild:b"]);
    expect(bus.pubCount).toBe(3);
  });

  it("dispatches higher priority first, then in subscription order", () => {
    const { bus } = makeBus();
    const got: string[] = [];
    bus.subscribe("t.*", () => got.push("w0"));
    bus.subscribe("t.x", () => got.push("x0"));
    bus.subscribe("t.x", () => got.push("x10"), 10);
    bus.subscribe("t.?", () => got.push("q5"), 5);
    bus.subscribe("t.x", () => got.push("xneg"), -1);
    bus.subscribe("*", () => got.push("all10"), 10);
    bus.publish("t.x", 1);
    expect(got).toEqual(["x10", "all10", "q5", "w0", "x0", "xneg"]);
    expect(bus.subscriptions("t.x").map((s) => s.priority)).toEqual([10, 10, 5, 0, 0, -1]);
  });

  it("ignores a duplicate (pattern, handler) subscription and warns", () => {
    const { bus, logger } = makeBus();
    let n = 0;
    const h = () => n++;
    expect(bus.subscribe("a", h)).toBe(true);
    expect(bus.subscribe("a", h, 5)).toBe(false);
    bus.publish("a", null);
    expect(n).toBe(1);
    expect(logger.records.some((r) => r.level === "warn" && r.msg === "already subscribed")).toBe(true);
  });

  it("invalidates cached topics on subscribe and unsubscribe", () => {
    const { bus } = makeBus();
    const got: string[] = [];
    const a = (m: string) => got.push(`a${m}`);
    const b = (m: string) => got.push(`b${m}`);
    bus.publish("x.1", "0"); // caches an empty list for x.1
    expect(bus.hasSubscribers("x.1")).toBe(false);
    bus.subscribe("x.*", a);
    bus.publish("x.1", "1");
    bus.subscribe("x.1", b, 1);
    bus.publish("x.1", "2");
    expect(bus.unsubscribe("x.*", a)).toBe(true);
    bus.publish("x.1", "3");
    expect(bus.unsubscribe("x.*", a)).toBe(false);
    bus.unsubscribe("x.1", b);
    bus.publish("x.1", "4");
    expect(got).toEqual(["a1", "b2", "a2", "b3"]);
    expect(bus.hasSubscribers("x.1")).toBe(false);
  });

  it("a subscription change during dispatch does not disturb the dispatch in progress", () => {
    const { bus } = makeBus();
    const got: string[] = [];
    const second = () => got.push("second");
    const late = () => got.push("late");
    bus.subscribe("t", () => {
      got.push("first");
      bus.unsubscribe("t", second);
      bus.subscribe("t", late);
    }, 1);
    bus.subscribe("t", second);
    bus.publish("t", 1);
    expect(got).toEqual(["first", "second"]);
    got.length = 0;
    bus.publish("t", 2);
    expect(got).toEqual(["first", "late"]);
  });

  it("isolates a throwing handler: logged with topic and handler, the others still run", () => {
    const { bus, logger } = makeBus();
    const got: number[] = [];
    bus.subscribe("events.order.*", (m: number) => got.push(m), 2);
    bus.subscribe("events.order.*", function explodingHandler() {
      throw new Error("boom");
    }, 1);
    bus.subscribe("events.order.*", (m: number) => got.push(m * 10), 0);
    expect(() => bus.publish("events.order.S-1", 7)).not.toThrow();
    bus.publish("events.order.S-1", 8);
    expect(got).toEqual([7, 70, 8, 80]);
    expect(bus.handlerErrors).toBe(2);
    const err = logger.records.find((r) => r.level === "error");
    expect(err).toMatchObject({ topic: "events.order.S-1", handler: "explodingHandler" });
    expect((err?.err as Error).message).toBe("boom");
  });

  it("a throwing logger does not break dispatch either", () => {
    const throwing = { ...memoryLogger(), error: () => { throw new Error("logger down"); } };
    const bus = new MessageBus({ logger: throwing, clock: new TestClock() });
    const got: number[] = [];
    bus.subscribe("t", () => { throw new Error("x"); }, 1);
    bus.subscribe("t", (m: number) => got.push(m));
    bus.publish("t", 1);
    expect(got).toEqual([1]);
  });

  it("rejects bad arguments to subscribe", () => {
    const { bus } = makeBus();
    expect(() => bus.subscribe("", () => {})).toThrow();
    expect(() => bus.subscribe("a", 1 as unknown as () => void)).toThrow();
    expect(() => bus.subscribe("a", () => {}, Number.NaN)).toThrow();
  });

  it("lists patterns and subscriptions", () => {
    const { bus } = makeBus();
    const h = () => {};
    bus.subscribe("b.*", h);
    bus.subscribe("a", h);
    bus.subscribe("a", () => {}, 3);
    expect(bus.topics()).toEqual(["a", "b.*"]);
    expect(bus.isSubscribed("b.*", h)).toBe(true);
    expect(bus.isSubscribed("b.x", h)).toBe(false);
    expect(bus.subscriptions()).toHaveLength(3);
    expect(bus.subscriptions("b.q").map((s) => s.pattern)).toEqual(["b.*"]);
  });
});

describe("MessageBus cache", () => {
  it("property: the cached dispatch equals a naive uncached model under any subscribe/unsubscribe/publish sequence", () => {
    const patterns = ["a.b", "a.c", "a.*", "*.b", "a.?", "*", "b.*", "a.b.c", "a.*.c"];
    const topics = ["a.b", "a.c", "b.b", "a.b.c", "a.x.c", "c"];
    const op = fc.oneof(
      fc.record({ kind: fc.constant("sub" as const), p: fc.integer({ min: 0, max: 8 }), h: fc.integer({ min: 0, max: 3 }), prio: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ kind: fc.constant("unsub" as const), p: fc.integer({ min: 0, max: 8 }), h: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant("pub" as const), t: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { bus } = makeBus();
        const got: string[] = [];
        const handlers = [0, 1, 2, 3].map((h) => (m: string) => got.push(`${h}:${m}`));
        let model: { p: string; h: number; prio: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === "sub") {
            const p = patterns[o.p] as string;
            bus.subscribe(p, handlers[o.h] as (m: string) => void, o.prio);
            if (!model.some((m) => m.p === p && m.h === o.h)) model.push({ p, h: o.h, prio: o.prio, seq: seq++ });
          } else if (o.kind === "unsub") {
            const p = patterns[o.p] as string;
            bus.unsubscribe(p, handlers[o.h] as (m: string) => void);
            model = model.filter((m) => !(m.p === p && m.h === o.h));
          } else {
            const t = topics[o.t] as string;
            got.length = 0;
            bus.publish(t, t);
            const expected = model
              .filter((m) => isMatching(t, m.p))
              .sort((a, b) => b.prio - a.prio || a.seq - b.seq)
              .map((m) => `${m.h}:${t}`);
            if (JSON.stringify(got) !== JSON.stringify(expected)) return false;
          }
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});

describe("MessageBus endpoints", () => {
  it("sends to the registered endpoint", () => {
    const { bus } = makeBus();
    const got: unknown[] = [];
    bus.register("ExecEngine.execute", (m) => got.push(m));
    expect(bus.send("ExecEngine.execute", { cmd: 1 })).toBe(true);
    expect(got).toEqual([{ cmd: 1 }]);
    expect(bus.sentCount).toBe(1);
    expect(bus.endpoints()).toEqual(["ExecEngine.execute"]);
  });

  it("sending to a missing endpoint logs an error and returns false", () => {
    const { bus, logger } = makeBus();
    expect(bus.send("Nope.execute", 1)).toBe(false);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: "error", endpoint: "Nope.execute" }));
  });

  it("refuses a second registration, deregisters only the matching handler", () => {
    const { bus } = makeBus();
    const h = () => {};
    bus.register("E", h);
    expect(() => bus.register("E", () => {})).toThrow(/already registered/);
    expect(bus.deregister("E", () => {})).toBe(false);
    expect(bus.isRegistered("E")).toBe(true);
    expect(bus.deregister("E", h)).toBe(true);
    expect(bus.isRegistered("E")).toBe(false);
    expect(bus.deregister("E")).toBe(false);
    bus.register("E", h);
    expect(bus.deregister("E")).toBe(true);
  });

  it("a throwing endpoint handler is logged with the endpoint; send returns false", () => {
    const { bus, logger } = makeBus();
    bus.register("E", function badEndpoint() {
      throw new Error("bad");
    });
    expect(bus.send("E", 1)).toBe(false);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: "error", endpoint: "E", handler: "badEndpoint" }));
  });
});

describe("MessageBus request/response", () => {
  it("correlates a response with its request id (UUID from the injected factory)", async () => {
    const { bus, clock } = makeBus();
    const seen: RequestEnvelope<{ q: string }>[] = [];
    bus.register("DataEngine.request", (env: RequestEnvelope<{ q: string }>) => {
      seen.push(env);
      // answer asynchronously, out of order with a second request
      queueMicrotask(() => bus.respond(env.requestId, `answer:${env.payload.q}`));
    });
    const p1 = bus.request<string>("DataEngine.request", { q: "one" });
    const p2 = bus.request<string>("DataEngine.request", { q: "two" });
    expect(seen.map((e) => e.requestId)).toEqual(["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"]);
    expect(bus.pendingRequestCount()).toBe(2);
    expect(clock.timerCount()).toBe(2);
    await expect(p2).resolves.toBe("answer:two");
    await expect(p1).resolves.toBe("answer:one");
    expect(bus.pendingRequestCount()).toBe(0);
    expect(clock.timerCount()).toBe(0); // timeouts cancelled
    expect(bus.reqCount).toBe(2);
    expect(bus.resCount).toBe(2);
  });

  it("times out on the injected clock with CORTANA_E_REQUEST_FAILED; a late response is ignored", async () => {
    const { bus, clock, logger } = makeBus();
    let id = "";
    bus.register("Slow", (env: RequestEnvelope) => {
      id = env.requestId;
    });
    const p = bus.request("Slow", null, { timeoutMs: 250 });
    let settled = false;
    void p.catch(() => {}).finally(() => (settled = true));
    clock.advanceTimeBy(249_999_999n);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advanceTimeBy(1n);
    const err = await p.catch((e: unknown) => e);
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_REQUEST_FAILED");
    expect((err as Error).message).toMatch(/within 250 ms/);
    expect(bus.respond(id, "late")).toBe(false);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: "warn", correlationId: id }));
  });

  it("rejects at once when the endpoint is missing or throws", async () => {
    const { bus, clock } = makeBus();
    await expect(bus.request("Missing", 1)).rejects.toMatchObject({ code: "CORTANA_E_REQUEST_FAILED" });
    bus.register("Throws", () => {
      throw new Error("nope");
    });
    await expect(bus.request("Throws", 1)).rejects.toMatchObject({ code: "CORTANA_E_REQUEST_FAILED" });
    expect(bus.pendingRequestCount()).toBe(0);
    expect(clock.timerCount()).toBe(0);
  });

  it("respondError rejects the request; an explicit request id is used and must be unique", async () => {
    const { bus } = makeBus();
    bus.register("E", () => {});
    const p = bus.request("E", 1, { requestId: "req-1" });
    await expect(bus.request("E", 2, { requestId: "req-1" })).rejects.toThrow(/already pending/);
    expect(bus.respondError("req-1", new Error("venue said no"))).toBe(true);
    await expect(p).rejects.toThrow("venue said no");
    expect(bus.respondError("req-1", new Error("again"))).toBe(false);
  });

  it("dispose rejects pending requests and clears everything", async () => {
    const { bus, clock } = makeBus();
    bus.register("E", () => {});
    bus.subscribe("t", () => {});
    const p = bus.request("E", 1);
    bus.dispose();
    await expect(p).rejects.toMatchObject({ code: "CORTANA_E_REQUEST_FAILED" });
    expect(bus.isRegistered("E")).toBe(false);
    expect(bus.hasSubscribers("t")).toBe(false);
    expect(clock.timerCount()).toBe(0);
  });
});

describe("tap", () => {
  it("sees every published message with its topic, after the subscribers; a throwing tap is isolated", () => {
    const logger = memoryLogger();
    const bus = new MessageBus({ logger, clock: new TestClock() });
    const seen: string[] = [];
    bus.subscribe("data.*", () => seen.push("subscriber"));
    const untapBad = bus.tap(() => {
      throw new Error("bad tap");
    });
    const untap = bus.tap((topic, message) => seen.push(`${topic}:${String(message)}`));
    bus.publish("data.quotes", 1);
    bus.publish("events.x", 2);
    untap();
    untapBad();
    bus.publish("data.quotes", 3);
    expect(seen).toEqual(["subscriber", "data.quotes:1", "events.x:2", "subscriber"]);
    expect(logger.records.filter((r) => r.level === "error")).toHaveLength(2);
  });
});
