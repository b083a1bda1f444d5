/**
 * The node's framing of @stoqey/ib's socket (frames.ts): the writer sends @stoqey's exact bytes,
 * the reader cuts any read pattern into the same messages in order, ticks take the direct decoder,
 * and a real IBApi with the framing installed sees what a plain one sees from the simulator.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from "@stoqey/ib";
import { FrameReader, MAX_FRAME_BYTES, installFraming, sendFrame, type StoqeySocket } from "../../../../src/adapters/ib/connection/frames.js";
import { Simulator } from "../../../../src/sim/index.js";

const require = createRequire(import.meta.url);
const { Socket } = require("@stoqey/ib/dist/core/io/socket.js") as { Socket: { prototype: { send(tokens: unknown[]): void } } };

interface Fake extends StoqeySocket {
  written: Buffer[];
  events: unknown[][];
  messages: string[];
  disconnected: number;
  listeners: Record<string, number>;
  /** Emitted on the IBApi directly (not through the controller's emitEvent). */
  apiEvents: unknown[][];
}

/** A @stoqey Socket (its prototype: the original send and helpers) on fake I/O. */
function fakeSocket(): Fake {
  const fake: Fake = Object.assign(Object.create(Socket.prototype) as Fake, {
    written: [], events: [], apiEvents: [], messages: [], disconnected: 0, listeners: {},
    useV100Plus: true,
    _v100MessageBuffer: Buffer.alloc(0),
    dataFragment: "",
    client: { write: (b: Buffer) => fake.written.push(Buffer.from(b)) } as never,
    onData: () => undefined,
    onMessage: (text: string) => fake.messages.push(text),
    disconnect: () => void fake.disconnected++,
    controller: {
      ib: { listenerCount: (e: string) => fake.listeners[e] ?? 0, emit: (name: string, ...args: unknown[]) => fake.apiEvents.push([name, ...args]) },
      emitEvent: (name: string, ...args: unknown[]) => fake.events.push([name, ...args]),
      emitError: (message: string, code: number) => fake.events.push(["error", message, code]),
    },
  });
  return fake;
}

/** A V100 frame as the gateway sends it: length prefix, tokens joined by NUL, trailing NUL. */
function frameOf(tokens: readonly (string | number)[]): Buffer {
  const body = Buffer.from(`${tokens.join("\0")}\0`, "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

describe("sendFrame", () => {
  const token = fc.oneof(
    fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined), fc.constant(null),
    fc.string({ unit: "binary", maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 12 }),
  );
  const tokens = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.array(fc.oneof(token, fc.array(fc.oneof(token, fc.array(token, { maxLength: 3 })), { maxLength: 4 })), { maxLength: 40 }));

  it("writes @stoqey's exact bytes and emits the same `sent` event, for any message", () => {
    fc.assert(fc.property(tokens, ([id, rest]) => {
      const theirs = fakeSocket();
      Socket.prototype.send.call(theirs, [id, ...rest]);
      const ours = fakeSocket();
      sendFrame(ours, [id, ...rest], Socket.prototype.send);
      expect(ours.written).toEqual(theirs.written);
      expect(ours.events).toEqual(theirs.events);
    }), { numRuns: 1000 });
  });

  it("leaves a message that starts with a string (the API handshake) to @stoqey", () => {
    const ours = fakeSocket();
    const seen: unknown[][] = [];
    sendFrame(ours, ["API\0", 0, 0, 0, 9, "v100..193"], (t) => seen.push(t));
    expect(seen).toEqual([["API\0", 0, 0, 0, 9, "v100..193"]]);
    expect(ours.written).toEqual([]);
  });
});

