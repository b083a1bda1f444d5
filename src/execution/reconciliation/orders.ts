/**
 * Order report resolution (reference §3.4 `_reconcile_order_report`): the events that align one
 * cached order (or a new external order) with an OrderStatusReport and its fills.
 *
 * Entry point: `reconcileOrderReport(input)` -> `OrderOutcome` (tagged). Steps:
 * 1. the client order id: the report's own, else the cache's venue-order-id index, else a
 *    deterministic id derived from the venue order id (ids.ts);
 * 2. an uncached order becomes an `OrderInitialized(reconciliation)` built from the report: the
 *    claiming strategy (no tags) or EXTERNAL tagged VENUE (a real venue order) or RECONCILIATION
 *    (a synthetic alignment order); an unclaimed VENUE order is dropped when
 *    `filterUnclaimedExternalOrders`; without the instrument in the cache it is deferred;
 * 3. the status table (`statusRow`), then the fills (fills.ts), then the filled-quantity check:
 *    below the cache fails (ERROR), above it infers the missing fill unless the order is closed.
 * The events are returned in venue-temporal order; the caller adds `init` to the cache first.
 */
import { ContingencyType, OrderStatus, OrderType } from "../../model/enums.js";
import type { OrderInitialized } from "../../model/events.js";
import { EXTERNAL_STRATEGY, StrategyId, type ClientOrderId } from "../../model/identifiers.js";
import type { Instrument } from "../../model/instruments.js";
import { validateOrderInitialized } from "../../model/orders/validate.js";
import type { FillReport, OrderStatusReport } from "../../model/reports.js";
import { oldestFirst } from "./fill-order.js";
import { planFillReport, planInferredFill } from "./fills.js";
import { externalClientOrderId } from "./ids.js";
import { OrderPlan, PlanInvalid } from "./plan.js";
import { TAG_RECONCILIATION, TAG_VENUE, note, type CacheView, type EventContext, type Note, type OrderView } from "./types.js";
import type { OrderEvent } from "../../model/events.js";

export interface OrderReportSettings {
  readonly filterUnclaimedExternalOrders: boolean;
  readonly allowOverfills: boolean;
}

export interface OrderReportInput {
  readonly view: CacheView;
  readonly report: OrderStatusReport;
  readonly fills: readonly FillReport[];
  /** true: a real venue order (tag VENUE); false: a synthetic alignment order (tag RECONCILIATION). */
  readonly external: boolean;
  readonly settings: OrderReportSettings;
  readonly ctx: EventContext;
}

export type SkipReason = "NoInstrument" | "UnclaimedExternal" | "Superseded";
export type FailReason = "FilledBelowCache" | "Overfill" | "InvalidTransition" | "InvalidReport";

export type OrderOutcome =
  | { readonly kind: "Reconciled"; readonly clientOrderId: ClientOrderId; readonly init?: OrderInitialized; readonly events: readonly OrderEvent[]; readonly notes: readonly Note[] }
  | { readonly kind: "Skipped"; readonly reason: SkipReason; readonly clientOrderId: ClientOrderId; readonly notes: readonly Note[] }
  | { readonly kind: "Failed"; readonly reason: FailReason; readonly clientOrderId: ClientOrderId; readonly init?: OrderInitialized; readonly events: readonly OrderEvent[]; readonly notes: readonly Note[] };

const TRIGGERABLE: ReadonlySet<OrderType> = new Set<OrderType>([OrderType.STOP_LIMIT, OrderType.TRAILING_STOP_LIMIT, OrderType.LIMIT_IF_TOUCHED]);

/** The report's client order id, else the indexed one, else a deterministic one. */
export function resolveClientOrderId(view: Pick<CacheView, "clientOrderIdFor">, report: OrderStatusReport): ClientOrderId {
  return report.clientOrderId ?? view.clientOrderIdFor(report.venueOrderId) ?? externalClientOrderId(report.accountId, report.instrumentId, report.venueOrderId);
}

