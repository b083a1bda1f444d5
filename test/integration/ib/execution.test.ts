/**
 * The IB exec client against the simulator: fills with commissions, modify, brackets with OCA
 * exits, readOnly, unmanaged accounts, reports equal to the venue's truth, no duplicated fill
 * across a gateway restart or repeated execution messages, and purged orders leaving the book.
 */
import { IBApi } from "@stoqey/ib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isCortanaError } from "../../../src/common/errors.js";
import { ContingencyType, OrderSide, OrderType } from "../../../src/model/enums.js";
import type { OrderFilled } from "../../../src/model/events.js";
import { InstrumentId, OrderListId } from "../../../src/model/identifiers.js";
import { OrderList } from "../../../src/model/orders/index.js";
import { Price, Quantity } from "../../../src/model/values.js";
import type { SubmitOrder, SubmitOrderList } from "../../../src/execution/messages.js";
import type { Order } from "../../../src/model/orders/index.js";
import { startIbBed, sleep, waitUntil, type IbBed } from "./harness.js";
import { STRATEGY, TRADER, execRig, makeOrder, type ExecRig } from "./exec-harness.js";

const SPY = InstrumentId("SPY.SMART");
let bed: IbBed | undefined;
let rig: ExecRig | undefined;
afterEach(async () => {
  await rig?.client.disconnect();
  await bed?.close();
  bed = rig = undefined;
});

