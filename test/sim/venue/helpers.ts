/**
 * Test helpers for the venue: a quiet scenario (walk that never moves, fixed sizes) so matching
 * tests set prices with movePrice only, a request builder, and an event recorder.
 */
import type { OrderRequest, VenueEvent } from "../../../src/sim/venue/api.js";
import type { SimVenue } from "../../../src/sim/venue/venue.js";
import { createVenue } from "../../../src/sim/scenario/create.js";
import { parseScenario } from "../../../src/sim/scenario/load.js";
import type { ScenarioInput } from "../../../src/sim/scenario/schema.js";

/** Monday 2026-04-13 15:00 UTC = 11:00 New York. */
export const T0 = Date.UTC(2026, 3, 13, 15, 0, 0);
export const SPY = 756733;
export const ES = 495512563;
export const ACCOUNT = "DU111";

const still = { stepMs: 1000, moveProb: 0, maxStepTicks: 1, spreadTicks: 1, tradeProb: 0, minSize: 1000, maxSize: 1000 };

export function quietScenario(extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    instruments: [
      { kind: "stock", conId: SPY, symbol: "SPY", price: "500.00", walk: still },
      { kind: "optionChain", underlying: "SPY", conIdStart: 900_000_001, strikesEachSide: 2, strikeStep: "5" },
      { kind: "future", conId: ES, symbol: "ES", price: "5000.00", walk: { ...still, minSize: 10, maxSize: 10 } },
    ],
    accounts: [{ id: ACCOUNT, cash: "100000" }, { id: "DU222", cash: "50000" }],
    ...extra,
  };
}

export function quietVenue(extra: Partial<ScenarioInput> = {}, seed = 1): SimVenue {
  return createVenue(parseScenario(quietScenario(extra), "test scenario"), seed, { nowMs: T0 });
}

let nextId = 1;
export function req(over: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientId: 1,
    orderId: nextId++,
    contract: { conId: SPY },
    action: "BUY",
    totalQuantity: "100",
    orderType: "MKT",
    tif: "DAY",
    goodTillDate: "",
    ocaGroup: "",
    ocaType: 0,
    parentId: 0,
    transmit: true,
    orderRef: "",
    account: "",
    outsideRth: false,
    ...over,
  };
}

export function freshId(): number {
  return nextId++;
}

export interface Recorder {
  events: VenueEvent[];
  kinds(): string[];
  statuses(permId?: number): string[];
  errors(): { code: number; orderId: number; clientId: number; message: string }[];
  clear(): void;
}

export function record(v: SimVenue): Recorder {
  const events: VenueEvent[] = [];
  v.subscribe((e) => events.push(e));
  return {
    events,
    kinds: () => events.filter((e) => e.kind !== "quote").map((e) => e.kind),
    statuses: (permId) => events.flatMap((e) => (e.kind === "order" && (permId === undefined || e.order.permId === permId) ? [e.order.status] : [])),
    errors: () => events.flatMap((e) => (e.kind === "orderError" ? [{ code: e.code, orderId: e.orderId, clientId: e.clientId, message: e.message }] : [])),
    clear: () => {
      events.length = 0;
    },
  };
}

export function value(v: SimVenue, key: string, account = ACCOUNT): string {
  const row = v.accountValues(account).find((a) => a.key === key);
  if (row === undefined) throw new Error(`no account value ${key}`);
  return row.value;
}

export function permOf(r: { ok: boolean; value?: unknown; reason?: string }): number {
  if (!r.ok) throw new Error(`expected ok, got ${r.reason}`);
  return (r.value as { permId: number }).permId;
}
