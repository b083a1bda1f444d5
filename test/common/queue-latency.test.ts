/**
 * EngineQueue on the real event loop with its default scheduling: an idle queue's first batch runs
 * in a microtask (no event-loop turn on the latency path), a backlog's later batches in
 * setImmediate, and a budget shared by every queue keeps queues that feed each other from
 * starving I/O and timers. The documented guarantees (FIFO, never drop, no re-entrancy, bounded
 * with backpressure) hold across both kinds of batch.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TestClock } from "../../src/common/clock.js";
import { memoryLogger } from "../../src/common/logger.js";
import { EngineQueue, MICROTASK_BUDGET, type EngineQueueOptions } from "../../src/common/queue.js";

const turn = () => new Promise<void>((r) => setImmediate(r));

function liveQueue<T>(handler: (item: T) => void, over: Partial<EngineQueueOptions<T>> = {}): EngineQueue<T> {
  const queue = new EngineQueue<T>({
    name: "Live.q",
    capacity: 1_000_000,
    handler,
    logger: memoryLogger(),
    clock: new TestClock(0n),
    gracefulShutdownOnException: false,
    shutdownSystem: () => {},
    exit: () => {
      throw new Error("must not exit");
    },
    ...over,
  });
  queue.start();
  return queue;
}

describe("EngineQueue default scheduling: latency", () => {
  it("an idle queue handles its first batch in a microtask, before any pending macrotask", async () => {
    await turn(); // a fresh budget
    const handled: number[] = [];
    const q = liveQueue<number>((n) => handled.push(n));
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    q.enqueue(1);
    q.enqueue(2);
    expect(handled).toEqual([]); // never inside enqueue
    await Promise.resolve();
    expect(handled).toEqual([1, 2]);
    expect(immediateRan).toBe(false);
  });

  it("a backlog's later batches wait for the next event-loop turn (I/O and timers run between)", async () => {
    await turn();
    const handled: number[] = [];
    const q = liveQueue<number>((n) => handled.push(n), { batchSize: 2 });
    for (let i = 0; i < 5; i++) q.enqueue(i);
    await Promise.resolve();
    expect(handled).toEqual([0, 1]); // the first batch, in a microtask
    await Promise.resolve();
    await Promise.resolve();
    expect(handled).toEqual([0, 1]); // the rest is not chained through microtasks
    await turn();
    expect(handled.length).toBeGreaterThan(2);
    await q.drain();
    expect(handled).toEqual([0, 1, 2, 3, 4]);
  });

  it("a queue that was drained is idle again: its next item takes the microtask path", async () => {
    await turn();
    const handled: number[] = [];
    const q = liveQueue<number>((n) => handled.push(n), { batchSize: 1 });
    for (let i = 0; i < 3; i++) q.enqueue(i);
    await q.drain();
    q.enqueue(3);
    await Promise.resolve();
    expect(handled).toEqual([0, 1, 2, 3]);
  });
});

describe("EngineQueue default scheduling: no re-entrancy", () => {
  it("an item enqueued by a handler (same queue) runs after that handler returned", async () => {
    await turn();
    let depth = 0;
    let maxDepth = 0;
    const order: number[] = [];
    const q: EngineQueue<number> = liveQueue<number>((n) => {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      order.push(n);
      if (n < 5) q.enqueue(n + 1);
      order.push(-n); // the handler's end, before the next item
      depth--;
    });
    q.enqueue(0);
    await q.drain();
    expect(maxDepth).toBe(1);
    expect(order).toEqual([0, -0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5]);
  });

  it("an item a handler hands to another idle queue runs after the handler's whole batch", async () => {
    await turn();
    const log: string[] = [];
    const b = liveQueue<string>((s) => log.push(`b:${s}`));
    const a = liveQueue<string>((s) => {
      log.push(`a:${s}`);
      b.enqueue(s);
      log.push(`a:${s}:end`);
    });
    a.enqueue("x");
    a.enqueue("y");
    await a.drain();
    await b.drain();
    expect(log).toEqual(["a:x", "a:x:end", "a:y", "a:y:end", "b:x", "b:y"]);
  });
});

describe("EngineQueue default scheduling: starvation guard", () => {
  it("two queues feeding each other from microtasks still let macrotasks run (shared budget)", async () => {
    await turn();
    const total = 6 * MICROTASK_BUDGET;
    let handled = 0;
    let atImmediate = -1;
    let b!: EngineQueue<number>;
    const a = liveQueue<number>((n) => {
      handled++;
      if (n < total) b.enqueue(n + 1);
    });
    b = liveQueue<number>((n) => {
      handled++;
      if (n < total) a.enqueue(n + 1);
    });
    setImmediate(() => (atImmediate = handled));
    a.enqueue(0);
    while (handled < total + 1) await turn();
    expect(atImmediate).toBeGreaterThan(0);
    expect(atImmediate).toBeLessThanOrEqual(MICROTASK_BUDGET + 1); // the loop got its turn once the budget was spent
    expect(handled).toBe(total + 1); // and every item was still handled
  });

  it("a timer fires while a queue keeps refilling itself, and the queue still finishes", async () => {
    await turn();
    const total = 20_000;
    let handled = 0;
    let atTimer = -1;
    const q: EngineQueue<number> = liveQueue<number>((n) => {
      handled++;
      if (n < total) q.enqueue(n + 1);
    }, { batchSize: 64 });
    const timer = new Promise<void>((r) => setTimeout(() => {
      atTimer = handled;
      r();
    }, 1));
    q.enqueue(0);
    await timer;
    expect(atTimer).toBeLessThan(total + 1);
    await q.drain();
    expect(handled).toBe(total + 1);
  });

  it("after a flood spent the budget, the next turn restores the microtask path", async () => {
    await turn();
    let handled = 0;
    const q = liveQueue<number>(() => handled++, { batchSize: MICROTASK_BUDGET });
    for (let i = 0; i < MICROTASK_BUDGET; i++) q.enqueue(i);
    await Promise.resolve();
    expect(handled).toBe(MICROTASK_BUDGET); // one microtask batch spent the whole budget
    const other: number[] = [];
    const o = liveQueue<number>((n) => other.push(n));
    o.enqueue(1);
    await Promise.resolve();
    expect(other).toEqual([]); // budget spent: this first batch waits for setImmediate
    await turn();
    expect(other).toEqual([1]);
    await turn(); // the budget reset has run
    o.enqueue(2);
    await Promise.resolve();
    expect(other).toEqual([1, 2]);
  });
});

describe("EngineQueue default scheduling: guarantees", () => {
  it("property: queues handing items to each other under backpressure handle each exactly once, in per-producer order, never above capacity", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        async (capacity, batchSize, bursts) => {
          const seenA: string[] = [];
          const seenB: string[] = [];
          let depth = 0;
          let reentered = false;
          let overCapacity = false;
          const b = liveQueue<string>((s) => {
            if (depth > 0) reentered = true;
            seenB.push(s);
          }, { capacity, batchSize });
          const a = liveQueue<string>((s) => {
            depth++;
            seenA.push(s);
            void b.enqueue(s); // may park: kept regardless
            if (b.size - b.parkedCount > capacity) overCapacity = true;
            depth--;
          }, { capacity, batchSize });
          const producers = bursts.map(async (n, p) => {
            for (let i = 0; i < n; i++) {
              await a.enqueue(`${p}:${i}`);
              if (i % 3 === 0) await Promise.resolve();
            }
          });
          await Promise.all(producers);
          await a.drain();
          await b.drain();
          const total = bursts.reduce((x, y) => x + y, 0);
          if (reentered || overCapacity || seenA.length !== total) return false;
          if (seenB.join() !== seenA.join()) return false; // FIFO across the hand-over
          return bursts.every((n, p) => {
            const mine = seenA.filter((s) => s.startsWith(`${p}:`));
            return mine.length === n && mine.every((s, i) => s === `${p}:${i}`);
          });
        },
      ),
      { numRuns: 80 },
    );
  });
});
