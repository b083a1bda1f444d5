/**
 * The order state table, exactly as reference §5.1 (Nautilus `_ORDER_STATE_TABLE`): an
 * OrderStatus is used as the trigger, and (current, trigger) maps to the next status.
 * A pair missing from the table raises CortanaError CORTANA_E_INVALID_STATE_TRIGGER.
 *
 * Entry points: `nextStatus(current, trigger)` (throws), `canTransition(current, trigger)`,
 * `ORDER_STATE_TABLE` (the rows, for tests and docs), and the status predicates.
 */
import { CortanaError } from "../../common/errors.js";
import { OrderStatus } from "../enums.js";

const S = OrderStatus;

/** from -> trigger -> to. Every row of reference §5.1, nothing else. */
export const ORDER_STATE_TABLE: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderStatus, OrderStatus>>>>> = {
  INITIALIZED: {
    DENIED: S.DENIED,
    EMULATED: S.EMULATED,
    RELEASED: S.RELEASED,
    SUBMITTED: S.SUBMITTED,
    // External orders (reconciliation):
    REJECTED: S.REJECTED,
    ACCEPTED: S.ACCEPTED,
    CANCELED: S.CANCELED,
    EXPIRED: S.EXPIRED,
    TRIGGERED: S.TRIGGERED,
  },
  DENIED: {},
  EMULATED: { CANCELED: S.CANCELED, EXPIRED: S.EXPIRED, RELEASED: S.RELEASED },
  RELEASED: { DENIED: S.DENIED, SUBMITTED: S.SUBMITTED, CANCELED: S.CANCELED },
  SUBMITTED: {
    PENDING_UPDATE: S.PENDING_UPDATE,
    PENDING_CANCEL: S.PENDING_CANCEL,
    REJECTED: S.REJECTED,
    CANCELED: S.CANCELED, // FOK and IOC
    ACCEPTED: S.ACCEPTED,
    PARTIALLY_FILLED: S.PARTIALLY_FILLED,
    FILLED: S.FILLED,
  },
  ACCEPTED: {
    REJECTED: S.REJECTED,
    PENDING_UPDATE: S.PENDING_UPDATE,
    PENDING_CANCEL: S.PENDING_CANCEL,
    CANCELED: S.CANCELED,
    TRIGGERED: S.TRIGGERED,
    EXPIRED: S.EXPIRED,
    PARTIALLY_FILLED: S.PARTIALLY_FILLED,
    FILLED: S.FILLED,
  },
  REJECTED: {},
  CANCELED: { PARTIALLY_FILLED: S.PARTIALLY_FILLED, FILLED: S.FILLED }, // a late fill
  EXPIRED: {},
  TRIGGERED: {
    REJECTED: S.REJECTED,
    PENDING_UPDATE: S.PENDING_UPDATE,
    PENDING_CANCEL: S.PENDING_CANCEL,
    CANCELED: S.CANCELED,
    EXPIRED: S.EXPIRED,
    PARTIALLY_FILLED: S.PARTIALLY_FILLED,
    FILLED: S.FILLED,
  },
  PENDING_UPDATE: {
    REJECTED: S.REJECTED,
    ACCEPTED: S.ACCEPTED,
    CANCELED: S.CANCELED,
    EXPIRED: S.EXPIRED,
    TRIGGERED: S.TRIGGERED,
    SUBMITTED: S.PENDING_UPDATE, // a SUBMITTED trigger keeps it pending
    PENDING_UPDATE: S.PENDING_UPDATE,
    PENDING_CANCEL: S.PENDING_CANCEL,
    PARTIALLY_FILLED: S.PARTIALLY_FILLED,
    FILLED: S.FILLED,
  },
  PENDING_CANCEL: {
    REJECTED: S.REJECTED,
    PENDING_CANCEL: S.PENDING_CANCEL,
    CANCELED: S.CANCELED,
    EXPIRED: S.EXPIRED,
    ACCEPTED: S.ACCEPTED, // the cancel failed
    PARTIALLY_FILLED: S.PARTIALLY_FILLED,
    FILLED: S.FILLED,
  },
  PARTIALLY_FILLED: {
    PENDING_UPDATE: S.PENDING_UPDATE,
    PENDING_CANCEL: S.PENDING_CANCEL,
    CANCELED: S.CANCELED,
    EXPIRED: S.EXPIRED,
    PARTIALLY_FILLED: S.PARTIALLY_FILLED,
    FILLED: S.FILLED,
  },
  FILLED: {},
};

type Row = Readonly<Partial<Record<OrderStatus, OrderStatus>>>;

/** The status after `trigger` in `current`, or undefined when the table has no such row. */
export function tryNextStatus(current: OrderStatus, trigger: OrderStatus): OrderStatus | undefined {
  return (ORDER_STATE_TABLE[current] as Row | undefined)?.[trigger];
}

export function canTransition(current: OrderStatus, trigger: OrderStatus): boolean {
  return tryNextStatus(current, trigger) !== undefined;
}

export function invalidStateTrigger(current: OrderStatus, trigger: string, detail = ""): CortanaError {
  return new CortanaError(
    "CORTANA_E_INVALID_STATE_TRIGGER",
    `invalid order state transition: ${current} -> ${trigger}${detail === "" ? "" : ` (${detail})`}`,
    { details: { current, trigger } },
  );
}

/** The status after `trigger` in `current`; raises CORTANA_E_INVALID_STATE_TRIGGER if invalid. */
export function nextStatus(current: OrderStatus, trigger: OrderStatus, detail = ""): OrderStatus {
  const next = tryNextStatus(current, trigger);
  if (next === undefined) throw invalidStateTrigger(current, trigger, detail);
  return next;
}

/** DENIED, REJECTED, EXPIRED, FILLED: no event is valid any more. */
export function isTerminalStatus(s: OrderStatus): boolean {
  return s === S.DENIED || s === S.REJECTED || s === S.EXPIRED || s === S.FILLED;
}

/** ACCEPTED, TRIGGERED, PENDING_*, PARTIALLY_FILLED (working at the venue). */
export function isOpenStatus(s: OrderStatus): boolean {
  return (
    s === S.ACCEPTED || s === S.TRIGGERED || s === S.PENDING_CANCEL || s === S.PENDING_UPDATE || s === S.PARTIALLY_FILLED
  );
}

/** DENIED, REJECTED, CANCELED, EXPIRED, FILLED. */
export function isClosedStatus(s: OrderStatus): boolean {
  return s === S.DENIED || s === S.REJECTED || s === S.CANCELED || s === S.EXPIRED || s === S.FILLED;
}

/** SUBMITTED, PENDING_UPDATE, PENDING_CANCEL (a request awaits the venue's answer). */
export function isInflightStatus(s: OrderStatus): boolean {
  return s === S.SUBMITTED || s === S.PENDING_CANCEL || s === S.PENDING_UPDATE;
}
