/**
 * Instruments: Equity, OptionContract and FuturesContract (Nautilus' fields in camelCase).
 *
 * One base class holds what every check needs (precisions, increments, multiplier, limits,
 * currency, fees) and the helpers that build values at the instrument's precision
 * (`makePrice`, `makeQty`) and compute notional (`notionalValue` = qty x price x multiplier, exact).
 * The subclasses add their contract terms and a `type` discriminant (`AnyInstrument` is the union).
 * Construction validates: increments positive and at the declared precisions, multiplier > 0,
 * min <= max; a violation raises CORTANA_E_MODEL_INVALID.
 */
import { CortanaError } from "../common/errors.js";
import type { Currency } from "./currency.js";
import { mulRaw } from "./decimal.js";
import { AssetClass, InstrumentClass, OptionKind } from "./enums.js";
import { InstrumentId, type Symbol } from "./identifiers.js";
import { Money, Price, Quantity } from "./values.js";

/** Fields common to every instrument. Optional limits are absent when the venue sets none. */
export interface InstrumentFields {
  readonly id: InstrumentId;
  /** The venue's own symbol (IB localSymbol). Defaults to the id's symbol. */
  readonly rawSymbol?: Symbol;
  readonly assetClass: AssetClass;
  readonly quoteCurrency: Currency;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly priceIncrement: Price;
  readonly sizeIncrement: Quantity;
  /** Contract multiplier (options 100, ES 50). Defaults to 1. */
  readonly multiplier?: Quantity;
  readonly lotSize?: Quantity;
  readonly minQuantity?: Quantity;
  readonly maxQuantity?: Quantity;
  readonly minNotional?: Money;
  readonly maxNotional?: Money;
  readonly minPrice?: Price;
  readonly maxPrice?: Price;
  /** Margin ratios and fee rates are ratios for estimates, as decimal numbers (0.0002 = 2 bp). */
  readonly marginInit?: number;
  readonly marginMaint?: number;
  readonly makerFee?: number;
  readonly takerFee?: number;
  readonly allowsNegativePrice?: boolean;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

function invalid(id: string, why: string): CortanaError {
  return new CortanaError("CORTANA_E_MODEL_INVALID", `instrument ${id}: ${why}`);
}

function checkFields(f: InstrumentFields): void {
  InstrumentId(f.id);
  if (f.priceIncrement.raw <= 0n) throw invalid(f.id, "priceIncrement must be positive");
  if (f.sizeIncrement.raw <= 0n) throw invalid(f.id, "sizeIncrement must be positive");
  if (f.priceIncrement.precision !== f.pricePrecision) {
    throw invalid(f.id, `priceIncrement ${f.priceIncrement} is not at pricePrecision ${f.pricePrecision}`);
  }
  if (f.sizeIncrement.precision !== f.sizePrecision) {
    throw invalid(f.id, `sizeIncrement ${f.sizeIncrement} is not at sizePrecision ${f.sizePrecision}`);
  }
  if (f.multiplier !== undefined && f.multiplier.raw <= 0n) throw invalid(f.id, "multiplier must be positive");
  if (f.minQuantity !== undefined && f.maxQuantity !== undefined && f.minQuantity.gt(f.maxQuantity)) {
    throw invalid(f.id, "minQuantity > maxQuantity");
  }
  if (f.minPrice !== undefined && f.maxPrice !== undefined && f.minPrice.gt(f.maxPrice)) {
    throw invalid(f.id, "minPrice > maxPrice");
  }
}

export abstract class Instrument {
  abstract readonly type: "Equity" | "OptionContract" | "FuturesContract";
  abstract readonly instrumentClass: InstrumentClass;
  readonly id: InstrumentId;
  readonly rawSymbol: Symbol;
  readonly assetClass: AssetClass;
  readonly quoteCurrency: Currency;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly priceIncrement: Price;
  readonly sizeIncrement: Quantity;
  readonly multiplier: Quantity;
  readonly lotSize: Quantity | undefined;
  readonly minQuantity: Quantity | undefined;
  readonly maxQuantity: Quantity | undefined;
  readonly minNotional: Money | undefined;
  readonly maxNotional: Money | undefined;
  readonly minPrice: Price | undefined;
  readonly maxPrice: Price | undefined;
  readonly marginInit: number;
  readonly marginMaint: number;
  readonly makerFee: number;
  readonly takerFee: number;
  readonly allowsNegativePrice: boolean;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;

