/**
 * One API connection: framing in, batched and optionally delayed frames out, the client id,
 * the pacing window, and the per-connection subscription state the handlers fill in.
 *
 * Invariants: frames leave in the order they were sent (a delay fault delays all of them, never
 * reorders); writes are batched per event-loop turn (one socket write per turn, not per frame);
 * after `close()` nothing more is written.
 */
import type { Socket } from "node:net";
import { FrameReader, type FrameEvent } from "../wire/framing.js";
import type { Quote } from "../venue/api.js";
import type { BarAccumulator } from "./bars.js";

export type SessionPhase = "handshake" | "awaitingStartApi" | "ready" | "closed";

export interface MktDataSub {
  reqId: number;
  conId: number;
  /** Last values sent, so only changes go out (as TWS does). */
  sent: Partial<Record<keyof Quote, number | string>>;
}

export interface TickByTickSub {
  reqId: number;
  conId: number;
  type: "Last" | "AllLast" | "BidAsk" | "MidPoint";
  lastKey: string;
}

export interface BarSub {
  reqId: number;
  conId: number;
  barSecs: number;
  /** REAL_TIME_BARS (5 s) or HISTORICAL_DATA_UPDATE (keepUpToDate). */
  kind: "realTime" | "keepUpToDate";
  formatDate: number;
  acc: BarAccumulator;
}

export class Session {
  readonly id: number;
  phase: SessionPhase = "handshake";
  clientId = -1;
  marketDataType = 1;
  autoBind = false;
  positions = false;
  accountUpdates: string | undefined;
  readonly accountSummary = new Map<number, string[]>();
  readonly mktData = new Map<number, MktDataSub>();
  readonly tickByTick = new Map<number, TickByTickSub>();
  readonly bars = new Map<number, BarSub>();
  /** Delay applied to every outgoing frame (fault "delay responses"), ms. */
  delayMs = 0;

  private readonly reader: FrameReader;
  private pending: Buffer[] = [];
  private flushScheduled = false;
  private readonly delayed: { due: number; buf: Buffer }[] = [];
  private delayTimer: NodeJS.Timeout | undefined;
  private windowStart = 0;
  private windowCount = 0;

  constructor(
    id: number,
    readonly socket: Socket,
    /** Wall-clock ms (pacing is per real second; delays are real time). */
    private readonly clock: () => number,
    maxFrameBytes: number,
  ) {
    this.id = id;
    this.reader = new FrameReader(maxFrameBytes);
    socket.setNoDelay(true);
  }

  read(chunk: Buffer): FrameEvent[] {
    return this.reader.push(chunk);
  }

  get isOpen(): boolean {
    return this.phase !== "closed" && !this.socket.destroyed;
  }

  /** Count one inbound message; returns the count in the current one-second window. */
  countMessage(): number {
    const now = this.clock();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    return ++this.windowCount;
  }

  send(buf: Buffer): void {
    if (!this.isOpen) return;
    if (this.delayMs > 0 || this.delayed.length > 0) {
      this.delayed.push({ due: this.clock() + this.delayMs, buf });
      this.armDelay();
      return;
    }
    this.enqueue(buf);
  }

  sendAll(bufs: readonly Buffer[]): void {
    for (const b of bufs) this.send(b);
  }

  private enqueue(buf: Buffer): void {
    this.pending.push(buf);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Write everything queued now (also called before closing so last words get out). */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.socket.destroyed) {
      this.pending = [];
      return;
    }
    const out = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    if (out !== undefined) this.socket.write(out);
  }

  private armDelay(): void {
    if (this.delayTimer !== undefined) return;
    const first = this.delayed[0];
    if (first === undefined) return;
    this.delayTimer = setTimeout(() => {
      this.delayTimer = undefined;
      const now = this.clock();
      while (this.delayed.length > 0 && (this.delayed[0]?.due ?? Infinity) <= now) {
        const item = this.delayed.shift();
        if (item !== undefined && this.isOpen) this.enqueue(item.buf);
      }
      this.armDelay();
    }, Math.max(0, first.due - this.clock()));
  }

  /** Flush what is queued (not what is delayed), then end the socket. */
  close(): void {
    if (this.phase === "closed") return;
    this.flush();
    this.phase = "closed";
    if (this.delayTimer !== undefined) clearTimeout(this.delayTimer);
    this.delayed.length = 0;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 200).unref();
  }

  /** Drop the connection at once (fault): nothing queued is written. */
  destroy(): void {
    this.phase = "closed";
    this.pending = [];
    this.delayed.length = 0;
    if (this.delayTimer !== undefined) clearTimeout(this.delayTimer);
    this.socket.destroy();
  }
}
