/**
 * The embedded default: a paper venue on your laptop. `cortana-node run --config config/sim.ts`
 * starts the IB Gateway simulator as a child process, connects data and exec clients to it through
 * one IB connection (client id 1), and runs the EmaCross example strategy on SPY.
 */
import { defineConfig } from "../src/index.js";

const simulatedGateway = { port: 4002, seed: 42 };

export default defineConfig({
  traderId: "SIM-001",
  logging: { logLevel: "INFO" },
  timeoutConnection: 30,
  timeoutReconciliation: 30,
  // Ctrl+C: strategies get 2 s to cancel and close against the simulator before it stops.
  timeoutPostStop: 2,
  dataClients: {
    IB: {
      ibgClientId: 1,
      simulatedGateway,
      marketDataType: "REALTIME",
      instrumentProvider: { loadIds: ["SPY.SMART"] },
      routing: { default: true },
    },
  },
  execClients: {
    IB: {
      ibgClientId: 1,
      simulatedGateway,
      accountId: "DU1234567",
      routing: { default: true },
      instrumentProvider: { loadIds: ["SPY.SMART"] },
    },
  },
  execEngine: {
    reconciliation: true,
    openCheckIntervalSecs: 10,
    positionCheckIntervalSecs: 60,
  },
  strategies: [
    {
      strategyPath: "./src/strategies/ema-cross.ts:EmaCross",
      config: {
        strategyId: "EMA-001",
        orderIdTag: "001",
        omsType: "NETTING",
        externalOrderClaims: ["SPY.SMART"],
        instrumentId: "SPY.SMART",
        barType: "SPY.SMART-5-SECOND-LAST-EXTERNAL",
        tradeSize: 10,
        // Short periods (and both sides) so the first crossings, and trades, come within about a
        // minute of 5-second bars; a live config would use longer ones.
        fastPeriod: 2,
        slowPeriod: 4,
        allowShort: true,
      },
    },
  ],
});
