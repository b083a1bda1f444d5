/**
 * Portfolio: accounts, margins, net positions, exposure and PnL of the node (Nautilus `Portfolio`).
 *
 * Entry points: `new Portfolio({ bus, cache, clock, logger, config? })`, which at once registers
 * the `Portfolio.update_account` endpoint and subscribes (priority 10, ahead of strategies) to
 * `events.order.*`, `events.position.*`, `data.quotes.*`, `data.trades.*` and, with
 * `barUpdates`, `data.bars.*`. Node start: `initializeOrders()`, `initializePositions()`, then
 * `await whenInitialized(timeoutPortfolioMs)`. Queries: see the methods below.
 *
 * Invariants:
 * - Like Nautilus' Portfolio it is not a lifecycle Component: it listens from construction
 *   (exec clients report account states as they connect, before anything starts) until `dispose()`.
 * - AccountState events from exec clients create or update the cached Account (src/cache/account.ts)
 *   and are then published on `events.account.{accountId}` for strategies.
 * - PnL, exposure and net positions are computed at query time from the cached positions and
 *   the latest marks (marks.ts), so they are never stale and never drift (pnl.ts). Market data
 *   messages drive readiness (readiness.ts) and bar-close marks; order and position events drive
 *   the calculated margins (margins.ts) and the commissions of the account.
 * - Money is exact; results are in the instrument's quote (settlement) currency. No currency
 *   conversion happens (there is no exchange-rate source): venue totals are maps per currency.
 */
import type { Account } from "../cache/account.js";
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { Handler, MessageBus } from "../common/msgbus.js";
import { Endpoints, Topics } from "../common/topics.js";
import { PortfolioConfigSchema, type PortfolioConfig } from "../config/schemas/portfolio-logging.js";
import type { Bar, QuoteTick, TradeTick } from "../model/data.js";
import { PositionSide } from "../model/enums.js";
import type { AccountState, OrderEvent, PositionEvent } from "../model/events.js";
import { InstrumentId, type AccountId, type PositionId, type Venue } from "../model/identifiers.js";
import type { Position } from "../model/position.js";
import type { Currency, Money } from "../model/values.js";
import { AccountUpdater, type AccountUpdate } from "./accounts.js";
import { MarginKeeper, groupBy } from "./margins.js";
import { MarkPrices, type MarkSide } from "./marks.js";
import { NetPosition, addByCurrency, markSide, netPositionOf, sumExposure, sumRealized, sumUnrealized } from "./pnl.js";
import { Readiness } from "./readiness.js";

export interface PortfolioDeps {
  readonly bus: MessageBus;
  readonly cache: Cache;
  /** Runs the `whenInitialized` timeout; account-state logging intervals. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** PortfolioConfig (reference §1.3); omitted fields take their defaults. */
  readonly config?: Partial<PortfolioConfig>;
}

/** Order events after which an instrument's open orders (or their prices / quantities) may differ. */
const MARGIN_EVENTS: ReadonlySet<OrderEvent["type"]> = new Set<OrderEvent["type"]>([
  "OrderAccepted",
  "OrderUpdated",
  "OrderTriggered",
  "OrderReleased",
  "OrderFilled",
  "OrderCanceled",
  "OrderExpired",
  "OrderRejected",
]);

const SUBSCRIPTION_PRIORITY = 10;

export class Portfolio {
  readonly config: PortfolioConfig;
  private readonly bus: MessageBus;
  private readonly cache: Cache;
  private readonly log: Logger;
  private readonly marks: MarkPrices;
  private readonly margins: MarginKeeper;
  private readonly readiness: Readiness;
  private readonly accounts: AccountUpdater;
  private readonly subscriptions: [string, Handler<never>][] = [];
  private disposed = false;

  constructor(deps: PortfolioDeps) {
    this.config = PortfolioConfigSchema.parse(deps.config ?? {});
    this.bus = deps.bus;
    this.cache = deps.cache;
    this.log = deps.logger.child({ component: "Portfolio" });
    this.margins = new MarginKeeper(deps.cache, this.log);
    this.marks = new MarkPrices(deps.cache, { useMarkPrices: this.config.useMarkPrices, barUpdates: this.config.barUpdates });
    this.readiness = new Readiness(deps.clock, (id) => this.canMark(id), "Portfolio.whenInitialized");
    this.accounts = new AccountUpdater(deps.cache, deps.clock, this.log, this.config.minAccountStateLoggingIntervalMs);
    this.bus.register(Endpoints.PortfolioUpdateAccount, this.onAccountState);
    this.listen(Topics.orderEvents("*"), this.onOrderEvent);
    this.listen(Topics.positionEvents("*"), this.onPositionEvent);
    this.listen(Topics.quotes("*", "*"), this.onQuote);
    this.listen(Topics.trades("*", "*"), this.onTrade);
    if (this.config.barUpdates) this.listen(Topics.bars("*"), this.onBar);
  }

