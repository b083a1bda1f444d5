/**
 * Account requests: positions (snapshot + live), account updates (values, portfolio, update time,
 * download end), account summary (snapshot + live), managed accounts, current time. Also the
 * frames pushed to subscribers when the venue reports a change (used by routing.ts).
 */
import type { ClientMessage } from "../wire/decode.js";
import type { PortfolioRow, PositionRow } from "../venue/api.js";
import {
  encodeAccountSummary, encodeAccountSummaryEnd, encodeAcctDownloadEnd, encodeAcctUpdateTime, encodeAcctValue,
  encodeCurrentTime, encodeManagedAccounts, encodePositionEnd,
} from "../wire/encode.js";
import { encodePortfolioValue, encodePosition } from "../wire/encode-contract.js";
import { wireContract } from "./mapping.js";
import { formatHourMinute } from "./time-format.js";
import type { ServerContext } from "./context.js";
import type { Session } from "./session.js";

type Msg<K extends ClientMessage["kind"]> = Extract<ClientMessage, { kind: K }>;

export const positionFrame = (p: PositionRow): Buffer => encodePosition(p.account, wireContract(p.contract), p.position, p.avgCost);

export const portfolioFrame = (p: PortfolioRow): Buffer =>
  encodePortfolioValue(wireContract(p.contract), { position: p.position, marketPrice: p.marketPrice, marketValue: p.marketValue,
    averageCost: p.averagePrice, unrealizedPNL: p.unrealizedPNL, realizedPNL: p.realizedPNL, account: p.account });

export function reqPositions(ctx: ServerContext, s: Session): void {
  for (const p of ctx.venue.positions()) s.send(positionFrame(p));
  s.send(encodePositionEnd());
  s.positions = true;
}

export function cancelPositions(_ctx: ServerContext, s: Session): void {
  s.positions = false;
}

/** Every account value of `account`, then the portfolio, the update time and (once) the end marker. */
export function accountFrames(ctx: ServerContext, account: string, withEnd: boolean): Buffer[] {
  const out: Buffer[] = [];
  for (const v of ctx.venue.accountValues(account)) out.push(encodeAcctValue(v.key, v.value, v.currency, account));
  for (const p of ctx.venue.portfolio(account)) out.push(portfolioFrame(p));
  out.push(encodeAcctUpdateTime(formatHourMinute(ctx.clock(), ctx.timeZone)));
  if (withEnd) out.push(encodeAcctDownloadEnd(account));
  return out;
}

export function reqAccountUpdates(ctx: ServerContext, s: Session, m: Msg<"reqAccountUpdates">): void {
  if (!m.subscribe) {
    s.accountUpdates = undefined;
    return;
  }
  const accounts = ctx.accounts();
  const account = m.account !== "" && accounts.includes(m.account) ? m.account : accounts[0];
  if (account === undefined) return;
  s.accountUpdates = account;
  s.sendAll(accountFrames(ctx, account, true));
}

/** ACCOUNT_SUMMARY rows of every account for `tags` ("All" group only: a single-user gateway). */
export function summaryFrames(ctx: ServerContext, reqId: number, tags: readonly string[], only?: string): Buffer[] {
  const out: Buffer[] = [];
  const wanted = new Set(tags);
  for (const account of ctx.accounts()) {
    if (only !== undefined && account !== only) continue;
    for (const v of ctx.venue.accountValues(account)) {
      if (wanted.has(v.key)) out.push(encodeAccountSummary(reqId, account, v.key, v.value, v.currency));
    }
  }
  return out;
}

export function reqAccountSummary(ctx: ServerContext, s: Session, m: Msg<"reqAccountSummary">): void {
  s.sendAll(summaryFrames(ctx, m.reqId, m.tags));
  s.send(encodeAccountSummaryEnd(m.reqId));
  s.accountSummary.set(m.reqId, m.tags);
}

export function cancelAccountSummary(_ctx: ServerContext, s: Session, m: Msg<"cancelAccountSummary">): void {
  s.accountSummary.delete(m.reqId);
}

export function reqManagedAccts(ctx: ServerContext, s: Session): void {
  s.send(encodeManagedAccounts(ctx.accounts()));
}

export function reqCurrentTime(ctx: ServerContext, s: Session): void {
  s.send(encodeCurrentTime(ctx.clock() / 1000));
}
