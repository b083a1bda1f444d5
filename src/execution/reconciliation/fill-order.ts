/**
 * Fill ordering shared by order resolution (orders.ts) and the partial-window adjustment
 * (window.ts): fills are applied and simulated oldest first.
 *
 * Entry point: `oldestFirst(fills)`. Venues almost always send fills in time order, so an already
 * sorted list is returned as is (one linear pass, no copy, no sort); otherwise a sorted copy
 * (stable: equal times keep their order). The input is never mutated.
 */
import type { FillReport } from "../../model/reports.js";

const byTsEvent = (a: FillReport, b: FillReport): number => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0);

export function oldestFirst(fills: readonly FillReport[]): readonly FillReport[] {
  for (let i = 1; i < fills.length; i++) {
    if ((fills[i] as FillReport).tsEvent < (fills[i - 1] as FillReport).tsEvent) return [...fills].sort(byTsEvent);
  }
  return fills;
}
