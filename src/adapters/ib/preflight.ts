/**
 * Network preflight checks of the IB clients for `cortana-node validate` (skipped with
 * --offline): for every gateway a client names by ibgHost/ibgPort, one handshake with its client
 * id, then: the server version, the gateway's time zone (UTC), the client id is free (no 326),
 * each exec client's account is managed, and each data client's market data type is permitted
 * for a probe instrument (its first loadIds entry, else SPY.SMART). Managed gateways (simulator,
 * Docker) are started by `run`, so their checks are skipped here. Every failure says what to do.
 *
 * Entry point: `IB_PREFLIGHT_CHECKS` (PreflightCheck objects of src/config/checklist.ts).
 */
import { EventName, type IBApi } from "@stoqey/ib";
import { LiveClock } from "../../common/live-clock.js";
import { nullLogger } from "../../common/logger.js";
import type { CheckContext, CheckItem, PreflightCheck } from "../../config/checklist.js";
import { factoryKeyOf } from "../../config/schemas/clients.js";
import { InstrumentId } from "../../model/identifiers.js";
import type { InteractiveBrokersDataClientConfig, InteractiveBrokersExecClientConfig } from "./config.js";
import { attemptConnect, type Session } from "./connection/attempt.js";
import { ClockTimers } from "./connection/timers.js";
import { TIMEZONE_FIX, parseConnectionTimeZone } from "./connection/timezone.js";
import { MARKET_DATA_SUBSCRIPTION_FIX, MARKET_DATA_TYPE_ID } from "./parsing/market-data.js";
import { contractForInstrumentId } from "./parsing/symbology.js";
import { IB_FACTORY_KEY } from "./schemas.js";

const CHECK = "ib-gateway";
const MD_FIX: Readonly<Record<number, string>> = {
  ...MARKET_DATA_SUBSCRIPTION_FIX,
  200: "the gateway has no security definition for the probe instrument: fix loadIds",
};

interface Target {
  host: string;
  port: number;
  clientId: number;
  accounts: string[];
  data: InteractiveBrokersDataClientConfig[];
  label: string;
}

function targets(ctx: CheckContext, items: CheckItem[]): Target[] {
  const cfg = ctx.parsed?.config;
  if (cfg === undefined) return [];
  const out = new Map<string, Target>();
  const add = (kind: "data" | "exec", key: string, c: InteractiveBrokersDataClientConfig | InteractiveBrokersExecClientConfig): void => {
    if (factoryKeyOf(key, c) !== IB_FACTORY_KEY) return;
    if (c.simulatedGateway !== undefined || c.dockerizedGateway !== undefined) {
      items.push({ check: CHECK, status: "skip", path: `${kind}Clients.${key}`, message: "the managed gateway is started by `run`; its network checks run there" });
      return;
    }
    if (c.ibgPort === undefined) return;
    const host = c.ibgHost ?? "127.0.0.1";
    const id = `${host}:${c.ibgPort}:${c.ibgClientId}`;
    const t = out.get(id) ?? { host, port: c.ibgPort, clientId: c.ibgClientId, accounts: [], data: [], label: id };
    if (kind === "exec" && "accountId" in c && c.accountId) t.accounts.push(String(c.accountId));
    if (kind === "data") t.data.push(c as InteractiveBrokersDataClientConfig);
    out.set(id, t);
  };
  for (const [k, c] of Object.entries(cfg.dataClients)) add("data", k, c as InteractiveBrokersDataClientConfig);
  for (const [k, c] of Object.entries(cfg.execClients)) add("exec", k, c as InteractiveBrokersExecClientConfig);
  return [...out.values()];
}

