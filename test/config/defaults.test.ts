// Every config field's default equals reference §1 (nautilus-live-node.md), in camelCase.
import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "../../src/config/parse.js";
import { builtinClientSchemas } from "../../src/index.js";
import { DatabaseConfigSchema, MessageBusConfigSchema } from "../../src/config/schemas/cache.js";
import {
  DockerizedIBGatewayConfigSchema,
  InteractiveBrokersDataClientConfigSchema,
  InteractiveBrokersExecClientConfigSchema,
  InteractiveBrokersInstrumentProviderConfigSchema,
} from "../../src/adapters/ib/config.js";
import { StrategyConfigBaseSchema } from "../../src/config/schemas/strategy.js";
import { RoutingConfigSchema, InstrumentProviderConfigSchema } from "../../src/config/schemas/clients.js";

const node = parseNodeConfig({}, builtinClientSchemas).config;

const get = (obj: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);

// [path in the parsed TradingNodeConfig, Nautilus default] — undefined means "None".
const NODE_DEFAULTS: [string, unknown][] = [
  ["environment", "LIVE"],
  ["traderId", "TRADER-001"],
  ["instanceId", undefined],
  ["messageBus", undefined],
  ["loadState", false],
  ["saveState", false],
  ["timeoutConnection", 60],
  ["timeoutReconciliation", 30],
  ["timeoutPortfolio", 10],
  ["timeoutDisconnection", 10],
  ["timeoutPostStop", 10],
  ["timeoutShutdown", 5],
  ["actors", []],
  ["strategies", []],
  ["dataClients", {}],
  ["execClients", {}],
  // LiveExecEngineConfig (§1.2)
  ["execEngine.loadCache", true],
  ["execEngine.manageOwnOrderBooks", false],
  ["execEngine.snapshotOrders", false],
  ["execEngine.snapshotPositions", false],
  ["execEngine.snapshotPositionsIntervalSecs", undefined],
  ["execEngine.externalClients", undefined],
  ["execEngine.allowOverfills", false],
  ["execEngine.purgeClosedOrdersIntervalMins", undefined],
  ["execEngine.purgeClosedOrdersBufferMins", undefined],
  ["execEngine.purgeClosedPositionsIntervalMins", undefined],
  ["execEngine.purgeClosedPositionsBufferMins", undefined],
  ["execEngine.purgeAccountEventsIntervalMins", undefined],
  ["execEngine.purgeAccountEventsLookbackMins", undefined],
  ["execEngine.purgeFromDatabase", false],
  ["execEngine.debug", false],
  ["execEngine.reconciliation", true],
  ["execEngine.reconciliationLookbackMins", undefined],
  ["execEngine.reconciliationInstrumentIds", undefined],
  ["execEngine.filterUnclaimedExternalOrders", false],
  ["execEngine.filterPositionReports", false],
  ["execEngine.filteredClientOrderIds", undefined],
  ["execEngine.generateMissingOrders", true],
  ["execEngine.inflightCheckIntervalMs", 2000],
  ["execEngine.inflightCheckThresholdMs", 5000],
  ["execEngine.inflightCheckRetries", 5],
  ["execEngine.ownBooksAuditIntervalSecs", undefined],
  ["execEngine.openCheckIntervalSecs", undefined],
  ["execEngine.openCheckOpenOnly", true],
  ["execEngine.openCheckLookbackMins", 60],
  ["execEngine.openCheckThresholdMs", 5000],
  ["execEngine.openCheckMissingRetries", 5],
  ["execEngine.maxSingleOrderQueriesPerCycle", 10],
  ["execEngine.singleOrderQueryDelayMs", 100],
  ["execEngine.positionCheckIntervalSecs", undefined],
  ["execEngine.positionCheckLookbackMins", 60],
  ["execEngine.positionCheckThresholdMs", 5000],
  ["execEngine.positionCheckRetries", 3],
  ["execEngine.reconciliationStartupDelaySecs", 10],
  ["execEngine.qsize", 100_000],
  ["execEngine.gracefulShutdownOnException", false],
  // LiveDataEngineConfig (§1.3)
  ["dataEngine.timeBarsIntervalType", "left-open"],
  ["dataEngine.timeBarsTimestampOnClose", true],
  ["dataEngine.timeBarsSkipFirstNonFullBar", false],
  ["dataEngine.timeBarsBuildWithNoUpdates", true],
  ["dataEngine.timeBarsOriginOffset", undefined],
  ["dataEngine.timeBarsBuildDelay", 0],
  ["dataEngine.validateDataSequence", false],
  ["dataEngine.bufferDeltas", false],
  ["dataEngine.emitQuotesFromBook", false],
  ["dataEngine.emitQuotesFromBookDepths", false],
  ["dataEngine.externalClients", undefined],
  ["dataEngine.debug", false],
  ["dataEngine.qsize", 100_000],
  ["dataEngine.gracefulShutdownOnException", false],
  // LiveRiskEngineConfig
  ["riskEngine.bypass", false],
  ["riskEngine.maxOrderSubmitRate", "100/00:00:01"],
  ["riskEngine.maxOrderModifyRate", "100/00:00:01"],
  ["riskEngine.maxNotionalPerOrder", {}],
  ["riskEngine.debug", false],
  ["riskEngine.qsize", 100_000],
  ["riskEngine.gracefulShutdownOnException", false],
  // CacheConfig
  ["cache.database", undefined],
  ["cache.encoding", "msgpack"],
  ["cache.timestampsAsIso8601", false],
  ["cache.persistAccountEvents", true],
  ["cache.bufferIntervalMs", undefined],
  ["cache.bulkReadBatchSize", undefined],
  ["cache.useTraderPrefix", true],
  ["cache.useInstanceId", false],
  ["cache.flushOnStart", false],
  ["cache.dropInstrumentsOnReset", true],
  ["cache.tickCapacity", 10_000],
  ["cache.barCapacity", 10_000],
  // PortfolioConfig
  ["portfolio.useMarkPrices", false],
  ["portfolio.useMarkXrates", false],
  ["portfolio.barUpdates", true],
  ["portfolio.convertToAccountBaseCurrency", true],
  ["portfolio.minAccountStateLoggingIntervalMs", undefined],
  ["portfolio.debug", false],
  // LoggingConfig
  ["logging.logLevel", "INFO"],
  ["logging.logLevelFile", undefined],
  ["logging.logDirectory", undefined],
  ["logging.logFileName", undefined],
  ["logging.logFileFormat", undefined],
  ["logging.logFileMaxSize", undefined],
  ["logging.logFileMaxBackupCount", 5],
  ["logging.logColors", true],
  ["logging.logComponentLevels", undefined],
  ["logging.logComponentsOnly", false],
  ["logging.bypassLogging", false],
  ["logging.printConfig", false],
  ["logging.clearLogFile", false],
  ["logging.fileoutSyncOnFlush", true],
  ["logging.bufferedStdout", false],
];

