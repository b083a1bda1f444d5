// The Dockerized IB Gateway manager against a stand-in docker executable: command lines, secrets
// kept off the command line, waiting for the port, reuse, failures, teardown.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { LiveClock } from "../../../src/common/clock.js";
import { memoryLogger } from "../../../src/common/logger.js";
import { DockerizedIBGatewayConfigSchema } from "../../../src/adapters/ib/config.js";
import { DockerizedGateway } from "../../../src/adapters/ib/gateway/docker.js";
import { freePort } from "../../../src/adapters/ib/gateway/simulated.js";

const fakeDocker = fileURLToPath(new URL("./fixtures/fake-docker.mjs", import.meta.url));
const gateways: DockerizedGateway[] = [];

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.dispose()));
  delete process.env.FAKE_DOCKER_LOG;
  delete process.env.FAKE_DOCKER_FAIL_RUN;
  delete process.env.FAKE_DOCKER_PORT_DELAY_MS;
});

async function setup(over: Record<string, unknown> = {}) {
  const log = join(mkdtempSync(join(tmpdir(), "fake-docker-")), "calls.log");
  process.env.FAKE_DOCKER_LOG = log;
  const port = await freePort("127.0.0.1");
  const config = DockerizedIBGatewayConfigSchema.parse({ username: "login-name", password: "s3cret-pw", port, timeout: 10, ...over });
  const logger = memoryLogger();
  const gateway = new DockerizedGateway({ config, logger, clock: new LiveClock(), docker: fakeDocker });
  gateways.push(gateway);
  const calls = () => readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { args: string[]; userid: string | null; password: string | null });
  return { gateway, port, calls, logger };
}

describe("DockerizedGateway", () => {
  it("runs the container with the trading mode, UTC and a loopback-only port, and waits for it", async () => {
    process.env.FAKE_DOCKER_PORT_DELAY_MS = "300";
    const { gateway, port, calls } = await setup({ tradingMode: "paper", readOnlyApi: false });
    expect(await gateway.start()).toEqual({ host: "127.0.0.1", port });
    const run = calls().find((c) => c.args[0] === "run");
    expect(run?.args).toEqual([
      "run", "-d", "--name", "cortana-ib-gateway", "-p", `127.0.0.1:${port}:4004`,
      "-e", "TWS_USERID", "-e", "TWS_PASSWORD", "-e", "TRADING_MODE=paper", "-e", "READ_ONLY_API=no",
      "-e", "TIME_ZONE=Etc/UTC", "-e", "TWS_SETTINGS_PATH=/home/ibgateway/Jts", "ghcr.io/gnzsnz/ib-gateway:10.37.1o",
    ]);
    expect([run?.userid, run?.password]).toEqual(["login-name", "s3cret-pw"]);
    for (const call of calls()) expect(call.args.join(" ")).not.toMatch(/s3cret-pw|login-name/);
  });

  it("maps live mode to the live container port", async () => {
    const { gateway } = await setup({ tradingMode: "live" });
    expect(gateway.runArgs()).toContain(`127.0.0.1:${gateway.endpoint.port}:4003`);
    expect(gateway.runArgs()).toContain("READ_ONLY_API=yes");
  });

  it("reuses a running container and does not remove it on dispose", async () => {
    const first = await setup();
    await first.gateway.start();
    const second = new DockerizedGateway({ config: DockerizedIBGatewayConfigSchema.parse({ username: "u", password: "p", port: first.port, timeout: 5 }), logger: memoryLogger(), clock: new LiveClock(), docker: fakeDocker });
    await second.start();
    await second.dispose();
    expect(first.calls().filter((c) => c.args[0] === "run")).toHaveLength(1);
    expect(first.calls().filter((c) => c.args[0] === "rm")).toHaveLength(0);
  });

  it("removes the container it started on dispose, once", async () => {
    const { gateway, calls } = await setup();
    await gateway.start();
    await gateway.dispose();
    await gateway.dispose();
    expect(calls().filter((c) => c.args[0] === "rm").map((c) => c.args)).toEqual([["rm", "-f", "cortana-ib-gateway"]]);
  });

  it("times out with CORTANA_E_GATEWAY_START when the port never opens", async () => {
    process.env.FAKE_DOCKER_PORT_DELAY_MS = "30000";
    const { gateway } = await setup({ timeout: 1 });
    await expect(gateway.start()).rejects.toMatchObject({ code: "CORTANA_E_GATEWAY_START", message: expect.stringContaining("docker logs cortana-ib-gateway") });
  });

  it("reports a docker failure without leaking the password", async () => {
    process.env.FAKE_DOCKER_FAIL_RUN = "1";
    const { gateway } = await setup();
    const error = (await gateway.start().then(() => undefined, (e: unknown) => e)) as { code: string; message: string } | undefined;
    expect(error).toMatchObject({ code: "CORTANA_E_GATEWAY_START", message: expect.stringContaining("pull access denied") });
    expect(error?.message).not.toContain("s3cret-pw");
  });

  it("says so when docker is not installed", async () => {
    const config = DockerizedIBGatewayConfigSchema.parse({ username: "u", password: "p" });
    const gateway = new DockerizedGateway({ config, logger: memoryLogger(), clock: new LiveClock(), docker: "/nonexistent/docker" });
    await expect(gateway.start()).rejects.toMatchObject({ code: "CORTANA_E_GATEWAY_START", message: expect.stringContaining("not installed") });
  });
});