function sessionItems(t: Target, s: Session): CheckItem[] {
  const items: CheckItem[] = [
    { check: CHECK, status: "ok", message: `${t.label}: the gateway answered the handshake; client id ${t.clientId} is free` },
    { check: CHECK, status: "ok", message: `${t.label}: server version ${s.serverVersion}` },
  ];
  const tz = parseConnectionTimeZone(s.connectionTime);
  const live = s.accounts.some((a) => !a.startsWith("D"));
  items.push(tz.isUtc
    ? { check: CHECK, status: "ok", message: `${t.label}: gateway time zone ${tz.zone}` }
    : { check: CHECK, status: live ? "error" : "warn", code: "CORTANA_E_IB_GATEWAY_TIMEZONE", message: `${t.label}: the gateway's time zone is "${tz.zone}", not UTC; ${TIMEZONE_FIX}` });
  for (const a of t.accounts) {
    items.push(s.accounts.includes(a)
      ? { check: CHECK, status: "ok", message: `${t.label}: account ${a} is managed by the gateway` }
      : { check: CHECK, status: "error", code: "CORTANA_E_IB_ACCOUNT_NOT_MANAGED", message: `${t.label}: account ${a} is not managed by the gateway (it manages ${s.accounts.join(", ") || "none"}); fix accountId or log in to that account` });
  }
  return items;
}

/** Asks for market data of the probe and waits for a first tick or a subscription error. */
function probeMarketData(api: IBApi, t: Target, cfg: InteractiveBrokersDataClientConfig, timers: ClockTimers, waitMs: number): Promise<CheckItem> {
  const probe = InstrumentId(cfg.instrumentProvider.loadIds?.[0] ?? "SPY.SMART");
  const reqId = 1 << 29;
  return new Promise((resolve) => {
    const done = (item: CheckItem): void => {
      api.off(EventName.tickPrice, onTick).off(EventName.error, onError);
      cancel();
      api.cancelMktData(reqId);
      resolve(item);
    };
    const onTick = (id: number): void => {
      if (id === reqId) done({ check: CHECK, status: "ok", message: `${t.label}: ${cfg.marketDataType} market data is permitted for ${probe}` });
    };
    const onError = (err: Error, code: number, id: number): void => {
      const fix = MD_FIX[code];
      if (id === reqId && fix !== undefined) done({ check: CHECK, status: "error", message: `${t.label}: ${cfg.marketDataType} market data for ${probe} refused (${code} ${err.message}): ${fix}` });
    };
    const cancel = timers.after(waitMs, () => done({ check: CHECK, status: "warn", message: `${t.label}: no ${cfg.marketDataType} market data for ${probe} within ${waitMs / 1000} s (market closed?); check data permissions` }));
    api.on(EventName.tickPrice, onTick).on(EventName.error, onError);
    api.reqMarketDataType(MARKET_DATA_TYPE_ID[cfg.marketDataType]);
    api.reqMktData(reqId, contractForInstrumentId(probe, cfg.instrumentProvider.symbologyMethod), "", false, false);
  });
}

export async function checkGateway(t: Target, opts: { handshakeMs?: number; marketDataWaitMs?: number } = {}): Promise<CheckItem[]> {
  const clock = new LiveClock();
  const timers = new ClockTimers(clock, `preflight[${t.label}]`);
  const r = await attemptConnect({ host: t.host, port: t.port, clientId: t.clientId, timers, logger: nullLogger, timeoutMs: opts.handshakeMs ?? 10_000, prepare: () => undefined });
  if (!r.ok) {
    clock.cancelTimers();
    return [r.kind === "clientIdInUse"
      ? { check: CHECK, status: "error", code: "CORTANA_E_IB_CLIENT_ID_IN_USE", message: `${t.label}: client id ${t.clientId} is already in use at the gateway (326); give this node another ibgClientId or close the other API session` }
      : { check: CHECK, status: "error", code: "CORTANA_E_CONNECTION_TIMEOUT", message: `${t.label}: no IB gateway answered (${r.reason}); start IB Gateway and log in, and check ibgHost/ibgPort (4002 paper Gateway, 4001 live, 7497/7496 TWS) and its API settings` }];
  }
  const api = r.session.api;
  try {
    const items = sessionItems(t, r.session);
    for (const d of t.data) items.push(await probeMarketData(api, t, d, timers, opts.marketDataWaitMs ?? 5000));
    return items;
  } finally {
    api.removeAllListeners();
    api.on(EventName.error, () => undefined);
    api.disconnect();
    clock.cancelTimers();
  }
}

const gatewayCheck: PreflightCheck = {
  id: CHECK,
  needsConfig: true,
  network: true,
  async run(ctx) {
    const items: CheckItem[] = [];
    for (const t of targets(ctx, items)) items.push(...(await checkGateway(t)));
    return items;
  },
};

export const IB_PREFLIGHT_CHECKS: readonly PreflightCheck[] = [gatewayCheck];
