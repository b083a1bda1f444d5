/**
 * Trading commands (Nautilus `execution/messages`): one discriminated union `TradingCommand`,
 * tag `type`, flowing Strategy -> RiskEngine.execute -> ExecEngine.execute -> ExecutionClient.
 *
 * Every command carries `traderId`, `strategyId`, an optional explicit `clientId` (routing),
 * `commandId` (UUID) and `tsInit` (UTC ns). Commands about an instrument carry `instrumentId`,
 * whose venue drives routing when no `clientId` is given; `QueryAccount` and
 * `GenerateExecutionMassStatus` name their `venue` instead. `routingVenue(cmd)` gives that venue.
 * Commands are plain data; the orders inside SubmitOrder / SubmitOrderList are the cached Order
 * objects the strategy created.
 */
import { assertNever } from "../common/errors.js";
import type { OrderSide } from "../model/enums.js";
import {
  InstrumentId,
  type AccountId,
  type ClientId,
  type ClientOrderId,
  type PositionId,
  type StrategyId,
  type TraderId,
  type Venue,
  type VenueOrderId,
} from "../model/identifiers.js";
import type { Order, OrderList } from "../model/orders/index.js";
import type { Price, Quantity } from "../model/values.js";

interface CommandBase {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  /** Route to this client explicitly (else by venue, then the default client). */
  readonly clientId?: ClientId | undefined;
  readonly commandId: string;
  readonly tsInit: bigint;
  /** Venue-specific extras passed through to the client untouched. */
  readonly params?: Readonly<Record<string, unknown>> | undefined;
}

export interface SubmitOrder extends CommandBase {
  readonly type: "SubmitOrder";
  readonly instrumentId: InstrumentId;
  readonly order: Order;
  /** HEDGING: the position the order trades (reduce-only checks use it). */
  readonly positionId?: PositionId | undefined;
}

export interface SubmitOrderList extends CommandBase {
  readonly type: "SubmitOrderList";
  readonly instrumentId: InstrumentId;
  readonly orderList: OrderList;
  readonly positionId?: PositionId | undefined;
}

export interface ModifyOrder extends CommandBase {
  readonly type: "ModifyOrder";
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | undefined;
  readonly quantity?: Quantity | undefined;
  readonly price?: Price | undefined;
  readonly triggerPrice?: Price | undefined;
}

export interface CancelOrder extends CommandBase {
  readonly type: "CancelOrder";
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | undefined;
}

export interface CancelAllOrders extends CommandBase {
  readonly type: "CancelAllOrders";
  readonly instrumentId: InstrumentId;
  /** NO_ORDER_SIDE cancels both sides. */
  readonly orderSide: OrderSide;
}

export interface BatchCancelOrders extends CommandBase {
  readonly type: "BatchCancelOrders";
  readonly instrumentId: InstrumentId;
  readonly cancels: readonly CancelOrder[];
}

export interface QueryOrder extends CommandBase {
  readonly type: "QueryOrder";
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | undefined;
}

export interface QueryAccount extends CommandBase {
  readonly type: "QueryAccount";
  readonly accountId: AccountId;
  readonly venue: Venue;
}

export interface GenerateExecutionMassStatus extends CommandBase {
  readonly type: "GenerateExecutionMassStatus";
  readonly venue: Venue;
  /** How far back the venue is asked; undefined means the venue's maximum. */
  readonly lookbackMins?: number | undefined;
}

export type TradingCommand =
  | SubmitOrder
  | SubmitOrderList
  | ModifyOrder
  | CancelOrder
  | CancelAllOrders
  | BatchCancelOrders
  | QueryOrder
  | QueryAccount
  | GenerateExecutionMassStatus;

export type TradingCommandType = TradingCommand["type"];

/** The venue a command is routed by when it names no client. */
export function routingVenue(command: TradingCommand): Venue {
  switch (command.type) {
    case "SubmitOrder":
    case "SubmitOrderList":
    case "ModifyOrder":
    case "CancelOrder":
    case "CancelAllOrders":
    case "BatchCancelOrders":
    case "QueryOrder":
      return InstrumentId.venue(command.instrumentId);
    case "QueryAccount":
    case "GenerateExecutionMassStatus":
      return command.venue;
    default:
      return assertNever(command, "trading command");
  }
}
