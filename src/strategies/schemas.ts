/**
 * Zod building blocks shared by the example strategies' config schemas.
 * Entry points: `BarTypeString`, `barTypeInstrument`, `PositiveDecimal`.
 */
import { z } from "zod";
import { BarType } from "../model/data.js";

/** The instrument id of a bar type string, or undefined when it does not parse. */
export function barTypeInstrument(text: string): string | undefined {
  try {
    return BarType.parse(text).instrumentId;
  } catch {
    return undefined;
  }
}

/** A bar type in its string form, e.g. "SPY.SMART-5-SECOND-LAST-EXTERNAL". */
export const BarTypeString = z.string().refine((s) => barTypeInstrument(s) !== undefined, {
  message: 'must be INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE, e.g. "SPY.SMART-5-SECOND-LAST-EXTERNAL"',
});

/** A positive amount as a number or a decimal string ("100", "0.5"). */
export const PositiveDecimal = z.union([
  z.number().positive(),
  z.string().refine((s) => /^\d+(\.\d+)?$/.test(s) && Number(s) > 0, { message: 'must be a positive decimal, e.g. "100"' }),
]);

/** A check for an object schema with `barType` and `instrumentId`: the bar type is of that instrument. */
export function barTypeMatchesInstrument(c: { barType: string; instrumentId: string }): boolean {
  const id = barTypeInstrument(c.barType);
  return id === undefined || id === c.instrumentId; // an unparsable bar type is reported by its own check
}
