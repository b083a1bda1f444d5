/**
 * Margins and locked balances the Portfolio calculates from open orders and open positions
 * (Nautilus `AccountsManager.update_orders` / `update_positions`), per account and instrument.
 *
 * Entry points: `ordersMargin(account, instrument, orders)` (CASH: balance locked; MARGIN:
 * initial margin), `positionsMaintMargin(instrument, positions)`, `MarginBook` (the store), and
 * `MarginKeeper`, which recalculates one instrument's entries from the Cache (`recalcOrders`,
 * `recalcMaint`, `recalcAll` when an account appears). An order or position belongs to its
 * account id when that account is cached, else to `cache.accountForVenue(venue)`; one with no
 * account yet is left out (and counted in when its account's first state arrives).
 *
 * Rules:
 * - An order counts for its leaves quantity at its limit price, else its trigger price; an order
 *   with neither (MARKET) cannot be valued and counts nothing (it is short-lived).
 * - CASH account: a BUY locks its notional in the quote currency; a SELL locks no cash (it
 *   sells instruments the account holds, which are not cash balances).
 * - MARGIN account: initial margin = notional x instrument.marginInit for both sides;
 *   maintenance margin = notional at the average open price x instrument.marginMaint.
 * - Notional = qty x price x multiplier (options 100, futures their multiplier), exact; the
 *   ratio is taken at 9 decimals and the product rounded half to even at 9 decimals.
 */
import type { Account } from "../cache/account.js";
import type { Cache } from "../cache/cache.js";
import type { Logger } from "../common/logger.js";
import { OrderSide } from "../model/enums.js";
import { InstrumentId, type AccountId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { Order } from "../model/orders/order.js";
import type { Position } from "../model/position.js";
import { Money, Price } from "../model/values.js";

function ratio(rate: number): Price {
  return Price.from(rate, 9);
}

/** Locked balance (CASH) or initial margin (MARGIN) of an instrument's open orders. */
export function ordersMargin(account: Account, instrument: Instrument, orders: readonly Order[]): Money {
  const margin = account.isMarginAccount;
  let raw = 0n;
  for (const order of orders) {
    if (!margin && order.side !== OrderSide.BUY) continue;
    const price = order.price ?? order.triggerPrice;
    if (price === undefined) continue;
    raw += instrument.notionalValue(order.leavesQty, price).raw;
  }
  const notional = new Money(raw, instrument.quoteCurrency);
  return margin ? notional.mul(ratio(instrument.marginInit)) : notional;
}

/** Maintenance margin of an instrument's open positions (MARGIN accounts). */
export function positionsMaintMargin(instrument: Instrument, positions: readonly Position[]): Money {
  let raw = 0n;
  for (const p of positions) {
    if (p.isClosed()) continue;
    raw += instrument.notionalValue(p.quantity, p.avgPxOpen).raw;
  }
  return new Money(raw, instrument.quoteCurrency).mul(ratio(instrument.marginMaint));
}

interface AccountMargins {
  /** CASH: balance locked; MARGIN: initial margin; from open orders. */
  readonly orders: Map<InstrumentId, Money>;
  /** MARGIN: maintenance margin from open positions. */
  readonly maint: Map<InstrumentId, Money>;
}

/** The calculated margins, per account then instrument. An instrument with nothing open has no entry. */
export class MarginBook {
  private readonly byAccount = new Map<AccountId, AccountMargins>();

  private of(accountId: AccountId): AccountMargins {
    let m = this.byAccount.get(accountId);
    if (m === undefined) {
      m = { orders: new Map(), maint: new Map() };
      this.byAccount.set(accountId, m);
    }
    return m;
  }

  setOrders(accountId: AccountId, instrumentId: InstrumentId, value: Money | undefined): void {
    const m = this.of(accountId).orders;
    if (value === undefined) m.delete(instrumentId);
    else m.set(instrumentId, value);
  }

  setMaint(accountId: AccountId, instrumentId: InstrumentId, value: Money | undefined): void {
    const m = this.of(accountId).maint;
    if (value === undefined) m.delete(instrumentId);
    else m.set(instrumentId, value);
  }

  orders(accountId: AccountId): ReadonlyMap<InstrumentId, Money> {
    return this.byAccount.get(accountId)?.orders ?? new Map();
  }

  maint(accountId: AccountId): ReadonlyMap<InstrumentId, Money> {
    return this.byAccount.get(accountId)?.maint ?? new Map();
  }

  clear(): void {
    this.byAccount.clear();
  }
}

/** Groups items by key, leaving out those whose key is undefined. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K | undefined): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/** Keeps a MarginBook in step with the Cache's open orders and positions. */
export class MarginKeeper {
  readonly book = new MarginBook();

  constructor(
    private readonly cache: Cache,
    private readonly log: Logger,
  ) {}

  /** Recalculates the instrument's open-order margins for every account; false if an order has no account. */
  recalcOrders(instrumentId: InstrumentId, initializing: boolean): boolean {
    const instrument = this.cache.instrument(instrumentId);
    if (instrument === undefined) {
      this.log.error({ instrumentId }, `Cannot calculate margins of ${instrumentId}: instrument not in the cache`);
      return true;
    }
    let complete = true;
    const byAccount = groupBy(this.cache.ordersOpen({ instrumentId }), (order) => {
      const accountId = this.accountIdFor(order.accountId, instrumentId);
      if (accountId === undefined) complete = false;
      return accountId;
    });
    if (!complete) {
      const venue = InstrumentId.venue(instrumentId);
      if (initializing) this.log.error({ instrumentId, venue }, `Cannot calculate margins of open orders on ${instrumentId}: no account for venue ${venue}`);
      else this.log.debug({ instrumentId, venue }, `No account for venue ${venue} yet`);
    }
    for (const account of this.cache.accounts()) {
      const orders = byAccount.get(account.id);
      this.book.setOrders(account.id, instrumentId, orders === undefined ? undefined : ordersMargin(account, instrument, orders));
    }
    return complete;
  }

  /** Recalculates the instrument's maintenance margins (MARGIN accounts). */
  recalcMaint(instrumentId: InstrumentId): void {
    const instrument = this.cache.instrument(instrumentId);
    if (instrument === undefined) return;
    const byAccount = groupBy(this.cache.positionsOpen({ instrumentId }), (p) => this.accountIdFor(p.accountId, instrumentId));
    for (const account of this.cache.accounts()) {
      const positions = account.isMarginAccount ? byAccount.get(account.id) : undefined;
      this.book.setMaint(account.id, instrumentId, positions === undefined ? undefined : positionsMaintMargin(instrument, positions));
    }
  }

  /** Recalculates every instrument with an open order or position (a new account appeared). */
  recalcAll(): number {
    const instruments = new Set<InstrumentId>();
    for (const o of this.cache.ordersOpen()) instruments.add(o.instrumentId);
    for (const p of this.cache.positionsOpen()) instruments.add(p.instrumentId);
    for (const id of instruments) {
      this.recalcOrders(id, false);
      this.recalcMaint(id);
    }
    return instruments.size;
  }

  private accountIdFor(accountId: AccountId | undefined, instrumentId: InstrumentId): AccountId | undefined {
    if (accountId !== undefined && this.cache.account(accountId) !== undefined) return accountId;
    return this.cache.accountForVenue(InstrumentId.venue(instrumentId))?.id;
  }
}
