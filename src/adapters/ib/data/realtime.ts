/** One IB real-time bar (open time in epoch seconds) -> a model Bar stamped at its close. */
import type { Bar, BarType } from "../../../model/data.js";
import { Price, Quantity } from "../../../model/values.js";
import { decimalText } from "../parsing/values.js";

export interface IbBarFields {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export function realTimeBar(barType: BarType, b: IbBarFields, pricePrecision: number, sizePrecision: number, tsInit: bigint, barSeconds = 5): Bar {
  const px = (v: number) => Price.parse(decimalText(v), pricePrecision);
  return {
    barType,
    open: px(b.open),
    high: px(b.high),
    low: px(b.low),
    close: px(b.close),
    volume: Quantity.parse(decimalText(Math.max(0, b.volume)), sizePrecision),
    tsEvent: BigInt(Math.round(b.time) + barSeconds) * 1_000_000_000n,
    tsInit,
  };
}
