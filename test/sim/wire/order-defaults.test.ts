/**
 * The WireOrder literals the decoder and the echo build on: one complete key set, one key order,
 * and a copy that behaves like `{ ...order }`.
 */
import { describe, expect, it } from "vitest";
import { OrderAction, OrderType, SecType, type Contract } from "@stoqey/ib";
import { FrameReader } from "../../../src/sim/wire/framing.js";
import { decodeClientMessage } from "../../../src/sim/wire/decode.js";
import { copyWireOrder, emptyWireOrder } from "../../../src/sim/wire/order-defaults.js";
import { clientHandshake, encodeWithStoqey } from "./stoqey-harness.js";

const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };

function decodedOrder(): ReturnType<typeof emptyWireOrder> {
  const r = new FrameReader();
  r.push(clientHandshake());
  const [ev] = r.push(Buffer.concat(encodeWithStoqey((e) => e.placeOrder(42, SPY, {
    action: OrderAction.SELL, totalQuantity: 3, orderType: OrderType.LMT, lmtPrice: 501.25, tif: "GTC", ocaGroup: "g1", orderRef: "ref", transmit: true,
  }))));
  if (ev?.kind !== "frame") throw new Error("no frame");
  const m = decodeClientMessage(ev.tokens);
  if (m.kind !== "placeOrder") throw new Error(m.kind);
  return m.order;
}

describe("WireOrder literals", () => {
  it("a decoded PLACE_ORDER has exactly the keys of emptyWireOrder, in the same order", () => {
    const o = decodedOrder();
    expect(Object.keys(o)).toEqual(Object.keys(emptyWireOrder()));
    expect([o.orderId, o.action, o.totalQuantity, o.lmtPrice, o.tif, o.ocaGroup, o.orderRef, o.transmit]).toEqual([42, "SELL", "3", 501.25, "GTC", "g1", "ref", true]);
  });

  it("copyWireOrder is a shallow copy equal to the spread, key for key", () => {
    const o = decodedOrder();
    o.algoParams = [{ tag: "t", value: "v" }];
    const copy = copyWireOrder(o);
    expect(copy).not.toBe(o);
    expect(copy).toStrictEqual({ ...o });
    expect(Object.keys(copy)).toEqual(Object.keys(o));
    expect(copy.algoParams).toBe(o.algoParams);
    copy.lmtPrice = 1;
    expect(o.lmtPrice).toBe(501.25);
  });
});
