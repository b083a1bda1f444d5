/**
 * Currencies: code, display precision and type. One registry per process; `Currency.from(code)`
 * returns the registered instance (so currencies compare by identity or by code), registering
 * an unknown well-formed code with precision 2 (IB accounts may hold any currency).
 */
import { CortanaError } from "../common/errors.js";
import { CurrencyType } from "./enums.js";

const CODE_RE = /^[A-Z0-9]{2,10}$/;

export class Currency {
  private static readonly registry = new Map<string, Currency>();

  private constructor(
    readonly code: string,
    /** Decimals shown for amounts in this currency (USD 2, JPY 0). */
    readonly precision: number,
    readonly currencyType: CurrencyType,
  ) {}

  /** Register (or replace) a currency and return it. */
  static register(code: string, precision: number, currencyType: CurrencyType = CurrencyType.FIAT): Currency {
    if (!CODE_RE.test(code)) {
      throw new CortanaError("CORTANA_E_IDENTIFIER_INVALID", `currency code ${JSON.stringify(code)} is invalid: must be 2-10 uppercase letters or digits`);
    }
    if (!Number.isInteger(precision) || precision < 0 || precision > 9) {
      throw new CortanaError("CORTANA_E_PRECISION", `currency ${code} precision ${precision} must be an integer in [0, 9]`);
    }
    const currency = new Currency(code, precision, currencyType);
    Currency.registry.set(code, currency);
    return currency;
  }

  /** The registered currency for `code`, registering it with precision 2 when unknown. */
  static from(code: string): Currency {
    return Currency.registry.get(code) ?? Currency.register(code, 2);
  }

  static isRegistered(code: string): boolean {
    return Currency.registry.has(code);
  }

  toString(): string {
    return this.code;
  }

  toJSON(): string {
    return this.code;
  }
}

export const USD = Currency.register("USD", 2);
export const EUR = Currency.register("EUR", 2);
export const GBP = Currency.register("GBP", 2);
export const CHF = Currency.register("CHF", 2);
export const CAD = Currency.register("CAD", 2);
export const AUD = Currency.register("AUD", 2);
export const HKD = Currency.register("HKD", 2);
export const JPY = Currency.register("JPY", 0);
for (const code of ["NZD", "SEK", "NOK", "DKK", "SGD", "CNH", "MXN", "ZAR", "ILS", "PLN", "CZK", "HUF", "KRW", "INR"]) {
  Currency.register(code, code === "KRW" ? 0 : 2);
}
for (const code of ["BTC", "ETH"]) Currency.register(code, 8, CurrencyType.CRYPTO);
