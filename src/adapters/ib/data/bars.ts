/**
 * Bars from IB: 5-second real-time bars (reqRealTimeBars) for EXTERNAL `5-SECOND` bar types, and
 * historical bars (reqHistoricalData) for requests, paced by IB's historical-data limits in their
 * own queue (at most 5 requests per 2 s and 50 per 10 minutes, under IB's 6 / 60) ahead of the
 * connection's message pacer.
 */
import { WhatToShow, BarSizeSetting } from "@stoqey/ib";
import { CortanaError } from "../../../common/errors.js";
import { BarAggregation, PriceType } from "../../../model/enums.js";
import type { BarType } from "../../../model/data.js";

export function whatToShow(priceType: PriceType): WhatToShow {
  switch (priceType) {
    case PriceType.BID:
      return WhatToShow.BID;
    case PriceType.ASK:
      return WhatToShow.ASK;
    case PriceType.MID:
      return WhatToShow.MIDPOINT;
    default:
      return WhatToShow.TRADES;
  }
}

/** IB's barSizeSetting and the seconds of one bar, for historical requests. */
export function ibBarSize(barType: BarType): { setting: BarSizeSetting; seconds: number } {
  const { step, aggregation } = barType.spec;
  const table: Record<string, [BarSizeSetting, number]> = {
    "5-SECOND": [BarSizeSetting.SECONDS_FIVE, 5], "10-SECOND": [BarSizeSetting.SECONDS_TEN, 10], "15-SECOND": [BarSizeSetting.SECONDS_FIFTEEN, 15],
    "30-SECOND": [BarSizeSetting.SECONDS_THIRTY, 30], "1-MINUTE": [BarSizeSetting.MINUTES_ONE, 60], "2-MINUTE": [BarSizeSetting.MINUTES_TWO, 120],
    "3-MINUTE": [BarSizeSetting.MINUTES_THREE, 180], "5-MINUTE": [BarSizeSetting.MINUTES_FIVE, 300], "15-MINUTE": [BarSizeSetting.MINUTES_FIFTEEN, 900],
    "30-MINUTE": [BarSizeSetting.MINUTES_THIRTY, 1800], "1-HOUR": [BarSizeSetting.HOURS_ONE, 3600], "1-DAY": [BarSizeSetting.DAYS_ONE, 86400],
  };
  const hit = table[`${step}-${aggregation}`];
  if (hit === undefined) throw new CortanaError("CORTANA_E_MODEL_INVALID", `IB has no historical bar size for ${step}-${aggregation}; use one of ${Object.keys(table).join(", ")}`);
  return { setting: hit[0], seconds: hit[1] };
}

/** Streaming bars at IB are 5-second real-time bars only; other EXTERNAL bar types are refused. */
export function checkRealTimeBarType(barType: BarType): void {
  if (barType.spec.step !== 5 || barType.spec.aggregation !== BarAggregation.SECOND) {
    throw new CortanaError("CORTANA_E_MODEL_INVALID", `IB streams only 5-SECOND bars; ${barType} must be INTERNAL (aggregated by the node from quotes or trades)`);
  }
}

/** IB's duration string covering `seconds` (IB wants S up to a day, then D). */
export function ibDuration(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s <= 86_400 ? `${s} S` : `${Math.ceil(s / 86_400)} D`;
}
