/**
 * The venue's truth as one JSON-serialisable object: what tests and the control API compare the
 * node's state against (open and completed orders, executions with commissions, positions,
 * account values per account) plus the gateway's live sessions.
 */
import type { AccountValue, CommissionReport, Execution, PositionRow, Venue, VenueOrder } from "../venue/api.js";
import type { GatewayServer, SessionInfo } from "../server/gateway.js";

export interface Truth {
  nowMs: number;
  accounts: string[];
  openOrders: VenueOrder[];
  completedOrders: VenueOrder[];
  executions: { execution: Execution; commission: CommissionReport }[];
  positions: PositionRow[];
  accountValues: Record<string, AccountValue[]>;
  sessions: SessionInfo[];
  swallowedOrders: string[];
}

export function readTruth(venue: Venue, gateway: GatewayServer): Truth {
  const accounts = venue.accounts();
  const accountValues: Record<string, AccountValue[]> = {};
  for (const a of accounts) accountValues[a] = venue.accountValues(a);
  return {
    nowMs: venue.now(), accounts, openOrders: venue.openOrders(), completedOrders: venue.completedOrders(),
    executions: venue.executions(), positions: venue.positions(), accountValues, sessions: gateway.sessions(),
    swallowedOrders: gateway.swallowedOrders(),
  };
}
