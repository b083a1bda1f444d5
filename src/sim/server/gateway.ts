/**
 * The simulated IB Gateway: a TCP server speaking TWS at server version 193 over loopback.
 *
 * Entry points: `new GatewayServer(opts)`, `listen()` (port 0 = a free port), `close()`, and the
 * connection-level faults (`dropConnections`, `restart`, `systemMessage`, `swallowNextOrderAcks`,
 * `setResponseDelay`, `duplicateNextExecutions`). `onClock(nowMs)` closes bars; the facade calls it
 * after advancing the venue.
 *
 * Per connection: handshake (`API\0` + version range containing 193, reply `193` + connection
 * time in the configured zone), START_API (duplicate client id: 326 then close), bootstrap (this
 * client's open orders + 53, 15 managed accounts, 9 next id, farm 2104/2106/2158), then requests.
 * Malformed or unsupported messages are logged and answered with 320; a handler that throws is
 * logged and answered the same way. Nothing a client sends can crash the server.
 */
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { Logger } from "../../common/logger.js";
import { nullLogger } from "../../common/logger.js";
import { CortanaError } from "../../common/errors.js";
import type { Venue } from "../venue/api.js";
import { MAX_FRAME_BYTES, type FrameEvent } from "../wire/framing.js";
import { SERVER_VERSION } from "../wire/ids.js";
import { decodeClientMessage } from "../wire/decode.js";
import { WireDecodeError } from "../wire/reader.js";
import { encodeError, encodeManagedAccounts, encodeNextValidId, encodeOpenOrderEnd, encodeServerVersion } from "../wire/encode.js";
import type { WireOrder } from "../wire/types.js";
import { orderFrames, type ConnectionFaults, type ServerContext } from "./context.js";
import { createRouter, type Router } from "./routing.js";
import { dispatch } from "./dispatch.js";
import { Session } from "./session.js";
import { formatZoned } from "./time-format.js";
import { SYSTEM_MESSAGES, type SystemCode } from "./system-messages.js";

export interface GatewayOptions {
  venue: Venue;
  logger?: Logger;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Time zone of the connection time and formatted times; "UTC" by default. */
  timeZone?: string;
  /** Simulation clock (epoch ms); defaults to the venue's clock. */
  clock?: () => number;
  /** Inbound messages per second above which error 100 is sent and the message dropped; null disables. */
  maxMessagesPerSecond?: number | null;
  maxFrameBytes?: number;
}

export interface SessionInfo {
  id: number;
  clientId: number;
  phase: string;
  remote: string;
}

export class GatewayServer {
  private readonly venue: Venue;
  private readonly logger: Logger;
  private readonly host: string;
  private requestedPort: number;
  private readonly timeZone: string;
  private readonly clock: () => number;
  private readonly maxPerSec: number | null;
  private readonly maxFrameBytes: number;
  private readonly live = new Map<number, Session>();
  private server: net.Server | undefined;
  private nextSessionId = 1;
  private boundPort = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly faults: ConnectionFaults = { swallowed: new Set(), swallowNext: [], duplicateNext: [], connectivityLost: false };
  private readonly ctx: ServerContext;
  private readonly router: Router;
  private readonly unsubscribe: () => void;

  constructor(opts: GatewayOptions) {
    this.venue = opts.venue;
    this.logger = opts.logger ?? nullLogger;
    this.host = opts.host ?? "127.0.0.1";
    this.requestedPort = opts.port ?? 0;
    this.timeZone = opts.timeZone ?? "UTC";
    this.clock = opts.clock ?? (() => this.venue.now());
    this.maxPerSec = opts.maxMessagesPerSecond === undefined ? 50 : opts.maxMessagesPerSecond;
    this.maxFrameBytes = opts.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.ctx = {
      venue: this.venue, logger: this.logger, clock: this.clock, timeZone: this.timeZone,
      accounts: () => this.venue.accounts(), sessions: () => this.live.values(),
      sentOrders: new Map<string, WireOrder>(), faults: this.faults, silent: new Set<string>(),
    };
    this.router = createRouter(this.ctx, () => this.venue.bindExternalOrders());
    this.unsubscribe = this.venue.subscribe((e) => this.router.route(e));
  }

