// The codec's fast paths (fast-wire.ts) against the general wire tree (wire.ts): the same JSON text,
// msgpack bytes that decode to the same tree, and the fallback taken for every value they do not
// cover. Reference: packr.pack(toWire(v)) / JSON.stringify(toWire(v)), the format stored before.
import fc from "fast-check";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { RecordCodec } from "../../../src/cache/database/codec.js";
import { jsonInto, msgpackFast } from "../../../src/cache/database/fast-wire.js";
import { MsgpackBuffer } from "../../../src/cache/database/msgpack-buffer.js";
import { toWire } from "../../../src/cache/database/wire.js";
import { EUR, JPY, USD } from "../../../src/model/currency.js";
import { Money, Price, Quantity } from "../../../src/model/values.js";
import { accountState, apply, fillEvent, makeOrder, openPosition, SPY } from "../fixtures.js";

const packr = new Packr({ useRecords: false, int64AsType: "bigint", useBigIntExtension: true, mapsAsObjects: true });

function jsonFast(value: unknown, iso: boolean): string | undefined {
  const out = new MsgpackBuffer(8);
  return jsonInto(out, value, iso) ? out.buf.toString("utf8", 0, out.pos) : undefined;
}

function fastMsgpack(value: unknown, iso: boolean): Buffer | undefined {
  const out = new MsgpackBuffer(8);
  return msgpackFast(out, value, iso) ? out.copy() : undefined;
}

/** The fast paths agree with the general path on `value` (both encodings, with and without ISO). */
function agrees(value: unknown): void {
  for (const iso of [false, true]) {
    const json = jsonFast(value, iso);
    expect(json).toBeDefined();
    expect(json).toBe(JSON.stringify(toWire(value, { bigintNative: false, iso })));
    const bytes = fastMsgpack(value, iso);
    expect(bytes).toBeDefined();
    expect(packr.unpack(bytes as Buffer)).toEqual(packr.unpack(packr.pack(toWire(value, { bigintNative: true, iso }))));
  }
}

function records(): unknown[] {
  const o = makeOrder({ id: "FW-1", qty: "100" });
  for (const step of [{ kind: "submit" }, { kind: "accept", voi: "V-FW-1" }, { kind: "fill", qty: "30", px: "100.05", tradeId: "T-FW-1", commission: "0.0035" }] as const) apply(o, step);
  const position = openPosition(SPY, "P-FW-1", "BUY", "10", "501.23");
  return [...o.events, fillEvent(o, "5", "99.5", "T-FW-2"), accountState(7n), ...position.fills, { clientOrderIds: ["a", "b"], tsInit: 3n }];
}

const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ minLength: 30, maxLength: 300 }),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.integer(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 0n, max: 1n << 62n }),
  fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((r) => Price.fromRaw(r * 1000n, 6)),
  fc.bigInt({ min: 0n, max: 10n ** 15n }).map((r) => Quantity.fromRaw(r * 1_000_000n, 3)),
  fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).map((r) => Money.fromRaw(r, USD)),
  fc.constantFrom(USD, EUR, JPY),
);
const key = fc.oneof(fc.constantFrom("tsEvent", "tsInit", "expireTime", "ts", "price", "0", "10"), fc.string().filter((k) => !k.startsWith("$") && k !== "__proto__"));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, leaf, tie("arr"), tie("obj")),
  arr: fc.array(tie("node"), { maxLength: 20 }),
  obj: fc.dictionary(key, tie("node"), { maxKeys: 20 }),
})).node;

