import { describe, expect, it } from "vitest";
import { freshId, permOf, quietVenue, record, req, SPY } from "./helpers.js";

function bracket(v: ReturnType<typeof quietVenue>, qty = "100") {
  const parentId = freshId();
  const tpId = freshId();
  const slId = freshId();
  const parent = v.placeOrder(req({ orderId: parentId, orderType: "LMT", lmtPrice: 499, totalQuantity: qty, transmit: false, tif: "GTC" }));
  const tp = v.placeOrder(req({ orderId: tpId, action: "SELL", orderType: "LMT", lmtPrice: 505, totalQuantity: qty, parentId, transmit: false, tif: "GTC" }));
  const sl = v.placeOrder(req({ orderId: slId, action: "SELL", orderType: "STP", auxPrice: 495, totalQuantity: qty, parentId, transmit: true, tif: "GTC" }));
  return { parent: permOf(parent), tp: permOf(tp), sl: permOf(sl), parentId, tpId, slId };
}

describe("brackets", () => {
  it("nothing is live until the last child arrives with transmit=true", () => {
    const v = quietVenue();
    const rec = record(v);
    const parentId = freshId();
    v.placeOrder(req({ orderId: parentId, orderType: "LMT", lmtPrice: 499, transmit: false }));
    v.placeOrder(req({ orderId: freshId(), action: "SELL", orderType: "LMT", lmtPrice: 505, parentId, transmit: false }));
    expect(rec.events).toEqual([]);
    expect(v.openOrders()).toEqual([]);
    v.placeOrder(req({ orderId: freshId(), action: "SELL", orderType: "STP", auxPrice: 495, parentId, transmit: true }));
    expect(v.openOrders()).toHaveLength(3);
    expect(rec.statuses()).toEqual(["Submitted", "PreSubmitted", "PreSubmitted"]);
  });

  it("children wait PreSubmitted with an auto OCA group = parent permId, type 3; the parent's fill activates them", () => {
    const v = quietVenue();
    const b = bracket(v);
    expect(v.order(b.tp)).toMatchObject({ status: "PreSubmitted", whyHeld: "child", ocaGroup: String(b.parent), ocaType: 3 });
    expect(v.order(b.sl)).toMatchObject({ status: "PreSubmitted", ocaGroup: String(b.parent), ocaType: 3 });
    v.movePrice(SPY, 510);
    expect(v.order(b.tp)!.status).toBe("PreSubmitted");
    v.movePrice(SPY, 498.5);
    expect(v.order(b.parent)!.status).toBe("Filled");
    expect(v.order(b.tp)).toMatchObject({ status: "Submitted", whyHeld: "" });
    expect(v.order(b.sl)).toMatchObject({ status: "PreSubmitted", whyHeld: "trigger" });
  });

  it("the take-profit fill cancels the stop-loss (OCA)", () => {
    const v = quietVenue();
    const b = bracket(v);
    v.movePrice(SPY, 498.5);
    const rec = record(v);
    v.movePrice(SPY, 506);
    expect(v.order(b.tp)).toMatchObject({ status: "Filled", avgFillPrice: 505 });
    expect(v.order(b.sl)).toMatchObject({ status: "Cancelled" });
    expect(rec.statuses(b.sl)).toEqual(["Cancelled"]);
    expect(v.positions().find((p) => p.contract.conId === SPY)!.position).toBe("0");
  });

  it("a partial take-profit fill reduces the stop-loss by the same quantity (type 3)", () => {
    const v = quietVenue();
    const b = bracket(v);
    v.movePrice(SPY, 498.5);
    v.setPartialFillMode({ kind: "chunks", qty: "40" });
    v.movePrice(SPY, 506);
    expect(v.order(b.tp)).toMatchObject({ status: "Submitted", filled: "40" });
    expect(v.order(b.sl)).toMatchObject({ status: "PreSubmitted", remaining: "60" });
    expect(v.order(b.sl)!.request.totalQuantity).toBe("60");
  });

  it("cancelling the parent cancels the children", () => {
    const v = quietVenue();
    const b = bracket(v);
    const rec = record(v);
    expect(v.cancelOrder(1, b.parentId).ok).toBe(true);
    expect([b.parent, b.tp, b.sl].map((p) => v.order(p)!.status)).toEqual(["Cancelled", "Cancelled", "Cancelled"]);
    expect(rec.errors().map((e) => [e.code, e.orderId])).toEqual([
      [202, b.parentId],
      [202, b.tpId],
      [202, b.slId],
    ]);
  });

  it("a child whose parent does not exist is rejected with 201", () => {
    const v = quietVenue();
    const rec = record(v);
    const r = v.placeOrder(req({ parentId: 999_999, orderType: "LMT", lmtPrice: 490 }));
    expect(r.ok && r.value.status).toBe("Inactive");
    expect(rec.errors()[0]!.code).toBe(201);
  });
});

describe("OCA groups", () => {
  const oca = (v: ReturnType<typeof quietVenue>, ocaType: number) => [
    permOf(v.placeOrder(req({ action: "SELL", orderType: "LMT", lmtPrice: 501, totalQuantity: "100", ocaGroup: "G", ocaType }))),
    permOf(v.placeOrder(req({ action: "SELL", orderType: "LMT", lmtPrice: 502, totalQuantity: "50", ocaGroup: "G", ocaType }))),
  ] as const;

  it("type 1 cancels the siblings on the first (partial) fill", () => {
    const v = quietVenue({ partialFills: { kind: "chunks", qty: "10" } });
    const [a, b] = oca(v, 1);
    v.movePrice(SPY, 501.5);
    expect(v.order(a)).toMatchObject({ filled: "10", status: "Submitted" });
    expect(v.order(b)!.status).toBe("Cancelled");
  });

  it("type 2 reduces the siblings in proportion to the fill", () => {
    const v = quietVenue({ partialFills: { kind: "chunks", qty: "40" } });
    const [a, b] = oca(v, 2);
    v.movePrice(SPY, 501.5);
    expect(v.order(a)!.filled).toBe("40");
    // 40 of 100 filled: the 50-lot sibling loses 40% = 20.
    expect(v.order(b)).toMatchObject({ status: "Submitted", remaining: "30" });
  });

  it("type 3 reduces too, and a complete fill cancels the siblings", () => {
    const v = quietVenue();
    const [a, b] = oca(v, 3);
    v.movePrice(SPY, 503);
    const filled = [a, b].filter((p) => v.order(p)!.status === "Filled");
    const cancelled = [a, b].filter((p) => v.order(p)!.status === "Cancelled");
    expect(filled).toHaveLength(1);
    expect(cancelled).toHaveLength(1);
  });

  it("an OCA group with ocaType 0 is echoed as 3", () => {
    const v = quietVenue();
    const p = permOf(v.placeOrder(req({ orderType: "LMT", lmtPrice: 400, ocaGroup: "X", ocaType: 0 })));
    expect(v.order(p)!.ocaType).toBe(3);
  });
});