const submit = (r: ExecRig, order: Order): SubmitOrder => ({ type: "SubmitOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: order.instrumentId, order, commandId: `c-${order.clientOrderId}`, tsInit: 1n, clientId: r.client.clientId });
const fills = (r: ExecRig, id: string) => r.events.filter((e): e is OrderFilled => e.type === "OrderFilled" && e.clientOrderId === id);

async function setup(o: Parameters<typeof execRig>[1] = {}): Promise<ExecRig> {
  bed = await startIbBed();
  rig = execRig(bed, o);
  await rig.client.connect();
  return rig;
}

describe("orders", () => {
  it("a market order: Submitted, Accepted (permId), Filled with its commission; the venue agrees", async () => {
    const r = await setup();
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("10") });
    r.client.submitOrder(submit(r, order));
    await waitUntil(() => fills(r, order.clientOrderId).length === 1, "fill");
    expect(r.of(order.clientOrderId)).toEqual(["OrderSubmitted", "OrderAccepted", "OrderFilled"]);
    const truth = bed!.sim.truth();
    const venueOrder = truth.completedOrders.find((o) => o.request.orderRef === order.clientOrderId);
    const accepted = r.events.find((e) => e.type === "OrderAccepted");
    expect(accepted?.venueOrderId).toBe(String(venueOrder?.permId));
    const fill = fills(r, order.clientOrderId)[0]!;
    const exec = truth.executions.find((x) => x.execution.execId === fill.tradeId);
    expect(fill.lastQty.toString()).toBe("10");
    expect(fill.lastPx.eq(Price.parse(String(exec?.execution.price), 2))).toBe(true);
    expect(fill.lastPx.precision).toBe(2);
    expect(fill.commission.toNumber()).toBe(Number(exec?.commission.commission));
    expect(fill.commission.isPositive()).toBe(true);
    expect(fill.accountId).toBe("IB-DU1234567");
  });

  it("modify changes the limit price at the venue (OrderPendingUpdate, OrderUpdated)", async () => {
    const r = await setup();
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.LIMIT, qty: Quantity.from("5"), price: Price.from("500.00") });
    r.client.submitOrder(submit(r, order));
    await waitUntil(() => r.of(order.clientOrderId).includes("OrderAccepted"), "accepted");
    r.client.modifyOrder({ type: "ModifyOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: SPY, clientOrderId: order.clientOrderId, price: Price.from("501.25"), commandId: "m", tsInit: 1n });
    await waitUntil(() => r.of(order.clientOrderId).includes("OrderUpdated"), "updated");
    const updated = r.events.find((e) => e.type === "OrderUpdated");
    expect(updated?.type === "OrderUpdated" && updated.price?.toString()).toBe("501.25");
    expect(bed!.sim.truth().openOrders.find((o) => o.request.orderRef === order.clientOrderId)?.request.lmtPrice).toBe(501.25);
  });

  it("a bracket goes out with parentId and transmit; its OCA exits cancel each other", async () => {
    const r = await setup();
    const listId = `L-${Date.now()}`;
    const ids = { entry: `${listId}-E`, tp: `${listId}-TP`, sl: `${listId}-SL` };
    const q = Quantity.from("10");
    const entry = makeOrder({ id: ids.entry, instrumentId: SPY, side: OrderSide.BUY, type: OrderType.LIMIT, qty: q, price: Price.from("700.00"), contingency: ContingencyType.OTO, linked: [ids.tp, ids.sl], listId });
    const tp = makeOrder({ id: ids.tp, instrumentId: SPY, side: OrderSide.SELL, type: OrderType.LIMIT, qty: q, price: Price.from("900.00"), contingency: ContingencyType.OCO, parent: ids.entry, linked: [ids.sl], listId });
    const sl = makeOrder({ id: ids.sl, instrumentId: SPY, side: OrderSide.SELL, type: OrderType.STOP_MARKET, qty: q, trigger: Price.from("300.00"), contingency: ContingencyType.OCO, parent: ids.entry, linked: [ids.tp], listId });
    const cmd: SubmitOrderList = { type: "SubmitOrderList", traderId: TRADER, strategyId: STRATEGY, instrumentId: SPY, orderList: new OrderList(OrderListId(listId), [entry, tp, sl], 1n), commandId: "b", tsInit: 1n };
    r.client.submitOrderList(cmd);
    await waitUntil(() => fills(r, ids.entry).length > 0 && r.of(ids.tp).includes("OrderAccepted") && r.of(ids.sl).includes("OrderAccepted"), "entry filled, exits working");
    const open = bed!.sim.truth().openOrders;
    const parent = bed!.sim.truth().completedOrders.find((o) => o.request.orderRef === ids.entry);
    const tpV = open.find((o) => o.request.orderRef === ids.tp);
    const slV = open.find((o) => o.request.orderRef === ids.sl);
    expect(tpV?.request.parentId).toBe(parent?.orderId);
    expect(slV?.request.parentId).toBe(parent?.orderId);
    expect([tpV?.request.ocaGroup, tpV?.request.ocaType]).toEqual([listId, 1]);
    expect(slV?.request.ocaGroup).toBe(listId);
    await bed!.sim.fault({ kind: "fillOrder", order: { orderRef: ids.tp } });
    await waitUntil(() => fills(r, ids.tp).length === 1 && r.of(ids.sl).includes("OrderCanceled"), "take profit filled, stop cancelled");
    expect(fills(r, ids.sl)).toEqual([]);
  });

  it("readOnly refuses orders with CORTANA_E_IB_READ_ONLY", async () => {
    const r = await setup({ client: { readOnly: true } });
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("1") });
    const err = (() => { try { r.client.submitOrder(submit(r, order)); } catch (e) { return e; } })();
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_IB_READ_ONLY");
    expect(r.events).toEqual([]);
  });

  it("an account the gateway does not manage fails connect, naming the managed ones", async () => {
    bed = await startIbBed();
    rig = execRig(bed, { account: "DU9999999" });
    const err = await rig.client.connect().catch((e: unknown) => e);
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_IB_ACCOUNT_NOT_MANAGED");
    expect((err as Error).message).toMatch(/DU9999999.*DU1234567/);
    expect(rig.client.isConnected).toBe(false);
  });

  it("rejects an order IB refuses (an unloaded instrument is refused locally)", async () => {
    const r = await setup();
    await bed!.sim.fault({ kind: "rejectNextOrder", reason: "no margin" });
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("1") });
    r.client.submitOrder(submit(r, order));
    await waitUntil(() => r.of(order.clientOrderId).includes("OrderRejected"), "rejected");
    const unknown = makeOrder({ instrumentId: InstrumentId("QQQ.SMART"), side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("1") });
    r.client.submitOrder(submit(r, unknown));
    expect(r.of(unknown.clientOrderId)).toEqual(["OrderSubmitted", "OrderRejected"]);
  });

  it("a write that fails at once: OrderSubmitted, then OrderRejected naming the failure (the event order holds though OrderSubmitted is built after the write)", async () => {
    const r = await setup();
    // Fault injection on the real client: its socket write fails synchronously once.
    const write = vi.spyOn(IBApi.prototype, "placeOrder").mockImplementationOnce(() => {
      throw new Error("socket write failed");
    });
    try {
      const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("1") });
      r.client.submitOrder(submit(r, order));
      expect(r.of(order.clientOrderId)).toEqual(["OrderSubmitted", "OrderRejected"]);
      const rejected = r.events.find((e) => e.type === "OrderRejected" && e.clientOrderId === order.clientOrderId);
      expect(rejected).toMatchObject({ reason: "not sent to IB: socket write failed" });
      const next = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("1") });
      r.client.submitOrder(submit(r, next));
      expect(r.of(next.clientOrderId)).toEqual(["OrderSubmitted"]); // written: the venue answers later
      await waitUntil(() => fills(r, next.clientOrderId).length === 1, "fill of the next order");
    } finally {
      write.mockRestore();
    }
  });
});

