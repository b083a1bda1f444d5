/**
 * IBConnection: one IB API session per (host, port, client id), kept alive for the node's life and
 * shared by every client that names it (see registry.ts).
 *
 * Entry points: `connect()` (first session; retries with backoff until `connectTimeoutMs`),
 * `close()`, `on(EventName, handler)` (IB events across every session), `send(label, fn)` (paced
 * outgoing message), `nextOrderId()`, `nextRequestId()`, `addListener({ ready, disconnected,
 * reconnected, fatal })`.
 *
 * Invariants:
 * - Every (re)connect builds a fresh IBApi (attempt.ts) with TCP_NODELAY; the old one is detached
 *   first, so its late events never reach the node.
 * - Order ids never repeat: `nextOrderId` only grows (max of ours and each nextValidId).
 *   Request ids live in a disjoint range (from 2^30) so an error's id names one or the other.
 * - A lost session (socket closed, or the watchdog's reqCurrentTime got no answer in time) fails
 *   queued messages, notifies `disconnected`, and reconnects with capped, jittered backoff; a
 *   session back notifies `ready` then `reconnected`. No session within `reconnectDeadlineMs`:
 *   `fatal(CORTANA_E_CONNECTION_LOST)` and no more attempts. Error 326 that persists for
 *   `clientIdRetries` attempts: CORTANA_E_IB_CLIENT_ID_IN_USE (rejects connect, or fatal).
 * - 1100 / 2110 make `isReady` false and notify `disconnected`; 1101 / 1102 notify `reconnected`.
 * - `close()` notifies `closed`: requests waiting for an answer fail at once (none will come).
 * - A gateway not on UTC fails the connect (CORTANA_E_IB_GATEWAY_TIMEZONE) when it manages a live
 *   account (ids not starting with "D"), and is a warning for paper accounts.
 */
import type { EventEmitter } from "node:events";
import { EventName, type IBApi } from "@stoqey/ib";
import type { Clock } from "../../../common/clock.js";
import { CortanaError } from "../../../common/errors.js";
import type { Logger } from "../../../common/logger.js";
import { attemptConnect, type Session } from "./attempt.js";
import { Backoff } from "./backoff.js";
import { IB_CODES, connectivityChange, farmLogLevel } from "./codes.js";
import { OutboundPacer } from "./pacer.js";
import { ClockTimers, type Cancel } from "./timers.js";
import { TIMEZONE_FIX, parseConnectionTimeZone, type GatewayTimeZone } from "./timezone.js";
import { Watchdog } from "./watchdog.js";

export interface IBConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Uniform [0, 1) for backoff jitter (default Math.random). */
  readonly random?: () => number;
  /** The first session must be ready within this (default 300 s, the config's connectionTimeout). */
  readonly connectTimeoutMs?: number;
  /** One attempt's handshake deadline (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** After a loss, no session within this: fatal CORTANA_E_CONNECTION_LOST (default 15 min). */
  readonly reconnectDeadlineMs?: number;
  /** reqCurrentTime every this (default 10 s); no answer within `watchdogTimeoutMs` (default 5 s): lost. */
  readonly watchdogIntervalMs?: number;
  readonly watchdogTimeoutMs?: number;
  /** Consecutive 326 answers before giving up (default 5). */
  readonly clientIdRetries?: number;
  /** Outgoing messages per second (default 45). */
  readonly pacingLimit?: number;
}

export type ConnectionState = "idle" | "connecting" | "ready" | "reconnecting" | "closed" | "failed";
export type ReconnectCause = "reconnect" | "restoredDataLost" | "restoredDataMaintained";

export interface ConnectionListener {
  /** A session is ready (first connect or any reconnect). */
  ready?(info: { readonly initial: boolean }): void;
  /** The session or the gateway's connectivity to IB is lost; trading must pause. */
  disconnected?(reason: string): void;
  /** Back after a loss: re-subscribe market data and reconcile before trading resumes. */
  reconnected?(info: { readonly cause: ReconnectCause }): void;
  /** The connection gave up; the process should exit so its supervisor restarts it. */
  fatal?(error: CortanaError): void;
  /** `close()` was called: no answer will ever come (pending requests must fail now). */
  closed?(): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- IB events have many signatures
export type AnyHandler = (...args: any[]) => void;

export const REQUEST_ID_BASE = 1 << 30;

export class IBConnection {
  readonly key: string;
  readonly #o: IBConnectionOptions;
  readonly #log: Logger;
  readonly #timers: ClockTimers;
  readonly #pacer: OutboundPacer;
  readonly #watchdog: Watchdog;
  readonly #backoff: Backoff;
  readonly #listeners = new Set<ConnectionListener>();
  readonly #handlers = new Map<string, Set<AnyHandler>>();
  #state: ConnectionState = "idle";
  #session: Session | undefined;
  #connectivityLost = false;
  #nextOrderId = 0;
  #nextRequestId = REQUEST_ID_BASE;
  #connecting: Promise<void> | undefined;
  #retryTimer: Cancel | undefined;
  #lostAtMs = 0;
  #clientIdRefusals = 0;
  #timeZone: GatewayTimeZone | undefined;

