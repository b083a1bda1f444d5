/**
 * The IB account as AccountStates for the portfolio (`Portfolio.update_account`): an account
 * summary turned into balances (total = NetLiquidation, free = AvailableFunds, locked = the rest)
 * and margins (InitMarginReq / MaintMarginReq). Amounts are exact (IB sends them as text).
 *
 * Entry points: `sendAccountState` (one-shot, for QueryAccount) and `AccountStream`: a standing
 * reqAccountSummary subscription, as Nautilus' IB client keeps, so the node's account follows the
 * gateway's (IB pushes changed rows after fills). `start(conn)` resolves with the first complete
 * answer (or rejects when none comes in time: the account is then unknown); every later batch of
 * changed rows becomes one AccountState at the end of its turn. `stop()` cancels it.
 */
import { EventName } from "@stoqey/ib";
import { CortanaError } from "../../../common/errors.js";
import type { ExecutionClientBase } from "../../../execution/client.js";
import { Currency } from "../../../model/currency.js";
import { Money } from "../../../model/values.js";
import type { IBConnection } from "../connection/connection.js";
import type { Cancel, ClockTimers } from "../connection/timers.js";
import { accountSummary, type IbAccountValue } from "./queries.js";

const TAGS = ["NetLiquidation", "AvailableFunds", "TotalCashValue", "InitMarginReq", "MaintMarginReq"] as const;

export async function sendAccountState(client: ExecutionClientBase, conn: IBConnection, timers: ClockTimers, timeoutMs: number, account: string): Promise<void> {
  publish(client, await accountSummary(conn, timers, timeoutMs, account, TAGS));
}

function publish(client: ExecutionClientBase, rows: readonly IbAccountValue[]): void {
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

export class AccountStream {
  readonly #client: ExecutionClientBase;
  readonly #timers: ClockTimers;
  readonly #account: string;
  readonly #rows = new Map<string, IbAccountValue>();
  #conn: IBConnection | undefined;
  #reqId = -1;
  #offs: (() => void)[] = [];
  #flush: Cancel | undefined;

  constructor(client: ExecutionClientBase, timers: ClockTimers, account: string) {
    this.#client = client;
    this.#timers = timers;
    this.#account = account;
  }

  /** Subscribes on `conn` (replacing any earlier subscription); resolves once the first answer is complete. */
  start(conn: IBConnection, timeoutMs: number): Promise<void> {
    this.stop();
    this.#conn = conn;
    const reqId = conn.nextRequestId();
    this.#reqId = reqId;
    return new Promise<void>((resolve, reject) => {
      let complete = false;
      const fail = (error: CortanaError): void => {
        if (complete) return;
        complete = true;
        this.stop();
        reject(error);
      };
      const cancelTimeout = this.#timers.after(timeoutMs, () =>
        fail(new CortanaError("CORTANA_E_IB_DISCONNECTED", `reqAccountSummary: no complete answer from the IB gateway within ${timeoutMs} ms; the account is unknown`)));
      this.#offs.push(
        conn.on(EventName.accountSummary, (rid: number, account: string, tag: string, value: string, currency: string) => {
          if (rid !== reqId || account !== this.#account) return;
          this.#rows.set(tag, { tag, value, currency });
          if (complete) this.#flush ??= this.#timers.after(0, () => this.#publish());
        }),
        conn.on(EventName.accountSummaryEnd, (rid: number) => {
          if (rid !== reqId || complete) return;
          complete = true;
          cancelTimeout();
          this.#publish();
          resolve();
        }),
        conn.addListener({
          disconnected: (reason) => {
            if (complete) this.#reqId = -1; // the session's subscriptions are gone with it
            else fail(conn.disconnectedError(`reqAccountSummary (${reason})`));
          },
        }),
        cancelTimeout,
      );
      conn.send("reqAccountSummary", (api) => api.reqAccountSummary(reqId, "All", TAGS.join(",")), (err) => fail(conn.disconnectedError(`reqAccountSummary (${err.message})`)));
    });
  }

  /** Ends the subscription (cancelled at the gateway while its session lasts). Idempotent. */
  stop(): void {
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#flush?.();
    this.#flush = undefined;
    this.#rows.clear();
    const conn = this.#conn;
    const reqId = this.#reqId;
    this.#conn = undefined;
    this.#reqId = -1;
    if (conn !== undefined && conn.hasSession && reqId !== -1) conn.send("cancelAccountSummary", (api) => api.cancelAccountSummary(reqId), () => undefined);
  }

  #publish(): void {
    this.#flush = undefined;
    publish(this.#client, [...this.#rows.values()]);
  }
}
