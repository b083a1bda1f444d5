/**
 * SimVenue: the Venue and VenueControl implementation. It owns a VenueCore (all state) and
 * delegates to the engine (orders), control (faults), queries (views) and market data; `advance`
 * drives the random walk step by step with a matching pass after each step.
 *
 * Entry points: `SimVenue.create(params)` (fresh venue), `SimVenue.fromState(state)`.
 * Invariant: every public method runs inside `core.run`, so events are delivered after the
 * operation completes, in the order they were produced.
 */
import type { Logger } from "../../common/logger.js";
import { nullLogger } from "../../common/logger.js";
import type {
  AccountValue, Bar, ContractQuery, Execution, ExecutionFilter, OptionChainRow, OrderAction, OrderRequest, PartialFillMode,
  PortfolioRow, PositionRow, Quote, SimContract, Venue, VenueControl, VenueEvent, VenueOptions, VenueOrder, VenueResult, VenueState,
} from "./api.js";
import type { CommissionTable } from "./commissions.js";
import * as control from "./control.js";
import { TERMINAL, VenueCore, type ExecRec, type OrderRec } from "./core.js";
import { dec } from "./decimal.js";
import { CortanaError } from "../../common/errors.js";
import * as engine from "./engine.js";
import { optionChainRows, type Instrument } from "./instruments.js";
import { historicalBars, initialMarket } from "./marketdata.js";
import { filterExecutions, portfolioRows, positionRows } from "./queries.js";
import { assertState, decodeDecs, encodeDecs, type StoredState } from "./state.js";

/** More walk steps than this in one advance: quotes are emitted once at the end (catch-up). */
const CATCH_UP_STEPS = 1000;

export interface VenueParams {
  seed: number;
  nowMs: number;
  accounts: { id: string; currency: string; cash: string }[];
  instruments: Instrument[];
  options: VenueOptions;
  commissions: CommissionTable;
  permIdStart: number;
  execSeqStart: number;
  logger?: Logger;
}

export const DEFAULT_VENUE_OPTIONS: VenueOptions = { partialFills: { kind: "off" }, missingTransmit: "stage", execTimeFormat: "legacy", timeZone: "UTC" };

export class SimVenue implements Venue, VenueControl {
  private core: VenueCore;
  private readonly listeners = new Set<(e: VenueEvent) => void>();
  private readonly logger: Logger;

  private constructor(core: (listeners: Set<(e: VenueEvent) => void>) => VenueCore, logger: Logger) {
    this.logger = logger;
    this.core = core(this.listeners);
  }

  static create(p: VenueParams): SimVenue {
    const logger = p.logger ?? nullLogger;
    return new SimVenue((listeners) => {
      const core = new VenueCore({
        seed: p.seed, startMs: p.nowMs, nowMs: p.nowMs, accounts: p.accounts, instruments: p.instruments,
        market: initialMarket(p.instruments, p.seed, p.nowMs), options: { ...p.options }, commissions: p.commissions,
        permIdNext: p.permIdStart, execSeqNext: p.execSeqStart, logger, listeners,
      });
      for (const a of p.accounts) core.ledger.account(a.id).cash = dec(a.cash);
      return core;
    }, logger);
  }

  static fromState(state: VenueState, logger: Logger = nullLogger): SimVenue {
    const s = assertState(state, "venue state");
    return new SimVenue((listeners) => coreFromState(s, listeners, logger), logger);
  }

  /** Internal access for the scenario loader (seeding positions, history) and tests. */
  get internals(): VenueCore {
    return this.core;
  }