  // ---- node start ----------------------------------------------------------------------------

  /** Calculates locked balances / initial margins for every open order in the cache. */
  initializeOrders(): void {
    const missing = this.margins.recalcOrders(true);
    const n = this.cache.ordersOpenCount();
    this.log.info({ openOrders: n, missingAccounts: missing }, `Initialized ${n} open order${n === 1 ? "" : "s"}`);
  }

  /** Calculates maintenance margins and checks a mark exists for every open position. */
  initializePositions(): void {
    this.readiness.begin();
    const open = this.cache.positionsOpen();
    this.margins.recalcPositions();
    for (const id of new Set(open.map((p) => p.instrumentId))) {
      if (this.readiness.refresh(id)) this.log.warn({ instrumentId: id }, `No price to mark ${id} yet: unrealized PnL pending`);
    }
    this.readiness.complete();
    const n = open.length;
    this.log.info({ openPositions: n, pending: this.readiness.pendingInstruments() }, `Initialized ${n} open position${n === 1 ? "" : "s"}`);
  }

  /** True once positions were initialized and every instrument with an open position has a mark. */
  get initialized(): boolean {
    return this.readiness.initialized;
  }

  /** Instruments with an open position and no mark yet (what `initialized` waits for). */
  pendingInstruments(): InstrumentId[] {
    return this.initialized ? [] : this.readiness.pendingInstruments();
  }

  /** Resolves true as soon as `initialized`, false once `timeoutMs` has passed on the Clock. */
  whenInitialized(timeoutMs: number): Promise<boolean> {
    return this.readiness.whenInitialized(timeoutMs);
  }

  // ---- accounts and margins ------------------------------------------------------------------

  /** The account with this id, else the account of this venue (cache.accountForVenue). */
  account(ref: Venue | AccountId): Account | undefined {
    return this.cache.account(ref as AccountId) ?? this.cache.accountForVenue(ref as Venue);
  }

  /** Handles an AccountState (the `Portfolio.update_account` endpoint does the same). */
  updateAccount(state: AccountState): AccountUpdate {
    const update = this.accounts.apply(state);
    if (update.kind === "refused") return update;
    if (update.kind === "created") {
      this.margins.recalcOrders(false);
      this.margins.recalcPositions();
      this.log.debug({ accountId: update.account.id }, `Calculated margins for new account ${update.account.id}`);
    }
    this.bus.publish(Topics.accountEvents(state.accountId), state);
    return update;
  }

  /** CASH account: cash locked by open BUY orders, per instrument (empty for other accounts). */
  balancesLocked(ref: Venue | AccountId): Map<InstrumentId, Money> {
    const account = this.account(ref);
    return account?.isCashAccount === true ? this.margins.orders(account) : new Map();
  }

  /** MARGIN account: initial margins per instrument (venue-reported ones take precedence). */
  marginsInit(ref: Venue | AccountId): Map<InstrumentId, Money> {
    const account = this.account(ref);
    if (account?.isMarginAccount !== true) return new Map();
    const out = this.margins.orders(account);
    for (const m of account.margins()) if (m.instrumentId !== undefined) out.set(m.instrumentId, m.initial);
    return out;
  }

  /** MARGIN account: maintenance margins per instrument (venue-reported ones take precedence). */
  marginsMaint(ref: Venue | AccountId): Map<InstrumentId, Money> {
    const account = this.account(ref);
    if (account?.isMarginAccount !== true) return new Map();
    const out = this.margins.maint(account);
    for (const m of account.margins()) if (m.instrumentId !== undefined) out.set(m.instrumentId, m.maintenance);
    return out;
  }

  // ---- positions -----------------------------------------------------------------------------

