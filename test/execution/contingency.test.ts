import { describe, expect, it } from "vitest";
import type { CancelOrder } from "../../src/execution/messages.js";
import { ClientOrderId } from "../../src/model/identifiers.js";
import { Quantity } from "../../src/model/values.js";
import { AAPL, S1, T0, TRADER, makeCore, makeOrder, type Core } from "./fixtures.js";

function bracket(core: Core, childContingency: "OUO" | "OCO" = "OUO") {
  const entry = makeOrder({ id: "E", qty: "100", price: "100.00", contingency: "OTO", linked: ["TP", "SL"], listId: "OL-1" });
  const tp = makeOrder({ id: "TP", side: "SELL", qty: "100", price: "110.00", contingency: childContingency, parent: "E", linked: ["SL"], listId: "OL-1" });
  const sl = makeOrder({ id: "SL", side: "SELL", type: "STOP_MARKET", qty: "100", trigger: "90.00", contingency: childContingency, parent: "E", linked: ["TP"], listId: "OL-1" });
  core.submitList([entry, tp, sl]);
  return { entry, tp, sl };
}

const sentIds = (core: Core): string[] =>
  core.client.commands.flatMap((c) => (c.type === "SubmitOrder" ? [c.order.clientOrderId] : c.type === "SubmitOrderList" ? c.orderList.orders.map((o) => o.clientOrderId) : []));

const qty = (s: string) => Quantity.from(s);

describe("contingent orders (manageContingentOrders)", () => {
  it("OTO: children are held until the parent fills, then follow its filled quantity", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageContingentOrders: true });
    const { entry, tp, sl } = bracket(core);
    expect(sentIds(core)).toEqual(["E"]);
    expect(tp.status).toBe("INITIALIZED");
    expect(sl.status).toBe("INITIALIZED");

    core.client.fillOrder("E", { quantity: qty("40") });
    expect(entry.status).toBe("PARTIALLY_FILLED");
    expect(sentIds(core)).toEqual(["E", "TP", "SL"]);
    expect(tp.status).toBe("ACCEPTED");
    expect(tp.quantity.toString()).toBe("40");
    expect(core.client.venueOrder("SL")?.quantity.toString()).toBe("40");

    core.client.fillOrder("E");
    expect(entry.status).toBe("FILLED");
    expect(tp.quantity.toString()).toBe("100");
    expect(sl.quantity.toString()).toBe("100");
    expect(core.client.commands.filter((c) => c.type === "ModifyOrder")).toHaveLength(2);
  });

  it("OUO: a partial fill reduces the sibling, a full fill cancels it", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageContingentOrders: true });
    const { tp, sl } = bracket(core);
    core.client.fillOrder("E");
    core.client.fillOrder("TP", { quantity: qty("30") });
    expect(sl.quantity.toString()).toBe("70");
    expect(core.client.venueOrder("SL")?.quantity.toString()).toBe("70");
    core.client.fillOrder("TP");
    expect(tp.status).toBe("FILLED");
    expect(sl.status).toBe("CANCELED");
    expect(core.position("AAPL.SIM-EMACross-001")?.isClosed()).toBe(true);
  });

  it("OCO: the first fill of one cancels the other", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageContingentOrders: true });
    const { tp, sl } = bracket(core, "OCO");
    core.client.fillOrder("E");
    core.client.fillOrder("SL", { quantity: qty("10"), price: AAPL.makePrice("90.00") });
    expect(sl.status).toBe("PARTIALLY_FILLED");
    expect(tp.status).toBe("CANCELED");
  });

  it("OCO: canceling one cancels the other", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageContingentOrders: true });
    const { tp, sl } = bracket(core, "OCO");
    core.client.fillOrder("E");
    const cancel: CancelOrder = { type: "CancelOrder", traderId: TRADER, strategyId: S1, instrumentId: AAPL.id, clientOrderId: ClientOrderId("TP"), commandId: "c1", tsInit: T0 };
    core.send(cancel);
    expect(tp.status).toBe("CANCELED");
    expect(sl.status).toBe("CANCELED");
  });

  it("OTO: a parent that closes without a fill cancels its held children locally", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageContingentOrders: true });
    const { entry, tp, sl } = bracket(core);
    core.send({ type: "CancelOrder", traderId: TRADER, strategyId: S1, instrumentId: AAPL.id, clientOrderId: entry.clientOrderId, commandId: "c1", tsInit: T0 });
    expect(entry.status).toBe("CANCELED");
    expect(tp.status).toBe("CANCELED");
    expect(sl.status).toBe("CANCELED");
    expect(sentIds(core)).toEqual(["E"]);
  });

  it("a child submitted alone waits for its parent too", () => {
    const core = makeCore();
    core.exec.registerStrategy(S1, { manageContingentOrders: true });
    core.submit(makeOrder({ id: "P", contingency: "OTO", linked: ["C"] }));
    const child = makeOrder({ id: "C", side: "SELL", price: "120.00", parent: "P" });
    core.submit(child);
    expect(child.status).toBe("INITIALIZED");
    core.client.fillOrder("P");
    expect(child.status).toBe("ACCEPTED");
  });

  it("without manageContingentOrders the whole list goes to the venue and nothing is managed", () => {
    const core = makeCore();
    const { tp, sl } = bracket(core);
    expect(sentIds(core)).toEqual(["E", "TP", "SL"]);
    core.client.fillOrder("E");
    core.client.fillOrder("TP");
    expect(tp.status).toBe("FILLED");
    expect(sl.status).toBe("ACCEPTED");
  });
});