describe("TradingNodeConfig defaults equal reference §1", () => {
  it.each(NODE_DEFAULTS)("%s defaults to %j", (path, expected) => {
    expect(get(node, path)).toEqual(expected);
  });
});

const SUB_DEFAULTS: [string, () => unknown, [string, unknown][]][] = [
  ["DatabaseConfig", () => DatabaseConfigSchema.parse({}), [
    ["type", "redis"], ["host", undefined], ["port", undefined], ["username", undefined], ["password", undefined], ["ssl", false],
    ["connectionTimeout", 20], ["responseTimeout", 20], ["numberOfRetries", 100], ["exponentBase", 2], ["maxDelay", 1000], ["factor", 2],
  ]],
  ["MessageBusConfig", () => MessageBusConfigSchema.parse({}), [
    ["database", undefined], ["encoding", "json"], ["timestampsAsIso8601", false], ["bufferIntervalMs", undefined], ["autotrimMins", undefined],
    ["useTraderPrefix", true], ["useTraderId", true], ["useInstanceId", false], ["streamsPrefix", "stream"], ["streamPerTopic", true],
    ["externalStreams", undefined], ["typesFilter", undefined], ["heartbeatIntervalSecs", undefined],
  ]],
  ["StrategyConfig", () => StrategyConfigBaseSchema.parse({}), [
    ["strategyId", undefined], ["orderIdTag", undefined], ["useUuidClientOrderIds", false], ["useHyphensInClientOrderIds", true],
    ["omsType", undefined], ["externalOrderClaims", undefined], ["manageContingentOrders", false], ["manageGtdExpiry", false],
    ["manageStop", false], ["marketExitIntervalMs", 100], ["marketExitMaxAttempts", 100], ["marketExitTimeInForce", "GTC"],
    ["marketExitReduceOnly", true], ["logEvents", true], ["logCommands", true], ["logRejectedDuePostOnlyAsWarning", true],
  ]],
  ["RoutingConfig", () => RoutingConfigSchema.parse({}), [["default", false], ["venues", undefined]]],
  ["InstrumentProviderConfig", () => InstrumentProviderConfigSchema.parse({}), [
    ["loadAll", false], ["loadIds", undefined], ["filters", undefined], ["filterCallable", undefined], ["logWarnings", true],
  ]],
  ["InteractiveBrokersInstrumentProviderConfig", () => InteractiveBrokersInstrumentProviderConfigSchema.parse({}), [
    ["symbologyMethod", "IB_SIMPLIFIED"], ["buildOptionsChain", undefined], ["buildFuturesChain", undefined],
    ["minExpiryDays", undefined], ["maxExpiryDays", undefined], ["loadIds", undefined],
  ]],
  ["InteractiveBrokersDataClientConfig", () => InteractiveBrokersDataClientConfigSchema.parse({ ibgPort: 4002 }), [
    ["ibgClientId", 1], ["marketDataType", "REALTIME"], ["useRegularTradingHours", true], ["connectionTimeout", 300],
    ["requestTimeout", 60], ["handleRevisedBars", false], ["ignoreQuoteTickSizeUpdates", false],
  ]],
  ["InteractiveBrokersExecClientConfig", () => InteractiveBrokersExecClientConfigSchema.parse({ ibgPort: 4002, accountId: "DU1" }), [
    ["ibgClientId", 1], ["readOnly", false], ["connectionTimeout", 300], ["requestTimeout", 60], ["fetchAllOpenOrders", false],
  ]],
  ["DockerizedIBGatewayConfig", () => DockerizedIBGatewayConfigSchema.parse({ username: "u", password: "p" }), [
    ["tradingMode", "paper"], ["readOnlyApi", true], ["timeout", 300],
  ]],
];

describe.each(SUB_DEFAULTS)("%s defaults", (_name, parse, table) => {
  const parsed = parse();
  it.each(table)("%s defaults to %j", (path, expected) => {
    expect(get(parsed, path)).toEqual(expected);
  });
});
