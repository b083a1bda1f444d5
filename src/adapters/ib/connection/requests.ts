/**
 * Request/response over an IBConnection: send one paced request, gather its answer events until
 * the end marker, and settle exactly once.
 *
 * Entry points: `ibRequest(conn, spec)` and `serially(conn, key, fn)` (requests whose answers
 * carry no request id, e.g. reqAllOpenOrders, reqPositions, must not overlap).
 *
 * Invariants: a request that cannot complete REJECTS (never resolves with a partial or empty
 * answer): CORTANA_E_IB_DISCONNECTED when there is no session, the session is lost, the
 * connection is closed, or no end marker came within `timeoutMs`; the spec's `onError` decides about an error naming its reqId.
 * Listeners and timers are removed when it settles.
 */
import { EventName, type IBApi } from "@stoqey/ib";
import { CortanaError } from "../../../common/errors.js";
import { isWarningCode } from "./codes.js";
import type { AnyHandler, IBConnection } from "./connection.js";
import { ClockTimers } from "./timers.js";

export interface RequestSpec<T> {
  readonly label: string;
  readonly timeoutMs: number;
  /** Writes the request; `reqId` is a fresh request id (ignored by id-less requests). */
  readonly send: (api: IBApi, reqId: number) => void;
  /** Answer handlers: return true from one to complete the request. */
  readonly on: ReadonlyArray<readonly [EventName, (reqId: number, ...args: never[]) => boolean | void]>;
  /** The result once complete. */
  readonly result: () => T;
  /** An error event for this reqId: an Error rejects; undefined ignores it (default: reject unless a warning code). */
  readonly onError?: (code: number, message: string) => Error | undefined;
  /** Called after settling either way (e.g. to cancel a streaming subscription). */
  readonly cleanup?: (api: IBApi | undefined) => void;
}


export function ibRequest<T>(conn: IBConnection, spec: RequestSpec<T>, timers: ClockTimers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const reqId = conn.nextRequestId();
    const offs: (() => void)[] = [];
    let settled = false;
    let usedApi: IBApi | undefined;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      for (const off of offs) off();
      cancelTimer();
      try {
        spec.cleanup?.(conn.hasSession ? usedApi : undefined);
      } catch {
        // best effort: the answer is already decided
      }
      if (error !== undefined) reject(error);
      else {
        try {
          resolve(spec.result());
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    };
    const cancelTimer = timers.after(spec.timeoutMs, () =>
      settle(new CortanaError("CORTANA_E_IB_DISCONNECTED", `${spec.label}: no complete answer from the IB gateway within ${spec.timeoutMs} ms; the answer is unknown`)));
    for (const [event, handler] of spec.on) {
      const h: AnyHandler = (...args: unknown[]) => {
        if (!settled && (handler as (reqId: number, ...a: unknown[]) => boolean | void)(reqId, ...args) === true) settle(undefined);
      };
      offs.push(conn.on(event, h));
    }
    offs.push(conn.on(EventName.error, ((err: Error, code: number, id: number) => {
      if (id !== reqId || settled) return;
      const e = spec.onError ? spec.onError(code, err.message) : isWarningCode(code) ? undefined : new CortanaError("CORTANA_E_IB_DISCONNECTED", `${spec.label}: IB error ${code}: ${err.message}`);
      if (e !== undefined) settle(e);
    }) as AnyHandler));
    offs.push(conn.addListener({
      disconnected: (reason) => settle(conn.disconnectedError(`${spec.label} (${reason})`)),
      closed: () => settle(conn.disconnectedError(`${spec.label} (connection closed)`)),
    }));
    try {
      conn.send(spec.label, (api) => {
        usedApi = api;
        spec.send(api, reqId);
      }, (err) => settle(err));
    } catch (err) {
      settle(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

const chains = new WeakMap<IBConnection, Map<string, Promise<unknown>>>();

/** Runs `fn` after every earlier `serially` call with the same key on this connection. */
export function serially<T>(conn: IBConnection, key: string, fn: () => Promise<T>): Promise<T> {
  let map = chains.get(conn);
  if (map === undefined) chains.set(conn, (map = new Map()));
  const prev = map.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  map.set(key, next);
  return next;
}

