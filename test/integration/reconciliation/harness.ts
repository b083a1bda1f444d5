/**
 * Harness of the reconciliation scenarios: an in-process Simulator on a free loopback port, a real
 * TradingNode with the built-in IB factories (real @stoqey/ib clients) and the ScriptedStrategy,
 * short timeouts and check intervals, and `venueDiff(node, truth)`: every way the node's orders,
 * fills and positions differ from the venue's truth, as readable lines (empty when they agree).
 *
 * Entry points: `startSim(input)`, `scenario(overrides)`, `nodeConfig(port, options)`,
 * `startNode(config)`, `venueDiff(cache, truth)`, `waitFor(pred, what, ms)`, `logged(records, text)`.
 */
import { builtinClientSchemas } from "../../../src/index.js";
import type { Cache } from "../../../src/cache/cache.js";
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import { parseNodeConfig } from "../../../src/config/parse.js";
import type { TradingNodeConfig } from "../../../src/config/schemas/node.js";
import { TradingNode } from "../../../src/live/node.js";
import { registerBuiltinFactories } from "../../../src/cli/builtin.js";
import { OrderStatus } from "../../../src/model/enums.js";
import type { OrderFilled } from "../../../src/model/events.js";
import { parseScenario, Simulator, type ScenarioInput, type Truth } from "../../../src/sim/index.js";
import { ScriptedStrategy } from "./fixtures/scripted-strategy.js";

export const ACCOUNT = "DU1234567";
export const ACCOUNT_ID = `IB-${ACCOUNT}`;
export const SPY = "SPY.SMART";
export const QQQ = "QQQ.SMART";
export const SPY_CONID = 756733;
export const QQQ_CONID = 320227571;

const quietWalk = { stepMs: 250, moveProb: 0.2, maxStepTicks: 1, spreadTicks: 1, tradeProb: 0.1, minSize: 100, maxSize: 500 };

/** SPY (claimed by the strategy) and QQQ (nobody's), one paper account; `over` adds venue state. */
export function scenario(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    description: "reconciliation scenario",
    instruments: [
      { kind: "stock", conId: SPY_CONID, symbol: "SPY", primaryExchange: "ARCA", price: "580.00", walk: quietWalk },
      { kind: "stock", conId: QQQ_CONID, symbol: "QQQ", primaryExchange: "NASDAQ", price: "500.00", walk: quietWalk },
    ],
    accounts: [{ id: ACCOUNT, cash: "1000000" }],
    ...over,
  };
}

export async function startSim(input: ScenarioInput = scenario(), seed = 7): Promise<Simulator> {
  return Simulator.start({ port: 0, seed, tickMs: 50, scenario: parseScenario(structuredClone(input), "reconciliation scenario") });
}

let clientIdSeq = 10;

export interface NodeOptions {
  /** LiveExecEngineConfig overrides (camelCase). */
  execEngine?: Record<string, unknown>;
  /** The ScriptedStrategy's config; null: no strategy. */
  strategy?: Record<string, unknown> | null;
  /** A module path instead of the class (a node in a child process imports it). */
  strategyPath?: string;
  ibgClientId?: number;
  traderId?: string;
  /** Seconds the IB clients wait for an answer (default 3). */
  requestTimeout?: number;
}

/** Fast checks: startup delay 0.2 s, in-flight every 150 ms, open and position checks every 0.3 s. */
export const FAST_CHECKS = {
  reconciliationStartupDelaySecs: 0.2,
  inflightCheckIntervalMs: 150,
  inflightCheckThresholdMs: 300,
  inflightCheckRetries: 2,
  openCheckIntervalSecs: 0.3,
  openCheckThresholdMs: 300,
  openCheckMissingRetries: 1,
  singleOrderQueryDelayMs: 10,
  positionCheckIntervalSecs: 0.3,
  positionCheckThresholdMs: 300,
  positionCheckRetries: 3,
};

