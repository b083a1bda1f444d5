/**
 * Message ids of the TWS protocol, named from the server's point of view.
 * `InMsg` = client -> server (the client's OUT_MSG_ID); `OutMsg` = server -> client (the client's IN_MSG_ID).
 * Values are from @stoqey/ib 1.6.10 `encoder.js` / `in-msg-id.js`.
 */

/** The server version this simulator speaks; every layout in wire/ is the one at this version. */
export const SERVER_VERSION = 193;

export const InMsg = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_ACCOUNT_DATA: 6,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_AUTO_OPEN_ORDERS: 15,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_MANAGED_ACCTS: 17,
  REQ_HISTORICAL_DATA: 20,
  CANCEL_HISTORICAL_DATA: 25,
  REQ_CURRENT_TIME: 49,
  REQ_REAL_TIME_BARS: 50,
  CANCEL_REAL_TIME_BARS: 51,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  START_API: 71,
  REQ_SEC_DEF_OPT_PARAMS: 78,
  REQ_TICK_BY_TICK_DATA: 97,
  CANCEL_TICK_BY_TICK_DATA: 98,
  REQ_COMPLETED_ORDERS: 99,
} as const;

export const OutMsg = {
  TICK_PRICE: 1,
  TICK_SIZE: 2,
  ORDER_STATUS: 3,
  ERR_MSG: 4,
  OPEN_ORDER: 5,
  ACCT_VALUE: 6,
  PORTFOLIO_VALUE: 7,
  ACCT_UPDATE_TIME: 8,
  NEXT_VALID_ID: 9,
  CONTRACT_DATA: 10,
  EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15,
  HISTORICAL_DATA: 17,
  TICK_GENERIC: 45,
  TICK_STRING: 46,
  CURRENT_TIME: 49,
  REAL_TIME_BARS: 50,
  CONTRACT_DATA_END: 52,
  OPEN_ORDER_END: 53,
  ACCT_DOWNLOAD_END: 54,
  EXECUTION_DATA_END: 55,
  TICK_SNAPSHOT_END: 57,
  MARKET_DATA_TYPE: 58,
  COMMISSION_REPORT: 59,
  POSITION: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
  SECURITY_DEFINITION_OPTION_PARAMETER: 75,
  SECURITY_DEFINITION_OPTION_PARAMETER_END: 76,
  TICK_REQ_PARAMS: 81,
  HISTORICAL_DATA_UPDATE: 90,
  TICK_BY_TICK: 99,
  ORDER_BOUND: 100,
  COMPLETED_ORDER: 101,
  COMPLETED_ORDERS_END: 102,
} as const;

/** Tick type ids (api/market/tickType.js). Delayed ids are the live id + 66 offset table below. */
export const TickType = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  OPEN: 14,
  LAST_TIMESTAMP: 45,
  HALTED: 49,
  DELAYED_BID: 66,
  DELAYED_ASK: 67,
  DELAYED_LAST: 68,
  DELAYED_BID_SIZE: 69,
  DELAYED_ASK_SIZE: 70,
  DELAYED_LAST_SIZE: 71,
  DELAYED_HIGH: 72,
  DELAYED_LOW: 73,
  DELAYED_VOLUME: 74,
  DELAYED_CLOSE: 75,
  DELAYED_OPEN: 76,
  DELAYED_LAST_TIMESTAMP: 88,
} as const;

const DELAYED: Record<number, number> = {
  [TickType.BID]: TickType.DELAYED_BID,
  [TickType.ASK]: TickType.DELAYED_ASK,
  [TickType.LAST]: TickType.DELAYED_LAST,
  [TickType.BID_SIZE]: TickType.DELAYED_BID_SIZE,
  [TickType.ASK_SIZE]: TickType.DELAYED_ASK_SIZE,
  [TickType.LAST_SIZE]: TickType.DELAYED_LAST_SIZE,
  [TickType.HIGH]: TickType.DELAYED_HIGH,
  [TickType.LOW]: TickType.DELAYED_LOW,
  [TickType.VOLUME]: TickType.DELAYED_VOLUME,
  [TickType.CLOSE]: TickType.DELAYED_CLOSE,
  [TickType.OPEN]: TickType.DELAYED_OPEN,
  [TickType.LAST_TIMESTAMP]: TickType.DELAYED_LAST_TIMESTAMP,
};

/** The tick type to send for `live` under a market data type: 3 (delayed) and 4 (delayed-frozen) use the delayed ids. */
export function tickTypeFor(live: number, marketDataType: number): number {
  if (marketDataType === 3 || marketDataType === 4) return DELAYED[live] ?? live;
  return live;
}