/** Nautilus `_should_update`: the venue's quantity or (by type) price / trigger differ from the order's. */
export function shouldUpdate(report: OrderStatusReport, order: Pick<OrderPlan, "quantity" | "filledQty" | "price" | "triggerPrice" | "orderType">): boolean {
  if (!report.quantity.eq(order.quantity) && report.quantity.ge(order.filledQty)) return true;
  const priceDiffers = report.price !== undefined && (order.price === undefined || !report.price.eq(order.price));
  const triggerDiffers = report.triggerPrice !== undefined && (order.triggerPrice === undefined || !report.triggerPrice.eq(order.triggerPrice));
  switch (order.orderType) {
    case OrderType.LIMIT:
      return priceDiffers;
    case OrderType.STOP_MARKET:
    case OrderType.TRAILING_STOP_MARKET:
      return triggerDiffers;
    case OrderType.STOP_LIMIT:
    case OrderType.TRAILING_STOP_LIMIT:
      return triggerDiffers || priceDiffers;
    default:
      return false;
  }
}

/** The OrderInitialized of an order the node did not know, built from the venue's report. */
export function initFromReport(report: OrderStatusReport, clientOrderId: ClientOrderId, strategy: { strategyId: StrategyId; tags: readonly string[] }, ctx: EventContext): OrderInitialized {
  return {
    type: "OrderInitialized",
    traderId: ctx.traderId,
    strategyId: strategy.strategyId,
    instrumentId: report.instrumentId,
    clientOrderId,
    eventId: ctx.uuid(),
    tsEvent: report.tsAccepted > 0n ? report.tsAccepted : report.tsLast,
    tsInit: ctx.tsNow,
    reconciliation: true,
    side: report.orderSide,
    orderType: report.orderType,
    quantity: report.quantity,
    timeInForce: report.timeInForce,
    postOnly: report.postOnly,
    reduceOnly: report.reduceOnly,
    quoteQuantity: false,
    price: report.price,
    triggerPrice: report.triggerPrice,
    triggerType: report.triggerType,
    limitOffset: report.limitOffset,
    trailingOffset: report.trailingOffset,
    trailingOffsetType: report.trailingOffsetType,
    expireTime: report.expireTime,
    displayQty: report.displayQty,
    contingencyType: report.contingencyType ?? ContingencyType.NO_CONTINGENCY,
    orderListId: report.orderListId,
    linkedOrderIds: report.linkedOrderIds,
    parentOrderId: report.parentOrderId,
    tags: strategy.tags,
  };
}

type Start = { plan: OrderPlan; init?: OrderInitialized; instrument: Instrument } | Extract<OrderOutcome, { kind: "Skipped" | "Failed" }>;

function start(input: OrderReportInput, clientOrderId: ClientOrderId): Start {
  const { view, report, ctx } = input;
  const instrument = view.instrument(report.instrumentId);
  const skip = (reason: SkipReason, n: Note): Start => ({ kind: "Skipped", reason, clientOrderId, notes: [n] });
  if (instrument === undefined) return skip("NoInstrument", note("warn", `Cannot reconcile ${clientOrderId}: instrument ${report.instrumentId} is not in the cache (deferred)`));
  const order = view.order(clientOrderId);
  if (order !== undefined) return { plan: OrderPlan.fromOrder(order, report.accountId, ctx), instrument };
  const claim = view.externalOrderClaim(report.instrumentId);
  const tag = input.external ? TAG_VENUE : TAG_RECONCILIATION;
  if (claim === undefined && tag === TAG_VENUE && input.settings.filterUnclaimedExternalOrders) {
    return skip("UnclaimedExternal", note("info", `Filtered unclaimed external order ${clientOrderId} (${report.venueOrderId}) on ${report.instrumentId}`));
  }
  const strategy = claim === undefined ? { strategyId: StrategyId(EXTERNAL_STRATEGY), tags: [tag] } : { strategyId: claim, tags: [] };
  const init = initFromReport(report, clientOrderId, strategy, ctx);
  try {
    validateOrderInitialized(init);
  } catch (err) {
    return { kind: "Failed", reason: "InvalidReport", clientOrderId, events: [], notes: [note("error", `Cannot build order ${clientOrderId} from the venue's report: ${(err as Error).message}`)] };
  }
  return { plan: OrderPlan.fromInit(init, report.accountId, ctx), init, instrument };
}

