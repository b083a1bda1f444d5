/**
 * The built-in scenario (used when no --scenario is given): SPY on SMART/ARCA with an option chain
 * of today's and tomorrow's expiries (0DTE works), the ES front-month future on CME, and one paper
 * account with 1,000,000 USD. Built through the schema, so its defaults are the file defaults.
 */
import { parseScenario } from "./load.js";
import type { Scenario, ScenarioInput } from "./schema.js";

export const DEFAULT_ACCOUNT = "DU1234567";
export const SPY_CONID = 756733;
export const ES_CONID = 495512563;
export const SPY_OPTIONS_CONID_START = 900_000_001;

export const DEFAULT_SCENARIO_INPUT: ScenarioInput = {
  description: "SPY stock and 0DTE/1DTE option chain, ES front month, one paper account",
  instruments: [
    {
      kind: "stock",
      conId: SPY_CONID,
      symbol: "SPY",
      primaryExchange: "ARCA",
      longName: "SPDR S&P 500 ETF TRUST",
      minTick: "0.01",
      price: "580.00",
      walk: { stepMs: 250, moveProb: 0.4, maxStepTicks: 2, spreadTicks: 1, tradeProb: 0.3, minSize: 100, maxSize: 2000 },
    },
    {
      kind: "optionChain",
      underlying: "SPY",
      conIdStart: SPY_OPTIONS_CONID_START,
      expiries: ["today", "tomorrow"],
      strikeStep: "1",
      strikesEachSide: 10,
      multiplier: "100",
      minTick: "0.01",
      spreadTicks: 2,
      volatility: 0.18,
    },
    {
      kind: "future",
      conId: ES_CONID,
      symbol: "ES",
      exchange: "CME",
      longName: "E-mini S&P 500",
      expiry: "front",
      multiplier: "50",
      minTick: "0.25",
      price: "5800.00",
      initialMargin: "16000",
      walk: { stepMs: 250, moveProb: 0.4, maxStepTicks: 1, spreadTicks: 1, tradeProb: 0.3, minSize: 1, maxSize: 50 },
    },
  ],
  accounts: [{ id: DEFAULT_ACCOUNT, cash: "1000000" }],
};

export function defaultScenario(): Scenario {
  return parseScenario(structuredClone(DEFAULT_SCENARIO_INPUT), "default scenario");
}