describe("reports", () => {
  it("fill, order and position reports equal the venue's truth for this account", async () => {
    const r = await setup();
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("7") });
    r.client.submitOrder(submit(r, order));
    await waitUntil(() => fills(r, order.clientOrderId).length === 1, "fill");
    const truth = bed!.sim.truth();
    const fillReports = await r.client.generateFillReports({ instrumentId: SPY });
    expect(fillReports.map((f) => f.tradeId).sort()).toEqual(truth.executions.map((x) => x.execution.execId).sort());
    expect(fillReports[0]?.clientOrderId).toBe(order.clientOrderId);
    const positions = await r.client.generatePositionStatusReports({});
    const venuePos = truth.positions.find((p) => p.account === "DU1234567" && p.contract.conId === 756733);
    expect(positions.find((p) => p.instrumentId === SPY)?.quantity.toString()).toBe(String(venuePos?.position));
    const orders = await r.client.generateOrderStatusReports({ openOnly: false });
    expect(orders.find((o) => o.clientOrderId === order.clientOrderId)?.orderStatus).toBe("FILLED");
    const mass = await r.client.generateMassStatus(60);
    expect(mass.fillReports.size).toBe(1);
  });
});

describe("no duplicated fill", () => {
  it("across a gateway restart with a fill while disconnected: the fill is applied once, after the reconnect", async () => {
    const r = await setup();
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.LIMIT, qty: Quantity.from("3"), price: Price.from("500.00") });
    r.client.submitOrder(submit(r, order));
    await waitUntil(() => r.of(order.clientOrderId).includes("OrderAccepted"), "accepted");
    const restart = bed!.sim.fault({ kind: "gatewayRestart", downSecs: 0.5 });
    await waitUntil(() => !r.client.isConnected, "disconnected");
    await bed!.sim.fault({ kind: "fillOrder", order: { orderRef: order.clientOrderId } });
    await restart;
    await waitUntil(() => r.client.isConnected, "reconnected", 5000);
    await waitUntil(() => fills(r, order.clientOrderId).length === 1, "replayed fill");
    await sleep(300);
    expect(fills(r, order.clientOrderId)).toHaveLength(1);
    expect(r.reports.map((x) => x.type)).toContain("ExecutionMassStatus");
    // a later mass status after one more reconnect replays nothing
    bed!.sim.gateway.dropConnections();
    await waitUntil(() => !r.client.isConnected, "dropped");
    await waitUntil(() => r.client.isConnected, "back", 5000);
    await sleep(200);
    expect(fills(r, order.clientOrderId)).toHaveLength(1);
  });

  it("when IB repeats an execution message, one fill", async () => {
    const r = await setup();
    bed!.sim.gateway.duplicateNextExecutions(1);
    const order = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("2") });
    r.client.submitOrder(submit(r, order));
    await waitUntil(() => fills(r, order.clientOrderId).length === 1, "fill");
    await sleep(300);
    expect(fills(r, order.clientOrderId)).toHaveLength(1);
  });
});

describe("purged orders", () => {
  it("a closed order the cache purged leaves the IB order book (a cancel calls it unknown); an open one stays", async () => {
    const r = await setup();
    const filled = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.MARKET, qty: Quantity.from("1") });
    const working = makeOrder({ instrumentId: SPY, side: OrderSide.BUY, type: OrderType.LIMIT, qty: Quantity.from("1"), price: Price.from("400.00") });
    r.client.submitOrder(submit(r, filled));
    r.client.submitOrder(submit(r, working));
    await waitUntil(() => fills(r, filled.clientOrderId).length === 1 && r.of(working.clientOrderId).includes("OrderAccepted"), "fill and accept");
    const cancel = (o: Order) => r.client.cancelOrder({ type: "CancelOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: SPY, clientOrderId: o.clientOrderId, commandId: `x-${o.clientOrderId}`, tsInit: 1n });
    const rejection = (o: Order): string | undefined => {
      const e = r.events.find((x) => x.type === "OrderCancelRejected" && x.clientOrderId === o.clientOrderId);
      return e?.type === "OrderCancelRejected" ? e.reason : undefined;
    };

    cancel(filled); // still in the book: closed
    expect(rejection(filled)).toBe("order is closed");
    r.events.length = 0;
    r.client.forgetOrders([filled.clientOrderId, working.clientOrderId]);
    cancel(filled);
    expect(rejection(filled)).toBe("order unknown to this IB client");
    cancel(working);
    await waitUntil(() => r.of(working.clientOrderId).includes("OrderCanceled"), "the open order still cancels");
  });
});
