/**
 * IB-like fixed commissions, charged per order: the total of an order after a fill is
 * min(max(minimum, perUnit x cumQty), maxPctOfValue x cumValue) and each execution pays the
 * difference with what the order already paid, so partial fills add up to the order total exactly.
 */
import { dec, max, min, mul, type Dec } from "./decimal.js";

export interface CommissionSchedule {
  /** Per share / contract, decimal string. */
  perUnit: string;
  /** Minimum per order. */
  minimum: string;
  /** Cap as a fraction of the trade value ("0.01" = 1%); "" for none. */
  maxPctOfValue: string;
}

export type CommissionTable = Record<"STK" | "OPT" | "FUT", CommissionSchedule>;

/** IB Pro fixed rates (US): stocks 0.005/share min 1.00 max 1%, options 0.65/contract min 1.00, futures 0.85/contract. */
export const DEFAULT_COMMISSIONS: CommissionTable = {
  STK: { perUnit: "0.005", minimum: "1", maxPctOfValue: "0.01" },
  OPT: { perUnit: "0.65", minimum: "1", maxPctOfValue: "" },
  FUT: { perUnit: "0.85", minimum: "0", maxPctOfValue: "" },
};

/** Total commission of an order with `cumQty` filled for `cumValue` (price x qty x multiplier). */
export function orderCommission(s: CommissionSchedule, cumQty: Dec, cumValue: Dec): Dec {
  let total = max(dec(s.minimum), mul(dec(s.perUnit), cumQty));
  if (s.maxPctOfValue !== "") total = min(total, mul(dec(s.maxPctOfValue), cumValue));
  return total;
}
