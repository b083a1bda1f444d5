/**
 * How actors and strategies call user code: every handler call is timed by the node's `measure`
 * hook (its EventLoopMonitor; default: a plain call) and isolated by a try/catch. A handler that
 * throws is logged as a CortanaError CORTANA_E_STRATEGY_HANDLER naming the component, the handler
 * and the event, counted, and swallowed: the node keeps running and nothing else is lost (the
 * event was already applied to the cache before any handler saw it).
 *
 * Entry points: `MeasureFn`, `ExecutorLike` (the node's worker pool, typed structurally so this
 * layer never imports src/live), `HandlerGuard.call(handler, event, fn)`, `describeEvent`.
 */
import { CortanaError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";

/** Times `fn` for `component` (the node passes its EventLoopMonitor.measure). */
export type MeasureFn = <T>(component: string, fn: () => T) => T;

/** Default measure: just call. */
export const directMeasure: MeasureFn = (_component, fn) => fn();

/** The node's executor (src/live/executor.ts `Executor`), structurally. */
export interface ExecutorLike {
  run<T>(task: { module: string | URL; name?: string }, arg: unknown, topic?: string): Promise<T>;
}

/** A short, loggable description of an event or data item (no bigint, no deep objects). */
export function describeEvent(event: unknown): string {
  if (event === null || event === undefined) return String(event);
  if (typeof event !== "object") return String(event);
  const e = event as Record<string, unknown>;
  const ctor = (event as { constructor?: { name?: string } }).constructor?.name;
  const kind = typeof e.type === "string" ? e.type : ctor !== undefined && ctor !== "Object" ? ctor : "data";
  const id = e.clientOrderId ?? e.positionId ?? e.instrumentId ?? e.barType ?? e.id ?? e.name;
  return id === undefined ? kind : `${kind}(${String(id)})`;
}

export class HandlerGuard {
  /** How many handler calls threw (each was logged). */
  errors = 0;

  constructor(
    private readonly component: () => string,
    private readonly log: () => Logger,
    private readonly measure: () => MeasureFn,
  ) {}

  /** Calls `fn` through measure; a throw is logged with CORTANA_E_STRATEGY_HANDLER and swallowed. Returns whether it succeeded. */
  call(handler: string, event: unknown, fn: () => void): boolean {
    const component = this.component();
    try {
      this.measure()(component, fn);
      return true;
    } catch (cause) {
      this.report(component, handler, event, cause);
      return false;
    }
  }

  report(component: string, handler: string, event: unknown, cause: unknown): void {
    this.errors++;
    const what = describeEvent(event);
    const reason = cause instanceof Error ? cause.message : String(cause);
    const err = new CortanaError("CORTANA_E_STRATEGY_HANDLER", `${component}.${handler} threw on ${what}: ${reason}`, { cause });
    try {
      this.log().error({ err, code: err.code, component, handler, event: what }, err.message);
    } catch {
      // A broken logger must not turn a handler error into a crash.
    }
  }
}
