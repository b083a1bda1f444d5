/**
 * Harness for the end-to-end tests: the whole TradingNode (real kernel, the built-in IB factories,
 * the real @stoqey/ib client over loopback TCP) against an in-process Simulator on a free port.
 *
 * Entry points: `startSim()`, `nodeConfig(sim, strategyConfig, overrides)` (data and exec clients
 * on ibgHost/ibgPort with the same ibgClientId, small timeouts), `startNode(config)` (create with a
 * memory logger and no signal handlers, register the IB factories, build, run), `waitUntil`.
 */
import { memoryLogger, type LogRecord } from "../../../src/common/logger.js";
import { parseNodeConfig } from "../../../src/config/parse.js";
import type { TradingNodeConfig } from "../../../src/config/schemas/node.js";
import { registerBuiltinFactories } from "../../../src/cli/builtin.js";
import { builtinClientSchemas } from "../../../src/index.js";
import { TradingNode } from "../../../src/live/node.js";
import { StrategyId } from "../../../src/model/identifiers.js";
import { Simulator } from "../../../src/sim/index.js";
import { E2eTrader, type E2eTraderConfig } from "./fixtures/e2e-trader.js";

export const ACCOUNT = "DU1234567";
export const SPY_CONID = 756733;
export const STRATEGY_ID = "E2E-001";
/** The same strategy with manageContingentOrders: its brackets are held and linked by the node. */
export const MANAGED_STRATEGY_ID = "E2E-002";

export function startSim(seed = 7): Promise<Simulator> {
  return Simulator.start({ port: 0, tickMs: 50, seed });
}

export function nodeConfig(sim: Simulator, strategy: Partial<E2eTraderConfig> = {}, overrides: Record<string, unknown> = {}, managed = false): TradingNodeConfig {
  const ib = { ibgHost: "127.0.0.1", ibgPort: sim.port, ibgClientId: 3, connectionTimeout: 10, requestTimeout: 5, instrumentProvider: { loadIds: ["SPY.SMART"] }, routing: { default: true } };
  const raw = {
    traderId: "E2E-001",
    timeoutConnection: 15,
    timeoutReconciliation: 10,
    timeoutPortfolio: 10,
    timeoutDisconnection: 5,
    timeoutPostStop: 0.3,
    dataClients: { IB: { ...ib, marketDataType: "REALTIME" } },
    execClients: { IB: { ...ib, accountId: ACCOUNT } },
    execEngine: { reconciliation: true, reconciliationStartupDelaySecs: 1, openCheckIntervalSecs: 2, positionCheckIntervalSecs: 3 },
    strategies: [
      {
        strategyPath: E2eTrader,
        config: { strategyId: STRATEGY_ID, orderIdTag: "001", omsType: "NETTING", instrumentId: "SPY.SMART", tradeSize: 10, ...strategy },
      },
      ...(managed
        ? [{
          strategyPath: E2eTrader,
          config: { strategyId: MANAGED_STRATEGY_ID, orderIdTag: "002", omsType: "NETTING", manageContingentOrders: true, instrumentId: "SPY.SMART", tradeSize: 1, ...strategy },
        }]
        : []),
    ],
    ...overrides,
  };
  return parseNodeConfig(raw, builtinClientSchemas, {}).config;
}

export interface RunningNode {
  node: TradingNode;
  records: LogRecord[];
  strategy: E2eTrader;
  /** The manageContingentOrders twin, when configured. */
  managed: E2eTrader | undefined;
}

export async function startNode(config: TradingNodeConfig): Promise<RunningNode> {
  const records: LogRecord[] = [];
  const node = await TradingNode.create(config, { logger: memoryLogger(records), handleSignals: false, executorThreads: 1 });
  try {
    registerBuiltinFactories(node);
    node.build();
    await node.run();
  } catch (err) {
    await node.dispose();
    throw new Error(`node failed to start: ${(err as Error).message}\n${problems(records)}`);
  }
  const strategy = node.kernel.trader.strategy(StrategyId(STRATEGY_ID));
  if (!(strategy instanceof E2eTrader)) throw new Error("the E2eTrader strategy is not loaded");
  const managed = node.kernel.trader.strategy(StrategyId(MANAGED_STRATEGY_ID));
  return { node, records, strategy, managed: managed instanceof E2eTrader ? managed : undefined };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `pred` until true or `ms` passes (then throws naming `what`). */
export async function waitUntil(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await sleep(10);
  }
}

const SERIOUS = new Set(["warn", "error", "fatal"]);

/** Log lines at warn or above, for failure messages. */
export function problems(records: readonly LogRecord[]): string {
  return records.filter((r) => SERIOUS.has(r.level)).map((r) => `${String(r["component"])}: ${String(r.msg)}`).join("\n");
}
