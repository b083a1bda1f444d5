import { describe, expect, it } from "vitest";
import { ClientRouter } from "../../src/data/routing.js";
import { ClientId, Venue } from "../../src/model/identifiers.js";

const client = (id: string, venue: string) => ({ clientId: ClientId(id), venue: Venue(venue) });

describe("ClientRouter", () => {
  const ib = client("IB", "IB");
  const sim = client("SIM", "SIM");
  const other = client("OTHER", "OTHER");

  function router() {
    const r = new ClientRouter<typeof ib>("execution");
    r.register(ib, { default: true, venues: ["NASDAQ", "SMART"] });
    r.register(sim, {});
    r.register(other);
    return r;
  }

  it.each([
    ["explicit client id wins over venue", "SIM", "NASDAQ", "SIM"],
    ["unknown explicit id falls back to venue routing", "NOPE", "SIM", "SIM"],
    ["routing.venues", undefined, "SMART", "IB"],
    ["the client's own venue", undefined, "OTHER", "OTHER"],
    ["routing.default for an unrouted venue", undefined, "ARCA", "IB"],
  ])("%s", (_name, clientId, venue, expected) => {
    const r = router();
    expect(r.resolve(clientId === undefined ? undefined : ClientId(clientId), Venue(venue))?.clientId).toBe(expected);
  });

  it("no route and no default resolves to undefined", () => {
    const r = new ClientRouter<typeof ib>("execution");
    r.register(sim);
    expect(r.resolve(undefined, Venue("ARCA"))).toBeUndefined();
  });

  it("rejects a duplicate client id, a second default and a venue routed twice", () => {
    const r = router();
    expect(() => r.register(client("IB", "X"))).toThrow(/execution client IB is already registered/);
    expect(() => r.register(client("B", "B"), { default: true })).toThrow(/already the default/);
    expect(() => r.register(client("C", "C"), { venues: ["SMART"] })).toThrow(/already routed to IB/);
    // a failed registration leaves nothing behind
    expect(r.get(ClientId("C"))).toBeUndefined();
    expect(r.forVenue(Venue("C"))?.clientId).toBe("IB");
  });

  it("deregister removes venue routes and the default", () => {
    const r = router();
    expect(r.deregister(ClientId("IB"))).toBe(true);
    expect(r.resolve(undefined, Venue("SMART"))).toBeUndefined();
    expect(r.defaultClient).toBeUndefined();
    expect(r.deregister(ClientId("IB"))).toBe(false);
    expect(r.clients().map((c) => c.clientId)).toEqual(["SIM", "OTHER"]);
  });
});

