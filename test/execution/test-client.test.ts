import { describe, expect, it } from "vitest";
import { nullLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { TestClock } from "../../src/common/test-clock.js";
import { sequentialUuids } from "../../src/common/uuid.js";
import { TestExecutionClient } from "../../src/execution/testing/test-client.js";
import { USD } from "../../src/model/currency.js";
import { ClientId, InstrumentId, Venue } from "../../src/model/identifiers.js";
import { Equity } from "../../src/model/instruments.js";
import { Price, Quantity } from "../../src/model/values.js";
import { describeExecutionClientContract } from "./client-contract.js";
import { AAPL, ACC, T0, TRADER, makeCore, makeOrder } from "./fixtures.js";

describeExecutionClientContract("TestExecutionClient", async () => {
  const clock = new TestClock(T0);
  const uuid = sequentialUuids();
  const bus = new MessageBus({ logger: nullLogger, clock, uuid });
  const client = new TestExecutionClient({ clientId: ClientId("SIM"), venue: Venue("SIM"), accountId: ACC, traderId: TRADER, bus, clock, logger: nullLogger, uuid });
  client.setMarketPrice(AAPL.id, Price.from("100.00"));
  return {
    client,
    bus,
    instrumentId: AAPL.id,
    restingPrice: Price.from("90.00"),
    quantity: Quantity.from("10"),
    biggerQuantity: Quantity.from("20"),
    now: () => clock.timestampNs(),
    makeUnreachable: async () => client.setReachable(false),
    settle: async () => {},
    dispose: async () => client.disconnect(),
  };
});

describe("TestExecutionClient venue behaviour", () => {
  it("fills MARKET orders at the market price and reports fills and the net position", async () => {
    const core = makeCore();
    core.submit(makeOrder({ id: "O-1", type: "MARKET", qty: "7" }));
    core.submit(makeOrder({ id: "O-2", type: "MARKET", qty: "2", side: "SELL" }));
    const fills = await core.client.generateFillReports({ instrumentId: AAPL.id });
    expect(fills.map((f) => [f.clientOrderId, f.lastQty.toString(), f.lastPx.toString()])).toEqual([
      ["O-1", "7", "100.00"],
      ["O-2", "2", "100.00"],
    ]);
    const [position] = await core.client.generatePositionStatusReports({});
    expect(position?.positionSide).toBe("LONG");
    expect(position?.quantity.toString()).toBe("5");
    const mass = await core.client.generateMassStatus(10);
    expect(mass.fillReports.size).toBe(2);
  });

  it("rejects on request, and cancels a MARKET order it cannot price", () => {
    const core = makeCore();
    core.client.rejectNextSubmit("no route");
    core.submit(makeOrder({ id: "O-1" }));
    expect(core.order("O-1").status).toBe("REJECTED");
    const tsla = new Equity({ id: InstrumentId("TSLA.SIM"), quoteCurrency: USD, pricePrecision: 2, sizePrecision: 0, priceIncrement: Price.from("0.01"), sizeIncrement: Quantity.from("1"), tsEvent: 0n, tsInit: 0n });
    core.cache.addInstrument(tsla);
    core.submit(makeOrder({ id: "O-2", type: "MARKET", instrumentId: tsla.id }));
    expect(core.types().filter((t) => t.startsWith("O-2"))).toEqual(["O-2:OrderSubmitted", "O-2:OrderAccepted", "O-2:OrderCanceled"]);
  });
});