/** The raw (unparsed) node config: data + exec IB clients on the simulator's port, ScriptedStrategy on SPY. */
export function rawNodeConfig(port: number, o: NodeOptions = {}): Record<string, unknown> {
  const ibgClientId = o.ibgClientId ?? ++clientIdSeq;
  const ib = { ibgPort: port, ibgClientId, connectionTimeout: 5, requestTimeout: o.requestTimeout ?? 3, instrumentProvider: { loadIds: [SPY, QQQ] }, routing: { default: true } };
  const strategy = o.strategy === null ? [] : [{
    strategyPath: o.strategyPath ?? ScriptedStrategy,
    config: { strategyId: "Scripted-001", orderIdTag: "001", instrumentId: SPY, externalOrderClaims: [SPY], ...o.strategy },
  }];
  return {
    traderId: o.traderId ?? "RECON-001",
    timeoutConnection: 10,
    timeoutReconciliation: 10,
    timeoutPortfolio: 5,
    timeoutDisconnection: 3,
    timeoutPostStop: 0.01,
    dataClients: { IB: ib },
    execClients: { IB: { ...ib, accountId: ACCOUNT } },
    execEngine: { ...FAST_CHECKS, ...o.execEngine },
    strategies: strategy,
  };
}

export function nodeConfig(port: number, o: NodeOptions = {}): TradingNodeConfig {
  return parseNodeConfig(rawNodeConfig(port, o), builtinClientSchemas, {}).config;
}

export interface RunningNode {
  node: TradingNode;
  records: LogRecord[];
  strategy: ScriptedStrategy | undefined;
}

