/**
 * The IB factories: data and exec clients built from their configs share one IB connection per
 * (host, port, client id); a `simulatedGateway` is started once as a child process for both and
 * stopped with the last client.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Cache } from "../../../src/cache/cache.js";
import { MessageBus } from "../../../src/common/msgbus.js";
import { InteractiveBrokersDataClientConfigSchema, InteractiveBrokersExecClientConfigSchema } from "../../../src/adapters/ib/config.js";
import { IBConnectionRegistry } from "../../../src/adapters/ib/connection/registry.js";
import { canConnect } from "../../../src/adapters/ib/gateway/wait-port.js";
import { ManagedGateways } from "../../../src/adapters/ib/managed.js";
import { InteractiveBrokersDataClientFactory, InteractiveBrokersExecClientFactory, createIbDataClient, createIbExecClient } from "../../../src/adapters/ib/factories.js";
import { TraderId } from "../../../src/model/identifiers.js";
import type { ClientContext } from "../../../src/live/clients.js";
import { isCortanaError } from "../../../src/common/errors.js";
import { startIbBed, waitUntil, type IbBed } from "./harness.js";

let bed: IbBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

function context(b: IbBed, clientKey: string, config: unknown): ClientContext {
  return { clientKey, config, traderId: TraderId("T-001"), bus: new MessageBus({ logger: b.logger, clock: b.clock }), cache: new Cache(), clock: b.clock, logger: b.logger };
}

describe("IB factories", () => {
  it("build data and exec clients that share one connection, released with the last client", async () => {
    bed = await startIbBed();
    const deps = { connections: new IBConnectionRegistry(), gateways: new ManagedGateways() };
    const base = { ibgPort: bed.sim.port, ibgClientId: 4, connectionTimeout: 5, instrumentProvider: { loadIds: ["SPY.SMART"] } };
    const data = createIbDataClient(context(bed, "IB", InteractiveBrokersDataClientConfigSchema.parse(base)), deps);
    const exec = createIbExecClient(context(bed, "IB", InteractiveBrokersExecClientConfigSchema.parse({ ...base, accountId: "DU1234567" })), deps);
    await Promise.all([data.connect(), exec.connect()]);
    expect(exec.accountId).toBe("IB-DU1234567");
    expect(String(data.clientId)).toBe("IB");
    expect(bed.sim.truth().sessions.map((s) => s.clientId)).toEqual([4]);
    expect(deps.connections.holders(`127.0.0.1:${bed.sim.port}:4`)).toBe(2);
    await data.disconnect();
    expect(exec.isConnected).toBe(true);
    await exec.disconnect();
    expect(deps.connections.size).toBe(0);
    await waitUntil(() => bed!.sim.truth().sessions.length === 0, "session closed");
  });

  it("refuse an exec client without accountId", async () => {
    bed = await startIbBed();
    const err = (() => { try { InteractiveBrokersExecClientFactory.create(context(bed!, "IB", InteractiveBrokersExecClientConfigSchema.parse({ ibgPort: 4002 }))); } catch (e) { return e; } })();
    expect(isCortanaError(err) && err.code).toBe("CORTANA_E_CONFIG_INVALID");
  });

  it("start one simulator child process for both clients and stop it with the last", async () => {
    bed = await startIbBed();
    const deps = { connections: new IBConnectionRegistry(), gateways: new ManagedGateways() };
    const simulatedGateway = { port: 0, seed: 7, timeout: 30 };
    const data = createIbDataClient(context(bed, "IB", InteractiveBrokersDataClientConfigSchema.parse({ simulatedGateway, connectionTimeout: 30 })), deps);
    const exec = createIbExecClient(context(bed, "IB", InteractiveBrokersExecClientConfigSchema.parse({ simulatedGateway, accountId: "DU1234567", connectionTimeout: 30 })), deps);
    await Promise.all([data.connect(), exec.connect()]);
    expect(deps.gateways.size).toBe(1);
    const port = exec.connection?.key.split(":")[1];
    expect(Number(port)).toBeGreaterThan(0);
    await data.disconnect();
    expect(await canConnect("127.0.0.1", Number(port), 500)).toBe(true);
    await exec.disconnect();
    expect(deps.gateways.size).toBe(0);
    expect(await canConnect("127.0.0.1", Number(port), 500)).toBe(false);
  }, 60_000);

  it("are objects implementing the live factory interfaces", () => {
    expect(typeof InteractiveBrokersDataClientFactory.create).toBe("function");
    expect(typeof InteractiveBrokersExecClientFactory.create).toBe("function");
  });
});
