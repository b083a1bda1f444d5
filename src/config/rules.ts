/**
 * Cross-field rules of a parsed TradingNodeConfig. Each rule yields findings at a level: unsafe
 * settings are errors when the node trades a live account and warnings otherwise; some are always
 * errors; some are always warnings. Rules read the config only, never the network.
 */
import type { TradingNodeConfig } from "./schemas/node.js";

export type FindingLevel = "error" | "warning";

export interface Finding {
  rule: string;
  level: FindingLevel;
  path: string;
  message: string;
}

interface IbLikeClient {
  accountId?: string;
  ibgPort?: number;
  dockerizedGateway?: { tradingMode?: "paper" | "live"; port?: number };
  simulatedGateway?: unknown;
  routing?: { default?: boolean };
}

const clientsOf = (clients: Record<string, unknown>) => Object.entries(clients) as [string, IbLikeClient][];

/** IB paper account ids start with "D" (DU..., DF..., DUP...). */
export const isPaperAccountId = (accountId: string) => accountId.startsWith("D");

/** A node trades a live account when a gateway runs in live mode or an exec account is not a paper id. */
export function tradesLiveAccount(config: TradingNodeConfig): boolean {
  return clientsOf(config.execClients).some(
    ([, c]) => c.dockerizedGateway?.tradingMode === "live" || (c.accountId !== undefined && !isPaperAccountId(c.accountId)),
  ) || clientsOf(config.dataClients).some(([, c]) => c.dockerizedGateway?.tradingMode === "live");
}

interface UnsafeSetting {
  rule: string;
  path: string;
  applies: (c: TradingNodeConfig) => boolean;
  message: string;
}

const UNSAFE: UnsafeSetting[] = [
  { rule: "open-check-lookback", path: "execEngine.openCheckLookbackMins", applies: (c) => c.execEngine.openCheckLookbackMins < 60, message: "below 60 risks false missing-order resolutions; use >= 60" },
  { rule: "startup-delay", path: "execEngine.reconciliationStartupDelaySecs", applies: (c) => c.execEngine.reconciliationStartupDelaySecs < 10, message: "below 10 s the continuous checks may race startup fills; use >= 10" },
  { rule: "reconciliation-off", path: "execEngine.reconciliation", applies: (c) => !c.execEngine.reconciliation, message: "startup reconciliation is off: the node starts blind to the broker's orders and positions" },
  { rule: "risk-bypass", path: "riskEngine.bypass", applies: (c) => c.riskEngine.bypass, message: "bypass disables every pre-trade risk check and throttle" },
  { rule: "no-missing-orders", path: "execEngine.generateMissingOrders", applies: (c) => !c.execEngine.generateMissingOrders, message: "position differences with the venue will not be aligned" },
  { rule: "flush-on-start", path: "cache.flushOnStart", applies: (c) => c.cache.flushOnStart && c.cache.database !== undefined, message: "wipes this trader's persisted state at every start" },
  { rule: "purge-from-database", path: "execEngine.purgeFromDatabase", applies: (c) => c.execEngine.purgeFromDatabase, message: "purged orders and positions are deleted from the database too" },
  { rule: "print-config", path: "logging.printConfig", applies: (c) => c.logging.printConfig, message: "logs the whole config at start (secrets are redacted, but keep it off in production)" },
];

/** Gateway API ports by product and mode. */
const PORT_MODES: Record<number, { mode: "paper" | "live"; product: string }> = {
  4001: { mode: "live", product: "IB Gateway" },
  4002: { mode: "paper", product: "IB Gateway" },
  7496: { mode: "live", product: "TWS" },
  7497: { mode: "paper", product: "TWS" },
};

