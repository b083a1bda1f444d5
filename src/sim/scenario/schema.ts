/**
 * The scenario file (JSON) in zod: instruments with start prices and walk parameters, accounts and
 * cash, venue positions, orders already open at the venue, completed orders and past executions,
 * venue options, and a timeline of faults. Unknown keys are rejected everywhere; defaults are
 * filled so a minimal file is short. `Scenario` is the parsed (output) type, `ScenarioInput` what
 * a file may contain.
 *
 * Faults are a discriminated union on `kind`. Venue-level kinds are applied by `applyVenueFault`
 * (faults.ts); connection-level kinds (dropConnection, gatewayRestart, connectivity, swallowAcks,
 * delayResponses, duplicateExecutionMessages) are executed by the server.
 */
import { z } from "zod";

const decimal = z.string().regex(/^\d+(\.\d+)?$/, "must be a non-negative decimal string such as \"100\" or \"0.25\"");
const signedDecimal = z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal string such as \"100\" or \"-5\"");
const positiveDecimal = decimal.refine((s) => Number(s) > 0, "must be greater than 0");
const conId = z.number().int().positive();
const yyyymmdd = z.string().regex(/^\d{8}$/, "must be yyyymmdd");

export const walkSchema = z
  .strictObject({
    stepMs: z.number().int().positive().default(250),
    moveProb: z.number().min(0).max(1).default(0.3),
    maxStepTicks: z.number().int().positive().default(1),
    spreadTicks: z.number().int().positive().default(1),
    tradeProb: z.number().min(0).max(1).default(0.2),
    minSize: z.number().int().positive().default(1),
    maxSize: z.number().int().positive().default(50),
  })
  .refine((w) => w.minSize <= w.maxSize, { message: "minSize must be <= maxSize", path: ["minSize"] });

const stockSchema = z.strictObject({
  kind: z.literal("stock"),
  conId,
  symbol: z.string().min(1),
  primaryExchange: z.string().min(1).default("ARCA"),
  currency: z.string().length(3).default("USD"),
  longName: z.string().default(""),
  minTick: positiveDecimal.default("0.01"),
  price: positiveDecimal,
  walk: walkSchema.prefault({}),
});

const futureSchema = z.strictObject({
  kind: z.literal("future"),
  conId,
  symbol: z.string().min(1),
  exchange: z.string().min(1).default("CME"),
  currency: z.string().length(3).default("USD"),
  longName: z.string().default(""),
  expiry: z.union([z.literal("front"), yyyymmdd]).default("front"),
  multiplier: positiveDecimal.default("50"),
  minTick: positiveDecimal.default("0.25"),
  price: positiveDecimal,
  initialMargin: decimal.default("15000"),
  walk: walkSchema.prefault({}),
});

const optionChainSchema = z.strictObject({
  kind: z.literal("optionChain"),
  underlying: z.string().min(1),
  conIdStart: conId,
  expiries: z.array(z.union([z.literal("today"), z.literal("tomorrow"), yyyymmdd])).min(1).default(["today", "tomorrow"]),
  strikeStep: positiveDecimal.default("1"),
  strikesEachSide: z.number().int().min(0).max(200).default(10),
  multiplier: positiveDecimal.default("100"),
  minTick: positiveDecimal.default("0.01"),
  spreadTicks: z.number().int().positive().default(2),
  volatility: z.number().positive().max(5).default(0.2),
});

export const instrumentSchema = z.discriminatedUnion("kind", [stockSchema, futureSchema, optionChainSchema]);

/** A contract reference inside a scenario; lastTradeDateOrContractMonth may be "today"/"tomorrow". */
export const contractRefSchema = z.strictObject({
  conId: conId.optional(),
  symbol: z.string().optional(),
  secType: z.enum(["STK", "OPT", "FUT"]).optional(),
  exchange: z.string().optional(),
  currency: z.string().optional(),
  lastTradeDateOrContractMonth: z.string().optional(),
  strike: z.number().optional(),
  right: z.enum(["C", "P"]).optional(),
  localSymbol: z.string().optional(),
});

