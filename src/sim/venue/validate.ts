/**
 * Validation of an order request against the venue, with IB's error codes and texts:
 * 321 (invalid order type, TIF, quantity, missing price, account, GTD), 200 (no security
 * definition), 110 (price not on the tick). Returns the normalised fields of a valid request.
 */
import { ORDER_TYPES, TIFS, type OrderRequest, type OrderType, type TimeInForce } from "./api.js";
import { dec, fromNumber, parseDec, ZERO, type Dec } from "./decimal.js";
import type { VenueCore } from "./core.js";
import { nextSessionClose, parseIbTime } from "./time.js";

export interface ValidOrder {
  conId: number;
  type: OrderType;
  tif: TimeInForce;
  side: 1 | -1;
  qty: Dec;
  lmt: Dec | null;
  aux: Dec | null;
  trailStop: Dec | null;
  account: string;
  expiresMs: number | null;
}

export interface Invalid {
  code: number;
  message: string;
}

const invalid = (code: string, cause: string): Invalid => ({ code: 321, message: `Error validating request.-'${code}' : cause - ${cause}` });
export const NO_SECURITY: Invalid = { code: 200, message: "No security definition has been found for the request" };
const OFF_TICK: Invalid = { code: 110, message: "The price does not conform to the minimum price variation for this contract." };

const NEEDS_LMT: ReadonlySet<OrderType> = new Set(["LMT", "STP LMT", "LIT"]);
const NEEDS_AUX: ReadonlySet<OrderType> = new Set(["STP", "STP LMT", "MIT", "LIT"]);

function price(n: number | undefined): Dec | null {
  return n === undefined || !Number.isFinite(n) ? null : fromNumber(n);
}

function validatePrices(core: VenueCore, req: OrderRequest, type: OrderType, conId: number): Invalid | { lmt: Dec | null; aux: Dec | null; trailStop: Dec | null } {
  const tick = core.market.tick(conId);
  const lmt = price(req.lmtPrice);
  const aux = price(req.auxPrice);
  const trailStop = price(req.trailStopPrice);
  if (NEEDS_LMT.has(type) && (lmt === null || lmt <= ZERO)) return invalid("bM", "The limit price is missing or not positive");
  if (NEEDS_AUX.has(type) && (aux === null || aux <= ZERO)) return invalid("bN", "The stop / trigger price is missing or not positive");
  const trailing = type === "TRAIL" || type === "TRAIL LIMIT";
  if (trailing && (aux === null || aux <= ZERO) && !(req.trailingPercent !== undefined && req.trailingPercent > 0)) {
    return invalid("bO", "The trailing amount or trailing percent is missing");
  }
  for (const p of [NEEDS_LMT.has(type) ? lmt : null, aux, trailStop]) {
    if (p !== null && p % tick !== ZERO) return OFF_TICK;
  }
  return { lmt: NEEDS_LMT.has(type) ? lmt : null, aux, trailStop };
}

function expiry(core: VenueCore, req: OrderRequest, tif: TimeInForce): Invalid | number | null {
  if (tif === "DAY") return nextSessionClose(core.now);
  if (tif !== "GTD") return null;
  const at = parseIbTime(req.goodTillDate, "UTC");
  if (at === undefined) return invalid("bE", `Invalid goodTillDate "${req.goodTillDate}"`);
  if (at <= core.now) return invalid("bE", "The goodTillDate is in the past");
  return at;
}

export function validateOrder(core: VenueCore, req: OrderRequest): ValidOrder | Invalid {
  if (!(ORDER_TYPES as readonly string[]).includes(req.orderType)) return invalid("bF", "Invalid order type was entered");
  const type = req.orderType as OrderType;
  const matches = core.contracts.find(req.contract);
  if (matches.length !== 1) return NO_SECURITY;
  const contract = matches[0]!;
  const tifText = req.tif === "" ? "DAY" : req.tif.toUpperCase();
  if (!(TIFS as readonly string[]).includes(tifText)) return invalid("bD", `Invalid time in force "${req.tif}"`);
  const tif = tifText as TimeInForce;
  if (req.action !== "BUY" && req.action !== "SELL") return invalid("bA", `Invalid action "${String(req.action)}"`);
  const qty = parseDec(req.totalQuantity);
  if (qty === undefined || qty <= ZERO) return invalid("bQ", `Invalid order size "${req.totalQuantity}"`);
  if (qty % dec(contract.sizeIncrement) !== ZERO) return invalid("bQ", `Order size ${req.totalQuantity} is not a multiple of the size increment ${contract.sizeIncrement}`);
  const account = req.account === "" ? core.accountIds[0]! : req.account;
  if (!core.accountIds.includes(account)) return invalid("bU", `The account code "${req.account}" is invalid`);
  const prices = validatePrices(core, req, type, contract.conId);
  if ("code" in prices) return prices;
  const expiresMs = expiry(core, req, tif);
  if (expiresMs !== null && typeof expiresMs === "object") return expiresMs;
  return { conId: contract.conId, type, tif, side: req.action === "BUY" ? 1 : -1, qty, account, expiresMs, ...prices };
}
