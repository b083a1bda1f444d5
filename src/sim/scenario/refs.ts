/**
 * Resolution of a scenario's references: a contract reference to exactly one instrument
 * ("today"/"tomorrow" as expiry dates), and an order selector (permId, clientId+orderId, orderRef)
 * to one order of the venue.
 */
import type { VenueOrder, VenueResult } from "../venue/api.js";
import { findContracts, type Instrument } from "../venue/instruments.js";
import { addDays, EXCHANGE_ZONE, ymd } from "../venue/time.js";
import type { ContractRef, OrderSelector } from "./schema.js";

export function resolveContractRef(instruments: Iterable<Instrument>, ref: ContractRef, nowMs: number): VenueResult<number> {
  let date = ref.lastTradeDateOrContractMonth;
  if (date === "today") date = ymd(nowMs, EXCHANGE_ZONE);
  else if (date === "tomorrow") date = addDays(ymd(nowMs, EXCHANGE_ZONE), 1);
  const matches = findContracts(instruments, { ...ref, ...(date !== undefined ? { lastTradeDateOrContractMonth: date } : {}) });
  if (matches.length === 1) return { ok: true, value: matches[0]!.conId };
  const what = JSON.stringify(ref);
  if (matches.length === 0) return { ok: false, reason: `no instrument matches ${what}` };
  const sample = matches.slice(0, 3).map((c) => `${c.symbol} ${c.secType}${c.right !== "" ? ` ${c.right} ${c.strike}` : ""}`);
  return { ok: false, reason: `${matches.length} instruments match ${what} (${sample.join(", ")}, ...); add fields (conId, right, strike, lastTradeDateOrContractMonth) to pick one` };
}

/** The order a selector names: by permId, by (clientId, orderId), or the latest with that orderRef (live ones first). */
export function selectOrder(orders: VenueOrder[], sel: OrderSelector): VenueOrder | undefined {
  if ("permId" in sel) return orders.find((o) => o.permId === sel.permId);
  if ("orderRef" in sel) {
    const named = orders.filter((o) => o.request.orderRef === sel.orderRef);
    const live = named.filter((o) => o.completedTime === undefined);
    const pool = live.length > 0 ? live : named;
    return pool.sort((a, b) => b.permId - a.permId)[0];
  }
  return orders.find((o) => o.clientId === sel.clientId && o.orderId === sel.orderId);
}
