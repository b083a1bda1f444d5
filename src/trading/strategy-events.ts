/**
 * Routing of order and position events to a strategy's handlers (Nautilus `Strategy.handle_event`):
 * first the specific handler (onOrderFilled, onPositionOpened...), then the category handler
 * (onOrderEvent / onPositionEvent), then onEvent. Each call goes through the caller's `call`
 * (measured and guarded), so one throwing handler does not stop the next.
 *
 * Entry points: `OrderEventHandlers`, `PositionEventHandlers`, `dispatchOrderEvent`,
 * `dispatchPositionEvent`. The switches are exhaustive (a new event type is a compile error).
 */
import { assertNever } from "../common/errors.js";
import type {
  OrderAccepted,
  OrderCanceled,
  OrderCancelRejected,
  OrderDenied,
  OrderEmulated,
  OrderEvent,
  OrderExpired,
  OrderFilled,
  OrderInitialized,
  OrderModifyRejected,
  OrderPendingCancel,
  OrderPendingUpdate,
  OrderRejected,
  OrderReleased,
  OrderSubmitted,
  OrderTriggered,
  OrderUpdated,
  PositionChanged,
  PositionClosed,
  PositionEvent,
  PositionOpened,
} from "../model/events.js";

export interface OrderEventHandlers {
  onOrderInitialized(e: OrderInitialized): void;
  onOrderDenied(e: OrderDenied): void;
  onOrderEmulated(e: OrderEmulated): void;
  onOrderReleased(e: OrderReleased): void;
  onOrderSubmitted(e: OrderSubmitted): void;
  onOrderAccepted(e: OrderAccepted): void;
  onOrderRejected(e: OrderRejected): void;
  onOrderCanceled(e: OrderCanceled): void;
  onOrderExpired(e: OrderExpired): void;
  onOrderTriggered(e: OrderTriggered): void;
  onOrderPendingUpdate(e: OrderPendingUpdate): void;
  onOrderPendingCancel(e: OrderPendingCancel): void;
  onOrderModifyRejected(e: OrderModifyRejected): void;
  onOrderCancelRejected(e: OrderCancelRejected): void;
  onOrderUpdated(e: OrderUpdated): void;
  onOrderFilled(e: OrderFilled): void;
  onOrderEvent(e: OrderEvent): void;
  onEvent(e: unknown): void;
}

export interface PositionEventHandlers {
  onPositionOpened(e: PositionOpened): void;
  onPositionChanged(e: PositionChanged): void;
  onPositionClosed(e: PositionClosed): void;
  onPositionEvent(e: PositionEvent): void;
  onEvent(e: unknown): void;
}

/** Runs one handler (measured, guarded) under its name. */
export type HandlerCall = (handler: string, event: unknown, fn: () => void) => void;

function specificOrderHandler(h: OrderEventHandlers, e: OrderEvent): [string, () => void] {
  switch (e.type) {
    case "OrderInitialized": return ["onOrderInitialized", () => h.onOrderInitialized(e)];
    case "OrderDenied": return ["onOrderDenied", () => h.onOrderDenied(e)];
    case "OrderEmulated": return ["onOrderEmulated", () => h.onOrderEmulated(e)];
    case "OrderReleased": return ["onOrderReleased", () => h.onOrderReleased(e)];
    case "OrderSubmitted": return ["onOrderSubmitted", () => h.onOrderSubmitted(e)];
    case "OrderAccepted": return ["onOrderAccepted", () => h.onOrderAccepted(e)];
    case "OrderRejected": return ["onOrderRejected", () => h.onOrderRejected(e)];
    case "OrderCanceled": return ["onOrderCanceled", () => h.onOrderCanceled(e)];
    case "OrderExpired": return ["onOrderExpired", () => h.onOrderExpired(e)];
    case "OrderTriggered": return ["onOrderTriggered", () => h.onOrderTriggered(e)];
    case "OrderPendingUpdate": return ["onOrderPendingUpdate", () => h.onOrderPendingUpdate(e)];
    case "OrderPendingCancel": return ["onOrderPendingCancel", () => h.onOrderPendingCancel(e)];
    case "OrderModifyRejected": return ["onOrderModifyRejected", () => h.onOrderModifyRejected(e)];
    case "OrderCancelRejected": return ["onOrderCancelRejected", () => h.onOrderCancelRejected(e)];
    case "OrderUpdated": return ["onOrderUpdated", () => h.onOrderUpdated(e)];
    case "OrderFilled": return ["onOrderFilled", () => h.onOrderFilled(e)];
    default: return assertNever(e, "order event");
  }
}

export function dispatchOrderEvent(h: OrderEventHandlers, e: OrderEvent, call: HandlerCall): void {
  const [name, fn] = specificOrderHandler(h, e);
  call(name, e, fn);
  call("onOrderEvent", e, () => h.onOrderEvent(e));
  call("onEvent", e, () => h.onEvent(e));
}

export function dispatchPositionEvent(h: PositionEventHandlers, e: PositionEvent, call: HandlerCall): void {
  switch (e.type) {
    case "PositionOpened":
      call("onPositionOpened", e, () => h.onPositionOpened(e));
      break;
    case "PositionChanged":
      call("onPositionChanged", e, () => h.onPositionChanged(e));
      break;
    case "PositionClosed":
      call("onPositionClosed", e, () => h.onPositionClosed(e));
      break;
    default:
      assertNever(e, "position event");
  }
  call("onPositionEvent", e, () => h.onPositionEvent(e));
  call("onEvent", e, () => h.onEvent(e));
}
