/**
 * The venue's mutable state and the helpers every flow shares: order records and their indexes,
 * executions, ids, the ledger, market data, the event queue, and the conversion of internal
 * records to the API's plain objects.
 *
 * Events are queued while an operation runs and delivered when the outermost operation ends
 * (`run`), so listeners that call back into the venue always see a consistent state.
 * Every status change goes through `setStatus`, which keeps the live index right.
 */
import type { Logger } from "../../common/logger.js";
import type { CommissionReport, Execution, OrderRequest, OrderStatus, OrderType, PositionRow, SimContract, TimeInForce, VenueEvent, VenueOptions, VenueOrder } from "./api.js";
import { Ledger, type LedgerInstrument } from "./accounts.js";
import type { CommissionTable } from "./commissions.js";
import { dec, div, fromInt, toNumber, toStr, ZERO, type Dec } from "./decimal.js";
import type { Instrument } from "./instruments.js";
import { ContractIndex } from "./contract-index.js";
import { MarketData, type MarketState } from "./marketdata.js";
import type { PassiveBounds } from "./passive.js";
import { formatZoned } from "./time.js";

/** Internal order record (bigints are Dec). */
export interface OrderRec {
  permId: number;
  clientId: number;
  orderId: number;
  conId: number;
  req: OrderRequest;
  type: OrderType;
  tif: TimeInForce;
  side: 1 | -1;
  qty: Dec;
  filled: Dec;
  /** Sum of price x qty of the fills (for the average fill price). */
  filledValue: Dec;
  lastFill: Dec;
  lmt: Dec | null;
  aux: Dec | null;
  trailStop: Dec | null;
  status: OrderStatus;
  whyHeld: string;
  triggered: boolean;
  staged: boolean;
  parentPermId: number;
  ocaGroup: string;
  ocaType: number;
  expiresMs: number | null;
  commission: Dec;
  createdMs: number;
  updatedMs: number;
  completedMs: number | null;
  completedStatus: string | null;
  external: boolean;
  forgotten: boolean;
}

export interface ExecRec {
  execution: Execution;
  commission: CommissionReport;
}

export const TERMINAL: ReadonlySet<OrderStatus> = new Set(["Filled", "Cancelled", "Inactive", "ApiCancelled"]);
export const TRIGGERED_TYPES: ReadonlySet<OrderType> = new Set(["STP", "STP LMT", "MIT", "LIT", "TRAIL", "TRAIL LIMIT"]);

export interface CoreInit {
  seed: number;
  startMs: number;
  nowMs: number;
  accounts: { id: string; currency: string }[];
  instruments: Instrument[];
  market: Map<number, MarketState>;
  options: VenueOptions;
  commissions: CommissionTable;
  permIdNext: number;
  execSeqNext: number;
  logger: Logger;
  /** Shared with the owner so a restore (new core) keeps the subscribers. */
  listeners: Set<(e: VenueEvent) => void>;
}

export class VenueCore {
  readonly seed: number;
  readonly startMs: number;
  now: number;
  readonly accountIds: string[];
  readonly instruments: Map<number, Instrument>;
  /** Contract resolution of queries (orders, contract details) without scanning every instrument. */
  readonly contracts: ContractIndex;
  readonly market: MarketData;
  options: VenueOptions;
  readonly commissions: CommissionTable;
  readonly ledger = new Ledger();
  readonly orders = new Map<number, OrderRec>();
  /** `${clientId}:${orderId}` -> permId, for API orders (orderId != 0). */
  readonly byClientOrder = new Map<string, number>();
  /** conId -> permIds of live (not staged, not terminal, not forgotten) orders. */
  readonly liveByConId = new Map<number, Set<number>>();
  /** conId -> what a passive matching pass could touch (passive.ts); dropped on any change to one of its orders. */
  readonly passive = new Map<number, PassiveBounds>();
  /** parent permId -> child permIds (bracket children). */
  readonly childrenByParent = new Map<number, number[]>();
  /** No live order expires before this instant (lower bound; rescanned when reached). */
  nextExpiryMs = -Infinity;
  readonly executions: ExecRec[] = [];
  readonly maxOrderId = new Map<number, number>();
  permIdNext: number;
  execSeqNext: number;
  boundIdNext = -1;
  rejectNext: string | null = null;
  readonly logger: Logger;
  private readonly listeners: Set<(e: VenueEvent) => void>;
  private queue: VenueEvent[] = [];
  private depth = 0;

  constructor(init: CoreInit) {
    this.seed = init.seed;
    this.startMs = init.startMs;
    this.now = init.nowMs;
    this.accountIds = init.accounts.map((a) => a.id);
    for (const a of init.accounts) this.ledger.accounts.set(a.id, { id: a.id, currency: a.currency, cash: ZERO, realized: ZERO });
    this.instruments = new Map(init.instruments.map((i) => [i.contract.conId, i]));
    this.contracts = new ContractIndex(this.instruments.values());
    this.market = new MarketData(this.instruments, init.market, init.seed);
    this.options = init.options;
    this.commissions = init.commissions;
    this.permIdNext = init.permIdNext;
    this.execSeqNext = init.execSeqNext;
    this.logger = init.logger;
    this.listeners = init.listeners;
  }

  subscribe(listener: (e: VenueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: VenueEvent): void {
    this.queue.push(e);
  }

  /** Run an operation; events it queued are delivered once the outermost operation returns. */
  run<T>(op: () => T): T {
    this.depth++;
    try {
      return op();
    } finally {
      this.depth--;
      if (this.depth === 0) this.flush();
    }
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      for (const e of batch) {
        for (const l of this.listeners) {
          try {
            l(e);
          } catch (err) {
            this.logger.error({ err, event: e.kind }, "venue listener threw");
          }
        }
      }
    }
  }

