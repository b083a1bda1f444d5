/** The IB network preflight checks against the simulator: each failure says what to do. */
import { afterEach, describe, expect, it } from "vitest";
import { EventName, IBApi } from "@stoqey/ib";
import { IB_PREFLIGHT_CHECKS } from "../../../src/adapters/ib/preflight.js";
import { InteractiveBrokersDataClientConfigSchema, InteractiveBrokersExecClientConfigSchema } from "../../../src/adapters/ib/config.js";
import type { CheckContext, CheckItem } from "../../../src/config/checklist.js";
import { Simulator } from "../../../src/sim/index.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function run(port: number, o: { account?: string; clientId?: number; simulated?: boolean } = {}): Promise<CheckItem[]> {
  const conn = o.simulated ? { simulatedGateway: { port: 0 } } : { ibgPort: port, ibgClientId: o.clientId ?? 11 };
  const ctx = {
    file: "x", offline: false, registry: new Map(),
    parsed: { warnings: [], config: {
      dataClients: { IB: InteractiveBrokersDataClientConfigSchema.parse({ ...conn, instrumentProvider: { loadIds: ["SPY.SMART"] } }) },
      execClients: { IB: InteractiveBrokersExecClientConfigSchema.parse({ ...conn, accountId: o.account ?? "DU1234567" }) },
    } },
  } as unknown as CheckContext;
  const [check] = IB_PREFLIGHT_CHECKS;
  expect(check?.network).toBe(true);
  return check!.run(ctx);
}

describe("IB preflight", () => {
  it("passes every check against a healthy UTC gateway", async () => {
    sim = await Simulator.start({ port: 0, tickMs: 50 });
    const items = await run(sim.port);
    expect(items.map((i) => i.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(items.map((i) => i.message).join("\n")).toMatch(/handshake[\s\S]*server version 193[\s\S]*UTC[\s\S]*DU1234567 is managed[\s\S]*REALTIME market data is permitted for SPY.SMART/);
  });

  it("names an unmanaged account and a non-UTC gateway with their fixes", async () => {
    sim = await Simulator.start({ port: 0, tickMs: 50, timeZone: "Asia/Tokyo" });
    const items = await run(sim.port, { account: "DU0000001" });
    const tz = items.find((i) => i.code === "CORTANA_E_IB_GATEWAY_TIMEZONE");
    expect(tz?.status).toBe("warn");
    expect(tz?.message).toContain("GMT+9");
    const acct = items.find((i) => i.code === "CORTANA_E_IB_ACCOUNT_NOT_MANAGED");
    expect([acct?.status, acct?.message.includes("DU1234567")]).toEqual(["error", true]);
  });

  it("says how to fix an unreachable gateway and a client id in use", async () => {
    sim = await Simulator.start({ port: 0, tickMs: 0 });
    const port = sim.port;
    const holder = new IBApi({ host: "127.0.0.1", port, clientId: 12, maxReqPerSec: 100 });
    holder.on(EventName.error, () => undefined);
    const ready = new Promise<void>((r) => holder.once(EventName.nextValidId, () => r()));
    holder.connect();
    await ready;
    const inUse = await run(port, { clientId: 12 });
    holder.disconnect();
    expect(inUse).toHaveLength(1);
    expect(inUse[0]).toMatchObject({ status: "error", code: "CORTANA_E_IB_CLIENT_ID_IN_USE" });
    expect(inUse[0]?.message).toContain("ibgClientId");
    await sim.stop();
    sim = undefined;
    const down = await run(port);
    expect(down[0]).toMatchObject({ status: "error" });
    expect(down[0]?.message).toMatch(/start IB Gateway.*4002/);
  });

  it("skips managed gateways (started by run)", async () => {
    const items = await run(0, { simulated: true });
    expect(items.map((i) => i.status)).toEqual(["skip", "skip"]);
  });
});
