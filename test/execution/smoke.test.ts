import { describe, expect, it } from "vitest";
import { makeCore, makeOrder } from "./fixtures.js";

describe("core wiring", () => {
  it("a MARKET order goes strategy -> risk -> exec -> client and comes back filled with a position", () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "10" }));
    expect(core.types()).toEqual(["O-1:OrderSubmitted", "O-1:OrderAccepted", "O-1:OrderFilled"]);
    expect(core.order("O-1").status).toBe("FILLED");
    const p = core.position("AAPL.SIM-EMACross-001");
    expect(p?.signedQtyRaw).toBe(10n * 1_000_000_000n);
    expect(core.positionEvents.map((e) => e.type)).toEqual(["PositionOpened"]);
  });
});