/** A report for a venue order id this order had before a cancel-replace: stale, suppressed. */
function isSuperseded(order: OrderView | undefined, report: OrderStatusReport): boolean {
  if (order?.venueOrderId === undefined || order.venueOrderId === report.venueOrderId) return false;
  return order.venueOrderIds.includes(report.venueOrderId);
}

export function reconcileOrderReport(input: OrderReportInput): OrderOutcome {
  const { report } = input;
  const clientOrderId = resolveClientOrderId(input.view, report);
  if (isSuperseded(input.view.order(clientOrderId), report)) {
    return { kind: "Skipped", reason: "Superseded", clientOrderId, notes: [note("info", `Report for superseded venue order id ${report.venueOrderId} of ${clientOrderId} ignored`)] };
  }
  const begun = start(input, clientOrderId);
  if ("kind" in begun) return begun;
  const { plan, init, instrument } = begun;
  const notes: Note[] = [];
  const failed = (reason: FailReason, n: Note): OrderOutcome => ({ kind: "Failed", reason, clientOrderId, init, events: plan.events, notes: [...notes, n] });
  try {
    const row = statusRow(plan, input, instrument, notes);
    if (row === "done") return { kind: "Reconciled", clientOrderId, init, events: plan.events, notes };
    applyFills(plan, input, notes, instrument);
    const mismatch = checkFilled(plan, report, instrument);
    if (mismatch !== undefined) return failed("FilledBelowCache", mismatch);
  } catch (err) {
    if (err instanceof OverfillStop) return failed("Overfill", note("error", `Reconciliation of ${clientOrderId} stopped at an overfill`));
    if (err instanceof PlanInvalid) return failed("InvalidTransition", note("warn", `InvalidStateTrigger reconciling ${clientOrderId}: ${err.message}`));
    throw err;
  }
  return { kind: "Reconciled", clientOrderId, init, events: plan.events, notes };
}

function acceptIfNew(plan: OrderPlan, report: OrderStatusReport): void {
  if (plan.status === OrderStatus.INITIALIZED || plan.status === OrderStatus.SUBMITTED) {
    plan.accepted(report.venueOrderId, report.tsAccepted > 0n ? report.tsAccepted : report.tsLast);
  }
}

function updateIfNeeded(plan: OrderPlan, report: OrderStatusReport): void {
  const newVenueId = plan.venueOrderId !== undefined && plan.venueOrderId !== report.venueOrderId;
  if (!shouldUpdate(report, plan) && !newVenueId) return;
  plan.updated({ quantity: report.quantity, price: report.price, triggerPrice: report.triggerPrice, ...(newVenueId ? { venueOrderId: report.venueOrderId } : {}) }, report.tsLast);
}

