/** A strategy that records every handler call, for the strategy tests. */
import { z } from "zod";
import type { OrderEvent, PositionEvent } from "../../src/model/events.js";
import * as E from "../../src/model/events.js";
import { strategyConfigSchema } from "../../src/trading/config.js";
import type { MarketExitResult } from "../../src/trading/market-exit.js";
import { Strategy } from "../../src/trading/strategy.js";

export const RecorderConfig = strategyConfigSchema({ failOn: z.array(z.string()).default([]) });

export class Recorder extends Strategy<z.output<typeof RecorderConfig>> {
  static override configSchema = RecorderConfig;
  readonly calls: string[] = [];
  exits: MarketExitResult[] = [];

  private rec(name: string, e: unknown): void {
    const id = (e as { clientOrderId?: string; positionId?: string }).clientOrderId ?? (e as { positionId?: string }).positionId ?? "";
    this.calls.push(`${name}:${id}`);
    if (this.config.failOn.includes(name)) throw new Error(`${name} failed`);
  }
  override onOrderInitialized(e: E.OrderInitialized): void { this.rec("onOrderInitialized", e); }
  override onOrderDenied(e: E.OrderDenied): void { this.rec("onOrderDenied", e); }
  override onOrderSubmitted(e: E.OrderSubmitted): void { this.rec("onOrderSubmitted", e); }
  override onOrderAccepted(e: E.OrderAccepted): void { this.rec("onOrderAccepted", e); }
  override onOrderRejected(e: E.OrderRejected): void { this.rec("onOrderRejected", e); }
  override onOrderCanceled(e: E.OrderCanceled): void { this.rec("onOrderCanceled", e); }
  override onOrderUpdated(e: E.OrderUpdated): void { this.rec("onOrderUpdated", e); }
  override onOrderModifyRejected(e: E.OrderModifyRejected): void { this.rec("onOrderModifyRejected", e); }
  override onOrderCancelRejected(e: E.OrderCancelRejected): void { this.rec("onOrderCancelRejected", e); }
  override onOrderFilled(e: E.OrderFilled): void { this.rec("onOrderFilled", e); }
  override onOrderEvent(e: OrderEvent): void { this.rec("onOrderEvent", e); }
  override onPositionOpened(e: E.PositionOpened): void { this.rec("onPositionOpened", e); }
  override onPositionChanged(e: E.PositionChanged): void { this.rec("onPositionChanged", e); }
  override onPositionClosed(e: E.PositionClosed): void { this.rec("onPositionClosed", e); }
  override onPositionEvent(e: PositionEvent): void { this.rec("onPositionEvent", e); }
  override onMarketExit(result: MarketExitResult): void { this.exits.push(result); }

  /** Specific handler calls only (no onOrderEvent / onPositionEvent / onEvent). */
  specific(): string[] {
    return this.calls.filter((c) => !c.startsWith("onOrderEvent") && !c.startsWith("onPositionEvent"));
  }
}
