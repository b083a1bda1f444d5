/**
 * Decoders of every client -> server message the simulator serves, at server version 193
 * (tws-protocol.md §3; layouts mirror @stoqey/ib 1.6.10 `encoder.js`).
 *
 * Entry point: `decodeClientMessage(tokens)` -> a `ClientMessage` (discriminated by `kind`), or
 * `{ kind: "unknown" }` for an id the simulator does not serve. Malformed frames throw
 * `WireDecodeError` (reader.ts); the caller answers them and keeps the connection alive.
 */
import { InMsg } from "./ids.js";
import { TokenReader, WireDecodeError } from "./reader.js";
import { readContractRef, readShortComboLegs } from "./decode-contract.js";
import { decodePlaceOrder, type PlaceOrderMsg } from "./decode-order.js";
import type { ContractRef, DeltaNeutralContract } from "./types.js";

export interface ExecutionFilter {
  clientId: number | undefined;
  account: string;
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  side: string;
}

export type ClientMessage =
  | { kind: "startApi"; clientId: number; optionalCapabilities: string }
  | {
      kind: "reqMktData";
      reqId: number;
      contract: ContractRef;
      comboLegs: { conId: number; ratio: number; action: string; exchange: string }[];
      deltaNeutralContract: DeltaNeutralContract | undefined;
      genericTickList: string;
      snapshot: boolean;
      regulatorySnapshot: boolean;
    }
  | { kind: "cancelMktData"; reqId: number }
  | PlaceOrderMsg
  | { kind: "cancelOrder"; orderId: number; manualOrderCancelTime: string; extOperator: string; manualOrderIndicator: number | undefined }
  | { kind: "reqOpenOrders" }
  | { kind: "reqAccountUpdates"; subscribe: boolean; account: string }
  | { kind: "reqExecutions"; reqId: number; filter: ExecutionFilter }
  | { kind: "reqIds"; numIds: number }
  | { kind: "reqContractDetails"; reqId: number; contract: ContractRef }
  | { kind: "reqAutoOpenOrders"; autoBind: boolean }
  | { kind: "reqAllOpenOrders" }
  | { kind: "reqManagedAccts" }
  | {
      kind: "reqHistoricalData";
      reqId: number;
      contract: ContractRef;
      endDateTime: string;
      barSize: string;
      duration: string;
      useRTH: boolean;
      whatToShow: string;
      formatDate: number;
      keepUpToDate: boolean;
      chartOptions: string;
    }
  | { kind: "cancelHistoricalData"; reqId: number }
  | { kind: "reqCurrentTime" }
  | { kind: "reqRealTimeBars"; reqId: number; contract: ContractRef; barSize: number; whatToShow: string; useRTH: boolean; options: string }
  | { kind: "cancelRealTimeBars"; reqId: number }
  | { kind: "reqGlobalCancel"; extOperator: string; manualOrderIndicator: number | undefined }
  | { kind: "reqMarketDataType"; marketDataType: number }
  | { kind: "reqPositions" }
  | { kind: "cancelPositions" }
  | { kind: "reqAccountSummary"; reqId: number; group: string; tags: string[] }
  | { kind: "cancelAccountSummary"; reqId: number }
  | { kind: "reqSecDefOptParams"; reqId: number; underlyingSymbol: string; futFopExchange: string; underlyingSecType: string; underlyingConId: number }
  | { kind: "reqTickByTickData"; reqId: number; contract: ContractRef; tickType: string; numberOfTicks: number; ignoreSize: boolean }
  | { kind: "cancelTickByTickData"; reqId: number }
  | { kind: "reqCompletedOrders"; apiOnly: boolean }
  | { kind: "unknown"; msgId: number };

export type ClientMessageKind = ClientMessage["kind"];

/** Decode one frame's tokens (token 0 is the message id). Throws WireDecodeError when malformed. */
export function decodeClientMessage(tokens: readonly string[]): ClientMessage {
  const first = tokens[0];
  if (first === undefined || !/^\d+$/.test(first)) throw new WireDecodeError(-1, `bad message id ${JSON.stringify(first)}`);
  const msgId = Number(first);
  const r = new TokenReader(tokens, msgId);
  const msg = decodeBody(msgId, r);
  if (msg.kind !== "unknown") r.end();
  return msg;
}

/** Messages whose body is just a version field. */
const VERSION_ONLY: Partial<Record<number, ClientMessage>> = {
  [InMsg.REQ_OPEN_ORDERS]: { kind: "reqOpenOrders" },
  [InMsg.REQ_ALL_OPEN_ORDERS]: { kind: "reqAllOpenOrders" },
  [InMsg.REQ_MANAGED_ACCTS]: { kind: "reqManagedAccts" },
  [InMsg.REQ_CURRENT_TIME]: { kind: "reqCurrentTime" },
  [InMsg.REQ_POSITIONS]: { kind: "reqPositions" },
  [InMsg.CANCEL_POSITIONS]: { kind: "cancelPositions" },
};

