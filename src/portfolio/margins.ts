/**
 * Margins and locked balances the Portfolio calculates from open orders and open positions
 * (Nautilus `AccountsManager.update_orders` / `update_positions`), per account and instrument.
 *
 * Entry points: `orderNotionalRaw(account, instrument, order)` / `positionNotionalRaw` (what one
 * order or position counts for), `ordersMargin` / `positionsMaintMargin` (sums of them, rated),
 * and `MarginKeeper`, which keeps each open order's and position's share in running sums per
 * (instrument, account): `trackOrder(order)` / `trackPosition(position)` after each event (O(1),
 * no cache scan), `recalcOrders` / `recalcPositions` to recount everything (initialization, a
 * new account), and `orders(account)` / `maint(account)` (rated at query time). An order or position belongs to its
 * account id when that account is cached, else to `cache.accountForVenue(venue)`; one with no
 * account yet is left out (and counted in by the recount when its account's first state arrives).
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
import { FIXED_SCALAR, mulRaw } from "../model/decimal.js";
import { OrderSide } from "../model/enums.js";
import { InstrumentId, type AccountId, type ClientOrderId, type PositionId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { Order } from "../model/orders/order.js";
import type { Position } from "../model/position.js";
import { Money, Price } from "../model/values.js";

function ratioRaw(rate: number): bigint {
  return Price.from(rate, 9).raw;
}

/** `raw` x the multiplier; a multiplier of 1 (equities) is exact without the product and division. */
function timesMultiplier(raw: bigint, multiplierRaw: bigint): bigint {
  return multiplierRaw === FIXED_SCALAR ? raw : mulRaw(raw, multiplierRaw);
}

/** What an open order counts for before the rate: its notional raw (0 when it locks nothing). */
export function orderNotionalRaw(account: Account, instrument: Instrument, order: Order): bigint {
  if (!account.isMarginAccount && order.side !== OrderSide.BUY) return 0n;
  const price = order.price ?? order.triggerPrice;
  if (price === undefined) return 0n;
  return timesMultiplier(mulRaw(order.leavesQty.raw, price.raw), instrument.multiplier.raw);
}

/** Notional raw of an open position at its average open price. */
export function positionNotionalRaw(instrument: Instrument, position: Position): bigint {
  const q = position.signedQtyRaw < 0n ? -position.signedQtyRaw : position.signedQtyRaw;
  return q === 0n ? 0n : timesMultiplier(mulRaw(q, position.avgPxOpen.raw), instrument.multiplier.raw);
}

/** Locked balance (CASH) or initial margin (MARGIN) of an instrument's open orders. */
export function ordersMargin(account: Account, instrument: Instrument, orders: readonly Order[]): Money {
  let raw = 0n;
  for (const order of orders) raw += orderNotionalRaw(account, instrument, order);
  return new Money(account.isMarginAccount ? mulRaw(raw, ratioRaw(instrument.marginInit)) : raw, instrument.quoteCurrency);
}

