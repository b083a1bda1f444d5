import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/common/logger.js";
import { callClient } from "../../src/execution/fills.js";

describe("callClient", () => {
  it("a synchronous throw is logged at ERROR with the command type and handed to onError, not rethrown", () => {
    const log = memoryLogger();
    let errors = 0;
    expect(() => callClient(log, "SubmitOrder", () => {
      throw new Error("socket closed");
    }, () => errors++)).not.toThrow();
    expect(errors).toBe(1);
    expect(log.records).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ level: "error", command: "SubmitOrder", msg: "SubmitOrder failed at the client: socket closed" });
  });

  it("an asynchronous rejection is logged and handed to onError once it settles", async () => {
    const log = memoryLogger();
    let errors = 0;
    callClient(log, "CancelOrder", () => Promise.reject("gateway gone"), () => errors++);
    expect(errors).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(errors).toBe(1);
    expect(log.records[0]).toMatchObject({ level: "error", command: "CancelOrder", msg: "CancelOrder failed at the client: gateway gone" });
  });

  it("a call that succeeds logs nothing; a failure without onError is only logged", async () => {
    const log = memoryLogger();
    callClient(log, "SubmitOrder", () => undefined);
    callClient(log, "ModifyOrder", () => Promise.resolve());
    await new Promise((r) => setImmediate(r));
    expect(log.records).toHaveLength(0);
    callClient(log, "QueryOrder", () => {
      throw new Error("boom");
    });
    expect(log.records.map((r) => r.msg)).toEqual(["QueryOrder failed at the client: boom"]);
  });
});
