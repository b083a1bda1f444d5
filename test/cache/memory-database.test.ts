import { describe, expect, it } from "vitest";
import { InMemoryCacheDatabase } from "../../src/cache/memory-database.js";
import { describeCacheDatabaseContract } from "./database-contract.js";

describeCacheDatabaseContract("in-memory", async () => new InMemoryCacheDatabase());

describe("InMemoryCacheDatabase", () => {
  it("refuses sync and flush after close", async () => {
    const db = new InMemoryCacheDatabase();
    await db.close();
    await expect(db.sync()).rejects.toThrow(/closed/);
    await expect(db.flush()).rejects.toThrow(/closed/);
  });
});