  /** The port being listened on (stable across `restart`). */
  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  sessions(): SessionInfo[] {
    return [...this.live.values()].map((s) => ({ id: s.id, clientId: s.clientId, phase: s.phase,
      remote: `${s.socket.remoteAddress ?? "?"}:${s.socket.remotePort ?? 0}` }));
  }

  /** Start listening; resolves with the port. Throws CORTANA_E_SIM_PORT_IN_USE when taken. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once("error", (err: NodeJS.ErrnoException) => {
        reject(err.code === "EADDRINUSE"
          ? new CortanaError("CORTANA_E_SIM_PORT_IN_USE", `Port ${this.requestedPort} is already in use; pick another --port.`, { cause: err })
          : err);
      });
      server.listen(this.requestedPort, this.host, () => {
        const addr = server.address();
        this.boundPort = typeof addr === "object" && addr !== null ? addr.port : this.requestedPort;
        this.requestedPort = this.boundPort;
        this.server = server;
        this.logger.info({ host: this.host, port: this.boundPort, serverVersion: SERVER_VERSION, timeZone: this.timeZone }, "gateway listening");
        resolve(this.boundPort);
      });
    });
  }

  /** Stop listening and drop every connection. */
  async close(): Promise<void> {
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.unsubscribe();
    // server.close() waits for open connections: drop them first.
    const closing = this.stopListening();
    for (const s of this.live.values()) s.destroy();
    this.live.clear();
    await closing;
  }

  private stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- faults

  /** Drop connections at once (all, or those of one client id); returns how many. */
  dropConnections(clientId?: number): number {
    let n = 0;
    for (const s of [...this.live.values()]) {
      if (clientId !== undefined && s.clientId !== clientId) continue;
      s.destroy();
      this.live.delete(s.id);
      n++;
    }
    this.logger.warn({ clientId, dropped: n }, "fault: connections dropped");
    return n;
  }