describe("fast wire encoding", () => {
  it("agrees with the general path on the model's records", () => {
    for (const r of records()) agrees(r);
  });

  it("agrees with the general path on any tree of the values it covers (property)", () => {
    fc.assert(fc.property(tree, (v) => agrees(v)), { numRuns: 1000 });
  });

  it("agrees on every integer format boundary and on long and non-ASCII strings", () => {
    const ints = [0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -1, -32, -33, -128, -129, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 0.5, 1e300];
    const bigs = [0n, -1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, -(1n << 63n)];
    agrees({ ints, bigs, s: ["é", "x".repeat(31), "x".repeat(32), "€".repeat(11), "x".repeat(70_000), "é".repeat(30_000)] });
  });

  it("writes fixed-point text as toString does at every precision, sign and magnitude", () => {
    const units = [0n, 1n, -1n, 5n, 999_999_999n, 1_000_000_000n, -1_000_000_000n, 35n, -35_000n, 123_456_789_012n, 10n ** 14n - 3n, -(10n ** 14n) + 7n];
    const values: unknown[] = [];
    for (const unit of units) {
      for (const precision of [0, 1, 2, 3, 6, 8, 9]) {
        const raw = (unit % 10n ** BigInt(6 + precision)) * 10n ** BigInt(9 - precision); // within the value bound
        values.push(Price.fromRaw(raw, precision), Quantity.fromRaw(raw < 0n ? -raw : raw, precision));
      }
      values.push(Money.fromRaw(unit, USD), Money.fromRaw(unit * 1000n, JPY), Money.fromRaw(-unit * 10_000_000n, EUR));
    }
    for (const v of values) expect(jsonFast({ v }, false)).toBe(JSON.stringify({ v: toWire(v, { bigintNative: false, iso: false }) }));
    agrees({ values });
  });

  it("a repeated bigint (tsEvent === tsInit) and the next different one are both written exactly", () => {
    agrees({ tsEvent: 5n, tsInit: 5n, a: [5n, 6n, 6n, -6n, 1_700_000_000_000_000_000n, 1_700_000_000_000_000_000n, 1_700_000_000_000_000_001n] });
    expect(jsonFast({ tsEvent: 7n, tsInit: 7n, tsLast: 8n }, false)).toBe('{"tsEvent":{"$n":"7"},"tsInit":{"$n":"7"},"tsLast":{"$n":"8"}}');
    expect(jsonFast({ tsEvent: 7n, tsInit: 7n, tsLast: 8n }, true)).toBe('{"tsEvent":"1970-01-01T00:00:00.000000007Z","tsInit":"1970-01-01T00:00:00.000000007Z","tsLast":"1970-01-01T00:00:00.000000008Z"}');
  });

  it("gives up on the values only the general path writes: -0, NaN, Infinity, undefined items, $ keys, bigints past 64 bits, class instances", () => {
    for (const v of [{ a: -0 }, { a: Number.NaN }, [Number.POSITIVE_INFINITY], [undefined], { $k: 1 }, { a: { $px: "1" } }, new Map(), () => 1]) {
      expect(jsonFast(v, false), String(v)).toBeUndefined();
      expect(fastMsgpack(v, false), String(v)).toBeUndefined();
    }
    expect(fastMsgpack(1n << 64n, false)).toBeUndefined();
    expect(fastMsgpack(-(1n << 63n) - 1n, false)).toBeUndefined();
    // Beyond 64 bits JSON still has a fast path ({"$n": text}).
    expect(jsonFast(1n << 70n, false)).toBe(`{"$n":"${1n << 70n}"}`);
  });

  it("the codec falls back to the general path, so those values still round-trip", () => {
    for (const encoding of ["json", "msgpack"] as const) {
      const codec = new RecordCodec({ encoding });
      const v = { a: -0, b: [undefined, 1], c: { $k: Price.from("1.5") }, d: -(1n << 80n) };
      const back = codec.decode("k", codec.encode(v)) as typeof v;
      expect(Object.is(back.a, -0)).toBe(true);
      expect(back.b).toEqual([undefined, 1]);
      expect(back.c.$k.raw).toBe(1_500_000_000n);
      expect(back.d).toBe(-(1n << 80n));
      expect(() => codec.encode({ m: new Map() })).toThrow(/Map/);
    }
  });

  it("encodeInto writes one str holding exactly encode()'s bytes, for fast and general records alike", () => {
    for (const encoding of ["json", "msgpack"] as const) {
      const codec = new RecordCodec({ encoding });
      for (const v of [...records(), { a: -0, b: [undefined] }, "é".repeat(40)]) {
        const out = new MsgpackBuffer(4);
        out.str("before");
        codec.encodeInto(out, v);
        const [before, bytes] = packr.unpack(Buffer.concat([Buffer.from([0x92]), out.copy()])) as [string, string];
        expect(before).toBe("before");
        const expected = codec.encode(v);
        expect(Buffer.from(bytes, "latin1").length > 0).toBe(true);
        expect(out.copy(1 + 6 + 5)).toEqual(typeof expected === "string" ? Buffer.from(expected, "utf8") : expected);
      }
    }
  });

  it("each encode returns its own bytes (the scratch buffer is not shared with the caller)", () => {
    const codec = new RecordCodec({ encoding: "msgpack" });
    const a = codec.encode({ n: 1 }) as Buffer;
    const copy = Buffer.from(a);
    codec.encode({ n: 2, s: "overwrite" });
    expect(a.equals(copy)).toBe(true);
  });
});