export function checkRules(config: TradingNodeConfig): Finding[] {
  const live = tradesLiveAccount(config);
  const findings: Finding[] = [];
  for (const u of UNSAFE) {
    if (u.applies(config)) {
      findings.push({ rule: u.rule, level: live ? "error" : "warning", path: u.path, message: `${u.message}${live ? " (not allowed on a live account)" : ""}` });
    }
  }
  if (live && config.logging.bypassLogging) {
    findings.push({ rule: "bypass-logging", level: "error", path: "logging.bypassLogging", message: "logging cannot be bypassed on a live account" });
  }
  findings.push(...strategyRules(config), ...clientRules(config));
  if (config.execEngine.openCheckIntervalSecs === undefined && config.execEngine.positionCheckIntervalSecs === undefined) {
    findings.push({
      rule: "drift-detection-off",
      level: "warning",
      path: "execEngine",
      message: "drift detection disabled: set openCheckIntervalSecs (5-10) and positionCheckIntervalSecs (30-60)",
    });
  }
  return findings;
}

function strategyRules(config: TradingNodeConfig): Finding[] {
  const findings: Finding[] = [];
  const seen = { strategyId: new Map<string, number>(), orderIdTag: new Map<string, number>(), claim: new Map<string, number>() };
  config.strategies.forEach((s, i) => {
    for (const field of ["strategyId", "orderIdTag"] as const) {
      const value = s.config[field];
      if (value === undefined) continue;
      const first = seen[field].get(value);
      if (first !== undefined) {
        findings.push({ rule: `duplicate-${field}`, level: "error", path: `strategies[${i}].config.${field}`, message: `"${value}" is already used by strategies[${first}]` });
      } else seen[field].set(value, i);
    }
    for (const instrument of s.config.externalOrderClaims ?? []) {
      const first = seen.claim.get(instrument);
      if (first !== undefined && first !== i) {
        findings.push({ rule: "duplicate-claim", level: "error", path: `strategies[${i}].config.externalOrderClaims`, message: `${instrument} is already claimed by strategies[${first}]` });
      } else seen.claim.set(instrument, i);
    }
  });
  return findings;
}

function clientRules(config: TradingNodeConfig): Finding[] {
  const findings: Finding[] = [];
  for (const [kind, clients] of [["dataClients", config.dataClients], ["execClients", config.execClients]] as const) {
    const defaults = clientsOf(clients).filter(([, c]) => c.routing?.default).map(([k]) => k);
    if (defaults.length > 1) {
      findings.push({ rule: "multiple-default-routes", level: "error", path: kind, message: `routing.default is set on ${defaults.join(", ")}; at most one client may be the default` });
    }
    for (const [key, client] of clientsOf(clients)) findings.push(...gatewayRules(kind, key, client));
  }
  return findings;
}

function gatewayRules(kind: "dataClients" | "execClients", key: string, client: IbLikeClient): Finding[] {
  const findings: Finding[] = [];
  const path = `${kind}.${key}`;
  const mode = client.dockerizedGateway?.tradingMode;
  if (kind === "execClients" && client.accountId === undefined) {
    findings.push({ rule: "exec-account", level: "error", path: `${path}.accountId`, message: "an exec client needs an accountId (e.g. DU1234567)" });
  }
  if (mode && client.accountId !== undefined && isPaperAccountId(client.accountId) !== (mode === "paper")) {
    findings.push({
      rule: "mode-account-mismatch",
      level: "error",
      path: `${path}.accountId`,
      message: `tradingMode is "${mode}" but ${client.accountId} is a ${isPaperAccountId(client.accountId) ? "paper" : "live"} account id`,
    });
  }
  const port = client.dockerizedGateway?.port ?? client.ibgPort;
  const expected = port === undefined ? undefined : PORT_MODES[port];
  const accountMode = client.accountId === undefined ? undefined : isPaperAccountId(client.accountId) ? "paper" : "live";
  const actualMode = mode ?? accountMode;
  if (expected && actualMode && expected.mode !== actualMode) {
    findings.push({
      rule: "port-mode-mismatch",
      level: "warning",
      path: `${path}.${client.dockerizedGateway?.port !== undefined ? "dockerizedGateway.port" : "ibgPort"}`,
      message: `port ${port} is the ${expected.product} ${expected.mode} port but this client trades ${actualMode}`,
    });
  }
  return findings;
}
