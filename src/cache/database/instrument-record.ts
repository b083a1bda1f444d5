/**
 * Instruments as plain records and back: every field of the base class and of each kind
 * (Equity, OptionContract, FuturesContract), the kind in `type`. Rebuilding goes through the
 * constructors, so a stored instrument is validated again when read.
 *
 * Entry points: `instrumentToRecord(instrument)`, `instrumentFromRecord(record)`.
 */
import { assertNever } from "../../common/errors.js";
import type { Currency } from "../../model/currency.js";
import type { AssetClass, OptionKind } from "../../model/enums.js";
import type { InstrumentId, Symbol } from "../../model/identifiers.js";
import {
  Equity,
  FuturesContract,
  OptionContract,
  type AnyInstrument,
  type DerivativeFields,
  type Instrument,
  type InstrumentFields,
} from "../../model/instruments.js";
import type { Money, Price, Quantity } from "../../model/values.js";

export type InstrumentRecord = Record<string, unknown> & { readonly type: AnyInstrument["type"] };

function baseFields(i: Instrument): Record<string, unknown> {
  return {
    id: i.id,
    rawSymbol: i.rawSymbol,
    assetClass: i.assetClass,
    quoteCurrency: i.quoteCurrency,
    pricePrecision: i.pricePrecision,
    sizePrecision: i.sizePrecision,
    priceIncrement: i.priceIncrement,
    sizeIncrement: i.sizeIncrement,
    multiplier: i.multiplier,
    lotSize: i.lotSize,
    minQuantity: i.minQuantity,
    maxQuantity: i.maxQuantity,
    minNotional: i.minNotional,
    maxNotional: i.maxNotional,
    minPrice: i.minPrice,
    maxPrice: i.maxPrice,
    marginInit: i.marginInit,
    marginMaint: i.marginMaint,
    makerFee: i.makerFee,
    takerFee: i.takerFee,
    allowsNegativePrice: i.allowsNegativePrice,
    tsEvent: i.tsEvent,
    tsInit: i.tsInit,
  };
}

export function instrumentToRecord(instrument: Instrument): InstrumentRecord {
  const i = instrument as AnyInstrument;
  const base = baseFields(i);
  switch (i.type) {
    case "Equity":
      return { type: i.type, ...base, isin: i.isin };
    case "OptionContract":
      return {
        type: i.type,
        ...base,
        underlying: i.underlying,
        optionKind: i.optionKind,
        strike: i.strike,
        activationNs: i.activationNs,
        expirationNs: i.expirationNs,
      };
    case "FuturesContract":
      return { type: i.type, ...base, underlying: i.underlying, activationNs: i.activationNs, expirationNs: i.expirationNs };
    default:
      return assertNever(i, "instrument type");
  }
}

/** The record's fields typed as the constructors take them (decoded values are checked there). */
interface DecodedFields extends InstrumentFields {
  readonly isin?: string;
  readonly underlying: string;
  readonly optionKind: OptionKind;
  readonly strike: Price;
  readonly activationNs: bigint;
  readonly expirationNs: bigint;
}

export function instrumentFromRecord(record: InstrumentRecord): AnyInstrument {
  const f = record as unknown as DecodedFields & { type: AnyInstrument["type"] };
  const base: InstrumentFields = {
    id: f.id as InstrumentId,
    rawSymbol: f.rawSymbol as Symbol | undefined,
    assetClass: f.assetClass as AssetClass,
    quoteCurrency: f.quoteCurrency as Currency,
    pricePrecision: f.pricePrecision,
    sizePrecision: f.sizePrecision,
    priceIncrement: f.priceIncrement,
    sizeIncrement: f.sizeIncrement,
    multiplier: f.multiplier as Quantity | undefined,
    lotSize: f.lotSize,
    minQuantity: f.minQuantity,
    maxQuantity: f.maxQuantity,
    minNotional: f.minNotional as Money | undefined,
    maxNotional: f.maxNotional as Money | undefined,
    minPrice: f.minPrice,
    maxPrice: f.maxPrice,
    marginInit: f.marginInit,
    marginMaint: f.marginMaint,
    makerFee: f.makerFee,
    takerFee: f.takerFee,
    allowsNegativePrice: f.allowsNegativePrice,
    tsEvent: f.tsEvent,
    tsInit: f.tsInit,
  };
  switch (f.type) {
    case "Equity":
      return new Equity({ ...base, isin: f.isin });
    case "OptionContract":
      return new OptionContract({ ...derivative(base, f), optionKind: f.optionKind, strike: f.strike });
    case "FuturesContract":
      return new FuturesContract(derivative(base, f));
    default:
      return assertNever(f.type, "instrument type");
  }
}

function derivative(base: InstrumentFields, f: DecodedFields): DerivativeFields {
  return { ...base, underlying: f.underlying, activationNs: f.activationNs, expirationNs: f.expirationNs };
}
