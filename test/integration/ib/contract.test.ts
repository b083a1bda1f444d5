/** The shared ExecutionClient contract suite, run by the IB exec client against the simulator. */
import { describeExecutionClientContract } from "../../execution/client-contract.js";
import { InstrumentId } from "../../../src/model/identifiers.js";
import { Price, Quantity } from "../../../src/model/values.js";
import { startIbBed, sleep, waitUntil } from "./harness.js";
import { execRig } from "./exec-harness.js";

describeExecutionClientContract("InteractiveBrokersExecutionClient (simulator)", async () => {
  const bed = await startIbBed();
  const rig = execRig(bed, { capture: false });
  return {
    client: rig.client,
    bus: rig.bus,
    instrumentId: InstrumentId("SPY.SMART"),
    restingPrice: Price.from("500.00"),
    quantity: Quantity.from("10"),
    biggerQuantity: Quantity.from("15"),
    now: () => bed.clock.timestampNs(),
    makeUnreachable: async () => {
      await bed.sim.gateway.close();
      await waitUntil(() => rig.client.connection?.hasSession !== true, "session lost");
    },
    settle: () => sleep(150),
    dispose: async () => {
      await rig.client.disconnect();
      await bed.close();
    },
  };
});
