/**
 * The shared contract every ExecutionClient implementation must pass (design.md: one contract
 * suite per interface). Run it with `describeExecutionClientContract(name, makeHarness)`; the
 * TestExecutionClient runs it here, the IB exec client runs it against the simulator.
 *
 * The harness gives a fresh client per test (not connected), the bus it sends events on, a
 * tradable instrument with a LIMIT price that rests (never fills), and a way to make the venue
 * unreachable. The suite registers `ExecEngine.process` / `ExecEngine.reconcile_execution_report`
 * on the bus itself to capture what the client sends.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { MessageBus } from "../../src/common/msgbus.js";
import type { ExecutionClient } from "../../src/execution/client.js";
import type { CancelOrder, ModifyOrder, SubmitOrder } from "../../src/execution/messages.js";
import type { ExecutionReport } from "../../src/execution/reports.js";
import { ContingencyType } from "../../src/model/enums.js";
import type { OrderEvent } from "../../src/model/events.js";
import { ClientOrderId, StrategyId, TraderId, type InstrumentId } from "../../src/model/identifiers.js";
import { Order } from "../../src/model/orders/index.js";
import type { Price, Quantity } from "../../src/model/values.js";

export interface ExecutionClientHarness {
  readonly client: ExecutionClient;
  readonly bus: MessageBus;
  readonly instrumentId: InstrumentId;
  /** A LIMIT BUY price that rests at the venue without filling. */
  readonly restingPrice: Price;
  readonly quantity: Quantity;
  /** A larger quantity (for modify). */
  readonly biggerQuantity: Quantity;
  readonly now: () => bigint;
  /** Makes every venue query fail (gateway gone, socket dropped...) while the client object lives. */
  readonly makeUnreachable: () => Promise<void>;
  /** Waits until the client's pending events have been sent (async venues). */
  readonly settle: () => Promise<void>;
  readonly dispose: () => Promise<void>;
}

const TRADER = TraderId("CONTRACT-001");
const STRATEGY = StrategyId("Contract-001");

