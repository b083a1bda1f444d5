/**
 * Indicators for the example strategies. They work on display numbers (`Price.toNumber()`):
 * an indicator is a signal, never an amount; order prices and quantities stay exact.
 *
 * Entry points: `ExponentialMovingAverage` (Nautilus' EMA: alpha = 2 / (period + 1), seeded with
 * the first input, initialized after `period` inputs), `momentumScore(closes)`.
 */

export class ExponentialMovingAverage {
  readonly alpha: number;
  private count = 0;
  private current = 0;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period <= 0) throw new Error(`EMA period must be a positive integer, got ${period}`);
    this.alpha = 2 / (period + 1);
  }

  get value(): number {
    return this.current;
  }

  get initialized(): boolean {
    return this.count >= this.period;
  }

  update(input: number): void {
    this.current = this.count === 0 ? input : this.alpha * input + (1 - this.alpha) * this.current;
    this.count += 1;
  }

  reset(): void {
    this.count = 0;
    this.current = 0;
  }
}

export interface Momentum {
  /** 0..100: 50 is flat; above 50 the closes rose. 50 + 50 * tanh(returnPct / scalePct). */
  readonly score: number;
  /** The share of up moves (BULL) or down moves (BEAR) among the steps: a crude meta-probability. */
  readonly upShare: number;
  readonly downShare: number;
}

/** Momentum of a window of closes (oldest first, at least two). */
export function momentumScore(closes: readonly number[], scalePct: number): Momentum {
  const first = closes[0];
  const last = closes[closes.length - 1];
  if (closes.length < 2 || first === undefined || last === undefined || first === 0) return { score: 50, upShare: 0, downShare: 0 };
  const returnPct = ((last - first) / first) * 100;
  let up = 0;
  let down = 0;
  for (let i = 1; i < closes.length; i++) {
    const d = (closes[i] as number) - (closes[i - 1] as number);
    if (d > 0) up++;
    else if (d < 0) down++;
  }
  const steps = closes.length - 1;
  return { score: 50 + 50 * Math.tanh(returnPct / scalePct), upShare: up / steps, downShare: down / steps };
}