describe("FrameReader", () => {
  const messages = [[3, 6, 11, "Filled", "1"], [4, 2, -1, 2104, "Market data farm connection is OK:usfarm", ""], [9, 1, 17], [49, 1, "20261127 15:00:00"]];
  const bytes = Buffer.concat(messages.map(frameOf));
  const texts = messages.map((m) => `${m.join("\0")}\0`);

  it("hands @stoqey the same messages in order however the reads cut them", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
      const socket = fakeSocket();
      const reader = new FrameReader(socket);
      let from = 0;
      for (const at of [...cuts].sort((a, b) => a - b)) {
        reader.push(bytes.subarray(from, at));
        from = at;
      }
      reader.push(bytes.subarray(from));
      expect(socket.messages).toEqual(texts);
    }), { numRuns: 300 });
  });

  it("takes over the partial message @stoqey buffered before it was installed", () => {
    const socket = fakeSocket();
    socket._v100MessageBuffer = Buffer.from(bytes.subarray(0, 7));
    new FrameReader(socket).push(bytes.subarray(7));
    expect(socket.messages).toEqual(texts);
    expect(socket._v100MessageBuffer.length).toBe(0);
  });

  it("decodes ticks directly, unless someone listens to @stoqey's `received` event", () => {
    const tick = frameOf([1, 6, 5, 2, "580.02", "200", 1]);
    const socket = fakeSocket();
    const reader = new FrameReader(socket);
    reader.push(tick);
    expect(socket.messages).toEqual([]);
    // Straight on the IBApi while nobody listens to `result` / `all`; through @stoqey's controller (which emits those too) once someone does.
    expect(socket.apiEvents).toEqual([["tickPrice", 5, 2, 580.02, true], ["tickSize", 5, 3, 200]]);
    expect(socket.events).toEqual([]);
    socket.listeners["all"] = 1;
    reader.push(tick);
    expect(socket.events).toEqual([["tickPrice", 5, 2, 580.02, true], ["tickSize", 5, 3, 200]]);
    expect(socket.apiEvents).toHaveLength(2);
    socket.listeners["received"] = 1;
    reader.push(tick);
    expect(socket.messages).toEqual([`1\u00006\u00005\u00002\u0000580.02\u0000200\u00001\u0000`]);
  });

  it("refuses an oversize message as @stoqey does: error, disconnect, nothing decoded", () => {
    const socket = fakeSocket();
    const head = Buffer.alloc(4);
    head.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    new FrameReader(socket).push(Buffer.concat([head, Buffer.alloc(16)]));
    expect(socket.messages).toEqual([]);
    expect(socket.disconnected).toBe(1);
    expect(socket.events).toEqual([["error", `Message of size ${MAX_FRAME_BYTES + 1} exceeded max message length ${MAX_FRAME_BYTES}`, 502]]);
  });

  it("a message whose handling throws is reported, and the messages after it still flow", () => {
    const socket = fakeSocket();
    socket.onMessage = (text) => {
      if (text.startsWith("4\0")) throw new Error("a handler's bug");
      socket.messages.push(text);
    };
    const thrown: unknown[] = [];
    new FrameReader(socket, (err) => thrown.push(err)).push(bytes);
    expect(thrown.map((e) => (e as Error).message)).toEqual(["a handler's bug"]);
    expect(socket.messages).toEqual([texts[0], texts[2], texts[3]]);
  });

  it("installFraming refuses an API whose internals are not the expected ones", () => {
    expect(installFraming({} as IBApi)).toBe(false);
    const api = new IBApi({ host: "127.0.0.1", port: 1, clientId: 1, maxReqPerSec: 100 });
    (api as unknown as { controller: { socket: { useV100Plus: boolean } } }).controller.socket.useV100Plus = false;
    expect(installFraming(api)).toBe(false);
  });
});

