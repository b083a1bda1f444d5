/**
 * The node's state against the simulator's truth (the venue's orders, executions, positions and
 * account values): what the end-to-end tests assert after trading.
 *
 * Entry point: `expectNodeMatchesTruth(node, sim, accountId)`. Orders are matched by orderRef (the
 * client order id) and permId (the venue order id); fills by execId (the trade id), each with its
 * quantity, price and commission; positions by instrument (the node's per-strategy positions summed,
 * as the venue nets the account); the account's cash against the venue's TotalCashValue, derived
 * from the node's own fills (starting cash - buys + sells - commissions); and the node's account
 * (balances and margins) against the venue's account values at its last account change, which an
 * `AccountTap` records from the venue's event stream at the moment the gateway reports them.
 */
import { expect } from "vitest";
import type { OrderFilled } from "../../../src/model/events.js";
import type { AccountId } from "../../../src/model/identifiers.js";
import type { Order } from "../../../src/model/orders/index.js";
import type { TradingNode } from "../../../src/live/node.js";
import type { AccountValue, Simulator, Truth, VenueOrder } from "../../../src/sim/index.js";
import { waitUntil } from "./harness.js";

/** Records the venue's account values each time the venue reports a change of `account`. */
export class AccountTap {
  last: AccountValue[] | undefined;
  readonly stop: () => void;

  constructor(sim: Simulator, account: string) {
    this.stop = sim.venue.subscribe((e) => {
      if (e.kind === "account" && e.account === account) this.last = sim.venue.accountValues(account);
    });
  }
}

const STATUS: Record<string, string> = {
  Filled: "FILLED", Cancelled: "CANCELED", ApiCancelled: "CANCELED", Inactive: "REJECTED",
  Submitted: "ACCEPTED", PreSubmitted: "ACCEPTED",
};

export function nodeFills(orders: readonly Order[]): OrderFilled[] {
  return orders.flatMap((o) => o.events.filter((e): e is OrderFilled => e.type === "OrderFilled"));
}

function ownVenueOrders(truth: Truth, account: string): VenueOrder[] {
  return [...truth.openOrders, ...truth.completedOrders].filter((o) => !o.external && o.request.account === account);
}

/** Asserts orders, fills, positions and cash; returns the truth it compared against. */
export async function expectNodeMatchesTruth(node: TradingNode, sim: Simulator, accountId: AccountId, o: { startingCash: number; tap: AccountTap }): Promise<Truth> {
  const { cache } = node.kernel;
  const account = String(accountId).replace(/^IB-/, "");
  const truth = sim.truth();

  const venueOrders = ownVenueOrders(truth, account);
  const orders = cache.orders();
  expect(orders.map((o) => String(o.clientOrderId)).sort()).toEqual(venueOrders.map((o) => o.request.orderRef).sort());
  for (const v of venueOrders) {
    const order = cache.order(v.request.orderRef as Order["clientOrderId"])!;
    expect({ id: v.request.orderRef, status: order.status, venueOrderId: String(order.venueOrderId), filled: order.filledQty.toString() })
      .toEqual({ id: v.request.orderRef, status: STATUS[v.status], venueOrderId: String(v.permId), filled: v.filled });
  }

  const executions = truth.executions.filter((x) => x.execution.account === account && !x.execution.external);
  const fills = nodeFills(orders);
  const asFill = (f: OrderFilled) => ({ tradeId: String(f.tradeId), qty: f.lastQty.toString(), px: f.lastPx.toNumber(), commission: f.commission.toNumber(), order: String(f.clientOrderId) });
  const byTrade = (a: { tradeId: string }, b: { tradeId: string }) => a.tradeId.localeCompare(b.tradeId);
  expect(fills.map(asFill).sort(byTrade)).toEqual(
    executions.map((x) => ({ tradeId: x.execution.execId, qty: x.execution.shares, px: x.execution.price, commission: x.commission.commission, order: x.execution.orderRef })).sort(byTrade),
  );

  const venuePositions = truth.positions.filter((p) => p.account === account && p.position !== "0");
  const net = new Map<string, bigint>();
  for (const p of cache.positionsOpen()) net.set(String(p.instrumentId).split(".")[0]!, (net.get(String(p.instrumentId).split(".")[0]!) ?? 0n) + p.signedQtyRaw);
  const nodePositions = [...net].filter(([, raw]) => raw !== 0n).map(([symbol, raw]) => ({ symbol, qty: String(raw / 1_000_000_000n) }));
  expect(nodePositions.sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual(
    venuePositions.map((p) => ({ symbol: p.contract.symbol, qty: p.position })).sort((a, b) => a.symbol.localeCompare(b.symbol)),
  );

  expect(cashFromFills(fills, o.startingCash)).toBe(venueValue(truth.accountValues[account], "TotalCashValue"));
  await expectAccountFollowsVenue(node, accountId, o.tap);
  return truth;
}

/** The node's latest AccountState carries the venue's values at its last account change. */
async function expectAccountFollowsVenue(node: TradingNode, accountId: AccountId, tap: AccountTap): Promise<void> {
  const values = tap.last;
  if (values === undefined) throw new Error("the venue reported no account change");
  const expected = {
    total: venueValue(values, "NetLiquidation"), free: venueValue(values, "AvailableFunds"),
    initial: venueValue(values, "InitMarginReq"), maintenance: venueValue(values, "MaintMarginReq"),
  };
  const actual = () => {
    const state = node.kernel.cache.account(accountId)?.lastEvent;
    const b = state?.balances[0];
    const m = state?.margins[0];
    return { total: b?.total.toNumber(), free: b?.free.toNumber(), initial: m?.initial.toNumber(), maintenance: m?.maintenance.toNumber() };
  };
  await waitUntil(() => JSON.stringify(actual()) === JSON.stringify(expected), "the node's account to reach the venue's last account values", 3000).catch(() => undefined);
  expect(actual()).toEqual(expected);
}

function venueValue(values: readonly AccountValue[] | undefined, key: string): number {
  const row = values?.find((v) => v.key === key && v.currency === "USD");
  if (row === undefined) throw new Error(`the venue reports no ${key}`);
  return Number(row.value);
}

/** The venue's cash of `account` now (before the node trades: the starting cash). */
export function venueCash(sim: Simulator, account: string): number {
  return venueValue(sim.truth().accountValues[account], "TotalCashValue");
}

/** Cash after the fills, in cents to stay exact. */
function cashFromFills(fills: readonly OrderFilled[], start: number): number {
  let cents = Math.round(start * 100);
  for (const f of fills) {
    const notional = Math.round(f.lastQty.toNumber() * f.lastPx.toNumber() * 100);
    cents += f.orderSide === "BUY" ? -notional : notional;
    cents -= Math.round(f.commission.toNumber() * 100);
  }
  return cents / 100;
}