  subscribe(listener: (e: VenueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  accounts(): string[] {
    return [...this.core.accountIds];
  }
  findContracts(q: ContractQuery): SimContract[] {
    return this.core.contracts.find(q).map((c) => ({ ...c }));
  }
  contract(conId: number): SimContract | undefined {
    const i = this.core.instruments.get(conId);
    return i === undefined ? undefined : { ...i.contract };
  }
  optionChain(underlyingSymbol: string, underlyingConId: number): OptionChainRow[] {
    return optionChainRows(this.core.instruments.values(), underlyingSymbol, underlyingConId);
  }
  quote(conId: number): Quote | undefined {
    return this.core.market.quoteOf(conId);
  }
  historicalBars(conId: number, endMs: number, barSizeSecs: number, count: number): Bar[] {
    const inst = this.core.instruments.get(conId);
    const s = this.core.market.state(conId);
    if (inst === undefined || s === undefined) return [];
    return historicalBars(inst, s, this.core.seed, Math.min(endMs, this.core.now), barSizeSecs, count);
  }

  placeOrder(req: OrderRequest): VenueResult<VenueOrder> {
    return this.core.run(() => engine.placeOrder(this.core, req));
  }
  cancelOrder(clientId: number, orderId: number): VenueResult<VenueOrder> {
    return this.core.run(() => engine.cancelOrder(this.core, clientId, orderId));
  }
  globalCancel(requestedBy: number): void {
    this.core.run(() => engine.globalCancel(this.core, requestedBy));
  }
  openOrders(filter: { clientId?: number } = {}): VenueOrder[] {
    return this.ordersWhere((o) => this.core.isLive(o) && (filter.clientId === undefined || o.clientId === filter.clientId));
  }
  completedOrders(): VenueOrder[] {
    return this.ordersWhere((o) => !o.forgotten && TERMINAL.has(o.status)).sort((a, b) => (a.updatedMs - b.updatedMs) || (a.permId - b.permId));
  }
  order(permId: number): VenueOrder | undefined {
    const o = this.core.orders.get(permId);
    return o === undefined || o.forgotten ? undefined : this.core.view(o);
  }
  bindExternalOrders(): VenueOrder[] {
    return this.core.run(() => control.bindExternalOrders(this.core));
  }
  executions(filter?: ExecutionFilter): ExecRec[] {
    return filterExecutions(this.core, filter);
  }
  positions(): PositionRow[] {
    return positionRows(this.core);
  }
  accountValues(account: string): AccountValue[] {
    if (!this.core.accountIds.includes(account)) return [];
    return this.core.ledger.accountValues(account, (id) => this.core.ledgerInstrument(id));
  }
  portfolio(account: string): PortfolioRow[] {
    return portfolioRows(this.core, account);
  }
  nextOrderIdFor(clientId: number): number {
    return (this.core.maxOrderId.get(clientId) ?? 0) + 1;
  }
  now(): number {
    return this.core.now;
  }

  advance(nowMs: number): void {
    this.core.run(() => advanceTo(this.core, nowMs));
  }

  snapshot(): StoredState {
    return snapshotOf(this.core);
  }
  restore(state: VenueState): void {
    const s = assertState(state, "venue state");
    this.core = coreFromState(s, this.listeners, this.logger);
  }

  movePrice(conId: number, price: number): VenueResult {
    return this.core.run(() => control.movePrice(this.core, conId, price));
  }
  placeExternalOrder(req: Omit<OrderRequest, "clientId" | "orderId">): VenueResult<VenueOrder> {
    return this.core.run(() => control.placeExternalOrder(this.core, req));
  }
  externalTrade(t: { account?: string; conId: number; action: OrderAction; quantity: string; price?: number }): VenueResult<Execution> {
    return this.core.run(() => control.externalTrade(this.core, t));
  }
  forgetOrder(permId: number): VenueResult {
    return this.core.run(() => control.forgetOrder(this.core, permId));
  }
  cancelAsTwsUser(permId: number): VenueResult<VenueOrder> {
    return this.core.run(() => control.cancelAsTwsUser(this.core, permId));
  }
  rejectNextOrder(reason = "Simulated rejection"): void {
    this.core.rejectNext = reason;
  }
  fillNow(permId: number, opts?: { price?: number; quantity?: string }): VenueResult<Execution> {
    return this.core.run(() => control.fillNow(this.core, permId, opts));
  }
  duplicateExecution(execId: string): VenueResult {
    return this.core.run(() => control.duplicateExecution(this.core, execId));
  }
  setPartialFillMode(mode: PartialFillMode): void {
    this.core.options = { ...this.core.options, partialFills: mode };
  }
  /** Change how orders with an empty wire `transmit` are treated. */
  setMissingTransmit(mode: VenueOptions["missingTransmit"]): void {
    this.core.options = { ...this.core.options, missingTransmit: mode };
  }

  private ordersWhere(pred: (o: OrderRec) => boolean): VenueOrder[] {
    const out: VenueOrder[] = [];
    for (const o of this.core.orders.values()) if (pred(o)) out.push(this.core.view(o));
    return out;
  }
}

function hasOptionOrders(core: VenueCore): boolean {
  for (const [conId, set] of core.liveByConId) if (set.size > 0 && core.instrument(conId).option !== undefined) return true;
  return false;
}

function pendingSteps(core: VenueCore, nowMs: number): number {
  let n = 0;
  for (const s of core.market.states.values()) {
    const walk = core.instrument(s.conId).walk;
    if (s.nextStepMs !== undefined && walk !== undefined && s.nextStepMs <= nowMs) n += Math.floor((nowMs - s.nextStepMs) / walk.stepMs) + 1;
  }
  return n;
}

function advanceTo(core: VenueCore, nowMs: number): void {
  if (nowMs < core.now) return;
  const catchUp = pendingSteps(core, nowMs) > CATCH_UP_STEPS;
  const touched = new Set<number>();
  while (core.market.nextStepAt() <= nowMs) {
    const { t, changed, stepped } = core.market.stepNext(!catchUp || hasOptionOrders(core));
    core.now = t;
    if (catchUp) for (const id of changed) touched.add(id);
    else core.emitQuotes(changed);
    // Every step is a matching pass for the instrument and its options, changed or not (partial fills continue).
    engine.matchConIds(core, [stepped, ...core.market.optionConIds(stepped)]);
    engine.expireOrders(core);
  }
  core.now = nowMs;
  if (catchUp) {
    for (const i of core.instruments.values()) if (i.walk !== undefined) for (const id of core.market.repriceOptions(i.contract.conId, nowMs)) touched.add(id);
    core.emitQuotes(touched);
    engine.matchConIds(core, touched);
  }
  engine.expireOrders(core);
}

function snapshotOf(core: VenueCore): StoredState {
  const state: StoredState = {
    version: 1,
    seed: core.seed,
    startMs: core.startMs,
    nowMs: core.now,
    options: structuredClone(core.options),
    commissions: structuredClone(core.commissions),
    accounts: [...core.ledger.accounts.values()].map((a) => ({ id: a.id, currency: a.currency, cash: encodeDecs(a.cash), realized: encodeDecs(a.realized) })),
    instruments: structuredClone([...core.instruments.values()]),
    market: structuredClone([...core.market.states.values()]),
    positions: [...core.ledger.positions.values()].map(encodeDecs),
    orders: [...core.orders.values()].map(encodeDecs),
    executions: structuredClone(core.executions),
    maxOrderIds: [...core.maxOrderId.entries()],
    permIdNext: core.permIdNext,
    execSeqNext: core.execSeqNext,
    boundIdNext: core.boundIdNext,
    rejectNext: core.rejectNext,
  };
  return state;
}

function coreFromState(s: StoredState, listeners: Set<(e: VenueEvent) => void>, logger: Logger): VenueCore {
  try {
    return buildCore(s, listeners, logger);
  } catch (cause) {
    if (cause instanceof CortanaError) throw cause;
    throw new CortanaError("CORTANA_E_SIM_STATE", `venue state is inconsistent: ${(cause as Error).message}`, { cause });
  }
}

function buildCore(s: StoredState, listeners: Set<(e: VenueEvent) => void>, logger: Logger): VenueCore {
  const core = new VenueCore({
    seed: s.seed, startMs: s.startMs, nowMs: s.nowMs,
    accounts: s.accounts.map((a) => ({ id: a.id, currency: a.currency })),
    instruments: structuredClone(s.instruments),
    market: new Map(structuredClone(s.market).map((m) => [m.conId, m])),
    options: structuredClone(s.options), commissions: structuredClone(s.commissions),
    permIdNext: s.permIdNext, execSeqNext: s.execSeqNext, logger, listeners,
  });
  for (const a of s.accounts) {
    const rec = core.ledger.account(a.id);
    rec.cash = decodeDecs(a.cash) as bigint;
    rec.realized = decodeDecs(a.realized) as bigint;
  }
  for (const p of s.positions) {
    const pos = decodeDecs(p) as { account: string; conId: number; qty: bigint; cost: bigint; notional: bigint; realized: bigint };
    Object.assign(core.ledger.position(pos.account, pos.conId), pos);
  }
  for (const o of s.orders) core.addOrder(decodeDecs(o) as OrderRec);
  core.executions.push(...structuredClone(s.executions));
  for (const [clientId, max] of s.maxOrderIds) core.maxOrderId.set(clientId, max);
  core.boundIdNext = s.boundIdNext;
  core.rejectNext = s.rejectNext;
  return core;
}

