/**
 * The strategy the tick-to-trade benchmark runs in the node: it subscribes to SPY quotes and, when
 * a quote's bid rises to TRIGGER_LEVEL or above (edge-triggered: once per trigger), submits the
 * benchmark's order (BUY 1 LMT bid - 90.00 IOC) through the normal path: Strategy.submitOrder ->
 * RiskEngine -> ExecEngine -> IB exec client -> pacer -> @stoqey/ib -> socket. The bench turns its
 * quotes on and off (quotesOn / quotesOff) around each measured run.
 */
import { z } from "zod";
import type { QuoteTick } from "../../src/model/data.js";
import { OrderSide, TimeInForce } from "../../src/model/enums.js";
import { InstrumentId } from "../../src/model/identifiers.js";
import type { Instrument } from "../../src/model/instruments.js";
import type { Price, Quantity } from "../../src/model/values.js";
import { strategyConfigSchema } from "../../src/trading/config.js";
import { Strategy } from "../../src/trading/strategy.js";
import { ORDER_PRICE_OFFSET, TRIGGER_LEVEL, waitFor } from "./tick-to-trade-shared.js";

export const QuoteReactorConfigSchema = strategyConfigSchema({ instrumentId: z.string() });

export class QuoteReactor extends Strategy<z.output<typeof QuoteReactorConfigSchema>> {
  static override configSchema = QuoteReactorConfigSchema;

  private instrumentId = InstrumentId("SPY.SMART");
  private trigger: Price | undefined;
  private offset: Price | undefined;
  private qty: Quantity | undefined;
  private above = false;
  quotes = 0;
  orders = 0;

  protected override onStart(): void {
    this.instrumentId = InstrumentId(this.config.instrumentId);
    const instrument: Instrument | undefined = this.cache.instrument(this.instrumentId);
    if (instrument === undefined) throw new Error(`${this.instrumentId} is not loaded`);
    this.trigger = instrument.makePrice(TRIGGER_LEVEL);
    this.offset = instrument.makePrice(ORDER_PRICE_OFFSET);
    this.qty = instrument.makeQty(1);
  }

  /** Quotes on (the bench measures this contender next); resolves at the first quote. */
  async quotesOn(): Promise<void> {
    this.above = false;
    const seen = this.quotes;
    this.subscribeQuoteTicks(this.instrumentId);
    await waitFor(() => this.quotes !== seen, "the node's first quote");
  }

  /** Quotes off: the node idles while the floor is measured. */
  quotesOff(): void {
    this.unsubscribeQuoteTicks(this.instrumentId);
  }

  override onQuoteTick(quote: QuoteTick): void {
    this.quotes++;
    const above = quote.bidPrice.ge(this.trigger!);
    if (above && !this.above) {
      this.orders++;
      this.submitOrder(this.orderFactory.limit({ instrumentId: this.instrumentId, side: OrderSide.BUY, quantity: this.qty!, price: quote.bidPrice.sub(this.offset!), timeInForce: TimeInForce.IOC }));
    }
    this.above = above;
  }
}