  constructor(options: IBConnectionOptions) {
    this.#o = options;
    this.key = connectionKey(options.host, options.port, options.clientId);
    this.#log = options.logger.child({ component: `IBConnection[${this.key}]` });
    this.#timers = new ClockTimers(options.clock, `IBConnection[${this.key}]`);
    this.#pacer = new OutboundPacer({ clock: options.clock, logger: this.#log, limit: options.pacingLimit, name: `IBConnection[${this.key}]` });
    this.#watchdog = new Watchdog({
      timers: this.#timers,
      intervalMs: options.watchdogIntervalMs ?? 10_000,
      timeoutMs: options.watchdogTimeoutMs ?? 5_000,
      ping: () => this.send("reqCurrentTime (watchdog)", (api) => api.reqCurrentTime()),
      onTimeout: (ms) => this.#lost(`watchdog: no answer to reqCurrentTime within ${ms} ms (wedged session)`),
    });
    this.#backoff = new Backoff({
      initialMs: options.backoffInitialMs ?? 500,
      maxMs: options.backoffMaxMs ?? 30_000,
      random: options.random ?? Math.random,
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** A session is up and the gateway is connected to IB. */
  get isReady(): boolean {
    return this.#state === "ready" && !this.#connectivityLost;
  }

  get hasSession(): boolean {
    return this.#state === "ready";
  }

  get clientId(): number {
    return this.#o.clientId;
  }

  get accounts(): readonly string[] {
    return this.#session?.accounts ?? [];
  }

  get serverVersion(): number {
    return this.#session?.serverVersion ?? 0;
  }

  get connectionTime(): string {
    return this.#session?.connectionTime ?? "";
  }

  get timeZone(): GatewayTimeZone | undefined {
    return this.#timeZone;
  }

  get pacer(): OutboundPacer {
    return this.#pacer;
  }

