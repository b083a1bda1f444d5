/**
 * Account: one venue account's balances (and margins) as of its last AccountState, with the
 * history of those states (Nautilus `CashAccount` / `MarginAccount`).
 *
 * It lives in the cache layer (not portfolio) so the RiskEngine can read `cache.account(id)`;
 * src/portfolio re-exports it. Entry points: `new Account(firstState)`, `apply(state)`,
 * `balance/balanceTotal/balanceFree/balanceLocked(currency?)`, `margin(instrumentId)`,
 * `balanceImpact(instrument, qty, price, side)`, `updateCommissions(money)`, `purgeEvents`.
 *
 * Invariants:
 * - Every applied state has this account's id and type; its balances replace the previous ones
 *   per currency (a currency absent from a state keeps its last balance, as in Nautilus).
 * - total = locked + free for every balance (checked on apply; a state breaking it is refused).
 * - `events` is in application order; purging keeps the latest state whatever its age.
 * - A CASH account has no margins; a MARGIN account keeps margins per instrument (or one
 *   account-wide margin under the key "" when the venue reports no instrument).
 */
import type { AccountType, OrderSide } from "../model/enums.js";
import type { AccountBalance, AccountState, MarginBalance } from "../model/events.js";
import type { AccountId, InstrumentId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import { Price, type Currency, type Money, type Quantity } from "../model/values.js";

const ACCOUNT_WIDE = "";

export class Account {
  readonly id: AccountId;
  readonly type: AccountType;
  readonly baseCurrency: Currency | undefined;
  private readonly stateEvents: AccountState[] = [];
  private readonly balanceMap = new Map<string, AccountBalance>();
  private readonly marginMap = new Map<string, MarginBalance>();
  private readonly commissionMap = new Map<string, Money>();

  constructor(first: AccountState) {
    this.id = first.accountId;
    this.type = first.accountType;
    this.baseCurrency = first.baseCurrency;
    this.apply(first);
  }

  get isCashAccount(): boolean {
    return this.type === "CASH";
  }

  get isMarginAccount(): boolean {
    return this.type === "MARGIN";
  }

  /** Every applied AccountState, oldest first. */
  get events(): readonly AccountState[] {
    return this.stateEvents;
  }

  get lastEvent(): AccountState {
    return this.stateEvents[this.stateEvents.length - 1] as AccountState;
  }

  get eventCount(): number {
    return this.stateEvents.length;
  }

  apply(state: AccountState): void {
    if (state.accountId !== this.id) throw new Error(`account ${this.id} cannot apply a state of ${state.accountId}`);
    if (state.accountType !== this.type) throw new Error(`account ${this.id} is ${this.type}; state says ${state.accountType}`);
    for (const b of state.balances) {
      if (b.total.raw !== b.locked.raw + b.free.raw) {
        throw new Error(`account ${this.id}: balance ${b.total.currency.code} total ${b.total} != locked ${b.locked} + free ${b.free}`);
      }
    }
    for (const b of state.balances) this.balanceMap.set(b.total.currency.code, b);
    if (this.isMarginAccount) {
      for (const m of state.margins) this.marginMap.set(m.instrumentId ?? ACCOUNT_WIDE, m);
    }
    this.stateEvents.push(state);
  }

  /** Currencies with a balance, in first-seen order. */
  currencies(): Currency[] {
    return [...this.balanceMap.values()].map((b) => b.total.currency);
  }

  balances(): readonly AccountBalance[] {
    return [...this.balanceMap.values()];
  }

  /** The balance in `currency` (default: the base currency), or undefined. */
  balance(currency?: Currency): AccountBalance | undefined {
    const c = currency ?? this.baseCurrency;
    return c === undefined ? undefined : this.balanceMap.get(c.code);
  }

  balanceTotal(currency?: Currency): Money | undefined {
    return this.balance(currency)?.total;
  }

  balanceFree(currency?: Currency): Money | undefined {
    return this.balance(currency)?.free;
  }

  balanceLocked(currency?: Currency): Money | undefined {
    return this.balance(currency)?.locked;
  }

  /** The margin for an instrument (or the account-wide margin when called without one). */
  margin(instrumentId?: InstrumentId): MarginBalance | undefined {
    return this.marginMap.get(instrumentId ?? ACCOUNT_WIDE);
  }

  margins(): readonly MarginBalance[] {
    return [...this.marginMap.values()];
  }

  /** Commissions paid so far, per currency (accumulated from fills by the portfolio). */
  updateCommissions(commission: Money): void {
    if (commission.isZero()) return;
    const code = commission.currency.code;
    const prev = this.commissionMap.get(code);
    this.commissionMap.set(code, prev === undefined ? commission : prev.add(commission));
  }

  commission(currency: Currency): Money | undefined {
    return this.commissionMap.get(currency.code);
  }

  commissions(): readonly Money[] {
    return [...this.commissionMap.values()];
  }

  /**
   * The change of free balance (in the quote currency) that filling `quantity` at `price` would
   * cause: a BUY spends the notional, a SELL receives it. For a MARGIN account the impact is the
   * initial margin (notional x marginInit of the instrument, the whole notional when 0).
   */
  balanceImpact(instrument: Instrument, quantity: Quantity, price: Price, side: OrderSide): Money {
    const notional = instrument.notionalValue(quantity, price);
    let impact = notional;
    if (this.isMarginAccount && instrument.marginInit > 0) {
      // The rate is a config number (e.g. 0.25); taken at 9 decimals, the product stays exact.
      impact = notional.mul(Price.from(instrument.marginInit, 9));
    }
    return side === "BUY" ? impact.neg() : impact;
  }

  /**
   * Drops states older than `tsNowNs - lookbackNs`, always keeping the latest one.
   * Returns how many were dropped.
   */
  purgeEvents(tsNowNs: bigint, lookbackNs: bigint): number {
    const cutoff = tsNowNs - lookbackNs;
    const last = this.stateEvents.length - 1;
    let kept = 0;
    for (let i = 0; i <= last; i++) {
      const e = this.stateEvents[i] as AccountState;
      if (i === last || e.tsEvent >= cutoff) this.stateEvents[kept++] = e;
    }
    const dropped = this.stateEvents.length - kept;
    this.stateEvents.length = kept;
    return dropped;
  }
}
