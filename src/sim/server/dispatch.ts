/**
 * One decoded client message -> its handler (exhaustive over `ClientMessage`). START_API is
 * handled by the gateway (client ids, bootstrap) and never reaches here once a session is ready.
 */
import { assertNever } from "../../common/errors.js";
import type { ClientMessage } from "../wire/decode.js";
import { encodeError } from "../wire/encode.js";
import type { ServerContext } from "./context.js";
import type { Session } from "./session.js";
import * as orders from "./handlers-orders.js";
import * as data from "./handlers-data.js";
import * as account from "./handlers-account.js";

export function dispatch(ctx: ServerContext, s: Session, m: ClientMessage): void {
  switch (m.kind) {
    case "startApi":
      ctx.logger.warn({ session: s.id, clientId: s.clientId }, "START_API on a started session ignored");
      return;
    case "placeOrder":
      return orders.placeOrder(ctx, s, m);
    case "cancelOrder":
      return orders.cancelOrder(ctx, s, m);
    case "reqGlobalCancel":
      return orders.globalCancel(ctx, s);
    case "reqOpenOrders":
      return orders.reqOpenOrders(ctx, s);
    case "reqAllOpenOrders":
      return orders.reqAllOpenOrders(ctx, s);
    case "reqAutoOpenOrders":
      return orders.reqAutoOpenOrders(ctx, s, m);
    case "reqCompletedOrders":
      return orders.reqCompletedOrders(ctx, s, m);
    case "reqExecutions":
      return orders.reqExecutions(ctx, s, m);
    case "reqIds":
      return orders.reqIds(ctx, s);
    case "reqContractDetails":
      return data.reqContractDetails(ctx, s, m);
    case "reqSecDefOptParams":
      return data.reqSecDefOptParams(ctx, s, m);
    case "reqMarketDataType":
      return data.reqMarketDataType(ctx, s, m);
    case "reqMktData":
      return data.reqMktData(ctx, s, m);
    case "cancelMktData":
      return data.cancelMktData(ctx, s, m);
    case "reqTickByTickData":
      return data.reqTickByTickData(ctx, s, m);
    case "cancelTickByTickData":
      return data.cancelTickByTickData(ctx, s, m);
    case "reqHistoricalData":
      return data.reqHistoricalData(ctx, s, m);
    case "cancelHistoricalData":
      return data.cancelHistoricalData(ctx, s, m);
    case "reqRealTimeBars":
      return data.reqRealTimeBars(ctx, s, m);
    case "cancelRealTimeBars":
      return data.cancelRealTimeBars(ctx, s, m);
    case "reqPositions":
      return account.reqPositions(ctx, s);
    case "cancelPositions":
      return account.cancelPositions(ctx, s);
    case "reqAccountUpdates":
      return account.reqAccountUpdates(ctx, s, m);
    case "reqAccountSummary":
      return account.reqAccountSummary(ctx, s, m);
    case "cancelAccountSummary":
      return account.cancelAccountSummary(ctx, s, m);
    case "reqManagedAccts":
      return account.reqManagedAccts(ctx, s);
    case "reqCurrentTime":
      return account.reqCurrentTime(ctx, s);
    case "unknown":
      ctx.logger.warn({ session: s.id, clientId: s.clientId, msgId: m.msgId }, "unsupported client message");
      s.send(encodeError(-1, 320, `Error reading request. Message id ${m.msgId} is not supported by this gateway.`));
      return;
    default:
      return assertNever(m, "client message");
  }
}