  netPosition(instrumentId: InstrumentId): NetPosition {
    return netPositionOf(this.cache.positionsOpen({ instrumentId }), this.cache.instrument(instrumentId)?.sizePrecision ?? 0);
  }
  isNetLong(instrumentId: InstrumentId): boolean {
    return this.netPosition(instrumentId).isLong();
  }
  isNetShort(instrumentId: InstrumentId): boolean {
    return this.netPosition(instrumentId).isShort();
  }
  isFlat(instrumentId: InstrumentId): boolean {
    return this.netPosition(instrumentId).isFlat();
  }
  /** True when every instrument's net position is zero. */
  isCompletelyFlat(): boolean {
    for (const positions of groupByInstrument(this.cache.positionsOpen()).values()) {
      if (!netPositionOf(positions, 0).isFlat()) return false;
    }
    return true;
  }

  // ---- exposure and PnL ----------------------------------------------------------------------

  /** Signed notional of the open positions at their marks; undefined without a mark (or currency). */
  netExposure(instrumentId: InstrumentId): Money | undefined {
    const positions = this.cache.positionsOpen({ instrumentId });
    const currency = this.currencyOf(instrumentId, positions);
    return currency === undefined ? undefined : sumExposure(positions, this.markFn, currency);
  }

  /** Net exposures of a venue (or account) per currency code; undefined if a position has no mark. */
  netExposures(ref: Venue | AccountId): Map<string, Money> | undefined {
    return this.perCurrency(this.cache.positionsOpen(this.filterOf(ref)), (id, ps) => this.exposureOf(id, ps));
  }

  /** Unrealized PnL of the instrument's open positions; undefined without a mark (or currency). */
  unrealizedPnl(instrumentId: InstrumentId): Money | undefined {
    const positions = this.cache.positionsOpen({ instrumentId });
    const currency = this.currencyOf(instrumentId, positions);
    return currency === undefined ? undefined : sumUnrealized(positions, this.markFn, currency);
  }

  unrealizedPnls(ref: Venue | AccountId): Map<string, Money> | undefined {
    return this.perCurrency(this.cache.positionsOpen(this.filterOf(ref)), (id, ps) => this.unrealizedOf(id, ps));
  }

  /** Realized PnL of every cached position of the instrument (earlier lifecycles included), net of commissions. */
  realizedPnl(instrumentId: InstrumentId): Money | undefined {
    const positions = this.cache.positions({ instrumentId });
    const currency = this.currencyOf(instrumentId, positions);
    return currency === undefined ? undefined : sumRealized(positions, this.snapshotsFn, currency);
  }

  realizedPnls(ref: Venue | AccountId): Map<string, Money> {
    const totals = new Map<string, Money>();
    for (const [id, ps] of groupByInstrument(this.cache.positions(this.filterOf(ref)))) {
      const realized = this.realizedOf(id, ps);
      if (realized !== undefined) addByCurrency(totals, realized);
    }
    return totals;
  }

  /** Realized + unrealized PnL of the instrument; undefined without a mark. */
  totalPnl(instrumentId: InstrumentId): Money | undefined {
    const unrealized = this.unrealizedPnl(instrumentId);
    const realized = this.realizedPnl(instrumentId);
    return unrealized === undefined || realized === undefined ? undefined : realized.add(unrealized);
  }

