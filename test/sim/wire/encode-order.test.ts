/**
 * OPEN_ORDER / COMPLETED_ORDER / ORDER_STATUS through the REAL @stoqey/ib Decoder. The strongest
 * check: an order the real Encoder sent (with every conditional block) is decoded by us, echoed
 * as OPEN_ORDER, and the real Decoder gives back the fields the client placed.
 */
import { describe, expect, it } from "vitest";
import {
  ConjunctionConnection, MarginCondition, OrderAction, OrderType, PriceCondition, SecType, TimeCondition, TriggerMethod,
  type Contract, type Order,
} from "@stoqey/ib";
import { FrameReader } from "../../../src/sim/wire/framing.js";
import { decodeClientMessage } from "../../../src/sim/wire/decode.js";
import { encodeCompletedOrder, encodeOpenOrder, encodeOrderStatus, type OpenOrderMsg } from "../../../src/sim/wire/encode-order.js";
import { emptyWireOrder } from "../../../src/sim/wire/order-defaults.js";
import type { ContractRef, WireContract, WireOrder } from "../../../src/sim/wire/types.js";
import { clientHandshake, decodeWithStoqey, encodeWithStoqey } from "./stoqey-harness.js";

const SPY: WireContract = { conId: 756733, symbol: "SPY", secType: "STK", lastTradeDateOrContractMonth: "", strike: 0, right: "",
  multiplier: "", exchange: "SMART", primaryExch: "ARCA", currency: "USD", localSymbol: "SPY", tradingClass: "SPY" };

function placed(contract: Contract, order: Order): { contract: ContractRef; order: WireOrder } {
  const r = new FrameReader();
  r.push(clientHandshake());
  const [ev] = r.push(Buffer.concat(encodeWithStoqey((e) => e.placeOrder(31, contract, order))));
  if (ev?.kind !== "frame") throw new Error("no frame");
  const m = decodeClientMessage(ev.tokens);
  if (m.kind !== "placeOrder") throw new Error(m.kind);
  return { contract: m.contract, order: m.order };
}

function openOrderOf(msg: OpenOrderMsg): { orderId: number; contract: Record<string, unknown>; order: Record<string, unknown>; state: Record<string, unknown> } {
  const d = decodeWithStoqey([encodeOpenOrder(msg)]);
  expect(d.errors).toEqual([]);
  const [e] = d.events.filter((x) => x.name === "openOrder");
  const [orderId, contract, order, state] = e?.args as [number, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  return { orderId, contract, order, state };
}

const fieldCount = (b: Buffer): number => b.subarray(4).toString("utf8").split("\0").length - 1;

describe("OPEN_ORDER", () => {
  it("is 133 fields for a plain order and decodes cleanly", () => {
    const order: WireOrder = { ...emptyWireOrder(), orderId: 5, action: "BUY", totalQuantity: "10", orderType: "LMT", lmtPrice: 401.25,
      tif: "DAY", account: "DU1", ocaType: 3, displaySize: 2147483647, clearingIntent: "IB", rule80A: "0", dontUseAutoPriceForHedge: true };
    const msg: OpenOrderMsg = { contract: SPY, order, clientId: 7, permId: 1_000_000_002, state: { status: "Submitted" } };
    expect(fieldCount(encodeOpenOrder(msg))).toBe(133);
    const o = openOrderOf(msg);
    expect(o.orderId).toBe(5);
    expect(o.contract).toMatchObject({ conId: 756733, symbol: "SPY", exchange: "SMART", currency: "USD" });
    expect(o.order).toMatchObject({ action: "BUY", totalQuantity: 10, orderType: "LMT", lmtPrice: 401.25, auxPrice: undefined, clientId: 7,
      permId: 1_000_000_002, ocaType: 3, displaySize: undefined, clearingIntent: "IB", dontUseAutoPriceForHedge: true });
    expect(o.state).toMatchObject({ status: "Submitted" });
  });

  it("echoes an order the real client placed, with every conditional block, field for field", () => {
    const bag: Contract = { symbol: "SPY", secType: SecType.BAG, exchange: "SMART", currency: "USD",
      comboLegs: [{ conId: 11, ratio: 1, action: OrderAction.BUY, exchange: "SMART", openClose: 0, shortSaleSlot: 0, designatedLocation: "", exemptCode: -1 }],
      deltaNeutralContract: { conId: 77, delta: 0.4, price: 99.5 } };
    const sent: Order = {
      action: OrderAction.SELL, totalQuantity: 3, orderType: OrderType.LMT, lmtPrice: 2.35, tif: "GTC", transmit: true, orderRef: "abc",
      ocaGroup: "oca-1", ocaType: 1, outsideRth: true, hidden: true, goodTillDate: "20261231 23:59:59 UTC",
      orderComboLegs: [{ price: 1.25 }], smartComboRoutingParams: [{ tag: "NonGuaranteed", value: "1" }],
      deltaNeutralOrderType: "LMT", deltaNeutralAuxPrice: 2, deltaNeutralConId: 55, deltaNeutralSettlingFirm: "F",
      deltaNeutralClearingAccount: "CA", deltaNeutralClearingIntent: "IB", deltaNeutralOpenClose: "O", deltaNeutralShortSale: true,
      deltaNeutralShortSaleSlot: 1, deltaNeutralDesignatedLocation: "L",
      scaleInitLevelSize: 100, scaleSubsLevelSize: 50, scalePriceIncrement: 0.05, scalePriceAdjustValue: 0.01, scalePriceAdjustInterval: 60,
      scaleProfitOffset: 0.2, scaleAutoReset: true, scaleInitPosition: 5, scaleInitFillQty: 6, scaleRandomPercent: true,
      hedgeType: "D", hedgeParam: "0.5", algoStrategy: "Adaptive", algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
      conditions: [new PriceCondition(400.5, TriggerMethod.Last, 756733, "SMART", true, ConjunctionConnection.AND),
        new TimeCondition("20261127 15:00:00 UTC", false, ConjunctionConnection.OR), new MarginCondition(30, true, ConjunctionConnection.AND)],
      conditionsIgnoreRth: true, conditionsCancelOrder: true,
    };
    const p = placed(bag, sent);
    const contract: WireContract = { ...SPY, secType: "BAG", comboLegs: p.order.comboLegs, comboLegsDescription: "11|1" };
    const o = openOrderOf({ contract, order: p.order, clientId: 3, permId: 9, state: { status: "PreSubmitted", warningText: "w" } });
    expect(o.orderId).toBe(31);
    expect(o.contract.comboLegs).toEqual(bag.comboLegs);
    expect(o.contract.deltaNeutralContract).toEqual(bag.deltaNeutralContract);
    const { conditions, ...rest } = sent;
    const expected = { ...rest, totalQuantity: 3 } as Record<string, unknown>;
    delete expected.transmit; // not part of OPEN_ORDER
    expect(o.order).toMatchObject(expected);
    expect((o.order.conditions as { strValue: string }[]).map((c) => c.strValue)).toEqual(conditions?.map((c) => (c as unknown as { strValue: string }).strValue));
    expect(o.state).toMatchObject({ status: "PreSubmitted", warningText: "w" });
  });

  it("echoes PEG BENCH and PEG BEST / PEG MID attributes", () => {
    const bench = placed({ symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" }, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.PEG_BENCH,
      referenceContractId: 123, isPeggedChangeAmountDecrease: true, peggedChangeAmount: 0.1, referenceChangeAmount: 0.2, referenceExchangeId: "ARCA" });
    expect(openOrderOf({ contract: SPY, order: bench.order, clientId: 1, permId: 2, state: { status: "Submitted" } }).order).toMatchObject({
      referenceContractId: 123, isPeggedChangeAmountDecrease: true, peggedChangeAmount: 0.1, referenceChangeAmount: 0.2, referenceExchangeId: "ARCA" });
    const best = placed({ symbol: "SPY", secType: SecType.STK, exchange: "IBKRATS", currency: "USD" }, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.PEG_BEST,
      minTradeQty: 3, minCompeteSize: 4, competeAgainstBestOffset: Infinity, midOffsetAtWhole: 0.01, midOffsetAtHalf: 0.005 });
    expect(openOrderOf({ contract: SPY, order: best.order, clientId: 1, permId: 2, state: { status: "Submitted" } }).order).toMatchObject({
      minTradeQty: 3, minCompeteSize: 4, competeAgainstBestOffset: Infinity, midOffsetAtWhole: 0.01, midOffsetAtHalf: 0.005 });
  });
});