  instrument(conId: number): Instrument {
    const i = this.instruments.get(conId);
    if (i === undefined) throw new Error(`unknown conId ${conId}`);
    return i;
  }

  /** The instrument as the ledger sees it (marks at the current mid). */
  ledgerInstrument(conId: number): LedgerInstrument {
    const inst = this.instrument(conId);
    const mark = (id: number): Dec => {
      const s = this.market.state(id);
      if (s === undefined) return ZERO;
      return div(BigInt(s.bid + s.ask) * this.market.tick(id), fromInt(2));
    };
    return {
      conId,
      secType: inst.contract.secType,
      multiplier: dec(inst.multiplier),
      initialMargin: dec(inst.initialMargin ?? "0"),
      mark: () => mark(conId),
      underlyingMark: () => (inst.option !== undefined ? mark(inst.option.underConId) : ZERO),
    };
  }

  isLive(o: OrderRec): boolean {
    return !o.staged && !o.forgotten && !TERMINAL.has(o.status);
  }

  setStatus(o: OrderRec, status: OrderStatus): void {
    o.status = status;
    o.updatedMs = this.now;
    if (TERMINAL.has(status) && o.completedMs === null) o.completedMs = this.now;
    this.reindex(o);
  }

  reindex(o: OrderRec): void {
    this.passive.delete(o.conId);
    let set = this.liveByConId.get(o.conId);
    if (this.isLive(o)) {
      if (set === undefined) {
        set = new Set();
        this.liveByConId.set(o.conId, set);
      }
      set.add(o.permId);
    } else if (set !== undefined) {
      set.delete(o.permId);
    }
  }

  addOrder(o: OrderRec): void {
    this.orders.set(o.permId, o);
    if (o.parentPermId !== 0) {
      const list = this.childrenByParent.get(o.parentPermId) ?? [];
      list.push(o.permId);
      this.childrenByParent.set(o.parentPermId, list);
    }
    this.noteExpiry(o.expiresMs);
    if (o.orderId !== 0) this.byClientOrder.set(`${o.clientId}:${o.orderId}`, o.permId);
    if (o.orderId > (this.maxOrderId.get(o.clientId) ?? 0)) this.maxOrderId.set(o.clientId, o.orderId);
    this.reindex(o);
  }

  /** Keep nextExpiryMs a lower bound of every live order's expiry. */
  noteExpiry(expiresMs: number | null): void {
    if (expiresMs !== null && expiresMs < this.nextExpiryMs) this.nextExpiryMs = expiresMs;
  }

  byClient(clientId: number, orderId: number): OrderRec | undefined {
    const permId = this.byClientOrder.get(`${clientId}:${orderId}`);
    return permId === undefined ? undefined : this.orders.get(permId);
  }

  contractOf(conId: number): SimContract {
    return { ...this.instrument(conId).contract };
  }

  view(o: OrderRec): VenueOrder {
    const avg = o.filled === ZERO ? ZERO : div(o.filledValue, o.filled);
    const terminal = TERMINAL.has(o.status);
    return {
      permId: o.permId,
      clientId: o.clientId,
      orderId: o.orderId,
      contract: this.contractOf(o.conId),
      request: { ...o.req, contract: { ...o.req.contract }, clientId: o.clientId, orderId: o.orderId, ocaGroup: o.ocaGroup, ocaType: o.ocaType },
      status: o.status,
      filled: toStr(o.filled),
      remaining: toStr(terminal ? (o.status === "Filled" ? ZERO : o.qty - o.filled) : o.qty - o.filled),
      avgFillPrice: toNumber(avg),
      lastFillPrice: toNumber(o.lastFill),
      whyHeld: o.whyHeld,
      ocaGroup: o.ocaGroup,
      ocaType: o.ocaType,
      ...(o.trailStop !== null ? { trailStopPrice: toNumber(o.trailStop) } : {}),
      commission: toNumber(o.commission),
      commissionCurrency: this.instrument(o.conId).contract.currency,
      ...(o.completedMs !== null ? { completedTime: formatZoned(o.completedMs, this.options.timeZone) } : {}),
      ...(o.completedStatus !== null ? { completedStatus: o.completedStatus } : {}),
      external: o.external,
      createdMs: o.createdMs,
      updatedMs: o.updatedMs,
    };
  }

  emitOrder(o: OrderRec, cause: Extract<VenueEvent, { kind: "order" }>["cause"], requestedBy?: number): void {
    // Every change to an order is reported with an event (or goes through reindex).
    this.passive.delete(o.conId);
    this.emit({ kind: "order", order: this.view(o), cause, ...(requestedBy !== undefined ? { requestedBy } : {}) });
  }

  orderError(clientId: number, orderId: number, code: number, message: string, permId?: number): void {
    this.emit({ kind: "orderError", clientId, orderId, code, message, ...(permId !== undefined ? { permId } : {}) });
  }

  positionRow(account: string, conId: number): PositionRow {
    const p = this.ledger.position(account, conId);
    return { account, contract: this.contractOf(conId), position: toStr(p.qty), avgCost: toNumber(Ledger.avgCost(p)) };
  }

  emitQuotes(conIds: Iterable<number>): void {
    for (const id of conIds) {
      const q = this.market.quoteOf(id);
      if (q !== undefined) this.emit({ kind: "quote", quote: q });
    }
  }
}
