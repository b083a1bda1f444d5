/**
 * The direct tick decoder against @stoqey's own Decoder: for any TICK_PRICE / TICK_SIZE message it
 * handles, both emit the same events (names, arguments, order); it handles every message of the
 * plain shape a gateway sends; anything else is left to @stoqey.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTickFrame, type TickSink } from "../../../../src/adapters/ib/connection/tick-frames.js";

type Event = [string, ...unknown[]];

interface StoqeyDecoder {
  enqueueMessage(tokens: string[]): void;
  process(): void;
}
const require = createRequire(import.meta.url);
const { Decoder } = require("@stoqey/ib/dist/core/io/decoder.js") as { Decoder: new (callback: unknown) => StoqeyDecoder };

/** What @stoqey emits for one framed message (its Socket.onMessage tokenizing, then its Decoder). */
function stoqeyEvents(text: string): Event[] {
  const events: Event[] = [];
  const decoder = new Decoder({
    serverVersion: 193,
    emitEvent: (name: string, ...args: unknown[]) => events.push([name, ...args]),
    emitError: (message: string, code: number) => events.push(["error", message, code]),
    emitInfo: (message: string, code: number) => events.push(["info", message, code]),
  });
  decoder.enqueueMessage(text.split("\0").slice(0, -1));
  decoder.process();
  return events;
}

/** What our decoder emits for the message, read in place from the middle of a larger read; undefined when it leaves it to @stoqey. */
function ourEvents(text: string): Event[] | undefined {
  const events: Event[] = [];
  const message = Buffer.from(text, "utf8");
  const read = Buffer.concat([Buffer.from("\u0000\u00009\u0000"), message, Buffer.from("2\u00001\u0000")]);
  const sink: TickSink = {
    tickPrice: (...args) => events.push(["tickPrice", ...args]),
    tickSize: (...args) => events.push(["tickSize", ...args]),
  };
  return decodeTickFrame(read, 4, 4 + message.length, sink) ? events : undefined;
}

/** Ours equals @stoqey's, or ours left it to @stoqey. */
function agrees(text: string): boolean {
  const ours = ourEvents(text);
  if (ours !== undefined) expect(ours).toEqual(stoqeyEvents(text));
  return ours !== undefined;
}

const frame = (tokens: readonly (string | number)[]): string => `${tokens.join("\0")}\0`;

const number = fc.oneof(
  fc.constantFrom("", "0", "-1", "1.7976931348623157E308", "Infinity", "NaN", "abc", "1e3", "0.0001", "12,345.5", "2147483647"),
  fc.double({ noNaN: true, min: -1e9, max: 1e9 }).map(String),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
);
/** What a gateway sends: plain decimals, no exponent, at most 15 digits. */
const plainPrice = fc.oneof(
  fc.integer({ min: -99_999_999, max: 99_999_999 }).map((c) => (c / 100).toFixed(2)),
  fc.integer({ min: 0, max: 99_999_999_999 }).chain((m) => fc.integer({ min: 0, max: 4 }).map((k) => (m / 10 ** k).toFixed(k))),
  fc.constantFrom("", "0", "-1", "0.0001", "-0", "-0.0", "5.", ".5", "000580.25", "999999999999999", "0.00000000000001"),
);
const plainSize = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }).map(String), fc.constantFrom("", "0", "1.5", "0.0001"));
const tickType = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 9, 14, 66, 67, 68, 69, 70, 71), fc.integer({ min: 0, max: 100 }));

describe("decodeTickFrame", () => {
  it("emits what @stoqey emits for any TICK_PRICE (versions 1-6)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1 << 30 }), tickType, number, number, fc.constantFrom("0", "1", "3", ""), (version, id, type, price, size, mask) => {
      const tokens: (string | number)[] = [1, version, id, type, price];
      if (version >= 2) tokens.push(size);
      if (version >= 3) tokens.push(mask);
      agrees(frame(tokens));
    }), { numRuns: 2000 });
  });

  it("handles every TICK_PRICE and TICK_SIZE of the plain shape a gateway sends, as @stoqey does", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1 << 30 }), tickType, plainPrice, plainSize, fc.constantFrom("0", "1", "3", ""), (version, id, type, price, size, mask) => {
      const tokens: (string | number)[] = [1, version, id, type, price];
      if (version >= 2) tokens.push(size);
      if (version >= 3) tokens.push(mask);
      expect(agrees(frame(tokens))).toBe(true);
      expect(agrees(frame([2, version, id, type, size]))).toBe(true);
    }), { numRuns: 2000 });
  });

  it("emits what @stoqey emits for any TICK_SIZE", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1 << 30 }), tickType, number, (version, id, type, size) => {
      agrees(frame([2, version, id, type, size]));
    }), { numRuns: 1000 });
  });

  it("the sizes of BID are dropped as @stoqey drops them (tick type 0 is falsy); ASK, LAST and delayed ones are not", () => {
    expect(ourEvents(frame([1, 6, 7, 1, "580.01", "100", 1]))).toEqual([["tickPrice", 7, 1, 580.01, true]]);
    expect(ourEvents(frame([1, 6, 7, 2, "580.02", "200", 0]))).toEqual([["tickPrice", 7, 2, 580.02, false], ["tickSize", 7, 3, 200]]);
    expect(ourEvents(frame([1, 6, 7, 67, "1.5", "3", 0]))).toEqual([["tickPrice", 7, 67, 1.5, false], ["tickSize", 7, 70, 3]]);
    expect(ourEvents(frame([2, 6, 7, 0, "1234"]))).toEqual([["tickSize", 7, 0, 1234]]);
  });

  it("leaves other messages, and ticks of an unexpected shape, to @stoqey", () => {
    const others = [
      frame([3, 6, 1, "Filled"]), // ORDER_STATUS
      frame([12, 1, 2]), // id 12 starts with "1"
      frame([21, 1, 2]), // id 21 starts with "2"
      frame([1, 6, 7, 1, "580", "100"]), // version 6 without its mask
      frame([1, 6, 7, 1, "580", "100", 1, "extra"]),
      frame([1, "x", 7, 1, "580", "100", 1]),
      frame([2, 6, 7, 0]), // TICK_SIZE without its size
      "1\u00006\u00007\u00001\u0000580\u0000100\u00001", // no trailing NUL
      "",
      // Numbers read differently than plain decimals (parseFloat / parseInt rules): @stoqey's.
      frame([2, 6, 7, 0, "1,234"]),
      frame([1, 6, 7, 1, "1e3", "100", 1]),
      frame([1, 6, 7, 1, "1.7976931348623157E308", "100", 1]),
      frame([1, 6, 7, 1, "1234567890123456", "100", 1]), // 16 digits
      frame([1, 6, 7, 1, "1.2.3", "100", 1]),
      frame([1, 6, 7, 1, "-", "100", 1]),
      frame([1, 6, "7.5", 1, "580", "100", 1]),
      frame([1, 6, 7, 1, "Infinity", "100", 1]),
      frame([1, 6, 7, 1, " 580", "100", 1]),
      frame([1, 6, 7, 1, "58\u00e9", "100", 1]),
    ];
    for (const text of others) expect(ourEvents(text)).toBeUndefined();
    // @stoqey reports the malformed ones (so they must reach it).
    expect(stoqeyEvents(frame([1, 6, 7, 1, "580", "100"])).some(([name]) => name === "error")).toBe(true);
  });
});
