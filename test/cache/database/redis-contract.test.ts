// The shared CacheDatabase contract, run against a real redis-server in both encodings and in
// both write modes (write-behind with a timer, and at once).
import { afterAll, beforeAll } from "vitest";
import { startRedis, type RedisServer } from "../../support/redis-server.js";
import { describeCacheDatabaseContract } from "../database-contract.js";
import { openDb } from "./helpers.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => server?.stop());

describeCacheDatabaseContract("redis msgpack, write-behind 5 ms", async () => (await openDb(server, { bufferIntervalMs: 5 })).db);
describeCacheDatabaseContract("redis json + ISO timestamps, written at once", async () => (await openDb(server, { encoding: "json", timestampsAsIso8601: true })).db);
describeCacheDatabaseContract("redis msgpack, instance id, no trader prefix", async () =>
  (await openDb(server, { useTraderPrefix: false, useInstanceId: true }, { instanceId: `inst-${Math.random()}` })).db,
);