const accountSchema = z.strictObject({
  id: z.string().min(1),
  cash: decimal,
  currency: z.string().length(3).default("USD"),
});

const positionSchema = z.strictObject({
  account: z.string().optional(),
  contract: contractRefSchema,
  /** Signed: negative is short. */
  quantity: signedDecimal,
  /** Average price per unit (without the multiplier). */
  avgPrice: decimal,
});

const action = z.enum(["BUY", "SELL"]);

/** Who placed it (clientId 0 = entered in TWS: external, orderId 0), on what, which side, how much. */
const orderIdentity = {
  clientId: z.number().int().min(0).default(0),
  orderId: z.number().int().min(0).default(0),
  contract: contractRefSchema,
  action,
  quantity: positiveDecimal,
};

/** The fields every order record and execution record carries after its own. */
const accountAndRef = {
  account: z.string().default(""),
  orderRef: z.string().default(""),
};

const openOrderSchema = z.strictObject({
  ...orderIdentity,
  orderType: z.string().default("LMT"),
  lmtPrice: z.number().positive().optional(),
  auxPrice: z.number().positive().optional(),
  tif: z.string().default("GTC"),
  goodTillDate: z.string().default(""),
  ocaGroup: z.string().default(""),
  ocaType: z.number().int().min(0).max(3).default(0),
  ...accountAndRef,
});

const completedOrderSchema = z.strictObject({
  ...orderIdentity,
  orderType: z.string().default("LMT"),
  lmtPrice: z.number().positive().optional(),
  status: z.enum(["Filled", "Cancelled", "Inactive"]),
  /** Filled quantity (default: all for Filled, 0 otherwise). */
  filled: decimal.optional(),
  avgFillPrice: z.number().min(0).default(0),
  ...accountAndRef,
  /** Epoch ms of completion. */
  completedMs: z.number().int().min(0),
});

const pastExecutionSchema = z.strictObject({
  ...orderIdentity,
  price: z.number().positive(),
  ...accountAndRef,
  /** Epoch ms of the execution. */
  timeMs: z.number().int().min(0),
  /** Default: the commission schedule applied to this execution alone. */
  commission: decimal.optional(),
});

/** Which order a fault acts on: by permId, by (clientId, orderId), or by orderRef. */
export const orderSelectorSchema = z.union([
  z.strictObject({ permId: z.number().int().positive() }),
  z.strictObject({ clientId: z.number().int().min(0), orderId: z.number().int() }),
  z.strictObject({ orderRef: z.string().min(1) }),
]);

const partialFillsSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("off") }),
  z.strictObject({ kind: z.literal("touchSize") }),
  z.strictObject({ kind: z.literal("chunks"), qty: positiveDecimal }),
]);

const orderRequestFields = {
  contract: contractRefSchema,
  action,
  quantity: positiveDecimal,
  orderType: z.string().default("LMT"),
  lmtPrice: z.number().positive().optional(),
  auxPrice: z.number().positive().optional(),
  tif: z.string().default("GTC"),
  account: z.string().default(""),
  orderRef: z.string().default(""),
};

