/**
 * Margins and locked balances the Portfolio calculates from open orders and open positions
 * (Nautilus `AccountsManager.update_orders` / `update_positions`), per account and instrument.
 *
 * Entry points: `ordersMargin(account, instrument, orders)` (CASH: balance locked; MARGIN:
 * initial margin), `positionsMaintMargin(instrument, positions)`, and `MarginBook`, the store
 * the Portfolio keeps them in.
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
import { OrderSide } from "../model/enums.js";
import type { AccountId, InstrumentId } from "../model/identifiers.js";
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
