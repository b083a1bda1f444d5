// fromEnv resolution (all missing variables in one error) and secrets that never print.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "../../src/config/parse.js";
import { toPrintable } from "../../src/config/redact.js";
import { fromEnv, resolveEnv, Secret } from "../../src/config/secret.js";
import { renderConfig } from "../../src/cli/output.js";
import { builtinClientSchemas } from "../../src/index.js";

const gateway = { username: fromEnv("TWS_USERNAME"), password: fromEnv("TWS_PASSWORD"), tradingMode: "paper" };
const raw = {
  cache: { database: { host: "localhost", password: fromEnv("REDIS_PASSWORD") } },
  dataClients: { IB: { dockerizedGateway: gateway } },
  execClients: { IB: { dockerizedGateway: gateway, accountId: fromEnv("TWS_ACCOUNT") } },
};
const env = { TWS_USERNAME: "trader-login-name", TWS_PASSWORD: "hunter2-very-secret", REDIS_PASSWORD: "redis-pw-42", TWS_ACCOUNT: "DU999" };

describe("fromEnv", () => {
  it("reports every missing variable in one error, each once", () => {
    let error: { code?: string; message?: string; details?: unknown } = {};
    try {
      resolveEnv(raw, { TWS_USERNAME: "x" });
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.code).toBe("CORTANA_E_ENV_MISSING");
    expect(error.details).toEqual({ missing: ["REDIS_PASSWORD", "TWS_PASSWORD", "TWS_ACCOUNT"] });
    expect(error.message).toContain("execClients.IB.dockerizedGateway.password");
  });

  it("an empty variable counts as missing; a default fills it", () => {
    expect(() => resolveEnv({ a: fromEnv("X") }, { X: "" })).toThrow(/X/);
    expect(resolveEnv({ a: fromEnv("X", { default: "d" }) }, {})).toEqual({ a: "d" });
  });

  it("resolves into the parsed config", () => {
    const { config } = parseNodeConfig(raw, builtinClientSchemas, env);
    expect((config.execClients.IB as { accountId: string }).accountId).toBe("DU999");
    const parsedGateway = (config.dataClients.IB as { dockerizedGateway: { password: Secret } }).dockerizedGateway;
    expect(parsedGateway.password).toBeInstanceOf(Secret);
    expect(parsedGateway.password.reveal()).toBe("hunter2-very-secret");
  });
});

describe("secrets never print", () => {
  const { config } = parseNodeConfig(raw, builtinClientSchemas, env);
  const secretValues = ["trader-login-name", "hunter2-very-secret", "redis-pw-42"];

  it.each([
    ["JSON.stringify", () => JSON.stringify(config)],
    ["util.inspect", () => inspect(config, { depth: 10 })],
    ["String()", () => String((config.cache.database as { password: Secret }).password)],
    ["template literal", () => `${(config.cache.database as { password: Secret }).password}`],
    ["config print json", () => renderConfig(toPrintable(config), "json")],
    ["config print yaml", () => renderConfig(toPrintable(config), "yaml")],
  ])("%s", (_name, render) => {
    const text = render();
    for (const secret of secretValues) expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED]");
  });

  it("validation errors never echo a secret's value", () => {
    let message = "";
    try {
      parseNodeConfig({ dataClients: { IB: { dockerizedGateway: { username: "u", password: 12345678, tradingMode: "paper" } } } }, builtinClientSchemas, {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("dataClients.IB.dockerizedGateway.password");
    expect(message).not.toContain("12345678");
  });
});
