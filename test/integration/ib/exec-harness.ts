/**
 * An IB exec client wired to the simulator for integration tests: its own bus (events captured
 * at ExecEngine.process), cache, connection lease and instrument provider (SPY.SMART, ES).
 */
import { Cache } from "../../../src/cache/cache.js";
import { MessageBus } from "../../../src/common/msgbus.js";
import type { OrderEvent } from "../../../src/model/events.js";
import type { ExecutionReport } from "../../../src/execution/reports.js";
import { AccountId, ClientId, ClientOrderId, StrategyId, TraderId, Venue, type InstrumentId } from "../../../src/model/identifiers.js";
import { ContingencyType, type OrderSide, type OrderType, type TimeInForce } from "../../../src/model/enums.js";
import { Order } from "../../../src/model/orders/index.js";
import type { Price, Quantity } from "../../../src/model/values.js";
import { InteractiveBrokersInstrumentProviderConfigSchema } from "../../../src/adapters/ib/config.js";
import { ClockTimers } from "../../../src/adapters/ib/connection/timers.js";
import type { IBConnectionOptions } from "../../../src/adapters/ib/connection/index.js";
import { InteractiveBrokersInstrumentProvider } from "../../../src/adapters/ib/providers/provider.js";
import { InteractiveBrokersExecutionClient, type InteractiveBrokersExecClientOptions } from "../../../src/adapters/ib/execution/client.js";
import type { IbBed } from "./harness.js";

export const TRADER = TraderId("TESTER-001");
export const STRATEGY = StrategyId("Tester-001");

export interface ExecRig {
  client: InteractiveBrokersExecutionClient;
  bus: MessageBus;
  cache: Cache;
  events: OrderEvent[];
  reports: ExecutionReport[];
  of(id: string): string[];
}

export function execRig(bed: IbBed, o: { conn?: Partial<IBConnectionOptions>; client?: Partial<InteractiveBrokersExecClientOptions>; account?: string; loadIds?: string[]; capture?: boolean } = {}): ExecRig {
  const bus = new MessageBus({ logger: bed.logger, clock: bed.clock });
  const cache = new Cache();
  const conn = bed.connection(o.conn);
  const lease = { acquire: async () => (await conn.connect(), conn), release: () => conn.close() };
  const provider = new InteractiveBrokersInstrumentProvider({
    connection: () => conn, cache, clock: bed.clock, logger: bed.logger, timers: new ClockTimers(bed.clock, "provider"),
    config: InteractiveBrokersInstrumentProviderConfigSchema.parse({ loadIds: o.loadIds ?? ["SPY.SMART"] }), requestTimeoutMs: 3000,
  });
  const client = new InteractiveBrokersExecutionClient({
    clientId: ClientId("IB"), venue: Venue("IB"), accountId: AccountId(`IB-${o.account ?? "DU1234567"}`), traderId: TRADER,
    bus, clock: bed.clock, logger: bed.logger, cache, lease, provider, requestTimeoutMs: 3000, commissionWaitMs: 1000, ...o.client,
  });
  const events: OrderEvent[] = [];
  const reports: ExecutionReport[] = [];
  if (o.capture !== false) {
    bus.register("ExecEngine.process", (e: OrderEvent) => events.push(e));
    bus.register("ExecEngine.reconcile_execution_report", (r: ExecutionReport) => reports.push(r));
  }
  return { client, bus, cache, events, reports, of: (id) => events.filter((e) => e.clientOrderId === id).map((e) => e.type) };
}

let seq = 0;

export function makeOrder(f: {
  instrumentId: InstrumentId; side: OrderSide; type: OrderType; qty: Quantity; price?: Price; trigger?: Price; tif?: TimeInForce;
  contingency?: ContingencyType; parent?: string; linked?: string[]; listId?: string; id?: string;
}): Order {
  seq++;
  return new Order({
    type: "OrderInitialized", traderId: TRADER, strategyId: STRATEGY, instrumentId: f.instrumentId,
    clientOrderId: ClientOrderId(f.id ?? `T-${process.pid}-${Date.now()}-${seq}`), eventId: `e-${seq}`, tsEvent: 1n, tsInit: 1n, reconciliation: false,
    side: f.side, orderType: f.type, quantity: f.qty, price: f.price, triggerPrice: f.trigger, timeInForce: f.tif ?? "GTC",
    postOnly: false, reduceOnly: false, quoteQuantity: false, contingencyType: f.contingency ?? ContingencyType.NO_CONTINGENCY,
    parentOrderId: f.parent === undefined ? undefined : ClientOrderId(f.parent),
    linkedOrderIds: f.linked?.map((l) => ClientOrderId(l)), orderListId: f.listId as never,
  });
}
