/**
 * Market data facts the data client and the preflight share: the ids of IB's market data types
 * (reqMarketDataType) and, per error code that ends a subscription, what it means and its fix.
 */
import type { IB_MARKET_DATA_TYPES } from "../config.js";

export const MARKET_DATA_TYPE_ID: Readonly<Record<(typeof IB_MARKET_DATA_TYPES)[number], number>> = { REALTIME: 1, FROZEN: 2, DELAYED: 3, DELAYED_FROZEN: 4 };

/** Subscription errors that are terminal for the instrument (10167 is advisory: delayed data follows). */
export const MARKET_DATA_SUBSCRIPTION_FIX: Readonly<Record<number, string>> = {
  354: "the account has no market data subscription for it: subscribe in Account Management, or set marketDataType: DELAYED",
  10089: "it needs an additional market data subscription: subscribe in Account Management, or set marketDataType: DELAYED",
  10168: "delayed market data is not enabled for it: enable it in the account, or use REALTIME with a subscription",
  10197: "another session (TWS or the mobile app) is using live market data for this login: close it, or use a separate data login",
};
