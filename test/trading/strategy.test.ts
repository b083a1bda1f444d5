import { describe, expect, it } from "vitest";
import { Order, OrderList } from "../../src/model/orders/index.js";
import { Price, Quantity } from "../../src/model/values.js";
import { Strategy } from "../../src/trading/strategy.js";
import { AAPL, SEC, SPY, makeCore, type Core } from "./fixtures.js";
import { Recorder } from "./recorder.js";

const qty = (n: string) => Quantity.from(n);
const px = (s: string) => Price.from(s);

function running(core: Core, config: Record<string, unknown> = {}): Recorder {
  const s = core.trader.addStrategy(Recorder, { orderIdTag: "001", ...config });
  core.trader.start();
  return s;
}

const buy = (s: Strategy, n = "10") => s.orderFactory.market({ instrumentId: AAPL.id, side: "BUY", quantity: qty(n) });
const limit = (s: Strategy, price = "95.00", side: "BUY" | "SELL" = "BUY") => s.orderFactory.limit({ instrumentId: AAPL.id, side, quantity: qty("10"), price: px(price) });

describe("Strategy identity and registration", () => {
  it("id defaults to {ClassName}-{orderIdTag ?? 000}; strategyId wins", () => {
    const core = makeCore();
    expect(core.trader.addStrategy(Recorder, {}).id).toBe("Recorder-000");
    expect(core.trader.addStrategy(Recorder, { orderIdTag: "C1" }).id).toBe("Recorder-C1");
    expect(core.trader.addStrategy(Recorder, { strategyId: "CORTANA-BULL-CALL-V1", orderIdTag: "X" }).id).toBe("CORTANA-BULL-CALL-V1");
  });

  it("duplicate strategy ids and order id tags are refused with CORTANA_E_STRATEGY_CONFIG", () => {
    const core = makeCore();
    core.trader.addStrategy(Recorder, { orderIdTag: "001" });
    expect(() => core.trader.addStrategy(Recorder, { orderIdTag: "001" })).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG" }));
    expect(() => core.trader.addStrategy(Recorder, { strategyId: "Other-001" })).toThrow(/order id tag 001/);
  });

  it("registers externalOrderClaims with the ExecEngine (cache); a second claim on the instrument is refused", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(Recorder, { orderIdTag: "A", externalOrderClaims: ["AAPL.SIM"], omsType: "HEDGING", manageContingentOrders: true });
    expect(core.cache.externalOrderClaim(AAPL.id)).toBe(s.id);
    expect(core.exec.omsTypeFor(s.id, AAPL.id)).toBe("HEDGING");
    expect(s.execOptions()).toMatchObject({ manageContingentOrders: true, manageGtdExpiry: false, omsType: "HEDGING" });
    expect(() => core.trader.addStrategy(Recorder, { orderIdTag: "B", externalOrderClaims: ["AAPL.SIM"] })).toThrow(expect.objectContaining({ code: "CORTANA_E_STRATEGY_CONFIG", message: expect.stringContaining("already exists for Recorder-A") }));
  });
});

