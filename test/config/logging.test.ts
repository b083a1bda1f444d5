// The pino logger built from LoggingConfig: levels, component levels, file output with rotation, redaction.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/common/clock.js";
import { createLogger } from "../../src/config/logging.js";
import { LoggingConfigSchema } from "../../src/config/schemas/portfolio-logging.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

const clock = new TestClock();
const cfg = (over: Record<string, unknown>) => LoggingConfigSchema.parse(over);

describe("createLogger", () => {
  it("honours the console level", async () => {
    const { lines, stream } = capture();
    const { logger, close } = await createLogger(cfg({ logLevel: "WARNING" }), { stdout: stream, pretty: false, clock });
    logger.info("hidden");
    logger.warn({ n: 1 }, "shown");
    await close();
    expect(lines.map((l) => l.msg)).toEqual(["shown"]);
    expect(lines[0]).toMatchObject({ level: 40, n: 1 });
  });

  it("per-component levels override the global level", async () => {
    const { lines, stream } = capture();
    const { logger, close } = await createLogger(cfg({ logLevel: "INFO", logComponentLevels: { RiskEngine: "DEBUG", DataEngine: "ERROR" } }), { stdout: stream, pretty: false, clock });
    logger.child({ component: "RiskEngine" }).debug("risk debug");
    logger.child({ component: "DataEngine" }).warn("data warn hidden");
    logger.child({ component: "ExecEngine" }).debug("exec debug hidden");
    logger.child({ component: "ExecEngine" }).info("exec info");
    await close();
    expect(lines.map((l) => [l.component, l.msg])).toEqual([
      ["RiskEngine", "risk debug"],
      ["ExecEngine", "exec info"],
    ]);
  });

  it("a child component nests under its parent's name and inherits its level", async () => {
    const { lines, stream } = capture();
    const { logger, close } = await createLogger(cfg({ logLevel: "INFO", logComponentLevels: { DataClient: "DEBUG", Noisy: "ERROR" } }), { stdout: stream, pretty: false, clock });
    const client = logger.child({ component: "DataClient" });
    client.child({ component: "IBConnection" }).debug("inherited debug");
    client.child({ component: "Noisy" }).warn("own level hides this");
    await close();
    expect(lines.map((l) => [l.component, l.msg])).toEqual([["DataClient.IBConnection", "inherited debug"]]);
    expect(JSON.stringify(lines[0]).match(/"component"/g)).toHaveLength(1);
  });

  it("logComponentsOnly silences everything not listed", async () => {
    const { lines, stream } = capture();
    const { logger, close } = await createLogger(cfg({ logComponentLevels: { RiskEngine: "INFO" }, logComponentsOnly: true }), { stdout: stream, pretty: false, clock });
    logger.info("root hidden");
    logger.child({ component: "Other" }).error("other hidden");
    logger.child({ component: "RiskEngine" }).info("risk");
    await close();
    expect(lines.map((l) => l.msg)).toEqual(["risk"]);
  });

  it("bypassLogging writes nothing", async () => {
    const { lines, stream } = capture();
    const { logger, close } = await createLogger(cfg({ bypassLogging: true }), { stdout: stream, pretty: false, clock });
    logger.error("nothing");
    await close();
    expect(lines).toEqual([]);
  });

  it("redacts secret fields as a second line of defence", async () => {
    const { lines, stream } = capture();
    const { logger, close } = await createLogger(cfg({}), { stdout: stream, pretty: false, clock });
    logger.info({ gateway: { username: "login", password: "pw-123" }, password: "top" }, "connecting");
    await close();
    const text = JSON.stringify(lines);
    expect(text).not.toContain("pw-123");
    expect(text).not.toContain("login");
    expect(text).not.toContain('"top"');
  });

  it("writes a JSON log file at its own level", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cortana-log-"));
    const { stream } = capture();
    const built = await createLogger(cfg({ logLevel: "ERROR", logLevelFile: "DEBUG", logDirectory: dir, logFileName: "node.json" }), { stdout: stream, pretty: false, clock });
    built.logger.debug({ k: 1 }, "to file");
    await built.close();
    expect(built.file).toBe(join(dir, "node.json"));
    const records = readFileSync(join(dir, "node.json"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { msg: string; k: number });
    expect(records).toEqual([expect.objectContaining({ msg: "to file", k: 1 })]);
  });

  it("rotates the file by size and keeps logFileMaxBackupCount files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cortana-roll-"));
    const { stream } = capture();
    const built = await createLogger(
      cfg({ logLevel: "OFF", logLevelFile: "INFO", logDirectory: dir, logFileName: "node.json", logFileMaxSize: 1024, logFileMaxBackupCount: 2 }),
      { stdout: stream, pretty: false, clock },
    );
    for (let i = 0; i < 400; i++) {
      built.logger.info({ i, pad: "x".repeat(60) }, "line");
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    await built.close();
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    expect(existsSync(dir)).toBe(true);
  });
});
