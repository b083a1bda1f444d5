/**
 * The venue's books: cash, positions (quantity, cost basis with commissions as IB's avgCost has
 * them), realized PnL, and the account values IB reports, all exact (Dec).
 *
 * Stocks and options settle in cash at the trade (cash -= qty x price x multiplier). Futures do not
 * move cash at the trade: their open notional is tracked per position, and a closing trade moves
 * the realized difference into cash. Commissions always leave cash at the execution.
 *
 * Invariants: position = sum of signed execution quantities; for STK/OPT,
 * cash = start - sum(signed qty x price x mult) - sum(commissions); realized + remaining cost
 * basis move between each other without loss (portions are rounded once and subtracted).
 *
 * Entry points: `Ledger` (applyExecution, positionRows, accountValues, portfolio).
 */
import type { AccountValue } from "./api.js";
import { abs, div, divRound, mul, ONE, toFixed, ZERO, type Dec } from "./decimal.js";

export interface PositionRec {
  account: string;
  conId: number;
  qty: Dec;
  /** Cost basis of the open quantity, commissions included (sign of qty). */
  cost: Dec;
  /** Futures: cash-equivalent notional of the open quantity, commissions excluded. */
  notional: Dec;
  /** Realized PnL of this position in the session, net of commissions. */
  realized: Dec;
}

export interface AccountRec {
  id: string;
  currency: string;
  cash: Dec;
  realized: Dec;
}

/** What the ledger needs to know of an instrument. */
export interface LedgerInstrument {
  conId: number;
  secType: "STK" | "OPT" | "FUT";
  multiplier: Dec;
  initialMargin: Dec;
  /** Underlying price for short-option margin (0 when not an option). */
  underlyingMark: () => Dec;
  mark: () => Dec;
}

export interface ExecutionEffect {
  /** Net of this execution's commission; undefined when it only opened. */
  realized: Dec | undefined;
}

const key = (account: string, conId: number): string => `${account}|${conId}`;

export class Ledger {
  readonly accounts = new Map<string, AccountRec>();
  readonly positions = new Map<string, PositionRec>();

  position(account: string, conId: number): PositionRec {
    const k = key(account, conId);
    let p = this.positions.get(k);
    if (p === undefined) {
      p = { account, conId, qty: ZERO, cost: ZERO, notional: ZERO, realized: ZERO };
      this.positions.set(k, p);
    }
    return p;
  }

  account(id: string): AccountRec {
    const a = this.accounts.get(id);
    if (a === undefined) throw new Error(`unknown account ${id}`);
    return a;
  }

  /** Book one execution: signed quantity (BUY > 0), price, commission. */
  applyExecution(account: string, inst: LedgerInstrument, signedQty: Dec, price: Dec, commission: Dec): ExecutionEffect {
    const acct = this.account(account);
    const pos = this.position(account, inst.conId);
    const flow = mul(mul(signedQty, price), inst.multiplier);
    acct.cash -= commission;
    if (inst.secType !== "FUT") acct.cash -= flow;
    if (pos.qty === ZERO || (pos.qty > ZERO) === (signedQty > ZERO)) {
      pos.qty += signedQty;
      pos.cost += flow + commission;
      pos.notional += flow;
      return { realized: undefined };
    }
    const closeQty = abs(signedQty) < abs(pos.qty) ? abs(signedQty) : abs(pos.qty);
    const openQty = abs(signedQty) - closeQty;
    const closeCommission = openQty === ZERO ? commission : divRound(commission * closeQty, abs(signedQty));
    const costPortion = divRound(pos.cost * closeQty, abs(pos.qty));
    const notionalPortion = divRound(pos.notional * closeQty, abs(pos.qty));
    const sign = signedQty > ZERO ? ONE : -ONE;
    const closeFlow = mul(mul(mul(sign, closeQty), price), inst.multiplier);
    // Closing a long sells (closeFlow < 0): proceeds -closeFlow minus the basis removed.
    const realized = -closeFlow - costPortion - closeCommission;
    if (inst.secType === "FUT") acct.cash += -closeFlow - notionalPortion;
    pos.qty += mul(sign, closeQty);
    pos.cost -= costPortion;
    pos.notional -= notionalPortion;
    if (openQty > ZERO) {
      const openFlow = flow - closeFlow;
      pos.qty += mul(sign, openQty);
      pos.cost += openFlow + (commission - closeCommission);
      pos.notional += openFlow;
    }
    if (pos.qty === ZERO) {
      pos.cost = ZERO;
      pos.notional = ZERO;
    }
    pos.realized += realized;
    acct.realized += realized;
    return { realized };
  }