function decodeBody(msgId: number, r: TokenReader): ClientMessage {
  const simple = VERSION_ONLY[msgId];
  if (simple !== undefined) {
    r.str();
    return simple;
  }
  switch (msgId) {
    case InMsg.START_API:
      r.str();
      return { kind: "startApi", clientId: r.int(), optionalCapabilities: r.remaining > 0 ? r.str() : "" };
    case InMsg.REQ_MKT_DATA:
      return decodeReqMktData(r);
    case InMsg.CANCEL_MKT_DATA:
      r.str();
      return { kind: "cancelMktData", reqId: r.int() };
    case InMsg.PLACE_ORDER:
      return decodePlaceOrder(r);
    case InMsg.CANCEL_ORDER:
      return { kind: "cancelOrder", orderId: r.int(), manualOrderCancelTime: r.str(), extOperator: r.str(), manualOrderIndicator: r.intOpt() };
    case InMsg.REQ_ACCOUNT_DATA:
      r.str();
      return { kind: "reqAccountUpdates", subscribe: r.bool(), account: r.str() };
    case InMsg.REQ_EXECUTIONS:
      return decodeReqExecutions(r);
    case InMsg.REQ_IDS:
      r.str();
      return { kind: "reqIds", numIds: r.int() };
    case InMsg.REQ_CONTRACT_DATA:
      return decodeReqContractData(r);
    case InMsg.REQ_AUTO_OPEN_ORDERS:
      r.str();
      return { kind: "reqAutoOpenOrders", autoBind: r.bool() };
    default:
      return decodeBody2(msgId, r);
  }
}

function decodeBody2(msgId: number, r: TokenReader): ClientMessage {
  switch (msgId) {
    case InMsg.REQ_HISTORICAL_DATA:
      return decodeReqHistoricalData(r);
    case InMsg.CANCEL_HISTORICAL_DATA:
      r.str();
      return { kind: "cancelHistoricalData", reqId: r.int() };
    case InMsg.REQ_REAL_TIME_BARS:
      return decodeReqRealTimeBars(r);
    case InMsg.CANCEL_REAL_TIME_BARS:
      r.str();
      return { kind: "cancelRealTimeBars", reqId: r.int() };
    case InMsg.REQ_GLOBAL_CANCEL:
      return { kind: "reqGlobalCancel", extOperator: r.str(), manualOrderIndicator: r.intOpt() };
    case InMsg.REQ_MARKET_DATA_TYPE:
      r.str();
      return { kind: "reqMarketDataType", marketDataType: r.int() };
    case InMsg.REQ_ACCOUNT_SUMMARY: {
      r.str();
      const reqId = r.int();
      const group = r.str();
      const tags = r.str().split(",").map((t) => t.trim()).filter((t) => t !== "");
      return { kind: "reqAccountSummary", reqId, group, tags };
    }
    case InMsg.CANCEL_ACCOUNT_SUMMARY:
      r.str();
      return { kind: "cancelAccountSummary", reqId: r.int() };
    case InMsg.REQ_SEC_DEF_OPT_PARAMS:
      return { kind: "reqSecDefOptParams", reqId: r.int(), underlyingSymbol: r.str(), futFopExchange: r.str(), underlyingSecType: r.str(), underlyingConId: r.int() };
    case InMsg.REQ_TICK_BY_TICK_DATA:
      return { kind: "reqTickByTickData", reqId: r.int(), contract: readContractRef(r), tickType: r.str(), numberOfTicks: r.int(), ignoreSize: r.bool() };
    case InMsg.CANCEL_TICK_BY_TICK_DATA:
      return { kind: "cancelTickByTickData", reqId: r.int() };
    case InMsg.REQ_COMPLETED_ORDERS:
      return { kind: "reqCompletedOrders", apiOnly: r.bool() };
    default:
      return { kind: "unknown", msgId };
  }
}

function decodeReqMktData(r: TokenReader): ClientMessage {
  r.str(); // version 11
  const reqId = r.int();
  const contract = readContractRef(r);
  const comboLegs = contract.secType.toUpperCase() === "BAG" ? readShortComboLegs(r) : [];
  const deltaNeutralContract = r.bool() ? { conId: r.int(), delta: r.dbl(), price: r.dbl() } : undefined;
  const genericTickList = r.str();
  const snapshot = r.bool();
  const regulatorySnapshot = r.bool();
  r.str(); // mktDataOptions, always ""
  return { kind: "reqMktData", reqId, contract, comboLegs, deltaNeutralContract, genericTickList, snapshot, regulatorySnapshot };
}

function decodeReqExecutions(r: TokenReader): ClientMessage {
  r.str(); // version 3
  const reqId = r.int();
  const filter: ExecutionFilter = {
    clientId: r.intOpt(),
    account: r.str(),
    time: r.str(),
    symbol: r.str(),
    secType: r.str(),
    exchange: r.str(),
    side: r.str(),
  };
  return { kind: "reqExecutions", reqId, filter };
}

function decodeReqContractData(r: TokenReader): ClientMessage {
  r.str(); // version 8
  const reqId = r.int();
  const base = readContractRef(r);
  const contract: ContractRef = { ...base, includeExpired: r.bool(), secIdType: r.str(), secId: r.str(), issuerId: r.str() };
  return { kind: "reqContractDetails", reqId, contract };
}

function decodeReqHistoricalData(r: TokenReader): ClientMessage {
  const reqId = r.int();
  const contract: ContractRef = { ...readContractRef(r), includeExpired: r.bool() };
  const endDateTime = r.str();
  const barSize = r.str();
  const duration = r.str();
  const useRTH = r.bool();
  const whatToShow = r.str();
  const formatDate = r.int();
  if (contract.secType.toUpperCase() === "BAG") readShortComboLegs(r);
  const keepUpToDate = r.bool();
  const chartOptions = r.str();
  return { kind: "reqHistoricalData", reqId, contract, endDateTime, barSize, duration, useRTH, whatToShow, formatDate, keepUpToDate, chartOptions };
}

function decodeReqRealTimeBars(r: TokenReader): ClientMessage {
  r.str(); // version 3
  const reqId = r.int();
  const contract = readContractRef(r);
  return { kind: "reqRealTimeBars", reqId, contract, barSize: r.int(), whatToShow: r.str(), useRTH: r.bool(), options: r.str() };
}
