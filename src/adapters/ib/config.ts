/**
 * Interactive Brokers config schemas (the IB factories' configs): data client, exec client,
 * instrument provider, and the two managed gateways: a Dockerized IB Gateway and the embedded
 * simulator. A client reaches its gateway either by ibgHost/ibgPort or through exactly one managed
 * gateway, which then owns the host and port.
 */
import { z } from "zod";
import {
  EnvString,
  NonEmptyString,
  NonNegativeInt,
  PositiveInt,
  SecretString,
} from "../../config/primitives.js";
import { RoutingConfigSchema, instrumentProviderFields } from "../../config/schemas/clients.js";

export const IB_MARKET_DATA_TYPES = ["REALTIME", "FROZEN", "DELAYED", "DELAYED_FROZEN"] as const;

export const InteractiveBrokersInstrumentProviderConfigSchema = z.strictObject({
  ...instrumentProviderFields,
  /** IB_SIMPLIFIED gives SPY.SMART-style ids; IB_RAW keeps IB's local symbols. */
  symbologyMethod: z.enum(["IB_SIMPLIFIED", "IB_RAW"]).default("IB_SIMPLIFIED"),
  /** Raw IB contracts to load at start, e.g. { secType: "STK", symbol: "SPY", exchange: "SMART" }. */
  loadContracts: z.array(z.record(z.string(), z.union([z.string(), z.number()]))).optional(),
  buildOptionsChain: z.boolean().optional(),
  buildFuturesChain: z.boolean().optional(),
  /** Chains keep expiries at least this many days out (0 = today's, for 0DTE). */
  minExpiryDays: NonNegativeInt.optional(),
  maxExpiryDays: NonNegativeInt.optional(),
  convertExchangeToMicVenue: z.boolean().default(false),
  cacheValidityDays: PositiveInt.optional(),
  filterSecTypes: z.array(z.enum(["STK", "OPT", "FUT", "FOP", "CASH", "IND", "BAG", "CFD", "BOND", "CRYPTO"])).optional(),
});

export const DockerizedIBGatewayConfigSchema = z.strictObject({
  username: SecretString,
  password: SecretString,
  tradingMode: z.enum(["paper", "live"]).default("paper"),
  /** The gateway's "Read-Only API" setting: true refuses orders at the gateway. */
  readOnlyApi: z.boolean().default(true),
  /** Seconds to wait for the gateway's API port after the container starts. */
  timeout: PositiveInt.default(300),
  containerImage: NonEmptyString.default("ghcr.io/gnzsnz/ib-gateway:10.37.1o"),
  containerName: NonEmptyString.default("cortana-ib-gateway"),
  host: NonEmptyString.default("127.0.0.1"),
  /** Host port of the API socket; unset: 4002 (paper) or 4001 (live). */
  port: PositiveInt.max(65535).optional(),
});

export const SimulatedGatewayConfigSchema = z.strictObject({
  host: NonEmptyString.default("127.0.0.1"),
  /** 0 picks a free port. */
  port: NonNegativeInt.max(65535).default(4002),
  /** A scenario JSON file; unset: the built-in default scenario. */
  scenario: NonEmptyString.optional(),
  seed: NonNegativeInt.default(1),
  /** Loopback HTTP control API port; unset: none. */
  controlPort: NonNegativeInt.max(65535).optional(),
  /** Venue state file kept across simulator restarts. */
  stateFile: NonEmptyString.optional(),
  /** Time zone of the connection time string; anything but UTC emulates a misconfigured gateway. */
  timeZone: NonEmptyString.default("UTC"),
  /** Seconds to wait for the simulator's port. */
  timeout: PositiveInt.default(30),
});

const connectionFields = {
  factory: NonEmptyString.optional(),
  ibgHost: NonEmptyString.optional(),
  ibgPort: PositiveInt.max(65535).optional(),
  /** Unique per gateway; data and exec clients naming the same id share one connection. */
  ibgClientId: NonNegativeInt.default(1),
  dockerizedGateway: DockerizedIBGatewayConfigSchema.optional(),
  simulatedGateway: SimulatedGatewayConfigSchema.optional(),
  /** Seconds to establish the first connection. */
  connectionTimeout: PositiveInt.default(300),
  /** Seconds to wait for a request's answer. */
  requestTimeout: PositiveInt.default(60),
  instrumentProvider: InteractiveBrokersInstrumentProviderConfigSchema.prefault({}),
  routing: RoutingConfigSchema.prefault({}),
};

function oneGatewayRoute(cfg: { ibgPort?: number | undefined; ibgHost?: string | undefined; dockerizedGateway?: unknown; simulatedGateway?: unknown }, ctx: z.RefinementCtx) {
  const managed = [cfg.dockerizedGateway, cfg.simulatedGateway].filter((g) => g !== undefined).length;
  if (managed > 1) {
    ctx.addIssue({ code: "custom", path: ["simulatedGateway"], message: "give either dockerizedGateway or simulatedGateway, not both" });
  }
  if (managed > 0 && (cfg.ibgPort !== undefined || cfg.ibgHost !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["ibgPort"], message: "ibgHost/ibgPort are owned by the managed gateway; remove them or the gateway" });
  }
  if (managed === 0 && cfg.ibgPort === undefined) {
    ctx.addIssue({ code: "custom", path: ["ibgPort"], message: "set ibgPort (4002 paper Gateway, 4001 live Gateway, 7497/7496 TWS) or a dockerizedGateway / simulatedGateway" });
  }
}

export const InteractiveBrokersDataClientConfigSchema = z
  .strictObject({
    ...connectionFields,
    marketDataType: z.enum(IB_MARKET_DATA_TYPES).default("REALTIME"),
    useRegularTradingHours: z.boolean().default(true),
    ignoreQuoteTickSizeUpdates: z.boolean().default(false),
    handleRevisedBars: z.boolean().default(false),
  })
  .superRefine(oneGatewayRoute);

export const InteractiveBrokersExecClientConfigSchema = z
  .strictObject({
    ...connectionFields,
    /** The IB account, e.g. DU1234567 (paper ids start with D). */
    accountId: EnvString.optional(),
    /** Refuse to submit orders (mirrors the gateway's read-only API setting). */
    readOnly: z.boolean().default(false),
    fetchAllOpenOrders: z.boolean().default(false),
  })
  .superRefine(oneGatewayRoute);

export type InteractiveBrokersInstrumentProviderConfig = z.output<typeof InteractiveBrokersInstrumentProviderConfigSchema>;
export type DockerizedIBGatewayConfig = z.output<typeof DockerizedIBGatewayConfigSchema>;
export type SimulatedGatewayConfig = z.output<typeof SimulatedGatewayConfigSchema>;
export type InteractiveBrokersDataClientConfig = z.output<typeof InteractiveBrokersDataClientConfigSchema>;
export type InteractiveBrokersExecClientConfig = z.output<typeof InteractiveBrokersExecClientConfigSchema>;