describe("COMPLETED_ORDER and ORDER_STATUS", () => {
  it("COMPLETED_ORDER is 98 fields plain and decodes the completion fields", () => {
    const order: WireOrder = { ...emptyWireOrder(), action: "SELL", totalQuantity: "2", orderType: "MKT", account: "DU1", ocaType: 3 };
    const f = encodeCompletedOrder({ contract: SPY, order, permId: 77, status: "Filled", autoCancelDate: "", filledQuantity: "2", parentPermId: 0,
      completedTime: "20261127 19:30:00 UTC", completedStatus: "Filled Size: 2" });
    expect(fieldCount(f)).toBe(98);
    const d = decodeWithStoqey([f]);
    expect(d.errors).toEqual([]);
    const [contract, o, state] = d.events.find((e) => e.name === "completedOrder")?.args as Record<string, unknown>[];
    expect(contract).toMatchObject({ conId: 756733, symbol: "SPY" });
    expect(o).toMatchObject({ action: "SELL", totalQuantity: 2, permId: 77, filledQuantity: 2, account: "DU1" });
    expect(state).toEqual({ status: "Filled", completedTime: "20261127 19:30:00 UTC", completedStatus: "Filled Size: 2" });
  });

  it("COMPLETED_ORDER with delta-neutral and algo blocks decodes cleanly", () => {
    const order: WireOrder = { ...emptyWireOrder(), deltaNeutralOrderType: "None", deltaNeutralConId: 1, algoStrategy: "Vwap",
      algoParams: [{ tag: "maxPctVol", value: "0.1" }], scalePriceIncrement: 0.1, hedgeType: "F", hedgeParam: "x" };
    const d = decodeWithStoqey([encodeCompletedOrder({ contract: SPY, order, permId: 1, status: "Cancelled", autoCancelDate: "",
      filledQuantity: "0", parentPermId: 0, completedTime: "", completedStatus: "Cancelled by Trader" })]);
    expect(d.errors).toEqual([]);
    expect(d.events[0]?.args[1]).toMatchObject({ deltaNeutralOrderType: "None", algoStrategy: "Vwap", hedgeParam: "x", scalePriceIncrement: 0.1 });
  });

  it("ORDER_STATUS is 12 fields and decodes every value", () => {
    const f = encodeOrderStatus({ orderId: 1, status: "Filled", filled: "5", remaining: "0", avgFillPrice: 123.45, permId: 1000000002, parentId: 0,
      lastFillPrice: 123.45, clientId: 7, whyHeld: "" });
    expect(fieldCount(f)).toBe(12);
    const d = decodeWithStoqey([f]);
    expect(d.errors).toEqual([]);
    expect(d.events[0]).toEqual({ name: "orderStatus", args: [1, "Filled", 5, 0, 123.45, 1000000002, 0, 123.45, 7, "", 0] });
  });
});
