/**
 * createVenue: a SimVenue from a scenario, a seed and the start time. Resolves instruments
 * ("today", "front" against nowMs), applies venue options and commission overrides, then seeds the
 * venue's history: positions (avgPrice per unit), completed orders, past executions (history
 * only: they do not move positions or cash, the positions list is the truth), and open orders
 * (clientId 0 = entered in TWS, others as if that API client placed them).
 *
 * Throws CORTANA_E_SCENARIO_INVALID naming the path of an item the venue refuses.
 */
import { CortanaError } from "../../common/errors.js";
import type { Logger } from "../../common/logger.js";
import type { OrderRequest } from "../venue/api.js";
import { DEFAULT_COMMISSIONS, orderCommission } from "../venue/commissions.js";
import type { OrderRec, VenueCore } from "../venue/core.js";
import { dec, fromNumber, mul, toNumber, toStr, ZERO } from "../venue/decimal.js";
import { newExecId } from "../venue/fills.js";
import { resolveInstruments } from "../venue/instruments.js";
import { formatExecTime } from "../venue/time.js";
import { DEFAULT_VENUE_OPTIONS, SimVenue } from "../venue/venue.js";
import { resolveContractRef } from "./refs.js";
import type { ContractRef, Scenario } from "./schema.js";

export interface CreateOptions {
  /** Start time of the venue (epoch ms): its clock, "today" for expiries, the walk's origin. */
  nowMs: number;
  logger?: Logger;
}

/**
 * Build the venue of a scenario. Two call forms: `createVenue(scenario, seed, { nowMs, logger })`
 * and `createVenue(scenario, { seed, nowMs, logger })`.
 */
export function createVenue(scenario: Scenario, seed: number, opts: CreateOptions): SimVenue;
export function createVenue(scenario: Scenario, opts: CreateOptions & { seed: number }): SimVenue;
export function createVenue(scenario: Scenario, seedOrOpts: number | (CreateOptions & { seed: number }), maybeOpts?: CreateOptions): SimVenue {
  const seed = typeof seedOrOpts === "number" ? seedOrOpts : seedOrOpts.seed;
  const opts = typeof seedOrOpts === "number" ? maybeOpts! : seedOrOpts;
  const instruments = resolveInstruments(scenario.instruments, opts.nowMs);
  const venue = SimVenue.create({
    seed,
    nowMs: opts.nowMs,
    accounts: scenario.accounts.map((a) => ({ id: a.id, currency: a.currency, cash: a.cash })),
    instruments,
    options: { ...DEFAULT_VENUE_OPTIONS, timeZone: scenario.timeZone, execTimeFormat: scenario.execTimeFormat, partialFills: scenario.partialFills, missingTransmit: scenario.missingTransmit },
    commissions: { ...DEFAULT_COMMISSIONS, ...scenario.commissions },
    permIdStart: scenario.permIdStart,
    execSeqStart: scenario.execSeqStart,
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  });
  const core = venue.internals;
  const conIdOf = (path: string, ref: ContractRef): number => {
    const r = resolveContractRef(core.instruments.values(), ref, opts.nowMs);
    if (!r.ok) throw new CortanaError("CORTANA_E_SCENARIO_INVALID", `${path}.contract: ${r.reason}`);
    return r.value;
  };
  const accountOf = (a: string | undefined): string => (a === undefined || a === "" ? core.accountIds[0]! : a);

  scenario.positions.forEach((p, i) => {
    const conId = conIdOf(`positions[${i}]`, p.contract);
    const pos = core.ledger.position(accountOf(p.account), conId);
    const qty = dec(p.quantity);
    const flow = mul(mul(qty, dec(p.avgPrice)), dec(core.instrument(conId).multiplier));
    Object.assign(pos, { qty: pos.qty + qty, cost: pos.cost + flow, notional: pos.notional + flow });
  });
  const completed = new Map<string, OrderRec>();
  scenario.completedOrders.forEach((c, i) => {
    const o = completedOrder(core, c, conIdOf(`completedOrders[${i}]`, c.contract), accountOf(c.account));
    core.addOrder(o);
    if (c.orderId !== 0) completed.set(`${c.clientId}:${c.orderId}`, o);
  });
  scenario.pastExecutions.forEach((e, i) => pastExecution(core, e, conIdOf(`pastExecutions[${i}]`, e.contract), accountOf(e.account), completed));
  scenario.openOrders.forEach((o, i) => {
    const conId = conIdOf(`openOrders[${i}]`, o.contract);
    const req: OrderRequest = {
      clientId: o.clientId, orderId: o.orderId, contract: { conId }, action: o.action, totalQuantity: o.quantity, orderType: o.orderType,
      ...(o.lmtPrice !== undefined ? { lmtPrice: o.lmtPrice } : {}), ...(o.auxPrice !== undefined ? { auxPrice: o.auxPrice } : {}),
      tif: o.tif, goodTillDate: o.goodTillDate, ocaGroup: o.ocaGroup, ocaType: o.ocaType, parentId: 0, transmit: true, orderRef: o.orderRef, account: o.account, outsideRth: false,
    };
    const r = o.clientId === 0 ? venue.placeExternalOrder(req) : venue.placeOrder(req);
    if (!r.ok) throw new CortanaError("CORTANA_E_SCENARIO_INVALID", `openOrders[${i}]: the venue refused the order: ${r.reason}`);
  });
  return venue;
}