/** The status table of §3.4: "done" when the row settles the order, "fills" to go on. */
function statusRow(plan: OrderPlan, input: OrderReportInput, instrument: Instrument, notes: Note[]): "done" | "fills" {
  const { report } = input;
  switch (report.orderStatus) {
    case OrderStatus.REJECTED:
      if (plan.isClosed()) return closedAlready(plan, report, notes);
      plan.rejected(report.cancelReason ?? "UNKNOWN", report.tsLast);
      return "done";
    case OrderStatus.ACCEPTED:
      if (plan.isClosed()) return closedAlready(plan, report, notes);
      if (plan.status !== OrderStatus.ACCEPTED && plan.status !== OrderStatus.TRIGGERED && plan.status !== OrderStatus.PARTIALLY_FILLED) {
        plan.accepted(report.venueOrderId, report.tsAccepted > 0n ? report.tsAccepted : report.tsLast);
      }
      updateIfNeeded(plan, report);
      return "done";
    case OrderStatus.TRIGGERED:
      if (plan.isClosed()) return closedAlready(plan, report, notes);
      acceptIfNew(plan, report);
      updateIfNeeded(plan, report);
      if (TRIGGERABLE.has(plan.orderType) && plan.status !== OrderStatus.TRIGGERED) plan.triggered(report.tsTriggered > 0n ? report.tsTriggered : report.tsLast);
      return "done";
    case OrderStatus.CANCELED:
    case OrderStatus.EXPIRED:
      return canceledOrExpired(plan, input, instrument, notes);
    case OrderStatus.PARTIALLY_FILLED:
    case OrderStatus.FILLED:
    case OrderStatus.PENDING_UPDATE:
    case OrderStatus.PENDING_CANCEL:
      if (!plan.isClosed()) {
        acceptIfNew(plan, report);
        updateIfNeeded(plan, report);
      }
      return "fills";
    case OrderStatus.INITIALIZED:
    case OrderStatus.SUBMITTED:
    case OrderStatus.DENIED:
    case OrderStatus.EMULATED:
    case OrderStatus.RELEASED:
      notes.push(note("warn", `Venue reported ${report.orderStatus} for ${plan.ref.clientOrderId}: not a venue status, nothing to align`));
      return "done";
    default:
      return assertNeverStatus(report.orderStatus);
  }
}

function assertNeverStatus(status: never): never {
  throw new Error(`unknown order status ${String(status)}`);
}

function closedAlready(plan: OrderPlan, report: OrderStatusReport, notes: Note[]): "done" {
  if (plan.status !== report.orderStatus) {
    notes.push(note("warn", `Venue reports ${report.orderStatus} for ${plan.ref.clientOrderId}, cached ${plan.status} (closed): keeping the cached state`));
  }
  return "done";
}

function canceledOrExpired(plan: OrderPlan, input: OrderReportInput, instrument: Instrument, notes: Note[]): "done" {
  const { report } = input;
  if (plan.isClosed()) return closedAlready(plan, report, notes);
  acceptIfNew(plan, report);
  if (report.tsTriggered > 0n && TRIGGERABLE.has(plan.orderType) && plan.status === OrderStatus.ACCEPTED) plan.triggered(report.tsTriggered);
  applyFills(plan, input, notes, instrument);
  // Partially filled, then canceled: the fills the venue did not itemise are inferred first.
  if (report.filledQty.gt(plan.filledQty) && plan.isOpen()) planInferredFill(plan, report, instrument);
  if (!plan.isOpen()) return "done";
  if (report.orderStatus === OrderStatus.CANCELED) plan.canceled(report.tsLast);
  else plan.expired(report.tsLast);
  return "done";
}

/** Stops the resolution at an overfill that is not allowed (the fills before it stand). */
class OverfillStop extends Error {}

/** Applies the report's fills oldest first; throws OverfillStop at an overfill that is not allowed. */
function applyFills(plan: OrderPlan, input: OrderReportInput, notes: Note[], instrument: Instrument): void {
  if (input.fills.length === 0) return;
  const settings = { allowOverfills: input.settings.allowOverfills, currency: instrument.quoteCurrency };
  for (const fill of oldestFirst(input.fills)) {
    const step = planFillReport(plan, fill, settings);
    if (step.notes.length > 0) notes.push(...step.notes);
    if (step.kind === "Overfill") throw new OverfillStop();
  }
}


/** The filled-quantity check: a Note (failure) when the venue reports less than the cache holds. */
function checkFilled(plan: OrderPlan, report: OrderStatusReport, instrument: Instrument): Note | undefined {
  if (report.filledQty.lt(plan.filledQty)) {
    return note("error", `Venue reports filled ${report.filledQty} for ${plan.ref.clientOrderId}, below the cached ${plan.filledQty}: the cache holds fills the venue does not`, {
      clientOrderId: plan.ref.clientOrderId,
      venueOrderId: report.venueOrderId,
      reportFilled: report.filledQty.toString(),
      cachedFilled: plan.filledQty.toString(),
      status: report.orderStatus,
    });
  }
  if (report.filledQty.gt(plan.filledQty) && !plan.isClosed()) planInferredFill(plan, report, instrument);
  return undefined;
}
