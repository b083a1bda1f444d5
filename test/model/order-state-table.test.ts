/**
 * The order state table, row by row against reference §5.1 (written out independently here),
 * first on the table itself (all 14 x 14 pairs), then through Order.apply with real events.
 */
import { describe, expect, it } from "vitest";
import { OrderStatus, OrderType } from "../../src/model/enums.js";
import { OrderEvents, type OrderEvent } from "../../src/model/events.js";
import { Order } from "../../src/model/orders/order.js";
import { ORDER_STATE_TABLE, canTransition, nextStatus, tryNextStatus } from "../../src/model/orders/fsm.js";
import { Price, Quantity } from "../../src/model/values.js";
import { ACCOUNT, VOID, fill, init, meta } from "./fixtures.js";

// Reference §5.1, transcribed: "FROM -> T1, T2=TARGET, ..." (T alone means target T).
const REFERENCE = `
INITIALIZED -> DENIED, EMULATED, RELEASED, SUBMITTED, REJECTED, ACCEPTED, CANCELED, EXPIRED, TRIGGERED
EMULATED -> CANCELED, EXPIRED, RELEASED
RELEASED -> DENIED, SUBMITTED, CANCELED
SUBMITTED -> PENDING_UPDATE, PENDING_CANCEL, REJECTED, CANCELED, ACCEPTED, PARTIALLY_FILLED, FILLED
ACCEPTED -> REJECTED, PENDING_UPDATE, PENDING_CANCEL, CANCELED, TRIGGERED, EXPIRED, PARTIALLY_FILLED, FILLED
CANCELED -> PARTIALLY_FILLED, FILLED
PENDING_UPDATE -> REJECTED, ACCEPTED, CANCELED, EXPIRED, TRIGGERED, PENDING_UPDATE, PENDING_CANCEL, PARTIALLY_FILLED, FILLED, SUBMITTED=PENDING_UPDATE
PENDING_CANCEL -> REJECTED, PENDING_CANCEL, CANCELED, EXPIRED, ACCEPTED, PARTIALLY_FILLED, FILLED
TRIGGERED -> REJECTED, PENDING_UPDATE, PENDING_CANCEL, CANCELED, EXPIRED, PARTIALLY_FILLED, FILLED
PARTIALLY_FILLED -> PENDING_UPDATE, PENDING_CANCEL, CANCELED, EXPIRED, PARTIALLY_FILLED, FILLED
DENIED ->
REJECTED ->
EXPIRED ->
FILLED ->
`;

const ALL = Object.values(OrderStatus);

function parseReference(): Map<string, OrderStatus> {
  const rows = new Map<string, OrderStatus>();
  for (const line of REFERENCE.trim().split("\n")) {
    const [from, rest] = line.split("->").map((s) => s.trim()) as [OrderStatus, string];
    for (const item of rest.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
      const [trigger, target] = item.split("=") as [OrderStatus, OrderStatus | undefined];
      rows.set(`${from}|${trigger}`, target ?? trigger);
    }
  }
  return rows;
}

const EXPECTED = parseReference();
const PAIRS = ALL.flatMap((from) => ALL.map((trigger) => [from, trigger] as const));

describe("ORDER_STATE_TABLE equals reference §5.1", () => {
  it("has exactly the reference's 62 rows", () => {
    const count = ALL.reduce((n, s) => n + Object.keys(ORDER_STATE_TABLE[s]).length, 0);
    expect(count).toBe(EXPECTED.size);
    expect(EXPECTED.size).toBe(62);
  });

  it.each(PAIRS)("%s + %s", (from, trigger) => {
    const expected = EXPECTED.get(`${from}|${trigger}`);
    expect(tryNextStatus(from, trigger)).toBe(expected);
    expect(canTransition(from, trigger)).toBe(expected !== undefined);
    if (expected === undefined) {
      expect(() => nextStatus(from, trigger)).toThrowError(expect.objectContaining({ code: "CORTANA_E_INVALID_STATE_TRIGGER" }));
    } else {
      expect(nextStatus(from, trigger)).toBe(expected);
    }
  });
});

// --- through Order.apply ---

type Step = (o: Order) => OrderEvent;
const steps: Record<Exclude<OrderStatus, "INITIALIZED">, Step> = {
  DENIED: (o) => OrderEvents.denied(o, "risk", meta()),
  EMULATED: (o) => OrderEvents.emulated(o, meta()),
  RELEASED: (o) => OrderEvents.released(o, Price.from("100.00"), meta()),
  SUBMITTED: (o) => OrderEvents.submitted(o, ACCOUNT, meta()),
  ACCEPTED: (o) => OrderEvents.accepted(o, VOID, ACCOUNT, meta()),
  REJECTED: (o) => OrderEvents.rejected(o, "venue", meta()),
  CANCELED: (o) => OrderEvents.canceled(o, meta()),
  EXPIRED: (o) => OrderEvents.expired(o, meta()),
  TRIGGERED: (o) => OrderEvents.triggered(o, meta()),
  PENDING_UPDATE: (o) => OrderEvents.pendingUpdate(o, meta()),
  PENDING_CANCEL: (o) => OrderEvents.pendingCancel(o, meta()),
  PARTIALLY_FILLED: (o) => fill(o, 10, "100.00", `T-${o.eventCount}`),
  FILLED: (o) => fill(o, o.leavesQty.isZero() ? 100 : o.leavesQty.toString(), "100.00", `T-${o.eventCount}`),
};

