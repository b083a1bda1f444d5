/**
 * What request handlers and event routing share: the venue, the live sessions, the order echoes
 * of orders that came over the wire, time, and the connection-level fault switches.
 */
import type { Logger } from "../../common/logger.js";
import type { Venue, VenueOrder } from "../venue/api.js";
import type { WireOrder } from "../wire/types.js";
import { encodeOpenOrder, encodeOrderStatus } from "../wire/encode-order.js";
import { openOrderMsg, orderStatusMsg } from "./mapping.js";
import type { Session } from "./session.js";

export interface ConnectionFaults {
  /** Orders whose acknowledgements are swallowed (key `clientId:orderId`). */
  swallowed: Set<string>;
  /** Upcoming new orders whose acknowledgements are swallowed: one entry per order, scoped to a client id or any. */
  swallowNext: { clientId: number | undefined }[];
  /** Upcoming live executions that are sent twice: one entry per execution, scoped to a client id or any. */
  duplicateNext: { clientId: number | undefined }[];
  /** After 1100 until 1101/1102: market data and order events are held back. */
  connectivityLost: boolean;
}

export interface ServerContext {
  readonly venue: Venue;
  readonly logger: Logger;
  /** Simulation time, epoch ms (the venue's clock). */
  readonly clock: () => number;
  readonly timeZone: string;
  readonly accounts: () => string[];
  readonly sessions: () => Iterable<Session>;
  /** The last PLACE_ORDER of each order, key `clientId:orderId`, for a faithful OPEN_ORDER echo. */
  readonly sentOrders: Map<string, WireOrder>;
  readonly faults: ConnectionFaults;
  /** Order ids whose acknowledgement must stay silent right now (set during a swallowed placeOrder). */
  readonly silent: Set<string>;
}

/** Take the first queued fault entry that applies to `clientId`. */
export function takeScoped(queue: { clientId: number | undefined }[], clientId: number): boolean {
  const i = queue.findIndex((q) => q.clientId === undefined || q.clientId === clientId);
  if (i < 0) return false;
  queue.splice(i, 1);
  return true;
}

export const orderKey = (clientId: number, orderId: number): string => `${clientId}:${orderId}`;

/** OPEN_ORDER + ORDER_STATUS of an order, as a gateway sends them for every order event. */
export function orderFrames(ctx: ServerContext, v: VenueOrder): Buffer[] {
  const sent = ctx.sentOrders.get(orderKey(v.clientId, v.orderId));
  return [encodeOpenOrder(openOrderMsg(v, sent)), encodeOrderStatus(orderStatusMsg(v))];
}

export function sessionsOfClient(ctx: ServerContext, clientId: number): Session[] {
  const out: Session[] = [];
  for (const s of ctx.sessions()) if (s.phase === "ready" && s.clientId === clientId) out.push(s);
  return out;
}