/** Maintenance margin of an instrument's open positions (MARGIN accounts). */
export function positionsMaintMargin(instrument: Instrument, positions: readonly Position[]): Money {
  let raw = 0n;
  for (const p of positions) raw += positionNotionalRaw(instrument, p);
  return new Money(mulRaw(raw, ratioRaw(instrument.marginMaint)), instrument.quoteCurrency);
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

/** One order's or position's share of an (instrument, account) sum; updated in place. */
interface Share {
  sum: Sum;
  raw: bigint;
}

/** The running sum of the shares of one (instrument, account); `count` shares in it. */
interface Sum {
  readonly instrumentId: InstrumentId;
  readonly accountId: AccountId;
  raw: bigint;
  count: number;
}

/**
 * Incremental sums of shares per instrument then account: setting a share again under the same
 * key (an order or position id) replaces it, so each event costs O(1) and never re-scans the cache.
 * A sum whose last share left is kept (count 0) for the next one of its (instrument, account):
 * readers skip such sums, so an order opening and closing does not rebuild the maps every time.
 */
class ShareBook<K> {
  private readonly shares = new Map<K, Share>();
  readonly sums = new Map<InstrumentId, Map<AccountId, Sum>>();

  set(key: K, instrumentId: InstrumentId, accountId: AccountId, raw: bigint): void {
    const share = this.shares.get(key);
    if (share !== undefined && share.sum.instrumentId === instrumentId && share.sum.accountId === accountId) {
      share.sum.raw += raw - share.raw;
      share.raw = raw;
      return;
    }
    if (share !== undefined) this.leave(share);
    const sum = this.sumOf(instrumentId, accountId);
    sum.raw += raw;
    sum.count += 1;
    if (share === undefined) this.shares.set(key, { sum, raw });
    else {
      share.sum = sum;
      share.raw = raw;
    }
  }

  delete(key: K): void {
    const share = this.shares.get(key);
    if (share === undefined) return;
    this.leave(share);
    this.shares.delete(key);
  }

  clear(): void {
    this.shares.clear();
    this.sums.clear();
  }

  private leave(share: Share): void {
    share.sum.raw -= share.raw;
    share.sum.count -= 1;
  }

  private sumOf(instrumentId: InstrumentId, accountId: AccountId): Sum {
    let perAccount = this.sums.get(instrumentId);
    if (perAccount === undefined) {
      perAccount = new Map();
      this.sums.set(instrumentId, perAccount);
    }
    let sum = perAccount.get(accountId);
    if (sum === undefined) {
      sum = { instrumentId, accountId, raw: 0n, count: 0 };
      perAccount.set(accountId, sum);
    }
    return sum;
  }
}

/** Keeps the calculated margins in step with the open orders and positions, one event at a time. */
export class MarginKeeper {
  /** Open orders' notionals: CASH balance locked / MARGIN initial margin before the rate. */
  private readonly orderShares = new ShareBook<ClientOrderId>();
  /** Open positions' notionals at their average open price (MARGIN accounts). */
  private readonly positionShares = new ShareBook<PositionId>();
  private readonly rates = new Map<InstrumentId, { readonly init: bigint; readonly maint: bigint }>();

  constructor(
    private readonly cache: Cache,
    private readonly log: Logger,
  ) {}

  /** Counts the order in (open) or out (closed); false when it has no account yet. */
  trackOrder(order: Order, initializing = false): boolean {
    if (!order.isOpen()) {
      this.orderShares.delete(order.clientOrderId);
      return true;
    }
    const instrument = this.cache.instrument(order.instrumentId);
    const account = this.accountFor(order.accountId, order.instrumentId);
    if (instrument === undefined || account === undefined) {
      this.orderShares.delete(order.clientOrderId);
      this.logMissing(order.instrumentId, instrument === undefined ? "instrument" : "account", initializing);
      return false;
    }
    // A MARGIN account's share is rated at query time: at rate 0 the notional is not worth computing.
    const zero = account.isMarginAccount && this.ratesOf(instrument).init === 0n;
    this.orderShares.set(order.clientOrderId, instrument.id, account.id, zero ? 0n : orderNotionalRaw(account, instrument, order));
    return true;
  }

  /** Counts the position in (open, MARGIN account) or out. */
  trackPosition(position: Position): void {
    const account = position.isOpen() ? this.accountFor(position.accountId, position.instrumentId) : undefined;
    const instrument = account?.isMarginAccount === true ? this.cache.instrument(position.instrumentId) : undefined;
    if (account === undefined || instrument === undefined) {
      this.positionShares.delete(position.id);
      return;
    }
    const zero = this.ratesOf(instrument).maint === 0n;
    this.positionShares.set(position.id, instrument.id, account.id, zero ? 0n : positionNotionalRaw(instrument, position));
  }

  /** Recounts every open order of the cache; returns how many have no account (or instrument). */
  recalcOrders(initializing: boolean): number {
    this.orderShares.clear();
    let missing = 0;
    for (const order of this.cache.ordersOpen()) if (!this.trackOrder(order, initializing)) missing++;
    return missing;
  }

  /** Recounts every open position of the cache. */
  recalcPositions(): void {
    this.positionShares.clear();
    for (const p of this.cache.positionsOpen()) this.trackPosition(p);
  }

  /** Per instrument: the account's balance locked (CASH) or initial margin (MARGIN) from open orders. */
  orders(account: Account): Map<InstrumentId, Money> {
    return this.collect(this.orderShares, account, (rates) => (account.isMarginAccount ? rates.init : undefined));
  }

  /** Per instrument: the account's maintenance margin from open positions. */
  maint(account: Account): Map<InstrumentId, Money> {
    return this.collect(this.positionShares, account, (rates) => rates.maint);
  }

  clear(): void {
    this.orderShares.clear();
    this.positionShares.clear();
  }

  private collect<K>(book: ShareBook<K>, account: Account, rateOf: (rates: { init: bigint; maint: bigint }) => bigint | undefined): Map<InstrumentId, Money> {
    const out = new Map<InstrumentId, Money>();
    for (const [instrumentId, perAccount] of book.sums) {
      const sum = perAccount.get(account.id);
      const instrument = this.cache.instrument(instrumentId);
      if (sum === undefined || sum.count === 0 || instrument === undefined) continue;
      const rate = rateOf(this.ratesOf(instrument));
      out.set(instrumentId, new Money(rate === undefined ? sum.raw : mulRaw(sum.raw, rate), instrument.quoteCurrency));
    }
    return out;
  }

  private ratesOf(instrument: Instrument): { init: bigint; maint: bigint } {
    let r = this.rates.get(instrument.id);
    if (r === undefined) {
      r = { init: ratioRaw(instrument.marginInit), maint: ratioRaw(instrument.marginMaint) };
      this.rates.set(instrument.id, r);
    }
    return r;
  }

  private accountFor(accountId: AccountId | undefined, instrumentId: InstrumentId): Account | undefined {
    const account = accountId === undefined ? undefined : this.cache.account(accountId);
    return account ?? this.cache.accountForVenue(InstrumentId.venue(instrumentId));
  }

  private logMissing(instrumentId: InstrumentId, what: "instrument" | "account", initializing: boolean): void {
    const venue = InstrumentId.venue(instrumentId);
    const why = what === "account" ? `no account for venue ${venue}` : "instrument not in the cache";
    if (initializing) this.log.error({ instrumentId, venue }, `Cannot calculate margins of open orders on ${instrumentId}: ${why}`);
    else this.log.debug({ instrumentId, venue }, `Margins of ${instrumentId} wait: ${why}`);
  }
}