const PATHS: Record<OrderStatus, OrderStatus[]> = {
  INITIALIZED: [],
  DENIED: ["DENIED"],
  EMULATED: ["EMULATED"],
  RELEASED: ["EMULATED", "RELEASED"],
  SUBMITTED: ["SUBMITTED"],
  ACCEPTED: ["SUBMITTED", "ACCEPTED"],
  REJECTED: ["SUBMITTED", "REJECTED"],
  CANCELED: ["SUBMITTED", "ACCEPTED", "CANCELED"],
  EXPIRED: ["SUBMITTED", "ACCEPTED", "EXPIRED"],
  TRIGGERED: ["SUBMITTED", "ACCEPTED", "TRIGGERED"],
  PENDING_UPDATE: ["SUBMITTED", "ACCEPTED", "PENDING_UPDATE"],
  PENDING_CANCEL: ["SUBMITTED", "ACCEPTED", "PENDING_CANCEL"],
  PARTIALLY_FILLED: ["SUBMITTED", "ACCEPTED", "PARTIALLY_FILLED"],
  FILLED: ["SUBMITTED", "ACCEPTED", "FILLED"],
};

/** A STOP_LIMIT order (the type that can trigger) driven into `status`. */
function orderIn(status: OrderStatus): Order {
  const o = new Order(init({ orderType: OrderType.STOP_LIMIT }));
  for (const s of PATHS[status]) o.apply(steps[s as Exclude<OrderStatus, "INITIALIZED">](o));
  expect(o.status).toBe(status);
  return o;
}

const TRIGGERS = ALL.filter((s): s is Exclude<OrderStatus, "INITIALIZED"> => s !== "INITIALIZED");
const APPLY_PAIRS = ALL.flatMap((from) => TRIGGERS.map((trigger) => [from, trigger] as const));

describe("Order.apply follows the table for every (status, event) pair", () => {
  it.each(APPLY_PAIRS)("in %s, the %s event", (from, trigger) => {
    const o = orderIn(from);
    const before = o.eventCount;
    const expected = EXPECTED.get(`${from}|${trigger}`);
    const event = steps[trigger](o);
    if (expected === undefined) {
      expect(() => o.apply(event)).toThrowError(expect.objectContaining({ code: "CORTANA_E_INVALID_STATE_TRIGGER" }));
      expect(o.status).toBe(from);
      expect(o.eventCount).toBe(before);
    } else {
      o.apply(event);
      expect(o.status).toBe(expected);
      expect(o.eventCount).toBe(before + 1);
    }
  });
});

describe("terminal statuses reject every event", () => {
  const terminal = [OrderStatus.DENIED, OrderStatus.REJECTED, OrderStatus.EXPIRED, OrderStatus.FILLED];
  const others: Step[] = [
    (o) => OrderEvents.modifyRejected(o, "x", meta()),
    (o) => OrderEvents.cancelRejected(o, "x", meta()),
    (o) => OrderEvents.updated(o, { quantity: Quantity.from(50, 0) }, meta()),
    (o) => ({ ...o.initEvent, eventId: "again" }),
  ];
  const all = [...TRIGGERS.map((t) => steps[t]), ...others];
  it.each(terminal.flatMap((s) => all.map((step, i) => [s, i] as const)))("%s rejects event #%i", (status, i) => {
    const o = orderIn(status);
    const snapshot = { events: o.eventCount, filled: o.filledQty.raw, qty: o.quantity.raw };
    expect(() => o.apply((all[i] as Step)(o))).toThrowError(expect.objectContaining({ code: "CORTANA_E_INVALID_STATE_TRIGGER" }));
    expect({ events: o.eventCount, filled: o.filledQty.raw, qty: o.quantity.raw }).toEqual(snapshot);
    expect(o.status).toBe(status);
  });
});

describe("Triggered is valid only for STOP_LIMIT, TRAILING_STOP_LIMIT and LIMIT_IF_TOUCHED", () => {
  it.each(Object.values(OrderType))("%s", (type) => {
    const o = new Order(init({ orderType: type }));
    o.apply(OrderEvents.submitted(o, ACCOUNT, meta()));
    o.apply(OrderEvents.accepted(o, VOID, ACCOUNT, meta()));
    const ok = type === "STOP_LIMIT" || type === "TRAILING_STOP_LIMIT" || type === "LIMIT_IF_TOUCHED";
    if (ok) {
      o.apply(OrderEvents.triggered(o, meta(5n)));
      expect(o.status).toBe("TRIGGERED");
      expect(o.tsTriggered).toBe(5n);
    } else {
      expect(() => o.apply(OrderEvents.triggered(o, meta()))).toThrowError(
        expect.objectContaining({ code: "CORTANA_E_INVALID_STATE_TRIGGER" }),
      );
      expect(o.status).toBe("ACCEPTED");
    }
  });
});