export function describeExecutionClientContract(name: string, makeHarness: () => Promise<ExecutionClientHarness>): void {
  describe(`ExecutionClient contract: ${name}`, () => {
    let h: ExecutionClientHarness | undefined;
    let events: OrderEvent[] = [];
    let reports: ExecutionReport[] = [];
    let seq = 0;

    afterEach(async () => {
      await h?.dispose();
      h = undefined;
    });

    async function start(connect = true): Promise<ExecutionClientHarness> {
      h = await makeHarness();
      events = [];
      reports = [];
      h.bus.register("ExecEngine.process", (e: OrderEvent) => events.push(e));
      h.bus.register("ExecEngine.reconcile_execution_report", (r: ExecutionReport) => reports.push(r));
      if (connect) await h.client.connect();
      return h;
    }

    function limitOrder(harness: ExecutionClientHarness): Order {
      seq += 1;
      const ts = harness.now();
      return new Order({
        type: "OrderInitialized",
        traderId: TRADER,
        strategyId: STRATEGY,
        instrumentId: harness.instrumentId,
        clientOrderId: ClientOrderId(`C-${ts}-${seq}`),
        eventId: `init-${seq}`,
        tsEvent: ts,
        tsInit: ts,
        reconciliation: false,
        side: "BUY",
        orderType: "LIMIT",
        quantity: harness.quantity,
        price: harness.restingPrice,
        timeInForce: "GTC",
        postOnly: false,
        reduceOnly: false,
        quoteQuantity: false,
        contingencyType: ContingencyType.NO_CONTINGENCY,
      });
    }

    function submit(harness: ExecutionClientHarness, order: Order): SubmitOrder {
      return { type: "SubmitOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: order.instrumentId, order, clientId: harness.client.clientId, commandId: `sub-${order.clientOrderId}`, tsInit: harness.now() };
    }

    function cancel(harness: ExecutionClientHarness, clientOrderId: ClientOrderId): CancelOrder {
      return { type: "CancelOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: harness.instrumentId, clientOrderId, clientId: harness.client.clientId, commandId: `cxl-${clientOrderId}`, tsInit: harness.now() };
    }

    const of = (id: ClientOrderId) => events.filter((e) => e.clientOrderId === id).map((e) => e.type);

    it("has its identity and a connection flag that follows connect / disconnect", async () => {
      const harness = await start(false);
      const c = harness.client;
      expect(c.clientId.length).toBeGreaterThan(0);
      expect(c.venue.length).toBeGreaterThan(0);
      expect(c.accountId.length).toBeGreaterThan(0);
      expect(["NETTING", "HEDGING"]).toContain(c.omsType);
      expect(c.isConnected).toBe(false);
      await c.connect();
      expect(c.isConnected).toBe(true);
      await c.disconnect();
      await c.disconnect();
      expect(c.isConnected).toBe(false);
    });

    it("submit: OrderSubmitted then OrderAccepted with a venue order id and the client's account", async () => {
      const harness = await start();
      const order = limitOrder(harness);
      await harness.client.submitOrder(submit(harness, order));
      await harness.settle();
      expect(of(order.clientOrderId).slice(0, 2)).toEqual(["OrderSubmitted", "OrderAccepted"]);
      const accepted = events.find((e) => e.type === "OrderAccepted");
      expect(accepted?.venueOrderId).toBeDefined();
      expect(accepted?.accountId).toBe(harness.client.accountId);
      const report = await harness.client.generateOrderStatusReport({ instrumentId: harness.instrumentId, clientOrderId: order.clientOrderId });
      expect(report?.orderStatus).toBe("ACCEPTED");
      expect(report?.venueOrderId).toBe(accepted?.venueOrderId);
    });

    it("modify: OrderUpdated with the new quantity", async () => {
      const harness = await start();
      const order = limitOrder(harness);
      await harness.client.submitOrder(submit(harness, order));
      await harness.settle();
      const modify: ModifyOrder = { type: "ModifyOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: harness.instrumentId, clientOrderId: order.clientOrderId, quantity: harness.biggerQuantity, clientId: harness.client.clientId, commandId: "mod-1", tsInit: harness.now() };
      await harness.client.modifyOrder(modify);
      await harness.settle();
      const updated = events.find((e) => e.type === "OrderUpdated");
      expect(updated?.type === "OrderUpdated" && updated.quantity.eq(harness.biggerQuantity)).toBe(true);
    });

    it("cancel: OrderCanceled; the order leaves the open reports but stays in the full ones", async () => {
      const harness = await start();
      const order = limitOrder(harness);
      await harness.client.submitOrder(submit(harness, order));
      await harness.settle();
      await harness.client.cancelOrder(cancel(harness, order.clientOrderId));
      await harness.settle();
      expect(of(order.clientOrderId)).toContain("OrderCanceled");
      const open = await harness.client.generateOrderStatusReports({ instrumentId: harness.instrumentId, openOnly: true });
      expect(open.some((r) => r.clientOrderId === order.clientOrderId)).toBe(false);
      const all = await harness.client.generateOrderStatusReports({ instrumentId: harness.instrumentId, openOnly: false });
      expect(all.find((r) => r.clientOrderId === order.clientOrderId)?.orderStatus).toBe("CANCELED");
    });

    it("a refused command becomes an event, not an exception", async () => {
      const harness = await start();
      await harness.client.cancelOrder(cancel(harness, ClientOrderId("NEVER-SENT-1")));
      await harness.settle();
      expect(of(ClientOrderId("NEVER-SENT-1"))).toEqual(["OrderCancelRejected"]);
    });

    it("queryOrder sends an OrderStatusReport to ExecEngine.reconcile_execution_report", async () => {
      const harness = await start();
      const order = limitOrder(harness);
      await harness.client.submitOrder(submit(harness, order));
      await harness.settle();
      await harness.client.queryOrder({ type: "QueryOrder", traderId: TRADER, strategyId: STRATEGY, instrumentId: harness.instrumentId, clientOrderId: order.clientOrderId, commandId: "q-1", tsInit: harness.now() });
      await harness.settle();
      expect(reports.map((r) => r.type)).toEqual(["OrderStatusReport"]);
    });

    it("mass status gathers the account's orders under its ids", async () => {
      const harness = await start();
      const order = limitOrder(harness);
      await harness.client.submitOrder(submit(harness, order));
      await harness.settle();
      const mass = await harness.client.generateMassStatus();
      expect(mass.clientId).toBe(harness.client.clientId);
      expect(mass.accountId).toBe(harness.client.accountId);
      expect([...mass.orderReports.values()].some((r) => r.clientOrderId === order.clientOrderId)).toBe(true);
    });

    it("every report generator THROWS when the venue is unreachable (unknown is never empty)", async () => {
      const harness = await start();
      await harness.makeUnreachable();
      const c = harness.client;
      const calls: [string, () => Promise<unknown>][] = [
        ["generateOrderStatusReport", () => c.generateOrderStatusReport({ instrumentId: harness.instrumentId, clientOrderId: ClientOrderId("X-1") })],
        ["generateOrderStatusReports", () => c.generateOrderStatusReports({ openOnly: true })],
        ["generateFillReports", () => c.generateFillReports({})],
        ["generatePositionStatusReports", () => c.generatePositionStatusReports({})],
        ["generateMassStatus", () => c.generateMassStatus(60)],
      ];
      for (const [what, call] of calls) await expect(call(), what).rejects.toThrow();
    });

    it("a command that cannot be sent (not connected) throws", async () => {
      const harness = await start(false);
      const order = limitOrder(harness);
      let threw = false;
      try {
        await harness.client.submitOrder(submit(harness, order));
      } catch {
        threw = true;
      }
      expect(threw).toBe(true);
    });
  });
}