  totalPnls(ref: Venue | AccountId): Map<string, Money> | undefined {
    const unrealized = this.unrealizedPnls(ref);
    if (unrealized === undefined) return undefined;
    const totals = this.realizedPnls(ref);
    for (const m of unrealized.values()) addByCurrency(totals, m);
    return totals;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Forgets calculated margins, bar marks and the initialization (Nautilus `reset`). */
  reset(): void {
    this.margins.clear();
    this.marks.clear();
    this.readiness.reset();
    this.accounts.reset();
    this.log.debug("reset");
  }

  /** Stops listening: unsubscribes, deregisters the endpoint, settles waiters with false. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const [pattern, handler] of this.subscriptions) this.bus.unsubscribe(pattern, handler);
    this.subscriptions.length = 0;
    this.bus.deregister(Endpoints.PortfolioUpdateAccount, this.onAccountState);
    this.readiness.dispose();
  }

  // ---- handlers ------------------------------------------------------------------------------

  private readonly onAccountState = (state: AccountState): void => {
    this.updateAccount(state);
  };

  private readonly onOrderEvent = (event: OrderEvent): void => {
    if (event.type === "OrderFilled") this.cache.account(event.accountId)?.updateCommissions(event.commission);
    if (MARGIN_EVENTS.has(event.type)) {
      const order = this.cache.order(event.clientOrderId);
      if (order !== undefined) this.margins.trackOrder(order);
    }
    if (this.config.debug) this.log.debug({ clientOrderId: event.clientOrderId, event: event.type }, `Updated from ${event.type}`);
  };

  private readonly onPositionEvent = (event: PositionEvent): void => {
    const position = this.cache.position(event.positionId);
    if (position !== undefined) this.margins.trackPosition(position);
    this.readiness.refresh(event.instrumentId);
    if (this.config.debug) {
      const id = event.instrumentId;
      this.log.debug(
        { positionId: event.positionId, event: event.type, net: this.netPosition(id).toString(), realized: this.realizedPnl(id)?.toString(), unrealized: this.unrealizedPnl(id)?.toString() },
        `Updated from ${event.type}`,
      );
    }
  };

  private readonly onQuote = (quote: QuoteTick): void => {
    this.onPrice(quote.instrumentId);
  };

  private readonly onTrade = (trade: TradeTick): void => {
    this.onPrice(trade.instrumentId);
  };

  private readonly onBar = (bar: Bar): void => {
    if (this.marks.onBar(bar)) this.onPrice(bar.barType.instrumentId);
  };

  private onPrice(instrumentId: InstrumentId): void {
    if (this.readiness.isPending(instrumentId) && !this.readiness.refresh(instrumentId)) {
      this.log.info({ instrumentId }, `Priced ${instrumentId}: unrealized PnL available`);
    }
    if (this.config.debug && this.cache.positionsOpenCount({ instrumentId }) > 0) {
      this.log.debug({ instrumentId, unrealized: this.unrealizedPnl(instrumentId)?.toString() }, `Marked ${instrumentId}`);
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  private listen<T>(pattern: string, handler: Handler<T>): void {
    this.bus.subscribe(pattern, handler, SUBSCRIPTION_PRIORITY);
    this.subscriptions.push([pattern, handler as Handler<never>]);
  }

  private readonly markFn = (id: InstrumentId, side: MarkSide) => this.marks.markFor(id, side);
  private readonly snapshotsFn = (id: PositionId) => this.cache.positionSnapshots(id);

  private canMark(instrumentId: InstrumentId): boolean {
    // A mark for each side covers any open position: no positions query (readiness re-checks the
    // instrument after every position event once the node is initialized).
    if (this.marks.hasMark(instrumentId, PositionSide.LONG) && this.marks.hasMark(instrumentId, PositionSide.SHORT)) return true;
    for (const p of this.cache.positionsOpen({ instrumentId })) {
      const side = markSide(p);
      if (side !== undefined && !this.marks.hasMark(instrumentId, side)) return false;
    }
    return true;
  }

  private currencyOf(instrumentId: InstrumentId, positions: readonly Position[]): Currency | undefined {
    return this.cache.instrument(instrumentId)?.quoteCurrency ?? positions[0]?.currency;
  }

  private unrealizedOf(id: InstrumentId, positions: readonly Position[]): Money | undefined {
    const currency = this.currencyOf(id, positions);
    return currency === undefined ? undefined : sumUnrealized(positions, this.markFn, currency);
  }

  private realizedOf(id: InstrumentId, positions: readonly Position[]): Money | undefined {
    const currency = this.currencyOf(id, positions);
    return currency === undefined ? undefined : sumRealized(positions, this.snapshotsFn, currency);
  }

  private exposureOf(id: InstrumentId, positions: readonly Position[]): Money | undefined {
    const currency = this.currencyOf(id, positions);
    return currency === undefined ? undefined : sumExposure(positions, this.markFn, currency);
  }

  private perCurrency(
    positions: readonly Position[],
    of: (id: InstrumentId, positions: readonly Position[]) => Money | undefined,
  ): Map<string, Money> | undefined {
    const totals = new Map<string, Money>();
    for (const [id, ps] of groupByInstrument(positions)) {
      const amount = of(id, ps);
      if (amount === undefined) return undefined;
      addByCurrency(totals, amount);
    }
    return totals;
  }

  /** Positions filter of a venue, or of an account when `ref` is a cached account id. */
  private filterOf(ref: Venue | AccountId): { venue?: string; accountId?: string } {
    return this.cache.account(ref as AccountId) !== undefined ? { accountId: ref } : { venue: ref };
  }
}

function groupByInstrument(positions: readonly Position[]): Map<InstrumentId, Position[]> {
  return groupBy(positions, (p) => p.instrumentId);
}