  addListener(listener: ConnectionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Listens to an IB event on the current and every future session. */
  on(event: EventName, handler: AnyHandler): () => void {
    let set = this.#handlers.get(event);
    if (set === undefined) this.#handlers.set(event, (set = new Set()));
    set.add(handler);
    if (this.#session !== undefined) emitter(this.#session.api).on(event, handler);
    return () => {
      set.delete(handler);
      if (this.#session !== undefined) emitter(this.#session.api).off(event, handler);
    };
  }

  /** Queues an outgoing message (paced). Throws CORTANA_E_IB_DISCONNECTED without a session. */
  send(label: string, write: (api: IBApi) => void, fail?: (error: Error) => void): void {
    const session = this.#session;
    if (session === undefined || this.#state !== "ready") throw this.disconnectedError(label);
    this.#pacer.submit({
      label,
      run: () => {
        if (this.#session === session) write(session.api);
        else (fail ?? this.#logDropped(label))(this.disconnectedError(label));
      },
      fail: fail ?? this.#logDropped(label),
    });
  }

  disconnectedError(what: string): CortanaError {
    return new CortanaError("CORTANA_E_IB_DISCONNECTED", `${what}: not connected to the IB gateway ${this.key}; the answer is unknown`);
  }

  nextOrderId(): number {
    return this.#nextOrderId++;
  }

  nextRequestId(): number {
    return this.#nextRequestId++;
  }

  /** Connects (once; later calls share the result). Rejects with a CortanaError naming the fix. */
  connect(): Promise<void> {
    if (this.#state === "ready" || this.#state === "reconnecting") return Promise.resolve();
    if (this.#state === "closed") return Promise.reject(new CortanaError("CORTANA_E_IB_DISCONNECTED", `IB connection ${this.key} is closed`));
    this.#connecting ??= this.#firstConnect().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async close(): Promise<void> {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#retryTimer?.();
    this.#watchdog.stop();
    this.#pacer.pause();
    this.#pacer.failQueued(this.disconnectedError("closing"));
    this.#dropSession();
    this.#timers.cancelAll();
    this.#pacer.dispose();
    this.#notify((l) => l.closed?.());
    this.#log.info({}, "IB connection closed");
  }

  async #firstConnect(): Promise<void> {
    this.#state = "connecting";
    const deadline = this.#o.clock.timestampMs() + (this.#o.connectTimeoutMs ?? 300_000);
    this.#backoff.reset();
    this.#clientIdRefusals = 0;
    for (;;) {
      const outcome = await this.#tryOnce();
      if (this.#closed()) throw new CortanaError("CORTANA_E_IB_DISCONNECTED", `IB connection ${this.key} was closed while connecting`);
      if (outcome === "ready") return;
      if (outcome instanceof CortanaError) {
        this.#state = "failed";
        throw outcome;
      }
      const delay = this.#backoff.next();
      if (this.#o.clock.timestampMs() + delay >= deadline) {
        this.#state = "failed";
        throw new CortanaError("CORTANA_E_CONNECTION_TIMEOUT", `could not connect to the IB gateway at ${this.#o.host}:${this.#o.port} (client id ${this.#o.clientId}) within ${Math.round((this.#o.connectTimeoutMs ?? 300_000) / 1000)} s: ${outcome}; check the gateway is running, logged in, and its API port is ${this.#o.port}`);
      }
      this.#log.warn({ delayMs: delay, reason: outcome }, "IB connection attempt failed; retrying");
      await new Promise<void>((resolve) => (this.#retryTimer = this.#timers.after(delay, resolve)));
    }
  }

  /** One attempt: "ready", a retryable reason, or a CortanaError that must not be retried. */
  async #tryOnce(): Promise<"ready" | string | CortanaError> {
    const result = await attemptConnect({
      host: this.#o.host, port: this.#o.port, clientId: this.#o.clientId, timers: this.#timers, logger: this.#log,
      timeoutMs: this.#o.handshakeTimeoutMs ?? 10_000,
      prepare: (api) => this.#attach(api),
    });
    if (this.#closed()) {
      if (result.ok) this.#detach(result.session.api, true);
      return "closed";
    }
    if (!result.ok) {
      if (result.kind !== "clientIdInUse") return result.reason;
      this.#clientIdRefusals++;
      if (this.#clientIdRefusals < (this.#o.clientIdRetries ?? 5)) return `client id ${this.#o.clientId} in use (${this.#clientIdRefusals})`;
      return new CortanaError("CORTANA_E_IB_CLIENT_ID_IN_USE", `IB client id ${this.#o.clientId} is already in use at ${this.#o.host}:${this.#o.port} (error 326, ${this.#clientIdRefusals} attempts); give this node another ibgClientId, or close the other API session using it`);
    }
    const tzError = this.#checkTimeZone(result.session);
    if (tzError !== undefined) {
      this.#detach(result.session.api, true);
      return tzError;
    }
    this.#adopt(result.session);
    return "ready";
  }

  /** Re-reads the state after an await (TS narrows it to the value before the await). */
  #closed(): boolean {
    return (this.#state as ConnectionState) === "closed";
  }

  #checkTimeZone(session: Session): CortanaError | undefined {
    const tz = parseConnectionTimeZone(session.connectionTime);
    this.#timeZone = tz;
    if (tz.isUtc) return undefined;
    const live = session.accounts.filter((a) => !a.startsWith("D"));
    const what = `the IB gateway reports time zone "${tz.zone}" (connection time "${session.connectionTime}"), not UTC`;
    if (live.length > 0) return new CortanaError("CORTANA_E_IB_GATEWAY_TIMEZONE", `${what} for live account(s) ${live.join(", ")}: ${TIMEZONE_FIX}`);
    this.#log.warn({ zone: tz.zone }, `${what}; execution times may be misread: ${TIMEZONE_FIX}`);
    return undefined;
  }

  #adopt(session: Session): void {
    const initial = this.#session === undefined && this.#lostAtMs === 0;
    this.#session = session;
    this.#state = "ready";
    this.#connectivityLost = false;
    this.#clientIdRefusals = 0;
    this.#backoff.reset();
    this.#lostAtMs = 0;
    this.#nextOrderId = Math.max(this.#nextOrderId, session.nextValidId);
    emitter(session.api).on(EventName.disconnected, this.#onApiDisconnected);
    this.#log.info({ serverVersion: session.serverVersion, accounts: session.accounts, nextValidId: session.nextValidId, noDelay: session.noDelay, framing: session.framing }, initial ? "IB connection ready" : "IB connection re-established");
    this.#pacer.resume();
    this.#watchdog.start();
    this.#notify((l) => l.ready?.({ initial }));
    if (!initial) this.#notify((l) => l.reconnected?.({ cause: "reconnect" }));
  }

  /** Before connect, so the bootstrap messages (farm codes, open orders) reach every listener. */
  #attach(api: IBApi): void {
    const e = emitter(api);
    e.on(EventName.info, this.#onInfo);
    e.on(EventName.error, this.#onError);
    e.on(EventName.currentTime, this.#onCurrentTime);
    for (const [event, set] of this.#handlers) for (const h of set) emitter(api).on(event, h);
  }

  #detach(api: IBApi, disconnect: boolean): void {
    api.removeAllListeners();
    api.on(EventName.error, () => undefined);
    if (disconnect && api.isConnected) api.disconnect();
  }

  #dropSession(): void {
    const session = this.#session;
    this.#session = undefined;
    if (session !== undefined) this.#detach(session.api, true);
  }

  readonly #onApiDisconnected = (): void => this.#lost("the gateway closed the connection");

  readonly #onCurrentTime = (): void => this.#watchdog.answered();

  readonly #onInfo = (message: string, code: number): void => {
    const change = connectivityChange(code);
    if (change !== undefined) return this.#onConnectivity(change, code, message);
    if (code === IB_CODES.PACING_VIOLATION) return this.#onPacingViolation(message);
    const level = farmLogLevel(code) ?? "info";
    this.#log[level]({ code }, `IB: ${message}`);
  };

  readonly #onError = (err: Error, code: number, reqId: number): void => {
    if (code === IB_CODES.PACING_VIOLATION) this.#onPacingViolation(err.message);
    else if (code === IB_CODES.DECODE_ERROR) this.#log.error({ code, reqId }, `IB decode error: ${err.message}`);
  };

  #onPacingViolation(message: string): void {
    this.#pacer.tighten();
    this.#log.error({ code: IB_CODES.PACING_VIOLATION, limit: this.#pacer.limit }, `IB pacing violation (a message was dropped by the gateway): ${message}; pacing halved for a few seconds`);
  }

  #onConnectivity(change: "lost" | ReconnectCause, code: number, message: string): void {
    if (change === "lost") {
      this.#log.error({ code }, `IB gateway lost connectivity to IB: ${message}`);
      if (this.#connectivityLost) return;
      this.#connectivityLost = true;
      this.#notify((l) => l.disconnected?.(`IB ${code}: ${message}`));
      return;
    }
    this.#log.warn({ code }, `IB gateway connectivity restored: ${message}`);
    this.#connectivityLost = false;
    this.#notify((l) => l.reconnected?.({ cause: change }));
  }

  #lost(reason: string): void {
    if (this.#state !== "ready") return;
    this.#log.error({ reason }, "IB session lost; reconnecting");
    this.#state = "reconnecting";
    this.#lostAtMs = this.#o.clock.timestampMs();
    this.#watchdog.stop();
    this.#pacer.pause();
    this.#dropSession();
    this.#pacer.failQueued(this.disconnectedError("the session was lost before sending"));
    this.#notify((l) => l.disconnected?.(reason));
    this.#scheduleReconnect(reason);
  }

  #scheduleReconnect(reason: string): void {
    const delay = this.#backoff.next();
    const deadlineMs = this.#o.reconnectDeadlineMs ?? 900_000;
    if (this.#o.clock.timestampMs() + delay - this.#lostAtMs > deadlineMs) {
      return this.#fail(new CortanaError("CORTANA_E_CONNECTION_LOST", `the IB gateway at ${this.#o.host}:${this.#o.port} stayed unreachable for ${Math.round(deadlineMs / 1000)} s (last: ${reason}); exiting so the supervisor restarts the node`));
    }
    this.#retryTimer = this.#timers.after(delay, () => void this.#reconnect());
  }

  async #reconnect(): Promise<void> {
    if (this.#state !== "reconnecting") return;
    const outcome = await this.#tryOnce();
    if (this.#state !== "reconnecting") return;
    if (outcome === "ready") return;
    if (outcome instanceof CortanaError) return this.#fail(outcome);
    this.#log.warn({ reason: outcome }, "IB reconnect attempt failed");
    this.#scheduleReconnect(outcome);
  }

  #fail(error: CortanaError): void {
    this.#state = "failed";
    this.#log.fatal({ code: error.code }, error.message);
    this.#notify((l) => l.fatal?.(error));
  }

  #notify(call: (l: ConnectionListener) => void): void {
    for (const l of [...this.#listeners]) {
      try {
        call(l);
      } catch (err) {
        this.#log.error({ err }, "an IB connection listener threw");
      }
    }
  }

  #logDropped(label: string): (error: Error) => void {
    return (error) => this.#log.warn({ label, reason: error.message }, "an IB message was not sent");
  }
}

export function connectionKey(host: string, port: number, clientId: number): string {
  return `${host}:${port}:${clientId}`;
}

function emitter(api: IBApi): EventEmitter {
  return api as unknown as EventEmitter;
}