/** Creates, builds and runs a node (resolves once it trades). */
export async function startNode(config: TradingNodeConfig): Promise<RunningNode> {
  const records: LogRecord[] = [];
  const node = await TradingNode.create(config, { logger: memoryLogger(records), handleSignals: false, executorThreads: 1 });
  try {
    registerBuiltinFactories(node);
    node.build();
    await node.run();
  } catch (err) {
    await node.dispose();
    if (process.env["RECON_DEBUG"]) for (const r of records) console.log(JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
    throw err;
  }
  const strategy = node.kernel.trader.strategies().find((s): s is ScriptedStrategy => s instanceof ScriptedStrategy);
  return { node, records, strategy };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `pred` every 20 ms until true or `ms` passes (then throws naming `what`, with `detail()`). */
export async function waitFor(pred: () => boolean, what: string, ms = 8000, detail?: () => unknown): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}${detail ? `: ${JSON.stringify(detail(), (_k, v) => (typeof v === "bigint" ? String(v) : v))}` : ""}`);
    await sleep(20);
  }
}

/** Log lines whose message contains `text`. */
export function logged(records: readonly LogRecord[], text: string): LogRecord[] {
  return records.filter((r) => String(r.msg ?? "").includes(text));
}

const OPEN_AT_VENUE = new Set(["PendingSubmit", "PreSubmitted", "Submitted", "PendingCancel"]);

/** What the node's order status must be for a venue order status. */
function expectedStatuses(venueStatus: string, filled: number): readonly string[] {
  if (OPEN_AT_VENUE.has(venueStatus)) {
    return filled > 0
      ? [OrderStatus.PARTIALLY_FILLED, OrderStatus.PENDING_CANCEL, OrderStatus.PENDING_UPDATE]
      : [OrderStatus.ACCEPTED, OrderStatus.TRIGGERED, OrderStatus.PENDING_CANCEL, OrderStatus.PENDING_UPDATE];
  }
  switch (venueStatus) {
    case "Filled":
      return [OrderStatus.FILLED];
    case "Cancelled":
    case "ApiCancelled":
      return [OrderStatus.CANCELED];
    case "Inactive":
      return [OrderStatus.REJECTED, OrderStatus.CANCELED];
    default:
      return [];
  }
}

const stemOf = (execId: string): string => execId.slice(0, execId.lastIndexOf("."));
const num = (raw: bigint): number => Number(raw) / 1e9;

/**
 * Every difference between the node's cache and the venue's truth for the account:
 * - orders: each venue order is exactly one node order (venueOrderId = permId), with the
 *   expected status and filled quantity; a node order the venue does not know is closed and has
 *   no venue fill;
 * - fills: each venue execution (latest revision) is exactly one node fill on its order with the
 *   same quantity and price; no trade id is applied twice anywhere;
 * - positions: the node's net open quantity per instrument equals the venue's position.
 */
export function venueDiff(cache: Cache, truth: Truth, account = ACCOUNT): string[] {
  const out: string[] = [];
  const orders = cache.orders();
  const venueOrders = [...truth.openOrders, ...truth.completedOrders].filter((o) => o.request.account === account);
  const byVenueId = new Map<string, typeof orders>();
  for (const o of orders) {
    if (o.venueOrderId === undefined) continue;
    byVenueId.set(o.venueOrderId, [...(byVenueId.get(o.venueOrderId) ?? []), o]);
  }
  for (const v of venueOrders) {
    const mine = byVenueId.get(String(v.permId)) ?? [];
    if (mine.length !== 1) {
      out.push(`venue order ${v.permId} (${v.request.action} ${v.request.totalQuantity} ${v.contract.symbol} ${v.status}) is ${mine.length === 0 ? "missing" : `held ${mine.length} times`} in the node`);
      continue;
    }
    const o = mine[0]!;
    const filled = Number(v.filled);
    if (!expectedStatuses(v.status, filled).includes(o.status)) out.push(`order ${o.clientOrderId} (permId ${v.permId}) is ${o.status}, the venue says ${v.status}`);
    if (num(o.filledQty.raw) !== filled) out.push(`order ${o.clientOrderId} (permId ${v.permId}) filled ${o.filledQty.toString()}, the venue ${v.filled}`);
  }
  const venueIds = new Set(venueOrders.map((v) => String(v.permId)));
  const executions = latestByStem(truth.executions.map((e) => e.execution).filter((e) => e.account === account));
  const venueStems = new Set(executions.map((e) => stemOf(e.execId)));
  for (const o of orders) {
    if (o.venueOrderId !== undefined && venueIds.has(o.venueOrderId)) continue;
    if (!o.isClosed()) out.push(`node order ${o.clientOrderId} (${o.status}, venue id ${o.venueOrderId ?? "none"}) is not closed but the venue does not know it`);
    for (const t of o.tradeIds) if (venueStems.has(stemOf(t))) out.push(`node order ${o.clientOrderId} unknown to the venue holds venue fill ${t}`);
  }
  const fills = new Map<string, { order: string; e: OrderFilled }[]>();
  for (const o of orders) {
    for (const e of o.events) {
      if (e.type !== "OrderFilled") continue;
      const key = String(e.tradeId);
      fills.set(key, [...(fills.get(key) ?? []), { order: o.clientOrderId, e }]);
    }
  }
  for (const [tradeId, list] of fills) if (list.length > 1) out.push(`trade ${tradeId} applied ${list.length} times (${list.map((l) => l.order).join(", ")})`);
  const byStem = new Map<string, { order: string; e: OrderFilled }>();
  for (const [tradeId, list] of fills) if (tradeId.includes(".")) byStem.set(stemOf(tradeId), list[0]!);
  for (const x of executions) {
    const f = byStem.get(stemOf(x.execId));
    if (f === undefined) {
      out.push(`venue execution ${x.execId} (${x.side} ${x.shares} ${x.contract.symbol} @ ${x.price}, permId ${x.permId}) is missing in the node`);
      continue;
    }
    const order = cache.order(f.order as never);
    if (order?.venueOrderId !== String(x.permId)) out.push(`execution ${x.execId} is on node order ${f.order} (venue id ${order?.venueOrderId}), not on permId ${x.permId}`);
    if (num(f.e.lastQty.raw) !== Number(x.shares) || Math.abs(f.e.lastPx.toNumber() - x.price) > 1e-9) out.push(`execution ${x.execId}: node ${f.e.lastQty.toString()} @ ${f.e.lastPx.toString()}, venue ${x.shares} @ ${x.price}`);
  }
  out.push(...positionDiff(cache, truth, account));
  return out;
}

export function positionDiff(cache: Cache, truth: Truth, account = ACCOUNT): string[] {
  const out: string[] = [];
  const venue = new Map<string, number>();
  for (const p of truth.positions) if (p.account === account && Number(p.position) !== 0) venue.set(`${p.contract.symbol}.SMART`, Number(p.position));
  const node = new Map<string, number>();
  for (const p of cache.positionsOpen()) {
    if (p.accountId !== `IB-${account}`) continue;
    node.set(p.instrumentId, (node.get(p.instrumentId) ?? 0) + num(p.signedQtyRaw));
  }
  for (const id of new Set([...venue.keys(), ...node.keys()])) {
    const v = venue.get(id) ?? 0;
    const n = node.get(id) ?? 0;
    if (v !== n) out.push(`position ${id}: node ${n}, venue ${v}`);
  }
  return out;
}

function latestByStem<T extends { execId: string }>(xs: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const x of xs) {
    const prev = best.get(stemOf(x.execId));
    if (prev === undefined || x.execId > prev.execId) best.set(stemOf(x.execId), x);
  }
  return [...best.values()];
}
