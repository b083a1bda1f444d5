/**
 * The message bus names of the node, in one place (Nautilus' names, core contract of issue 5):
 * topic builders for pub/sub and the point-to-point endpoint names. Use these instead of string
 * literals so a typo is a compile error, not a silently unheard message.
 *
 * Entry points: `Topics.*` (functions building topics from ids) and `Endpoints.*` (constants).
 * Ids are taken as strings (`String(instrumentId)` etc.) so this module needs nothing from model.
 */

export const Topics = Object.freeze({
  quotes: (venue: string, symbol: string) => `data.quotes.${venue}.${symbol}`,
  trades: (venue: string, symbol: string) => `data.trades.${venue}.${symbol}`,
  bars: (barType: string) => `data.bars.${barType}`,
  instrument: (venue: string, symbol: string) => `data.instrument.${venue}.${symbol}`,
  orderEvents: (strategyId: string) => `events.order.${strategyId}`,
  positionEvents: (strategyId: string) => `events.position.${strategyId}`,
  accountEvents: (accountId: string) => `events.account.${accountId}`,
  risk: "events.risk",
  componentState: (componentId: string) => `events.system.${componentId}`,
  shutdown: "commands.system.shutdown",
});

export const Endpoints = Object.freeze({
  DataEngineExecute: "DataEngine.execute",
  DataEngineProcess: "DataEngine.process",
  DataEngineRequest: "DataEngine.request",
  DataEngineResponse: "DataEngine.response",
  RiskEngineExecute: "RiskEngine.execute",
  ExecEngineExecute: "ExecEngine.execute",
  ExecEngineProcess: "ExecEngine.process",
  ExecEngineReconcileExecutionReport: "ExecEngine.reconcile_execution_report",
  PortfolioUpdateAccount: "Portfolio.update_account",
});