export const faultSchema = z.discriminatedUnion("kind", [
  // --- venue level (applyVenueFault) ---
  z.strictObject({ kind: z.literal("movePrice"), contract: contractRefSchema, price: z.number().positive() }),
  z.strictObject({ kind: z.literal("externalOrder"), ...orderRequestFields }),
  z.strictObject({ kind: z.literal("externalTrade"), contract: contractRefSchema, action, quantity: positiveDecimal, price: z.number().positive().optional(), account: z.string().optional() }),
  z.strictObject({ kind: z.literal("forgetOrder"), order: orderSelectorSchema }),
  z.strictObject({ kind: z.literal("cancelAsTwsUser"), order: orderSelectorSchema }),
  z.strictObject({ kind: z.literal("rejectNextOrder"), reason: z.string().default("Simulated rejection") }),
  z.strictObject({ kind: z.literal("fillOrder"), order: orderSelectorSchema, price: z.number().positive().optional(), quantity: positiveDecimal.optional() }),
  z.strictObject({ kind: z.literal("duplicateExecution"), execId: z.string().optional() }),
  z.strictObject({ kind: z.literal("setPartialFills"), mode: partialFillsSchema }),
  // --- connection level (executed by the server) ---
  z.strictObject({ kind: z.literal("dropConnection"), clientId: z.number().int().optional() }),
  z.strictObject({ kind: z.literal("gatewayRestart"), downSecs: z.number().positive() }),
  z.strictObject({ kind: z.literal("connectivity"), code: z.union([z.literal(1100), z.literal(1101), z.literal(1102), z.literal(2103), z.literal(2105), z.literal(2110)]), message: z.string().optional() }),
  z.strictObject({ kind: z.literal("swallowAcks"), count: z.number().int().positive().default(1), clientId: z.number().int().optional() }),
  z.strictObject({ kind: z.literal("delayResponses"), delayMs: z.number().int().positive(), durationMs: z.number().int().positive().optional(), clientId: z.number().int().optional() }),
  z.strictObject({ kind: z.literal("duplicateExecutionMessages"), count: z.number().int().positive().default(1), clientId: z.number().int().optional() }),
]);

export const timelineEntrySchema = z.strictObject({
  /** Milliseconds after the simulator starts. */
  atMs: z.number().int().min(0),
  fault: faultSchema,
});

const commissionScheduleSchema = z.strictObject({ perUnit: decimal, minimum: decimal, maxPctOfValue: z.union([z.literal(""), decimal]) });

export const scenarioSchema = z.strictObject({
  /** Free text. */
  description: z.string().default(""),
  /** Random-walk seed; the CLI's --seed wins when given. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** IANA zone of formatted times (execution time, completedTime, connection time). */
  timeZone: z.string().default("UTC"),
  execTimeFormat: z.enum(["legacy", "utcDash", "zoned"]).default("legacy"),
  partialFills: partialFillsSchema.default({ kind: "off" }),
  missingTransmit: z.enum(["stage", "transmit"]).default("stage"),
  commissions: z.strictObject({ STK: commissionScheduleSchema.optional(), OPT: commissionScheduleSchema.optional(), FUT: commissionScheduleSchema.optional() }).default({}),
  permIdStart: z.number().int().positive().default(1_938_982_000),
  execSeqStart: z.number().int().min(0).max(0xffffffff).default(0xe0d5),
  instruments: z.array(instrumentSchema).min(1),
  accounts: z.array(accountSchema).min(1),
  positions: z.array(positionSchema).default([]),
  openOrders: z.array(openOrderSchema).default([]),
  completedOrders: z.array(completedOrderSchema).default([]),
  pastExecutions: z.array(pastExecutionSchema).default([]),
  faults: z.array(timelineEntrySchema).default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Fault = z.output<typeof faultSchema>;
export type TimelineEntry = z.output<typeof timelineEntrySchema>;
export type ContractRef = z.output<typeof contractRefSchema>;
export type OrderSelector = z.output<typeof orderSelectorSchema>;

/** Fault kinds the server executes (connection level); every other kind is applied to the venue. */
export const CONNECTION_FAULTS = ["dropConnection", "gatewayRestart", "connectivity", "swallowAcks", "delayResponses", "duplicateExecutionMessages"] as const;
export type ConnectionFault = Extract<Fault, { kind: (typeof CONNECTION_FAULTS)[number] }>;
export type VenueFault = Exclude<Fault, ConnectionFault>;

export function isConnectionFault(f: Fault): f is ConnectionFault {
  return (CONNECTION_FAULTS as readonly string[]).includes(f.kind);
}
