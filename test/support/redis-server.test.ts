// The test Redis helper itself: a real server that answers, dies and comes back on its port.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startRedis, type RedisServer } from "./redis-server.js";

let server: RedisServer | undefined;
afterAll(async () => server?.stop());

describe("startRedis", () => {
  it("starts, is killed, restarts on the same port", async () => {
    server = await startRedis();
    const client = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => {});
    await client.connect();
    expect(await client.ping()).toBe("PONG");
    await server.kill();
    await expect(client.ping()).rejects.toBeDefined();
    await server.restart();
    const again = new Redis({ host: server.host, port: server.port, lazyConnect: true });
    await again.connect();
    expect(await again.set("k", "v")).toBe("OK");
    again.disconnect();
    client.disconnect();
  });
});
