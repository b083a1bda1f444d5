/**
 * QueryAccount for IB: an account summary turned into an AccountState for the portfolio
 * (`Portfolio.update_account`): total = NetLiquidation, free = AvailableFunds, locked = the
 * rest; margins from InitMarginReq / MaintMarginReq. Amounts are exact (IB sends them as text).
 */
import type { ExecutionClientBase } from "../../../execution/client.js";
import { Currency } from "../../../model/currency.js";
import { Money } from "../../../model/values.js";
import type { IBConnection } from "../connection/connection.js";
import type { ClockTimers } from "../connection/timers.js";
import { accountSummary } from "./queries.js";

const TAGS = ["NetLiquidation", "AvailableFunds", "TotalCashValue", "InitMarginReq", "MaintMarginReq"] as const;

export async function sendAccountState(client: ExecutionClientBase, conn: IBConnection, timers: ClockTimers, timeoutMs: number, account: string): Promise<void> {
  const rows = await accountSummary(conn, timers, timeoutMs, account, TAGS);
  const by = new Map(rows.map((r) => [r.tag, r]));
  const net = by.get("NetLiquidation") ?? by.get("TotalCashValue");
  if (net === undefined) return;
  const currency = Currency.from(net.currency || "USD");
  const money = (tag: string): Money | undefined => {
    const r = by.get(tag);
    return r === undefined || r.value === "" ? undefined : Money.parse(r.value, currency);
  };
  const total = Money.parse(net.value, currency);
  const free = money("AvailableFunds") ?? total;
  const init = money("InitMarginReq");
  const maint = money("MaintMarginReq");
  client.sendAccountState({
    baseCurrency: currency,
    balances: [{ total, free, locked: total.sub(free) }],
    margins: init !== undefined && maint !== undefined ? [{ initial: init, maintenance: maint }] : [],
  });
}
