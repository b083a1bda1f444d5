/**
 * One connection attempt to an IB Gateway: a fresh IBApi (host, port, clientId and maxReqPerSec
 * always explicit: without them @stoqey reads `.env`), TCP_NODELAY on its socket, and the
 * handshake: server version + connection time, managed accounts, next valid order id. A ready
 * session reads and writes through the node's framing (frames.ts).
 *
 * Entry point: `attemptConnect(options)` resolves with the ready session or a tagged failure:
 * `clientIdInUse` (error 326: the gateway still holds a session with this id), `refused` (socket
 * error, closed before ready, or handshake timeout). It never throws and never leaves an IBApi
 * behind: a failed attempt disconnects and detaches its API.
 */
import { EventName, IBApi } from "@stoqey/ib";
import type { Logger } from "../../../common/logger.js";
import { IB_CODES } from "./codes.js";
import { installFraming } from "./frames.js";
import { destroySocket, setNoDelay } from "./socket.js";
import type { ClockTimers } from "./timers.js";

/** @stoqey's own throttle, set far above the node's pacer so it never holds a message. */
export const STOQEY_MAX_REQ_PER_SEC = 10_000;

export interface Session {
  readonly api: IBApi;
  readonly serverVersion: number;
  readonly connectionTime: string;
  readonly accounts: readonly string[];
  readonly nextValidId: number;
  readonly noDelay: boolean;
  /** The node's framing is in place (false: @stoqey's own, slower, on unexpected internals). */
  readonly framing: boolean;
}

export type AttemptResult =
  | { readonly ok: true; readonly session: Session }
  | { readonly ok: false; readonly kind: "clientIdInUse" | "refused"; readonly reason: string };

export interface AttemptOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly timeoutMs: number;
  readonly timers: ClockTimers;
  readonly logger: Logger;
  /** Called with the fresh API before it connects, so event listeners see the bootstrap messages. */
  readonly prepare: (api: IBApi) => void;
}

export function attemptConnect(o: AttemptOptions): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const api = new IBApi({ host: o.host, port: o.port, clientId: o.clientId, maxReqPerSec: STOQEY_MAX_REQ_PER_SEC });
    let serverVersion = 0;
    let connectionTime = "";
    let accounts: string[] | undefined;
    let nextValidId: number | undefined;
    let clientIdInUse = false;
    let lastError = "";
    let settled = false;
    let noDelay = false;

    const finish = (result: AttemptResult): void => {
      if (settled) return;
      settled = true;
      cancelTimeout();
      api.off(EventName.server, onServer).off(EventName.managedAccounts, onAccounts).off(EventName.nextValidId, onNextId);
      api.off(EventName.info, onInfo).off(EventName.error, onError).off(EventName.disconnected, onDisconnected);
      if (!result.ok) {
        api.removeAllListeners();
        api.on(EventName.error, () => undefined); // a late socket error must not throw
        if (api.isConnected) api.disconnect();
        else destroySocket(api);
      }
      resolve(result);
    };
    const maybeReady = (): void => {
      if (accounts === undefined || nextValidId === undefined || serverVersion === 0) return;
      const framing = installFraming(api);
      if (!framing) o.logger.warn("@stoqey/ib internals differ from the expected version; messages go through its own (slower) framing");
      finish({ ok: true, session: { api, serverVersion, connectionTime, accounts, nextValidId, noDelay, framing } });
    };
    const onServer = (version: number, time: string): void => {
      serverVersion = version;
      connectionTime = time;
      maybeReady();
    };
    const onAccounts = (list: string): void => {
      accounts = list.split(",").map((a) => a.trim()).filter((a) => a.length > 0);
      maybeReady();
    };
    const onNextId = (id: number): void => {
      nextValidId = id;
      maybeReady();
    };
    const onInfo = (message: string, code: number): void => {
      if (code === IB_CODES.CLIENT_ID_IN_USE) {
        clientIdInUse = true;
        lastError = message;
      }
    };
    const onError = (err: Error, code: number): void => {
      lastError = `${code}: ${err.message}`;
      if (code === IB_CODES.UNSUPPORTED_VERSION) finish({ ok: false, kind: "refused", reason: lastError });
    };
    const onDisconnected = (): void => {
      finish(clientIdInUse
        ? { ok: false, kind: "clientIdInUse", reason: lastError }
        : { ok: false, kind: "refused", reason: lastError || "the gateway closed the connection during the handshake" });
    };
    const cancelTimeout = o.timers.after(o.timeoutMs, () => {
      finish({ ok: false, kind: clientIdInUse ? "clientIdInUse" : "refused", reason: lastError || `no handshake within ${o.timeoutMs} ms` });
    });

    api.on(EventName.server, onServer).on(EventName.managedAccounts, onAccounts).on(EventName.nextValidId, onNextId);
    api.on(EventName.info, onInfo).on(EventName.error, onError).on(EventName.disconnected, onDisconnected);
    o.prepare(api);
    api.connect();
    noDelay = setNoDelay(api);
    if (!noDelay) o.logger.warn({}, "could not set TCP_NODELAY on the @stoqey/ib socket; orders may wait for delayed ACKs");
  });
}
