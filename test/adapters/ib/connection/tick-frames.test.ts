/**
 * The direct tick decoder against @stoqey's own Decoder: for any TICK_PRICE / TICK_SIZE message
 * both emit the same events (names, arguments, order); anything else is left to @stoqey.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTickFrame } from "../../../../src/adapters/ib/connection/tick-frames.js";

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

function ourEvents(text: string): Event[] | undefined {
  const events: Event[] = [];
  return decodeTickFrame(text, (name, ...args) => events.push([name, ...args])) ? events : undefined;
}

const frame = (tokens: readonly (string | number)[]): string => `${tokens.join("\0")}\0`;

const number = fc.oneof(
  fc.constantFrom("", "0", "-1", "1.7976931348623157E308", "Infinity", "NaN", "abc", "1e3", "0.0001", "12,345.5", "2147483647"),
  fc.double({ noNaN: true, min: -1e9, max: 1e9 }).map(String),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
);
const tickType = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 9, 14, 66, 67, 68, 69, 70, 71), fc.integer({ min: 0, max: 100 }));

describe("decodeTickFrame", () => {
  it("emits what @stoqey emits for any TICK_PRICE (versions 1-6)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1 << 30 }), tickType, number, number, fc.constantFrom("0", "1", "3", ""), (version, id, type, price, size, mask) => {
      const tokens: (string | number)[] = [1, version, id, type, price];
      if (version >= 2) tokens.push(size);
      if (version >= 3) tokens.push(mask);
      const text = frame(tokens);
      expect(ourEvents(text)).toEqual(stoqeyEvents(text));
    }), { numRuns: 2000 });
  });

  it("emits what @stoqey emits for any TICK_SIZE", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1 << 30 }), tickType, number, (version, id, type, size) => {
      const text = frame([2, version, id, type, size]);
      expect(ourEvents(text)).toEqual(stoqeyEvents(text));
    }), { numRuns: 1000 });
  });

  it("the sizes of BID are dropped as @stoqey drops them (tick type 0 is falsy); ASK, LAST and delayed ones are not", () => {
    expect(ourEvents(frame([1, 6, 7, 1, "580.01", "100", 1]))).toEqual([["tickPrice", 7, 1, 580.01, true]]);
    expect(ourEvents(frame([1, 6, 7, 2, "580.02", "200", 0]))).toEqual([["tickPrice", 7, 2, 580.02, false], ["tickSize", 7, 3, 200]]);
    expect(ourEvents(frame([1, 6, 7, 67, "1.5", "3", 0]))).toEqual([["tickPrice", 7, 67, 1.5, false], ["tickSize", 7, 70, 3]]);
    expect(ourEvents(frame([2, 6, 7, 0, "1,234"]))).toEqual([["tickSize", 7, 0, 1234]]);
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
    ];
    for (const text of others) expect(ourEvents(text)).toBeUndefined();
    // @stoqey reports the malformed ones (so they must reach it).
    expect(stoqeyEvents(frame([1, 6, 7, 1, "580", "100"])).some(([name]) => name === "error")).toBe(true);
  });
});