function completedOrder(core: VenueCore, c: Scenario["completedOrders"][number], conId: number, account: string): OrderRec {
  const qty = dec(c.quantity);
  const filled = c.filled !== undefined ? dec(c.filled) : c.status === "Filled" ? qty : ZERO;
  const avg = fromNumber(c.avgFillPrice);
  return {
    permId: core.permIdNext++, clientId: c.clientId, orderId: c.orderId, conId,
    req: { clientId: c.clientId, orderId: c.orderId, contract: { conId }, action: c.action, totalQuantity: c.quantity, orderType: c.orderType, ...(c.lmtPrice !== undefined ? { lmtPrice: c.lmtPrice } : {}), tif: "DAY", goodTillDate: "", ocaGroup: "", ocaType: 0, parentId: 0, transmit: true, orderRef: c.orderRef, account, outsideRth: false },
    type: c.orderType === "MKT" ? "MKT" : "LMT", tif: "DAY", side: c.action === "BUY" ? 1 : -1,
    qty, filled, filledValue: mul(filled, avg), lastFill: avg,
    lmt: c.lmtPrice !== undefined ? fromNumber(c.lmtPrice) : null, aux: null, trailStop: null,
    status: c.status, whyHeld: "", triggered: true, staged: false, parentPermId: 0, ocaGroup: "", ocaType: 0, expiresMs: null, commission: ZERO,
    createdMs: c.completedMs, updatedMs: c.completedMs, completedMs: c.completedMs,
    completedStatus: c.status === "Filled" ? "Filled" : c.status === "Cancelled" ? "Cancelled by Trader" : "Rejected",
    external: c.clientId === 0, forgotten: false,
  };
}

function pastExecution(core: VenueCore, e: Scenario["pastExecutions"][number], conId: number, account: string, completed: Map<string, OrderRec>): void {
  const inst = core.instrument(conId);
  const qty = dec(e.quantity);
  const price = fromNumber(e.price);
  const value = mul(mul(qty, price), dec(inst.multiplier));
  const commission = e.commission !== undefined ? dec(e.commission) : orderCommission(core.commissions[inst.contract.secType], qty, value);
  const order = completed.get(`${e.clientId}:${e.orderId}`);
  const savedNow = core.now;
  core.now = e.timeMs;
  const execId = newExecId(core);
  core.now = savedNow;
  core.executions.push({
    execution: {
      execId, time: formatExecTime(e.timeMs, core.options.execTimeFormat, core.options.timeZone), timeMs: e.timeMs, account,
      exchange: inst.contract.secType === "STK" ? inst.contract.primaryExchange : inst.contract.exchange, side: e.action === "BUY" ? "BOT" : "SLD",
      shares: toStr(qty), price: toNumber(price), permId: order?.permId ?? core.permIdNext++, clientId: e.clientId, orderId: e.orderId,
      cumQty: toStr(qty), avgPrice: toNumber(price), orderRef: e.orderRef, lastLiquidity: 2, contract: { ...inst.contract }, external: e.clientId === 0,
    },
    commission: { execId, commission: toNumber(commission), currency: inst.contract.currency },
  });
  if (order !== undefined) order.commission += commission;
}

