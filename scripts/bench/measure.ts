/**
 * Measurement helpers shared by the `*.bench.ts` files (not a bench itself: run.ts only loads
 * files ending in `.bench.ts`).
 *
 * Entry points: `sideBySide(contenders, options)` times several implementations of the same
 * operation in interleaved rounds (round-robin, so machine noise hits all of them alike) after a
 * warm-up, and reports each one's median, min and max operations per second; `ratio(a, b)`.
 *
 * Invariant: a contender is `(n) => void` and performs n operations itself, so the harness' own
 * call costs nothing per operation.
 */

export type Contender = (n: number) => void;

export interface MeasureOptions {
  /** Operations per timed round. */
  readonly opsPerRound: number;
  /** Timed rounds per contender (the median is reported). Default 7. */
  readonly rounds?: number;
  /** Untimed rounds per contender first (JIT warm-up). Default 3. */
  readonly warmupRounds?: number;
}

export interface RateFigures {
  /** Median operations per second over the rounds. */
  readonly opsPerSec: number;
  readonly minOpsPerSec: number;
  readonly maxOpsPerSec: number;
  readonly rounds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function timeRound(run: Contender, ops: number): number {
  const t0 = process.hrtime.bigint();
  run(ops);
  const ns = Number(process.hrtime.bigint() - t0);
  return (ops * 1e9) / Math.max(ns, 1);
}

export function sideBySide<K extends string>(contenders: Record<K, Contender>, options: MeasureOptions): Record<K, RateFigures> {
  const names = Object.keys(contenders) as K[];
  const rounds = options.rounds ?? 7;
  const warmup = options.warmupRounds ?? 3;
  for (let w = 0; w < warmup; w++) for (const name of names) contenders[name](options.opsPerRound);
  const rates = new Map<K, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    // rotate the starting contender each round so none always runs first (GC, turbo boost)
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length] as K;
      rates.get(name)?.push(timeRound(contenders[name], options.opsPerRound));
    }
  }
  const out = {} as Record<K, RateFigures>;
  for (const name of names) {
    const xs = rates.get(name) ?? [];
    out[name] = { opsPerSec: Math.round(median(xs)), minOpsPerSec: Math.round(Math.min(...xs)), maxOpsPerSec: Math.round(Math.max(...xs)), rounds: xs.length };
  }
  return out;
}

/** a / b rounded to 3 decimals. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 1000) / 1000;
}
