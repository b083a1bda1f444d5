/**
 * Executing a fill: the execution (IB execId format), its commission, the books, the events in the
 * order a gateway sends them (execution, order, commission, position, account, quote), and the
 * OCA consequences for siblings (type 1 cancels them on any fill; 2/3 reduce them in proportion;
 * a complete fill cancels them whatever the type).
 */
import type { Execution } from "./api.js";
import { orderCommission } from "./commissions.js";
import { dec, div, mul, toNumber, toStr, ZERO, type Dec } from "./decimal.js";
import type { OrderRec, VenueCore } from "./core.js";
import { cancelRec, ocaSiblings } from "./lifecycle.js";
import { ocaReduction } from "./matching.js";
import { formatExecTime } from "./time.js";

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0");

export function newExecId(core: VenueCore): string {
  const seq = core.execSeqNext++;
  return `${hex8(seq)}.${hex8(Math.floor(core.now / 1000))}.01.01`;
}

function execExchange(core: VenueCore, conId: number): string {
  const c = core.instrument(conId).contract;
  if (c.secType === "STK") return c.primaryExchange || "ISLAND";
  if (c.secType === "OPT") return "CBOE";
  return c.exchange;
}

/** Book and report a fill of `qty` at `price` (liquidity 1 added, 2 removed). */
export function applyFill(core: VenueCore, o: OrderRec, qty: Dec, price: Dec, liquidity: number): Execution {
  const inst = core.instrument(o.conId);
  const mult = dec(inst.multiplier);
  const schedule = core.commissions[inst.contract.secType];
  const cumQty = o.filled + qty;
  const cumValue = mul(o.filledValue + mul(qty, price), mult);
  const commission = orderCommission(schedule, cumQty, cumValue < ZERO ? -cumValue : cumValue) - o.commission;
  const effect = core.ledger.applyExecution(o.req.account, core.ledgerInstrument(o.conId), o.side === 1 ? qty : -qty, price, commission);
  o.filled = cumQty;
  o.filledValue += mul(qty, price);
  o.lastFill = price;
  o.commission += commission;
  o.triggered = true;
  o.whyHeld = "";
  if (o.filled === o.qty) {
    o.completedStatus = "Filled";
    core.setStatus(o, "Filled");
  } else {
    core.setStatus(o, o.status === "PreSubmitted" ? "Submitted" : o.status);
  }
  const s = core.market.state(o.conId);
  if (s !== undefined) core.market.print(s, Number(price / core.market.tick(o.conId)), Number(qty / 100_000_000n), core.now);
  const execution: Execution = {
    execId: newExecId(core),
    time: formatExecTime(core.now, core.options.execTimeFormat, core.options.timeZone),
    timeMs: core.now,
    account: o.req.account,
    exchange: execExchange(core, o.conId),
    side: o.side === 1 ? "BOT" : "SLD",
    shares: toStr(qty),
    price: toNumber(price),
    permId: o.permId,
    clientId: o.clientId,
    orderId: o.orderId,
    cumQty: toStr(o.filled),
    avgPrice: toNumber(div(o.filledValue, o.filled)),
    orderRef: o.req.orderRef,
    lastLiquidity: liquidity,
    contract: core.contractOf(o.conId),
    external: o.external,
  };
  const report = {
    execId: execution.execId,
    commission: toNumber(commission),
    currency: inst.contract.currency,
    ...(effect.realized !== undefined ? { realizedPNL: toNumber(effect.realized) } : {}),
  };
  core.executions.push({ execution, commission: report });
  core.emit({ kind: "execution", execution, replay: false });
  if (!o.forgotten) core.emitOrder(o, "fill");
  core.emit({ kind: "commission", report, clientId: o.clientId, replay: false });
  core.emit({ kind: "position", row: core.positionRow(o.req.account, o.conId) });
  core.emit({ kind: "account", account: o.req.account });
  core.emitQuotes([o.conId]);
  applyOca(core, o, qty);
  return execution;
}

function applyOca(core: VenueCore, o: OrderRec, fillQty: Dec): void {
  const siblings = ocaSiblings(core, o);
  if (siblings.length === 0) return;
  const complete = o.filled === o.qty;
  for (const s of siblings) {
    if (complete || o.ocaType === 1) {
      cancelRec(core, s, "Cancelled by System", "cancelled", { notify: null });
      continue;
    }
    const increment = dec(core.instrument(s.conId).contract.sizeIncrement);
    const reduction = ocaReduction(s.qty, fillQty, o.qty, increment);
    if (reduction === ZERO) continue;
    const newQty = s.qty - reduction;
    if (newQty <= s.filled) {
      cancelRec(core, s, "Cancelled by System", "cancelled", { notify: null });
      continue;
    }
    s.qty = newQty;
    s.req = { ...s.req, totalQuantity: toStr(newQty) };
    s.updatedMs = core.now;
    core.emitOrder(s, "ocaReduced");
  }
}