  protected constructor(f: InstrumentFields) {
    checkFields(f);
    this.id = f.id;
    this.rawSymbol = f.rawSymbol ?? InstrumentId.symbol(f.id);
    this.assetClass = f.assetClass;
    this.quoteCurrency = f.quoteCurrency;
    this.pricePrecision = f.pricePrecision;
    this.sizePrecision = f.sizePrecision;
    this.priceIncrement = f.priceIncrement;
    this.sizeIncrement = f.sizeIncrement;
    this.multiplier = f.multiplier ?? Quantity.from(1, 0);
    this.lotSize = f.lotSize;
    this.minQuantity = f.minQuantity;
    this.maxQuantity = f.maxQuantity;
    this.minNotional = f.minNotional;
    this.maxNotional = f.maxNotional;
    this.minPrice = f.minPrice;
    this.maxPrice = f.maxPrice;
    this.marginInit = f.marginInit ?? 0;
    this.marginMaint = f.marginMaint ?? 0;
    this.makerFee = f.makerFee ?? 0;
    this.takerFee = f.takerFee ?? 0;
    this.allowsNegativePrice = f.allowsNegativePrice ?? false;
    this.tsEvent = f.tsEvent;
    this.tsInit = f.tsInit;
  }

  /** A Price at this instrument's precision: numbers round half to even, strings must fit. */
  makePrice(value: number | string): Price {
    return Price.from(value, this.pricePrecision);
  }

  /** A Quantity at this instrument's size precision (numbers round half to even, strings must fit). */
  makeQty(value: number | string): Quantity {
    return Quantity.from(value, this.sizePrecision);
  }

  /** quantity x price x multiplier in the quote currency, exact to 9 decimals. */
  notionalValue(quantity: Quantity, price: Price): Money {
    return Money.fromRaw(mulRaw(mulRaw(quantity.raw, price.raw), this.multiplier.raw), this.quoteCurrency);
  }

  /** True when `price` is a whole number of price increments. */
  isValidTick(price: Price): boolean {
    return price.isMultipleOf(this.priceIncrement);
  }
}

export interface EquityFields extends InstrumentFields {
  readonly isin?: string;
}

export class Equity extends Instrument {
  readonly type = "Equity" as const;
  readonly instrumentClass = InstrumentClass.SPOT;
  readonly isin: string | undefined;

  constructor(f: Omit<EquityFields, "assetClass"> & { assetClass?: AssetClass }) {
    super({ ...f, assetClass: f.assetClass ?? AssetClass.EQUITY });
    this.isin = f.isin;
  }
}

export interface DerivativeFields extends InstrumentFields {
  /** The underlying's symbol (IB: the contract's `symbol`, e.g. "SPY", "ES"). */
  readonly underlying: string;
  readonly activationNs: bigint;
  readonly expirationNs: bigint;
}

export interface OptionContractFields extends DerivativeFields {
  readonly optionKind: OptionKind;
  readonly strike: Price;
}

export class OptionContract extends Instrument {
  readonly type = "OptionContract" as const;
  readonly instrumentClass = InstrumentClass.OPTION;
  readonly underlying: string;
  readonly optionKind: OptionKind;
  readonly strike: Price;
  readonly activationNs: bigint;
  readonly expirationNs: bigint;

  constructor(f: OptionContractFields) {
    super(f);
    if (f.strike.raw <= 0n) throw invalid(f.id, "strike must be positive");
    if (f.underlying.length === 0) throw invalid(f.id, "underlying must not be empty");
    this.underlying = f.underlying;
    this.optionKind = f.optionKind;
    this.strike = f.strike;
    this.activationNs = f.activationNs;
    this.expirationNs = f.expirationNs;
  }
}

export class FuturesContract extends Instrument {
  readonly type = "FuturesContract" as const;
  readonly instrumentClass = InstrumentClass.FUTURE;
  readonly underlying: string;
  readonly activationNs: bigint;
  readonly expirationNs: bigint;

  constructor(f: DerivativeFields) {
    super(f);
    if (f.underlying.length === 0) throw invalid(f.id, "underlying must not be empty");
    this.underlying = f.underlying;
    this.activationNs = f.activationNs;
    this.expirationNs = f.expirationNs;
  }
}

export type AnyInstrument = Equity | OptionContract | FuturesContract;
