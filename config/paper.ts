/**
 * An IB paper account through the Dockerized IB Gateway of docker-compose.yml: the seed's
 * copy-paste paper config (Cortana MK3), in camelCase. Credentials come from the environment:
 *
 *   TWS_USERNAME=... TWS_PASSWORD=... TWS_ACCOUNT=DU... cortana-node run --config config/paper.ts
 *
 * Pre-flight: `cortana-node validate --config config/paper.ts` (gateway reachable, UTC, client id
 * free, account managed). Redis is not required (in-memory cache).
 */
import { defineConfig, fromEnv } from "../src/index.js";

const dockerizedGateway = {
  username: fromEnv("TWS_USERNAME"),
  password: fromEnv("TWS_PASSWORD"),
  tradingMode: "paper" as const,
  readOnlyApi: false, // allow order submission
  timeout: 300, // 5 min cold-start budget
};

const instrumentProvider = {
  buildFuturesChain: false,
  buildOptionsChain: true,
  minExpiryDays: 0,
  maxExpiryDays: 1, // today's expiry only (0DTE)
  loadIds: ["SPY.SMART"],
};

export default defineConfig({
  traderId: "CORTANA-PAPER",
  timeoutConnection: 30,
  timeoutReconciliation: 30, // IBKR cold start can exceed 10 s
  timeoutPortfolio: 10,
  timeoutDisconnection: 10,
  timeoutPostStop: 5,
  logging: {
    logLevel: "INFO",
    logComponentLevels: { RiskEngine: "DEBUG", ExecEngine: "DEBUG" },
    bypassLogging: false,
    printConfig: false, // never true in production
  },
  dataEngine: {
    timeBarsBuildWithNoUpdates: true,
    timeBarsTimestampOnClose: true,
    validateDataSequence: false,
    qsize: 10_000,
  },
  execEngine: {
    reconciliation: true,
    reconciliationStartupDelaySecs: 10,
    inflightCheckIntervalMs: 2_000,
    inflightCheckThresholdMs: 5_000,
    inflightCheckRetries: 5,
    openCheckIntervalSecs: 10, // poll IBKR every 10 s for drift
    openCheckOpenOnly: true,
    openCheckLookbackMins: 60,
    openCheckThresholdMs: 5_000,
    openCheckMissingRetries: 5,
    positionCheckIntervalSecs: 60,
    positionCheckLookbackMins: 60,
    positionCheckThresholdMs: 5_000,
    positionCheckRetries: 3,
    generateMissingOrders: true,
    allowOverfills: false,
    snapshotOrders: true,
    snapshotPositions: true,
    debug: true,
    qsize: 100_000,
    gracefulShutdownOnException: true,
  },
  dataClients: {
    IB: {
      ibgClientId: 1, // unique within the Gateway
      marketDataType: "DELAYED_FROZEN", // free; paper accounts often lack OPRA
      instrumentProvider,
      dockerizedGateway,
      routing: { default: true },
    },
  },
  execClients: {
    IB: {
      ibgClientId: 1, // the same connection as the data client
      accountId: fromEnv("TWS_ACCOUNT", { default: "DUP696099" }),
      instrumentProvider,
      dockerizedGateway,
      routing: { default: true }, // SMART routing
    },
  },
  strategies: [
    {
      strategyPath: "./src/strategies/zero-dte-bracket.ts:ZeroDteBracket",
      config: {
        strategyId: "CORTANA-BULL-CALL-V1",
        orderIdTag: "C1",
        omsType: "NETTING",
        manageContingentOrders: true,
        manageGtdExpiry: false,
        externalOrderClaims: ["SPY.SMART"],
        instrumentId: "SPY.SMART",
        barType: "SPY.SMART-1-MINUTE-LAST-EXTERNAL",
        scoreThreshold: 65,
        metaProbThreshold: 0.55,
        biasFilter: "BULL",
      },
    },
  ],
});
