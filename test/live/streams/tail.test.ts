import { LiveClock } from "../../../src/common/clock.js";
// `cortana-node tail` as a child process against a real redis-server: one readable line per
// message, decoded; --count exits; SIGINT (Ctrl+C) stops it; an unreachable Redis exits 1.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nullLogger } from "../../../src/common/logger.js";
import { MessageBus } from "../../../src/common/msgbus.js";
import { TestClock } from "../../../src/common/test-clock.js";
import { MessageBusConfigSchema, type DatabaseConfig, type MessageBusConfig } from "../../../src/config/schemas/cache.js";
import { RedisStreamPublisher } from "../../../src/live/streams/publisher.js";
import { startRedis, type RedisServer } from "../../support/redis-server.js";
import { streamEvent } from "./fixtures/messages.js";

const script = fileURLToPath(new URL("./fixtures/tail-cli.ts", import.meta.url));
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => server?.stop());

function tail(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", script, "tail", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const following = new Promise<void>((resolve, reject) => {
    child.stderr.on("data", () => err.includes("following ") && resolve());
    void exited.then(() => reject(new Error(`tail exited: ${err}`)));
  });
  following.catch(() => {});
  return { child, exited, following, out: () => out, err: () => err };
}

async function publish(traderId: string, n: number, encoding: "json" | "msgpack"): Promise<void> {
  const bus = new MessageBus({ logger: nullLogger, clock: new TestClock() });
  const config = MessageBusConfigSchema.parse({ database: { host: server.host, port: server.port }, encoding }) as MessageBusConfig & { database: DatabaseConfig };
  const p = new RedisStreamPublisher({ bus, clock: new LiveClock(), config, traderId, logger: nullLogger });
  await p.start();
  for (let i = 0; i < n; i++) bus.publish("events.order.EMACross-001", streamEvent(i));
  bus.publish("events.risk", { type: "TradingStateChanged", state: "REDUCING" });
  await p.stop();
}

describe("cortana-node tail", () => {
  it("follows streams that appear after it started, prints decoded lines, exits after --count", async () => {
    const t = tail(["--redis", server.url, "--stream", "trader-TAIL-1:stream:*", "--count", "4"]);
    await t.following;
    await publish("TAIL-1", 3, "msgpack");
    expect(await t.exited).toBe(0);
    const lines = t.out().trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}events\.order\.EMACross-001 {2}OrderFilled {2}\{/);
    expect(lines[0]).toContain('"lastPx":"123.456789"');
    expect(lines[0]).toContain('"commission":"0.0035 USD"');
    expect(lines[0]).toContain('"tsEvent":"1700000000000000000"');
    expect(lines[3]).toContain('events.risk  TradingStateChanged  {"type":"TradingStateChanged","state":"REDUCING"}');
  });

  it("shows only new entries unless --from-start, and stops on SIGINT with exit 0", async () => {
    await publish("TAIL-2", 2, "json");
    const t = tail(["--redis", server.url, "--stream", "trader-TAIL-2:stream:events.order.EMACross-001"]);
    await t.following;
    await publish("TAIL-2", 1, "json");
    const end = Date.now() + 5000;
    while (!t.out().includes("O-0") && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    t.child.kill("SIGINT");
    expect(await t.exited).toBe(0);
    expect(t.out().trim().split("\n")).toHaveLength(1);
    expect(t.err()).toContain("TAIL EXIT 0");

    const all = tail(["--redis", server.url, "--stream", "trader-TAIL-2:stream:events.order.EMACross-001", "--from-start", "--count", "3"]);
    expect(await all.exited).toBe(0);
    expect(all.out().trim().split("\n").map((l) => /"clientOrderId":"(O-\d)"/.exec(l)?.[1])).toEqual(["O-0", "O-1", "O-0"]);
  });

  it("exits 1 with CORTANA_E_REDIS_UNREACHABLE when Redis does not answer", async () => {
    const t = tail(["--redis", "redis://127.0.0.1:1", "--count", "1"]);
    expect(await t.exited).toBe(1);
    expect(t.err()).toContain("CORTANA_E_REDIS_UNREACHABLE");
    expect(t.err()).toContain("ECONNREFUSED");
  });
});