describe("Strategy order flow through RiskEngine -> ExecEngine -> TestExecutionClient", () => {
  it("a MARKET order: initialized, submitted, accepted, filled, position opened; each with onOrderEvent", () => {
    const core = makeCore();
    const s = running(core);
    const order = buy(s);
    s.submitOrder(order);
    const id = order.clientOrderId;
    expect(s.specific()).toEqual([`onOrderInitialized:${id}`, `onOrderSubmitted:${id}`, `onOrderAccepted:${id}`, `onOrderFilled:${id}`, "onPositionOpened:AAPL.SIM-Recorder-001"]);
    expect(s.calls.filter((c) => c.startsWith("onOrderEvent"))).toHaveLength(4);
    expect(s.calls.filter((c) => c.startsWith("onPositionEvent"))).toHaveLength(1);
    expect(core.cache.order(id)).toBe(order);
    expect(order.status).toBe("FILLED");
    expect(core.client.commands.map((c) => c.type)).toEqual(["SubmitOrder"]);
  });

  it("modify and cancel a working LIMIT order", () => {
    const core = makeCore();
    const s = running(core);
    const order = limit(s);
    s.submitOrder(order);
    s.modifyOrder(order, { price: px("96.00") });
    expect(order.price?.toString()).toBe("96.00");
    s.modifyOrder(order, { price: px("96.00") }); // nothing differs: not sent
    expect(core.logs("error").some((r) => String(r.msg).includes("no quantity, price or trigger price differs"))).toBe(true);
    s.cancelOrder(order);
    expect(order.status).toBe("CANCELED");
    s.cancelOrder(order); // closed: warned, not sent
    s.modifyOrder(order, { price: px("97.00") });
    const id = order.clientOrderId;
    expect(s.specific()).toEqual([`onOrderInitialized:${id}`, `onOrderSubmitted:${id}`, `onOrderAccepted:${id}`, `onOrderUpdated:${id}`, `onOrderCanceled:${id}`]);
    expect(core.client.commands.map((c) => c.type)).toEqual(["SubmitOrder", "ModifyOrder", "CancelOrder"]);
  });

  it("a RiskEngine denial reaches onOrderDenied", () => {
    const core = makeCore();
    const s = running(core);
    core.risk.setTradingState("HALTED");
    const order = buy(s);
    s.submitOrder(order);
    expect(order.status).toBe("DENIED");
    expect(s.specific()).toEqual([`onOrderInitialized:${order.clientOrderId}`, `onOrderDenied:${order.clientOrderId}`]);
    expect(core.client.commands).toEqual([]);
  });

  it("orders adopted into the cache after the strategy was built (startup reconciliation) advance its id count at start", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(Recorder, { orderIdTag: "001" });
    // Two orders of an earlier run, adopted by reconciliation under their own ids before the trader starts.
    const earlier = [limit(s, "90.00"), limit(s, "91.00")];
    for (const o of earlier) core.cache.addOrder(o);
    s.orderFactory.reset(); // the fresh process's factory has counted nothing
    core.trader.start();
    const next = limit(s, "92.00");
    expect(earlier.map((o) => o.clientOrderId)).not.toContain(next.clientOrderId);
    expect(String(next.clientOrderId).endsWith("-3")).toBe(true);
  });

  it("a duplicate ClientOrderId is denied in the strategy; the cached order is untouched", () => {
    const core = makeCore();
    const s = running(core);
    const first = limit(s);
    s.submitOrder(first);
    const copy = new Order(first.initEvent);
    s.submitOrder(copy);
    expect(copy.status).toBe("DENIED");
    expect(first.status).toBe("ACCEPTED");
    expect(core.cache.order(first.clientOrderId)).toBe(first);
    expect(s.specific().at(-1)).toBe(`onOrderDenied:${first.clientOrderId}`);
    expect(core.client.commands).toHaveLength(1);
    s.submitOrder(first); // the very same order again: logged, nothing changes
    expect(first.status).toBe("ACCEPTED");
    expect(core.client.commands).toHaveLength(1);
  });

  it("a duplicate OrderListId denies every order of the new list", () => {
    const core = makeCore();
    const s = running(core);
    const list = s.orderFactory.orderList([limit(s, "90.00"), limit(s, "91.00")]);
    s.submitOrderList(list);
    expect(list.orders.map((o) => o.status)).toEqual(["ACCEPTED", "ACCEPTED"]);
    const again = new OrderList(list.id, [limit(s, "92.00")], 0n);
    s.submitOrderList(again);
    expect(again.orders[0]?.status).toBe("DENIED");
    expect(core.client.commands.map((c) => c.type)).toEqual(["SubmitOrderList"]);
  });

  it("an order of another strategy cannot be submitted", () => {
    const core = makeCore();
    const a = running(core);
    const other = new Recorder(Recorder.configSchema.parse({ orderIdTag: "999" }) as never, core.trader.componentDeps());
    expect(() => a.submitOrder(other.orderFactory.market({ instrumentId: AAPL.id, side: "BUY", quantity: qty("1") }))).toThrow(/cannot submit order/);
  });

  it("closePosition sends a reduce-only MARKET order for the position and closes it", () => {
    const core = makeCore();
    const s = running(core);
    s.submitOrder(buy(s, "7"));
    const position = core.cache.positionsOpen({ strategyId: s.id })[0];
    if (position === undefined) throw new Error("no position");
    s.closePosition(position);
    const close = core.client.commands[1];
    expect(close?.type === "SubmitOrder" && [close.order.side, close.order.quantity.toString(), close.order.reduceOnly, close.positionId]).toEqual(["SELL", "7", true, position.id]);
    expect(position.isClosed()).toBe(true);
    expect(s.specific().at(-1)).toBe(`onPositionClosed:${position.id}`);
    s.closePosition(position); // already closed: warned, nothing sent
    expect(core.client.commands).toHaveLength(2);
  });

  it("closeAllPositions closes every open position of the strategy (filtered by instrument)", () => {
    const core = makeCore();
    const s = running(core);
    s.submitOrder(buy(s, "3"));
    s.submitOrder(s.orderFactory.market({ instrumentId: SPY.id, side: "SELL", quantity: qty("2") }));
    s.closeAllPositions(SPY.id);
    expect(core.cache.positionsOpen({ strategyId: s.id }).map((p) => p.instrumentId)).toEqual([AAPL.id]);
    s.closeAllPositions();
    expect(core.cache.positionsOpenCount({ strategyId: s.id })).toBe(0);
  });

  it("cancelAllOrders cancels this strategy's working orders on the instrument; none: nothing sent", () => {
    const core = makeCore();
    const s = running(core);
    s.cancelAllOrders(AAPL.id);
    expect(core.client.commands).toEqual([]);
    const a = limit(s, "90.00");
    const b = limit(s, "91.00");
    s.submitOrder(a);
    s.submitOrder(b);
    s.cancelAllOrders(AAPL.id);
    expect([a.status, b.status]).toEqual(["CANCELED", "CANCELED"]);
    expect(core.client.commands.at(-1)).toMatchObject({ type: "CancelAllOrders", instrumentId: AAPL.id, orderSide: "NO_ORDER_SIDE", strategyId: s.id });
  });

  it("a throwing onOrderFilled is logged with CORTANA_E_STRATEGY_HANDLER; the fill, position and later handlers still happen", () => {
    const core = makeCore();
    const s = running(core, { failOn: ["onOrderFilled"] });
    const order = buy(s);
    s.submitOrder(order);
    expect(order.status).toBe("FILLED");
    expect(core.cache.positionsOpenCount({ strategyId: s.id })).toBe(1);
    expect(s.calls).toContain(`onOrderEvent:${order.clientOrderId}`);
    expect(s.calls).toContain("onPositionOpened:AAPL.SIM-Recorder-001");
    const err = core.logs("error").find((r) => r.code === "CORTANA_E_STRATEGY_HANDLER");
    expect(err).toMatchObject({ component: "Recorder-001", handler: "onOrderFilled", event: `OrderFilled(${order.clientOrderId})` });
    expect(s.state).toBe("RUNNING");
  });

  it("events reach handlers only while RUNNING; logEvents / logCommands control the [EVT] / [CMD] lines", () => {
    const core = makeCore();
    const s = core.trader.addStrategy(Recorder, { orderIdTag: "001", logEvents: false });
    s.submitOrder(buy(s));
    expect(s.calls).toEqual([]);
    expect(core.records.some((r) => String(r.msg).startsWith("[EVT]"))).toBe(false);
    expect(core.records.some((r) => String(r.msg) === "[CMD] SubmitOrder")).toBe(true);
  });

  it("manageContingentOrders: a bracket's entry fill releases both exits; the take-profit fill cancels the stop-loss (OCO)", () => {
    const core = makeCore();
    const s = running(core, { manageContingentOrders: true });
    const list = s.orderFactory.bracket({ instrumentId: AAPL.id, side: "BUY", quantity: qty("10"), entryPrice: px("99.00"), takeProfitPrice: px("105.00"), stopLossTriggerPrice: px("95.00"), contingencyType: "OCO" });
    s.submitOrderList(list);
    const [entry, tp, sl] = list.orders as [Order, Order, Order];
    expect([entry.status, tp.status, sl.status]).toEqual(["ACCEPTED", "INITIALIZED", "INITIALIZED"]);
    core.client.fillOrder(entry.clientOrderId);
    expect([tp.status, sl.status]).toEqual(["ACCEPTED", "ACCEPTED"]);
    core.client.fillOrder(tp.clientOrderId);
    expect([tp.status, sl.status]).toEqual(["FILLED", "CANCELED"]);
    expect(core.cache.positionsOpenCount({ strategyId: s.id })).toBe(0);
  });
  it("manageGtdExpiry: the ExecEngine cancels the strategy's GTD order at its expire time", () => {
    const core = makeCore();
    const s = running(core, { manageGtdExpiry: true });
    const order = s.orderFactory.limit({ instrumentId: AAPL.id, side: "BUY", quantity: qty("1"), price: px("90.00"), timeInForce: "GTD", expireTime: core.clock.timestampNs() + 10n * SEC });
    s.submitOrder(order);
    expect(order.status).toBe("ACCEPTED");
    core.clock.advanceTimeBy(10n * SEC);
    expect(order.status).toBe("CANCELED");
    expect(s.specific().at(-1)).toBe(`onOrderCanceled:${order.clientOrderId}`);
  });

  it("logCommands false: no [CMD] lines", () => {
    const core = makeCore();
    const s = running(core, { logCommands: false });
    s.submitOrder(buy(s));
    expect(core.records.some((r) => String(r.msg).startsWith("[CMD]"))).toBe(false);
    expect(core.records.some((r) => String(r.msg).startsWith("[EVT] OrderFilled"))).toBe(true);
  });

  it("order event handlers left at the base no-op are not measured; overridden ones are, and so is one assigned on the instance later", () => {
    class OnlyFilled extends Strategy {
      filled = 0;
      override onOrderFilled(): void {
        this.filled++;
      }
    }
    const measured: string[] = [];
    const core = makeCore({ measure: (component, fn) => { measured.push(component); return fn(); } });
    const s = core.trader.addStrategy(OnlyFilled, { orderIdTag: "NOP" });
    core.trader.start();
    measured.length = 0;
    s.submitOrder(buy(s)); // initialized, submitted, accepted, filled; position opened
    expect(s.filled).toBe(1);
    expect(measured).toEqual([s.id]); // onOrderFilled only: every other order and position handler is the no-op
    const seen: string[] = [];
    s.onOrderEvent = (e) => seen.push(e.type);
    measured.length = 0;
    s.submitOrder(buy(s, "5"));
    expect(seen).toEqual(["OrderInitialized", "OrderSubmitted", "OrderAccepted", "OrderFilled"]);
    expect(measured).toHaveLength(5); // four onOrderEvent calls and onOrderFilled
  });
});
