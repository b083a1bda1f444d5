/**
 * The bookkeeping shared by LiveClock and TestClock: one `ScheduledTimer` record per named timer
 * or alert, its validation and how it steps to its next tick. No time is read here: callers pass
 * `nowNs` from their own clock.
 *
 * Invariants: `nextTimeNs` is the time of the next tick; a timer past its `stopTimeNs` is expired
 * (`stepTimer` returns false) and must be removed by the owner.
 */
import { assertNever } from "./errors.js";
import type { AlertOptions, TimeEventCallback, TimerOptions } from "./clock.js";

export type ScheduleKind = "timer" | "alert";

export interface ScheduledTimer {
  readonly name: string;
  readonly kind: ScheduleKind;
  /** 0n for an alert. */
  readonly intervalNs: bigint;
  readonly stopTimeNs: bigint | undefined;
  readonly callback: TimeEventCallback;
  readonly keepAlive: boolean;
  /** Creation order: breaks ties between timers due at the same instant (first set fires first). */
  readonly seq: number;
  nextTimeNs: bigint;
}

function checkName(name: string): void {
  if (typeof name !== "string" || name.trim() === "") throw new Error(`timer name must be a non-empty string, got ${JSON.stringify(name)}`);
}

function checkCallback(callback: TimeEventCallback): void {
  if (typeof callback !== "function") throw new Error("timer callback must be a function");
}

export function makeTimer(
  name: string,
  intervalNs: bigint,
  callback: TimeEventCallback,
  options: TimerOptions | undefined,
  nowNs: bigint,
  seq: number,
): ScheduledTimer {
  checkName(name);
  checkCallback(callback);
  if (typeof intervalNs !== "bigint" || intervalNs <= 0n) throw new Error(`timer ${name}: intervalNs must be a bigint > 0, got ${String(intervalNs)}`);
  const start = options?.startTimeNs ?? nowNs;
  const first = options?.fireImmediately === true ? start : start + intervalNs;
  const stop = options?.stopTimeNs;
  if (stop !== undefined && stop < first) throw new Error(`timer ${name}: stopTimeNs ${stop} is before the first tick ${first}`);
  return { name, kind: "timer", intervalNs, stopTimeNs: stop, callback, keepAlive: options?.keepAlive ?? true, seq, nextTimeNs: first };
}

export function makeAlert(
  name: string,
  alertTimeNs: bigint,
  callback: TimeEventCallback,
  options: AlertOptions | undefined,
  nowNs: bigint,
  seq: number,
): ScheduledTimer {
  checkName(name);
  checkCallback(callback);
  if (typeof alertTimeNs !== "bigint") throw new Error(`alert ${name}: alertTimeNs must be a bigint`);
  // An alert in the past fires as soon as possible, stamped now (Nautilus allow_past=True).
  const at = alertTimeNs < nowNs ? nowNs : alertTimeNs;
  return { name, kind: "alert", intervalNs: 0n, stopTimeNs: undefined, callback, keepAlive: options?.keepAlive ?? true, seq, nextTimeNs: at };
}

/** Moves the record past the tick that just fired. Returns false when it has no tick left. */
export function stepTimer(timer: ScheduledTimer): boolean {
  switch (timer.kind) {
    case "alert":
      return false;
    case "timer": {
      const next = timer.nextTimeNs + timer.intervalNs;
      if (timer.stopTimeNs !== undefined && next > timer.stopTimeNs) return false;
      timer.nextTimeNs = next;
      return true;
    }
    default:
      return assertNever(timer.kind, "schedule kind");
  }
}