describe("on the wire, against the simulator", () => {
  const SPY: Contract = { conId: 756733, symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
  let sim: Simulator | undefined;
  const apis: IBApi[] = [];
  afterEach(async () => {
    for (const api of apis.splice(0)) api.disconnect();
    await sim?.stop();
    sim = undefined;
  });

  async function connect(port: number, clientId: number, framing: boolean): Promise<{ api: IBApi; ticks: unknown[][]; nextId: number }> {
    const api = new IBApi({ host: "127.0.0.1", port, clientId, maxReqPerSec: 100 });
    apis.push(api);
    const ticks: unknown[][] = [];
    api.on(EventName.tickPrice, (...a: unknown[]) => ticks.push(["tickPrice", ...a]));
    api.on(EventName.tickSize, (...a: unknown[]) => ticks.push(["tickSize", ...a]));
    api.on(EventName.error, () => undefined);
    const nextId = await new Promise<number>((resolve) => {
      api.once(EventName.nextValidId, (id: number) => resolve(id));
      api.connect();
    });
    if (framing) expect(installFraming(api)).toBe(true);
    return { api, ticks, nextId };
  }

  const until = async (check: () => boolean, what: string): Promise<void> => {
    const end = Date.now() + 3000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it("messages go straight to the socket: @stoqey's own limiter no longer holds any (the node's pacer paces)", async () => {
    sim = await Simulator.start({ port: 0, tickMs: 0 });
    const count = (api: IBApi): (() => number) => {
      const client = (api as unknown as { controller: { socket: { client: { write(b: Buffer): boolean } } } }).controller.socket.client;
      const write = client.write.bind(client);
      let n = 0;
      client.write = (b: Buffer) => {
        n++;
        return write(b);
      };
      return () => n;
    };
    // maxReqPerSec 100: @stoqey's limiter lets 10 messages through per 100 ms.
    const plain = (await connect(sim.port, 3, false)).api;
    const framed = (await connect(sim.port, 4, true)).api;
    const plainWrites = count(plain);
    const framedWrites = count(framed);
    for (let i = 0; i < 30; i++) {
      plain.reqCurrentTime();
      framed.reqCurrentTime();
    }
    expect(framedWrites()).toBe(30);
    expect(plainWrites()).toBeLessThan(30);
  });

  it("market data arrive as for a plain @stoqey client, and orders and requests go out intact", async () => {
    sim = await Simulator.start({ port: 0, tickMs: 0 });
    const plain = await connect(sim.port, 1, false);
    const framed = await connect(sim.port, 2, true);
    plain.api.reqMktData(1, SPY, "", false, false);
    framed.api.reqMktData(1, SPY, "", false, false);
    const bidIs = (ticks: unknown[][], price: number) => ticks.some(([n, , t, p]) => n === "tickPrice" && t === 1 && p === price);
    await until(() => plain.ticks.length > 0 && framed.ticks.length > 0, "the initial images");
    for (const price of [601.5, 602.25, 599.75, 600]) {
      expect(sim.venue.movePrice(SPY.conId!, price).ok).toBe(true);
      await until(() => bidIs(plain.ticks, price) && bidIs(framed.ticks, price), `bid ${price}`);
    }
    await until(() => framed.ticks.length === plain.ticks.length, "the same number of ticks");
    expect(framed.ticks).toEqual(plain.ticks);

    const status = new Promise<[number, string]>((resolve) => framed.api.on(EventName.orderStatus, (id: number, s: string) => resolve([id, s])));
    const openOrder = new Promise<string | undefined>((resolve) => framed.api.on(EventName.openOrder, (_id: number, _c: Contract, o: { orderRef?: string }) => resolve(o.orderRef)));
    framed.api.placeOrder(framed.nextId, SPY, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 500, totalQuantity: 1, transmit: true, orderRef: "O-é-1" });
    expect(await openOrder).toBe("O-é-1");
    expect((await status)[0]).toBe(framed.nextId);
    const time = new Promise<number>((resolve) => framed.api.once(EventName.currentTime, (t: number) => resolve(t)));
    framed.api.reqCurrentTime();
    expect(await time).toBeGreaterThan(1_700_000_000);
  });
});
