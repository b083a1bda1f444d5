/**
 * InMemoryCacheDatabase: the CacheDatabase that keeps everything in process memory, stored the
 * way the Redis backend stores it (orders and positions as their event lists, accounts as their
 * states), so it passes the same contract suite and loads give fresh, independent objects.
 *
 * Entry point: `new InMemoryCacheDatabase()`. Writes apply at once; `sync()` resolves at once.
 * Used by tests and by a node without `cache.database` that still wants a restartable cache
 * within one process (e.g. the simulator's scenario tests).
 */
import { Account } from "./account.js";
import type { CacheDatabase, OrderListRecord, OrderSnapshotRecord, PositionStateSnapshot, StrategyState } from "./database.js";
import type { AccountState, OrderEvent, OrderFilled } from "../model/events.js";
import type { AccountId, ClientId, ClientOrderId, InstrumentId, OrderListId, PositionId, StrategyId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import type { OrderList } from "../model/orders/list.js";
import { Order } from "../model/orders/order.js";
import { Position } from "../model/position.js";

interface StoredPosition {
  readonly instrumentId: InstrumentId;
  readonly fills: OrderFilled[];
}

export class InMemoryCacheDatabase implements CacheDatabase {
  private readonly instruments = new Map<InstrumentId, Instrument>();
  private readonly accounts = new Map<AccountId, AccountState[]>();
  private readonly orders = new Map<ClientOrderId, OrderEvent[]>();
  private readonly orderPosition = new Map<ClientOrderId, PositionId>();
  private readonly orderClient = new Map<ClientOrderId, ClientId>();
  private readonly orderLists = new Map<OrderListId, OrderListRecord>();
  private readonly positions = new Map<PositionId, StoredPosition>();
  private readonly strategies = new Map<StrategyId, StrategyState>();
  private readonly orderSnapshots = new Map<ClientOrderId, OrderSnapshotRecord[]>();
  private readonly positionSnapshots = new Map<PositionId, PositionStateSnapshot[]>();
  private closed = false;

  async sync(): Promise<void> {
    this.checkOpen();
  }

  async flush(): Promise<void> {
    this.checkOpen();
    for (const m of [this.instruments, this.accounts, this.orders, this.orderPosition, this.orderClient, this.orderLists, this.positions, this.strategies, this.orderSnapshots, this.positionSnapshots]) {
      m.clear();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  addInstrument(instrument: Instrument): void {
    this.instruments.set(instrument.id, instrument);
  }
  deleteInstrument(instrumentId: InstrumentId): void {
    this.instruments.delete(instrumentId);
  }
  async loadInstruments(): Promise<Instrument[]> {
    return [...this.instruments.values()];
  }
  async loadInstrument(instrumentId: InstrumentId): Promise<Instrument | undefined> {
    return this.instruments.get(instrumentId);
  }

  addAccount(account: Account): void {
    this.accounts.set(account.id, [...account.events]);
  }
  updateAccount(account: Account): void {
    const stored = this.accounts.get(account.id);
    if (stored === undefined) {
      this.addAccount(account);
      return;
    }
    // Append only the states not stored yet; purges may have shortened either side.
    const known = new Set(stored.map((s) => s.eventId));
    for (const s of account.events) if (!known.has(s.eventId)) stored.push(s);
  }
  deleteAccountEventsBefore(beforeNs: bigint): void {
    for (const [id, states] of this.accounts) {
      const last = states[states.length - 1];
      this.accounts.set(id, states.filter((s) => s === last || s.tsEvent >= beforeNs));
    }
  }
  async loadAccounts(): Promise<Account[]> {
    return [...this.accounts.keys()].flatMap((id) => this.rebuildAccount(id) ?? []);
  }
  async loadAccount(accountId: AccountId): Promise<Account | undefined> {
    return this.rebuildAccount(accountId);
  }
  async loadAccountStates(accountId: AccountId): Promise<AccountState[]> {
    return [...(this.accounts.get(accountId) ?? [])];
  }

  addOrder(order: Order, positionId?: PositionId, clientId?: ClientId): void {
    this.orders.set(order.clientOrderId, [...order.events]);
    if (positionId !== undefined) this.orderPosition.set(order.clientOrderId, positionId);
    if (clientId !== undefined) this.orderClient.set(order.clientOrderId, clientId);
  }
  updateOrder(order: Order): void {
    const stored = this.orders.get(order.clientOrderId);
    if (stored === undefined) {
      this.addOrder(order);
      return;
    }
    for (let i = stored.length; i < order.events.length; i++) stored.push(order.events[i] as OrderEvent);
  }
  indexOrderPosition(clientOrderId: ClientOrderId, positionId: PositionId): void {
    this.orderPosition.set(clientOrderId, positionId);
  }
  deleteOrder(clientOrderId: ClientOrderId): void {
    this.orders.delete(clientOrderId);
    this.orderPosition.delete(clientOrderId);
    this.orderClient.delete(clientOrderId);
    this.orderSnapshots.delete(clientOrderId);
  }
  async loadOrders(): Promise<Order[]> {
    return [...this.orders.values()].map((events) => Order.fromEvents(events));
  }
  async loadOrder(clientOrderId: ClientOrderId): Promise<Order | undefined> {
    const events = this.orders.get(clientOrderId);
    return events === undefined ? undefined : Order.fromEvents(events);
  }
  async loadIndexOrderPosition(): Promise<Map<ClientOrderId, PositionId>> {
    return new Map(this.orderPosition);
  }
  async loadIndexOrderClient(): Promise<Map<ClientOrderId, ClientId>> {
    return new Map(this.orderClient);
  }

  addPosition(position: Position): void {
    this.positions.set(position.id, { instrumentId: position.instrumentId, fills: [...position.fills] });
  }
  updatePosition(position: Position): void {
    const stored = this.positions.get(position.id);
    if (stored === undefined) {
      this.addPosition(position);
      return;
    }
    for (let i = stored.fills.length; i < position.fills.length; i++) stored.fills.push(position.fills[i] as OrderFilled);
  }
  deletePosition(positionId: PositionId): void {
    this.positions.delete(positionId);
    this.positionSnapshots.delete(positionId);
  }
  async loadPositions(): Promise<Position[]> {
    return [...this.positions.keys()].map((id) => this.rebuildPosition(id) as Position);
  }
  async loadPosition(positionId: PositionId): Promise<Position | undefined> {
    return this.rebuildPosition(positionId);
  }

  addOrderList(list: OrderList): void {
    this.orderLists.set(list.id, { id: list.id, clientOrderIds: list.clientOrderIds, tsInit: list.tsInit });
  }
  deleteOrderList(orderListId: OrderListId): void {
    this.orderLists.delete(orderListId);
  }
  async loadOrderLists(): Promise<OrderListRecord[]> {
    return [...this.orderLists.values()].map((r) => ({ ...r, clientOrderIds: [...r.clientOrderIds] }));
  }

  updateStrategy(strategyId: StrategyId, state: StrategyState): void {
    this.strategies.set(strategyId, { ...state });
  }
  deleteStrategy(strategyId: StrategyId): void {
    this.strategies.delete(strategyId);
  }
  async loadStrategy(strategyId: StrategyId): Promise<StrategyState | undefined> {
    const s = this.strategies.get(strategyId);
    return s === undefined ? undefined : { ...s };
  }

  snapshotOrderState(order: Order, tsSnapshot: bigint): void {
    const rec: OrderSnapshotRecord = { clientOrderId: order.clientOrderId, status: order.status, events: [...order.events], tsSnapshot };
    const list = this.orderSnapshots.get(order.clientOrderId);
    if (list === undefined) this.orderSnapshots.set(order.clientOrderId, [rec]);
    else list.push(rec);
  }
  async loadOrderSnapshots(clientOrderId: ClientOrderId): Promise<OrderSnapshotRecord[]> {
    return [...(this.orderSnapshots.get(clientOrderId) ?? [])];
  }
  snapshotPositionState(snapshot: PositionStateSnapshot): void {
    const list = this.positionSnapshots.get(snapshot.positionId);
    if (list === undefined) this.positionSnapshots.set(snapshot.positionId, [snapshot]);
    else list.push(snapshot);
  }
  async loadPositionSnapshots(positionId: PositionId): Promise<PositionStateSnapshot[]> {
    return [...(this.positionSnapshots.get(positionId) ?? [])];
  }

  private rebuildAccount(id: AccountId): Account | undefined {
    const states = this.accounts.get(id);
    const first = states?.[0];
    if (states === undefined || first === undefined) return undefined;
    const account = new Account(first);
    for (let i = 1; i < states.length; i++) account.apply(states[i] as AccountState);
    return account;
  }

  private rebuildPosition(id: PositionId): Position | undefined {
    const stored = this.positions.get(id);
    if (stored === undefined) return undefined;
    const instrument = this.instruments.get(stored.instrumentId);
    if (instrument === undefined) {
      throw new Error(`position ${id} cannot be rebuilt: its instrument ${stored.instrumentId} is not stored`);
    }
    return Position.fromFills(instrument, stored.fills, id);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the cache database is closed");
  }
}
