/**
 * Instrument ids <-> IB contracts, in Nautilus' two symbologies.
 *
 * IB_SIMPLIFIED (default):
 * - STK: `SPY.SMART`, `BRK-B.SMART` (local symbol, spaces as "-"; venue = the contract's exchange)
 * - OPT: `SPY261127C00600000.SMART` (the OCC local symbol without its padding spaces)
 * - FUT: `ESZ26.CME` (root, month code, two-digit year: IB's local symbol `ESZ6` has one digit)
 * - anything else: the IB_RAW form.
 * IB_RAW: `<localSymbol>.<exchange>` verbatim (`SPY   261127C00600000.SMART`, `ESZ6.CME`).
 *
 * `contractForInstrumentId` gives the contract query that finds the instrument again
 * (reqContractDetails); the inverse of `instrumentIdForContract` for every form above.
 */
import type { Contract } from "@stoqey/ib";
import { SecType } from "@stoqey/ib";
import { CortanaError } from "../../../common/errors.js";
import { InstrumentId } from "../../../model/identifiers.js";

export type Symbology = "IB_SIMPLIFIED" | "IB_RAW";

const MONTH_CODES = "FGHJKMNQUVXZ";
const RE_OCC = /^([A-Z]{1,6})(\d{6})([CP])(\d{8})$/;
const RE_FUT_SIMPLE = /^([A-Z0-9]{1,4}?)([FGHJKMNQUVXZ])(\d{2})$/;
const RE_FUT_LOCAL = /^([A-Z0-9]{1,4}?)([FGHJKMNQUVXZ])(\d)$/;

/** Exchanges whose simplified ids are futures (`ESZ26.CME`). */
export const FUTURES_VENUES = new Set(["CME", "CBOT", "NYMEX", "COMEX", "GLOBEX", "ECBOT", "NYBOT", "CFE", "ICEUS", "EUREX", "SNFE", "MGE", "KCBT"]);

export function instrumentIdForContract(c: Contract, symbology: Symbology = "IB_SIMPLIFIED"): InstrumentId {
  const venue = c.exchange !== undefined && c.exchange !== "" ? c.exchange : "SMART";
  const local = c.localSymbol !== undefined && c.localSymbol !== "" ? c.localSymbol : (c.symbol ?? "");
  if (local === "") throw new CortanaError("CORTANA_E_IB_UNKNOWN_SYMBOL", `IB contract ${JSON.stringify(c)} has neither localSymbol nor symbol`);
  if (symbology === "IB_RAW") return InstrumentId(`${local.trim()}.${venue}`);
  switch (c.secType) {
    case SecType.OPT:
      return InstrumentId(`${local.replace(/ /g, "")}.${venue}`);
    case SecType.FUT: {
      const m = RE_FUT_LOCAL.exec(local);
      const decade = (c.lastTradeDateOrContractMonth ?? "").slice(2, 3);
      if (m !== null && decade !== "") return InstrumentId(`${m[1]}${m[2]}${decade}${m[3]}.${venue}`);
      return InstrumentId(`${local.replace(/ /g, "")}.${venue}`);
    }
    case SecType.STK:
    case undefined:
      return InstrumentId(`${local.trim().replace(/ /g, "-")}.${venue}`);
    default:
      return InstrumentId(`${local.trim()}.${venue}`);
  }
}

/** The contract query that resolves `id` at the gateway. */
export function contractForInstrumentId(id: InstrumentId, symbology: Symbology = "IB_SIMPLIFIED"): Contract {
  const symbol = InstrumentId.symbol(id);
  const venue = InstrumentId.venue(id);
  if (symbology === "IB_RAW") return { localSymbol: symbol, exchange: venue };
  const occ = RE_OCC.exec(symbol);
  if (occ !== null) {
    return { secType: SecType.OPT, exchange: venue, localSymbol: `${(occ[1] ?? "").padEnd(6, " ")}${occ[2]}${occ[3]}${occ[4]}` };
  }
  const fut = RE_FUT_SIMPLE.exec(symbol);
  if (fut !== null && FUTURES_VENUES.has(venue)) {
    return { secType: SecType.FUT, exchange: venue, localSymbol: `${fut[1]}${fut[2]}${(fut[3] ?? "").slice(1)}` };
  }
  return { secType: SecType.STK, exchange: venue, symbol: symbol.replace(/-/g, " ") };
}

export function futuresMonthCode(month: number): string {
  return MONTH_CODES[month - 1] ?? "";
}
