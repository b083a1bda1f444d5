/**
 * The logger's secret-field redaction (log-redaction.ts) against pino's own `redact` with the
 * wildcard paths it replaced: the same JSON lines for any log object; the caller's object is
 * never changed, and returned as is when nothing matches.
 */
import { Writable } from "node:stream";
import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/common/clock.js";
import { SECRET_FIELDS, redactSecretFields } from "../../src/config/log-redaction.js";
import { createLogger } from "../../src/config/logging.js";
import { LoggingConfigSchema } from "../../src/config/schemas/portfolio-logging.js";

const PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

function lineOf(options: pino.LoggerOptions, obj: object): unknown {
  let out = "";
  const sink = new Writable({ write: (chunk, _enc, done) => { out += String(chunk); done(); } });
  const root = pino({ base: undefined, timestamp: false, ...options }, sink);
  root.info(obj, "m");
  return JSON.parse(out);
}

const ours = (obj: object): unknown => lineOf({ formatters: { log: redactSecretFields } }, obj);
const pinos = (obj: object): unknown => lineOf({ redact: { paths: PATHS, censor: "[REDACTED]" } }, obj);

const key = fc.constantFrom(...SECRET_FIELDS, "gateway", "list", "a", "b", "event");
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("tree"), { maxLength: 3 }), fc.dictionary(key, tie("tree"), { maxKeys: 4 })),
}));
const logObject = fc.dictionary(key, tree, { maxKeys: 5 });

describe("redactSecretFields", () => {
  it("writes what pino's redact paths write, for any log object", () => {
    fc.assert(fc.property(logObject, (obj) => {
      expect(ours(obj)).toEqual(pinos(obj));
    }), { numRuns: 1500 });
  });

  it("never changes the caller's object, and returns it as is when nothing matches", () => {
    fc.assert(fc.property(logObject, (obj) => {
      const before = structuredClone(obj);
      const out = redactSecretFields(obj);
      expect(obj).toEqual(before);
      if (JSON.stringify(out) === JSON.stringify(obj)) expect(out).toBe(obj);
    }), { numRuns: 500 });
  });

  it("censors secrets at depths 0-3, in arrays too; deeper ones are out of reach (as before)", () => {
    const obj = { password: "p0", gateway: { username: "u1", nested: { token: "t2", deeper: { apiKey: "k3", deepest: { secret: "s4" } } } }, list: [{ secret: "s2" }] };
    expect(ours(obj)).toEqual({
      level: 30, msg: "m",
      password: "[REDACTED]",
      gateway: { username: "[REDACTED]", nested: { token: "[REDACTED]", deeper: { apiKey: "[REDACTED]", deepest: { secret: "s4" } } } },
      list: [{ secret: "[REDACTED]" }],
    });
  });

  it("the node's logger censors them in log objects and in a child logger's bindings", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const { logger, close } = await createLogger(LoggingConfigSchema.parse({}), { stdout: stream, pretty: false, clock: new TestClock() });
    logger.child({ component: "IB", gateway: { password: "pw-1" } }).info({ token: "tk-1", n: 1 }, "m");
    await close();
    expect(lines.join("")).not.toMatch(/pw-1|tk-1/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ component: "IB", gateway: { password: "[REDACTED]" }, token: "[REDACTED]", n: 1 });
  });

  it("leaves an Error to pino's err serializer and a value with toJSON to its toJSON", () => {
    const err = Object.assign(new Error("boom"), { code: "E1" });
    const line = ours({ err, when: new Date(0) }) as { err: { message: string; code: string }; when: string };
    expect(line.err).toMatchObject({ message: "boom", code: "E1" });
    expect(line.when).toBe("1970-01-01T00:00:00.000Z");
  });
});
