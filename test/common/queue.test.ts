import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TestClock } from "../../src/common/clock.js";
import { memoryLogger } from "../../src/common/logger.js";
import { EngineQueue, type EngineQueueOptions } from "../../src/common/queue.js";

/** A queue whose batches run only when the test calls `step()`: fully deterministic. */
function manualQueue<T>(over: Partial<EngineQueueOptions<T>> = {}) {
  const runs: (() => void)[] = [];
  const handled: T[] = [];
  const logger = memoryLogger();
  const clock = new TestClock(0n);
  const shutdowns: string[] = [];
  const exits: number[] = [];
  const queue = new EngineQueue<T>({
    name: "Test.evt",
    capacity: 4,
    handler: (item) => handled.push(item),
    logger,
    clock,
    gracefulShutdownOnException: false,
    shutdownSystem: (reason) => shutdowns.push(reason),
    exit: (code) => exits.push(code),
    batchSize: 3,
    schedule: (run) => runs.push(run),
    ...over,
  });
  const step = (): boolean => {
    const run = runs.shift();
    run?.();
    return run !== undefined;
  };
  const stepAll = () => {
    while (step());
  };
  return { queue, runs, handled, logger, clock, shutdowns, exits, step, stepAll };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe("EngineQueue below capacity", () => {
  it("admits at once, handles later, in order, in batches", () => {
    const q = manualQueue<number>();
    q.queue.start();
    for (let i = 0; i < 4; i++) expect(q.queue.enqueue(i)).toBeUndefined();
    expect(q.handled).toEqual([]); // never inside enqueue
    expect(q.queue.size).toBe(4);
    expect(q.runs).toHaveLength(1); // one batch scheduled, not one per item
    q.step();
    expect(q.handled).toEqual([0, 1, 2]);
    q.step();
    expect(q.handled).toEqual([0, 1, 2, 3]);
    expect(q.queue.size).toBe(0);
    expect(q.runs).toHaveLength(0);
    expect(q.queue.processedCount).toBe(4);
  });

  it("keeps items until started", () => {
    const q = manualQueue<number>();
    q.queue.enqueue(1);
    q.queue.enqueue(2);
    expect(q.runs).toHaveLength(0);
    q.queue.start();
    q.stepAll();
    expect(q.handled).toEqual([1, 2]);
  });

  it("rejects null and undefined (Nautilus' sentinel rule) and bad options", () => {
    const q = manualQueue<number | null>();
    expect(() => q.queue.enqueue(null)).toThrow();
    expect(() => manualQueue({ capacity: 0 })).toThrow(/capacity/);
    expect(() => manualQueue({ batchSize: 0 })).toThrow(/batchSize/);
  });
});

describe("EngineQueue backpressure", () => {
  it("parks items above capacity, returns a promise resolved on admission, and drops nothing", async () => {
    const q = manualQueue<number>({ capacity: 2, batchSize: 1 });
    q.queue.start();
    expect(q.queue.enqueue(0)).toBeUndefined();
    expect(q.queue.enqueue(1)).toBeUndefined();
    const admitted: number[] = [];
    const p2 = q.queue.enqueue(2);
    const p3 = q.queue.enqueue(3);
    expect(p2).toBeInstanceOf(Promise);
    void p2?.then(() => admitted.push(2));
    void p3?.then(() => admitted.push(3));
    expect(q.queue.size).toBe(4);
    expect(q.queue.parkedCount).toBe(2);
    // even when space frees, a new item goes behind the parked ones (order kept)
    q.step();
    await flush();
    expect(admitted).toEqual([2]);
    expect(q.queue.enqueue(4)).toBeInstanceOf(Promise);
    q.stepAll();
    await flush();
    expect(admitted).toEqual([2, 3]);
    expect(q.handled).toEqual([0, 1, 2, 3, 4]);
    expect(q.queue.parkedCount).toBe(0);
  });

  it("warns at most once a second, counting suppressed warnings", () => {
    const q = manualQueue<number>({ capacity: 1 });
    q.queue.enqueue(0);
    for (let i = 1; i <= 5; i++) q.queue.enqueue(i);
    const warns = () => q.logger.records.filter((r) => r.level === "warn");
    expect(warns()).toHaveLength(1);
    expect(warns()[0]).toMatchObject({ queue: "Test.evt", capacity: 1, parked: 1, suppressed: 0 });
    q.clock.advanceTimeBy(999_999_999n);
    q.queue.enqueue(6);
    expect(warns()).toHaveLength(1);
    q.clock.advanceTimeBy(1n);
    q.queue.enqueue(7);
    expect(warns()).toHaveLength(2);
    expect(warns()[1]).toMatchObject({ parked: 7, suppressed: 5 });
  });

  it("property: under any interleaving of bursts and batch runs every item is handled exactly once, in order", () => {
    const op = fc.oneof(fc.record({ burst: fc.integer({ min: 1, max: 40 }) }), fc.record({ steps: fc.integer({ min: 1, max: 5 }) }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 40 }), (capacity, batchSize, ops) => {
        const q = manualQueue<number>({ capacity, batchSize });
        q.queue.start();
        let next = 0;
        for (const o of ops) {
          if ("burst" in o) for (let i = 0; i < o.burst; i++) q.queue.enqueue(next++);
          else for (let i = 0; i < o.steps; i++) q.step();
          if (q.queue.size - q.queue.parkedCount > capacity) return false;
        }
        q.stepAll();
        return q.handled.length === next && q.handled.every((v, i) => v === i) && q.queue.size === 0;
      }),
      { numRuns: 500 },
    );
  });

  it("property: concurrent producers awaiting backpressure on the real event loop lose nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 6 }),
        async (capacity, producerSizes) => {
          const handled: string[] = [];
          const queue = new EngineQueue<string>({
            name: "Live.evt",
            capacity,
            handler: (item) => handled.push(item),
            logger: memoryLogger(),
            clock: new TestClock(0n),
            gracefulShutdownOnException: false,
            shutdownSystem: () => {},
            exit: () => {
              throw new Error("must not exit");
            },
            batchSize: 4,
          });
          queue.start();
          const producers = producerSizes.map(async (n, p) => {
            for (let i = 0; i < n; i++) await queue.enqueue(`${p}:${i}`);
          });
          await Promise.all(producers);
          await queue.drain();
          if (handled.length !== producerSizes.reduce((a, b) => a + b, 0)) return false;
          // each producer's items keep their order
          return producerSizes.every((n, p) => {
            const mine = handled.filter((h) => h.startsWith(`${p}:`));
            return mine.length === n && mine.every((h, i) => h === `${p}:${i}`);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("EngineQueue and the event loop", () => {
  it("yields between batches: other macrotasks run at least every batchSize items", async () => {
    let processed = 0;
    const queue = new EngineQueue<number>({
      name: "Flood",
      capacity: 100_000,
      handler: () => processed++,
      logger: memoryLogger(),
      clock: new TestClock(0n),
      gracefulShutdownOnException: false,
      shutdownSystem: () => {},
      exit: () => {},
      batchSize: 100,
    });
    for (let i = 0; i < 5_000; i++) queue.enqueue(i);
    queue.start();
    const samples: number[] = [];
    const sampler = async () => {
      while (processed < 5_000) {
        samples.push(processed);
        await flush();
      }
    };
    await Promise.all([sampler(), queue.drain()]);
    const gaps = samples.slice(1).map((s, i) => s - (samples[i] as number));
    expect(samples.length).toBeGreaterThan(20);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(200); // a batch, plus one possibly run in the same phase
  });
});

describe("EngineQueue handler exceptions", () => {
  it("gracefulShutdownOnException: shutdownSystem once, logged with the code, processing continues", () => {
    const good: number[] = [];
    const q = manualQueue<number>({
      gracefulShutdownOnException: true,
      handler: (n) => {
        if (n % 2 === 1) throw new Error(`bad ${n}`);
        good.push(n);
      },
    });
    q.queue.start();
    for (let i = 0; i < 6; i++) q.queue.enqueue(i);
    q.stepAll();
    expect(good).toEqual([0, 2, 4]);
    expect(q.shutdowns).toEqual(["Test.evt handler threw: bad 1"]);
    expect(q.exits).toEqual([]);
    expect(q.logger.records.filter((r) => r.level === "error" && r.code === "CORTANA_E_QUEUE_HANDLER")).toHaveLength(3);
  });

  it("without it: exit(1), nothing more is handled, drain and stop reject", async () => {
    const seen: number[] = [];
    const q = manualQueue<number>({
      handler: (n) => {
        seen.push(n);
        if (n === 1) throw new Error("fatal");
      },
    });
    q.queue.start();
    for (let i = 0; i < 4; i++) q.queue.enqueue(i);
    const drained = q.queue.drain();
    q.stepAll();
    expect(q.exits).toEqual([1]);
    expect(seen).toEqual([0, 1]);
    expect(q.shutdowns).toEqual([]);
    await expect(drained).rejects.toMatchObject({ code: "CORTANA_E_QUEUE_HANDLER" });
    await expect(q.queue.stop()).rejects.toMatchObject({ code: "CORTANA_E_QUEUE_HANDLER" });
    expect(() => q.queue.start()).toThrow(/exited/);
  });

  it("a shutdownSystem that throws is logged, not propagated", () => {
    const q = manualQueue<number>({
      gracefulShutdownOnException: true,
      handler: () => {
        throw new Error("x");
      },
      shutdownSystem: () => {
        throw new Error("bus gone");
      },
    });
    q.queue.start();
    q.queue.enqueue(1);
    expect(() => q.stepAll()).not.toThrow();
    expect(q.logger.records).toContainEqual(expect.objectContaining({ level: "error", msg: "shutdownSystem threw" }));
  });
});

describe("EngineQueue stop and drain", () => {
  it("stop handles everything left, parked included, then keeps new items for a restart", async () => {
    const handled: number[] = [];
    const queue = new EngineQueue<number>({
      name: "Stop",
      capacity: 2,
      handler: (n) => handled.push(n),
      logger: memoryLogger(),
      clock: new TestClock(0n),
      gracefulShutdownOnException: false,
      shutdownSystem: () => {},
      exit: () => {},
      batchSize: 1,
    });
    for (let i = 0; i < 6; i++) void queue.enqueue(i);
    expect(queue.parkedCount).toBe(4);
    await queue.stop(); // never started: stop still processes what is left
    expect(handled).toEqual([0, 1, 2, 3, 4, 5]);
    expect(queue.isRunning).toBe(false);
    queue.enqueue(6);
    await flush();
    expect(handled).toHaveLength(6);
    expect(queue.size).toBe(1);
    await expect(queue.drain()).rejects.toThrow(/not started/);
    queue.start();
    await queue.drain();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(queue.drain()).resolves.toBeUndefined();
  });

  it("start() during a stop() in progress keeps the queue running", async () => {
    const q = manualQueue<number>();
    q.queue.start();
    q.queue.enqueue(1);
    const stopped = q.queue.stop();
    q.queue.start();
    q.stepAll();
    await stopped;
    expect(q.queue.isRunning).toBe(true);
    q.queue.enqueue(2);
    q.stepAll();
    expect(q.handled).toEqual([1, 2]);
  });
});