  /**
   * Gateway restart: drop every connection, refuse new ones (nothing listens) for `downMs`, then
   * listen again on the same port. The venue (orders, positions) is untouched.
   */
  async restart(downMs: number): Promise<void> {
    this.logger.warn({ downMs }, "fault: gateway restart");
    const closing = this.stopListening();
    this.dropConnections();
    await closing;
    await new Promise<void>((resolve) => {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        resolve();
      }, downMs);
    });
    await this.listen();
  }

  /** Send a connectivity / farm message (id -1) to every ready session; 1100 holds order traffic until 1101/1102. */
  systemMessage(code: SystemCode, text?: string): void {
    const message = text ?? SYSTEM_MESSAGES[code];
    if (code === 1100) this.faults.connectivityLost = true;
    for (const s of this.live.values()) {
      if (s.phase !== "ready") continue;
      s.send(encodeError(-1, code, message));
      if (code === 1101) {
        s.mktData.clear();
        s.tickByTick.clear();
        s.bars.clear();
      }
    }
    if (code === 1101 || code === 1102) {
      this.faults.connectivityLost = false;
      this.router.releaseHeld();
    }
    this.logger.warn({ code }, "fault: system message");
  }

  /** The acknowledgements of the next `n` new orders (of `clientId`, or any) are not sent; the orders are live at the venue. */
  swallowNextOrderAcks(n = 1, clientId?: number): void {
    for (let k = 0; k < n; k++) this.faults.swallowNext.push({ clientId });
  }

  /** Orders whose acknowledgements were swallowed (`clientId:orderId`). */
  swallowedOrders(): string[] {
    return [...this.faults.swallowed];
  }

  /** Delay every outgoing frame by `ms` (all sessions, or one client id). 0 clears. */
  setResponseDelay(ms: number, clientId?: number): void {
    for (const s of this.live.values()) if (clientId === undefined || s.clientId === clientId) s.delayMs = ms;
    this.defaultDelay = clientId === undefined ? ms : this.defaultDelay;
  }

  private defaultDelay = 0;

  /** The next `n` live executions (of `clientId`, or any) are sent twice: same execId, and their commission reports. */
  duplicateNextExecutions(n = 1, clientId?: number): void {
    for (let k = 0; k < n; k++) this.faults.duplicateNext.push({ clientId });
  }

  onClock(nowMs: number): void {
    this.router.onClock(nowMs);
  }

  // ---------------------------------------------------------------- connections

  private accept(socket: net.Socket): void {
    const s = new Session(this.nextSessionId++, socket, () => performance.now(), this.maxFrameBytes);
    s.delayMs = this.defaultDelay;
    this.live.set(s.id, s);
    this.logger.debug({ session: s.id, remote: socket.remoteAddress }, "connection accepted");
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const ev of s.read(chunk)) this.onFrameEvent(s, ev);
      } catch (err) {
        this.logger.error({ err, session: s.id }, "unexpected error on a connection; dropping it");
        s.destroy();
      }
    });
    socket.on("error", (err) => this.logger.debug({ err: err.message, session: s.id }, "socket error"));
    socket.on("close", () => {
      s.phase = "closed";
      this.live.delete(s.id);
      this.logger.info({ session: s.id, clientId: s.clientId }, "connection closed");
    });
  }

  private onFrameEvent(s: Session, ev: FrameEvent): void {
    switch (ev.kind) {
      case "violation":
        this.logger.warn({ session: s.id, reason: ev.reason }, "protocol violation; closing the connection");
        s.destroy();
        return;
      case "handshake":
        if (ev.maxVersion < SERVER_VERSION || ev.minVersion > SERVER_VERSION) {
          this.logger.warn({ session: s.id, version: ev.raw }, `client cannot speak server version ${SERVER_VERSION}; closing`);
          s.destroy();
          return;
        }
        s.send(encodeServerVersion(SERVER_VERSION, formatZoned(this.clock(), this.timeZone)));
        s.phase = "awaitingStartApi";
        return;
      case "frame":
        this.onFrame(s, ev.tokens);
        return;
    }
  }

  private onFrame(s: Session, tokens: string[]): void {
    if (s.phase === "ready" && this.maxPerSec !== null) {
      const n = s.countMessage();
      if (n > this.maxPerSec) {
        if (n === this.maxPerSec + 1) this.logger.warn({ session: s.id, clientId: s.clientId }, "pacing violation");
        s.send(encodeError(-1, 100, `Max rate of messages per second has been exceeded:max=${this.maxPerSec} rec=${n} (1)`));
        return;
      }
    }
    let msg;
    try {
      msg = decodeClientMessage(tokens);
    } catch (err) {
      const reason = err instanceof WireDecodeError ? err.reason : String(err);
      this.logger.warn({ session: s.id, clientId: s.clientId, msgId: tokens[0], reason }, "malformed client message");
      s.send(encodeError(-1, 320, `Error reading request. Message id ${tokens[0] ?? "?"}. Unable to parse data. ${reason}`));
      return;
    }
    if (s.phase === "awaitingStartApi") {
      if (msg.kind === "startApi") this.startApi(s, msg.clientId);
      else this.logger.warn({ session: s.id, kind: msg.kind }, "request before START_API ignored");
      return;
    }
    try {
      dispatch(this.ctx, s, msg);
    } catch (err) {
      this.logger.error({ err, session: s.id, kind: msg.kind }, "request handler failed");
      s.send(encodeError(-1, 320, `Error processing request ${msg.kind}: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private startApi(s: Session, clientId: number): void {
    const taken = [...this.live.values()].some((o) => o !== s && o.phase === "ready" && o.clientId === clientId);
    if (taken) {
      this.logger.warn({ session: s.id, clientId }, "client id already in use (326)");
      s.send(encodeError(-1, 326, "Unable to connect as the client id is already in use. Retry with a unique client id."));
      s.close();
      return;
    }
    s.clientId = clientId;
    s.phase = "ready";
    this.logger.info({ session: s.id, clientId }, "API client started");
    for (const o of this.venue.openOrders({ clientId })) s.sendAll(orderFrames(this.ctx, o));
    s.send(encodeOpenOrderEnd());
    s.send(encodeManagedAccounts(this.venue.accounts()));
    s.send(encodeNextValidId(this.venue.nextOrderIdFor(clientId)));
    for (const code of [2104, 2106, 2158] as const) s.send(encodeError(-1, code, SYSTEM_MESSAGES[code]));
  }
}
