// A request waiting for its answer fails at once when its connection is closed (nothing will ever
// answer it, and its timeout may be cancelled with its owner's timers): a reconciliation check or
// a node stop waiting on it must never hang.
import { afterEach, describe, expect, it } from "vitest";
import { EventName } from "@stoqey/ib";
import { ibRequest } from "../../../src/adapters/ib/connection/requests.js";
import { ClockTimers } from "../../../src/adapters/ib/connection/timers.js";
import { startIbBed, sleep, type IbBed } from "./harness.js";

let bed: IbBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe("ibRequest and close()", () => {
  it("rejects a pending request with CORTANA_E_IB_DISCONNECTED when the connection is closed", async () => {
    bed = await startIbBed();
    const conn = bed.connection();
    await conn.connect();
    bed.sim.gateway.setResponseDelay(10_000); // the answer would come long after the close
    const timers = new ClockTimers(bed.clock, "test");
    const pending = ibRequest(conn, {
      label: "reqPositions",
      timeoutMs: 60_000,
      send: (api) => api.reqPositions(),
      on: [[EventName.positionEnd, () => true]],
      result: () => "answered",
    }, timers);
    const outcome = pending.then(() => "resolved", (err: { code?: string; message?: string }) => `${err.code}: ${err.message}`);
    await sleep(100);
    timers.cancelAll(); // as an exec client's teardown does: the timeout can no longer fire
    await conn.close();
    const raced = await Promise.race([outcome, sleep(1000).then(() => "still pending")]);
    expect(raced).toMatch(/^CORTANA_E_IB_DISCONNECTED: .*reqPositions \(connection closed\)/);
  });
});
