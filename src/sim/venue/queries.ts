/**
 * Read-only views of the venue: executions with IB's filter, positions, portfolio rows.
 */
import type { ExecutionFilter, PortfolioRow, PositionRow } from "./api.js";
import { Ledger } from "./accounts.js";
import { dec, div, toNumber, ZERO } from "./decimal.js";
import type { ExecRec, VenueCore } from "./core.js";
import { parseIbTime } from "./time.js";

const same = (want: string | undefined, have: string): boolean => want === undefined || want === "" || want.toUpperCase() === have.toUpperCase();

const SIDES: Record<string, string> = { BUY: "BOT", BOT: "BOT", SELL: "SLD", SLD: "SLD" };

export function filterExecutions(core: VenueCore, f: ExecutionFilter = {}): ExecRec[] {
  const since = f.time !== undefined && f.time !== "" ? parseIbTime(f.time, core.options.timeZone) : undefined;
  const side = f.side !== undefined && f.side !== "" ? SIDES[f.side.toUpperCase()] : undefined;
  return core.executions
    .filter((r) => {
      const e = r.execution;
      if (f.clientId !== undefined && e.clientId !== f.clientId) return false;
      if (!same(f.account, e.account) || !same(f.symbol, e.contract.symbol) || !same(f.secType, e.contract.secType) || !same(f.exchange, e.exchange)) return false;
      if (side !== undefined && e.side !== side) return false;
      if (since !== undefined && e.timeMs < since) return false;
      return true;
    })
    .map((r) => ({ execution: { ...r.execution, contract: { ...r.execution.contract } }, commission: { ...r.commission } }));
}

export function positionRows(core: VenueCore): PositionRow[] {
  return [...core.ledger.positions.values()].map((p) => core.positionRow(p.account, p.conId));
}

export function portfolioRows(core: VenueCore, account: string): PortfolioRow[] {
  const rows: PortfolioRow[] = [];
  for (const p of core.ledger.positions.values()) {
    if (p.account !== account) continue;
    const inst = core.ledgerInstrument(p.conId);
    const mark = inst.mark();
    const mv = core.ledger.marketValue(p, inst);
    const avgCost = Ledger.avgCost(p);
    const mult = dec(core.instrument(p.conId).multiplier);
    rows.push({
      ...core.positionRow(account, p.conId),
      marketPrice: toNumber(mark),
      marketValue: toNumber(mv),
      averagePrice: toNumber(mult === ZERO ? avgCost : div(avgCost, mult)),
      unrealizedPNL: toNumber(p.qty === ZERO ? ZERO : mv - p.cost),
      realizedPNL: toNumber(p.realized),
    });
  }
  return rows;
}
