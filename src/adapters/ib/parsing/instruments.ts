/**
 * IB contract details -> model instruments (Equity, OptionContract, FuturesContract) with their
 * increments, precisions, multipliers and expiries. Price precision comes from minTick, size
 * precision from sizeIncrement (or minSize; whole units when IB gives neither).
 * Expiry: lastTradeDateOrContractMonth + lastTradeTime in the contract's timeZoneId (16:00
 * US/Eastern for a US equity option), else the date's end at UTC. Activation is 90 days before
 * expiry (IB does not publish listing dates; Nautilus does the same).
 */
import type { ContractDetails } from "@stoqey/ib";
import { SecType } from "@stoqey/ib";
import { CortanaError } from "../../../common/errors.js";
import { Currency } from "../../../model/currency.js";
import { AssetClass, OptionKind } from "../../../model/enums.js";
import { Symbol } from "../../../model/identifiers.js";
import { Equity, FuturesContract, OptionContract, type AnyInstrument } from "../../../model/instruments.js";
import { Price, Quantity } from "../../../model/values.js";
import { instrumentIdForContract, type Symbology } from "./symbology.js";
import { decimalText, isUnset, precisionOf } from "./values.js";
import { zonedToUtcMs } from "./time.js";

const DAY_NS = 86_400_000_000_000n;

function assetClassOf(secType: string | undefined): AssetClass {
  switch (secType) {
    case "STK":
      return AssetClass.EQUITY;
    case "IND":
      return AssetClass.INDEX;
    case "CASH":
      return AssetClass.FX;
    case "BOND":
      return AssetClass.DEBT;
    case "CMDTY":
      return AssetClass.COMMODITY;
    case "CRYPTO":
      return AssetClass.CRYPTOCURRENCY;
    default:
      return AssetClass.EQUITY;
  }
}

/** UTC ns of the contract's last trade (date, time and zone of the contract details). */
export function expirationNs(details: ContractDetails): bigint {
  const c = details.contract;
  const date = c.lastTradeDateOrContractMonth ?? "";
  if (!/^\d{8}$/.test(date)) throw new CortanaError("CORTANA_E_MODEL_INVALID", `IB contract ${c.localSymbol ?? c.symbol}: no expiry date (lastTradeDateOrContractMonth "${date}")`);
  const [y, mo, d] = [Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))];
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(details.lastTradeTime ?? "");
  const ms = tm !== null
    ? zonedToUtcMs(y, mo, d, Number(tm[1]), Number(tm[2]), Number(tm[3] ?? 0), details.timeZoneId || "UTC")
    : undefined;
  return BigInt(ms ?? Date.UTC(y, mo - 1, d, 23, 59, 59)) * 1_000_000n;
}

export function instrumentFromDetails(details: ContractDetails, tsInit: bigint, symbology: Symbology = "IB_SIMPLIFIED"): AnyInstrument {
  const c = details.contract;
  if (isUnset(details.minTick) || details.minTick <= 0) {
    throw new CortanaError("CORTANA_E_MODEL_INVALID", `IB contract ${c.localSymbol ?? c.symbol}: no minTick in its contract details`);
  }
  const pricePrecision = precisionOf(details.minTick);
  const sizeStep = !isUnset(details.sizeIncrement) && details.sizeIncrement > 0 ? details.sizeIncrement
    : !isUnset(details.minSize) && details.minSize > 0 ? details.minSize : 1;
  const sizePrecision = precisionOf(sizeStep);
  const common = {
    id: instrumentIdForContract(c, symbology),
    rawSymbol: Symbol((c.localSymbol ?? c.symbol ?? "").trim() || String(c.conId)),
    quoteCurrency: Currency.from(c.currency ?? "USD"),
    pricePrecision,
    sizePrecision,
    priceIncrement: Price.parse(decimalText(details.minTick), pricePrecision),
    sizeIncrement: Quantity.parse(decimalText(sizeStep), sizePrecision),
    minQuantity: !isUnset(details.minSize) && details.minSize > 0 ? Quantity.parse(decimalText(details.minSize), sizePrecision) : undefined,
    tsEvent: tsInit,
    tsInit,
  };
  const multiplier = !isUnset(c.multiplier) && Number(c.multiplier) > 0 ? Quantity.parse(decimalText(Number(c.multiplier))) : undefined;
  switch (c.secType) {
    case SecType.STK:
      return new Equity(common);
    case SecType.OPT: {
      const expiration = expirationNs(details);
      if (c.right !== "C" && c.right !== "P") throw new CortanaError("CORTANA_E_MODEL_INVALID", `IB option ${c.localSymbol}: right "${c.right}" is not C or P`);
      return new OptionContract({
        ...common, assetClass: assetClassOf(details.underSecType), multiplier,
        underlying: details.underSymbol || c.symbol || "", optionKind: c.right === "C" ? OptionKind.CALL : OptionKind.PUT,
        strike: Price.parse(decimalText(c.strike ?? 0)), activationNs: expiration - 90n * DAY_NS, expirationNs: expiration,
      });
    }
    case SecType.FUT: {
      const expiration = expirationNs(details);
      return new FuturesContract({
        ...common, assetClass: assetClassOf(details.underSecType), multiplier,
        underlying: details.underSymbol || c.symbol || "", activationNs: expiration - 90n * DAY_NS, expirationNs: expiration,
      });
    }
    default:
      throw new CortanaError("CORTANA_E_IB_UNKNOWN_SYMBOL", `IB security type ${c.secType} (${c.localSymbol ?? c.symbol}) is not supported; use STK, OPT or FUT`);
  }
}