  /** IB's avgCost: cost basis per unit of position (times multiplier), 0 when flat. */
  static avgCost(p: PositionRec): Dec {
    return p.qty === ZERO ? ZERO : div(p.cost, p.qty);
  }

  marketValue(p: PositionRec, inst: LedgerInstrument): Dec {
    return mul(mul(p.qty, inst.mark()), inst.multiplier);
  }

  /** Key account figures, exact. */
  figures(account: string, lookup: (conId: number) => LedgerInstrument): AccountFigures {
    const acct = this.account(account);
    const f: AccountFigures = { cash: acct.cash, netLiq: acct.cash, stockValue: ZERO, optionValue: ZERO, gross: ZERO, unrealized: ZERO, futuresPnl: ZERO, initMargin: ZERO, maintMargin: ZERO, realized: acct.realized };
    for (const p of this.positions.values()) {
      if (p.account !== account || p.qty === ZERO) continue;
      const inst = lookup(p.conId);
      const mv = this.marketValue(p, inst);
      f.unrealized += mv - p.cost;
      if (inst.secType === "FUT") {
        f.futuresPnl += mv - p.notional;
        f.netLiq += mv - p.notional;
        const margin = mul(abs(p.qty), inst.initialMargin);
        f.initMargin += margin;
        f.maintMargin += divRound(margin * 9n, 10n);
        continue;
      }
      f.netLiq += mv;
      f.gross += abs(mv);
      if (inst.secType === "STK") {
        f.stockValue += mv;
        f.initMargin += divRound(abs(mv), 2n);
        f.maintMargin += divRound(abs(mv), 4n);
      } else {
        f.optionValue += mv;
        if (p.qty < ZERO) {
          // Short options: premium plus 20% of the underlying notional (a simplified Reg T rule).
          const margin = abs(mv) + divRound(mul(mul(abs(p.qty), inst.underlyingMark()), inst.multiplier), 5n);
          f.initMargin += margin;
          f.maintMargin += margin;
        }
      }
    }
    return f;
  }

  accountValues(account: string, lookup: (conId: number) => LedgerInstrument): AccountValue[] {
    const acct = this.account(account);
    const f = this.figures(account, lookup);
    const available = f.netLiq - f.initMargin;
    const excess = f.netLiq - f.maintMargin;
    const cur = acct.currency;
    const money = (k: string, v: Dec): AccountValue => ({ key: k, value: toFixed(v, 2), currency: cur });
    return [
      { key: "AccountCode", value: account, currency: "" },
      { key: "AccountType", value: "INDIVIDUAL", currency: "" },
      { key: "AccountReady", value: "true", currency: "" },
      { key: "Currency", value: cur, currency: cur },
      money("NetLiquidation", f.netLiq),
      money("EquityWithLoanValue", f.netLiq),
      money("TotalCashValue", f.cash),
      money("SettledCash", f.cash),
      money("CashBalance", f.cash),
      money("AccruedCash", ZERO),
      money("GrossPositionValue", f.gross),
      money("StockMarketValue", f.stockValue),
      money("OptionMarketValue", f.optionValue),
      money("FuturesPNL", f.futuresPnl),
      money("UnrealizedPnL", f.unrealized),
      money("RealizedPnL", f.realized),
      money("InitMarginReq", f.initMargin),
      money("MaintMarginReq", f.maintMargin),
      money("FullInitMarginReq", f.initMargin),
      money("FullMaintMarginReq", f.maintMargin),
      money("AvailableFunds", available),
      money("FullAvailableFunds", available),
      money("ExcessLiquidity", excess),
      money("FullExcessLiquidity", excess),
      money("BuyingPower", available * 4n),
      { key: "Cushion", value: f.netLiq === ZERO ? "0" : toFixed(div(excess, f.netLiq), 6), currency: "" },
      { key: "Leverage-S", value: f.netLiq === ZERO ? "0" : toFixed(div(f.gross, f.netLiq), 4), currency: "" },
    ];
  }
}

export interface AccountFigures {
  cash: Dec;
  netLiq: Dec;
  stockValue: Dec;
  optionValue: Dec;
  gross: Dec;
  unrealized: Dec;
  futuresPnl: Dec;
  initMargin: Dec;
  maintMargin: Dec;
  realized: Dec;
}

