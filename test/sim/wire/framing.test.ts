import { describe, expect, it } from "vitest";
import { encodeFrame, encodeFrames, FrameReader, parseVersionString, splitFields, type FrameEvent } from "../../../src/sim/wire/framing.js";
import { clientHandshake } from "./stoqey-harness.js";

const frames = (evs: FrameEvent[]): string[][] => evs.flatMap((e) => (e.kind === "frame" ? [e.tokens] : []));

describe("encodeFrame", () => {
  it("prefixes the byte length, counts the trailing NUL and NUL-terminates every field", () => {
    const f = encodeFrame([9, 1, 42]);
    expect(f.readUInt32BE(0)).toBe(f.length - 4);
    expect(f.subarray(4).toString("latin1")).toBe("9\u00001\u000042\u0000");
  });
  it("writes undefined as empty, booleans as 1/0, non-finite numbers as empty", () => {
    const f = encodeFrame([undefined, true, false, NaN, Infinity, "x"]);
    expect(splitFields(f.subarray(4).toString("utf8"))).toEqual(["", "1", "0", "", "", "x"]);
  });
  it("counts UTF-8 bytes, not characters", () => {
    const f = encodeFrame(["é€"]);
    expect(f.readUInt32BE(0)).toBe(Buffer.byteLength("é€\0"));
  });
});

describe("encodeFrames", () => {
  it("is byte for byte the concatenation of the single frames", () => {
    const list = [[1, 6, 7, 1, 600.01, "5", 1], [2, 6, 7, 0, "5"], [46, 6, 7, 45, "é"]];
    expect(encodeFrames(list).equals(Buffer.concat(list.map((f) => encodeFrame(f))))).toBe(true);
  });
});

describe("FrameReader", () => {
  it("reads the 17-byte client handshake exactly", () => {
    const hs = clientHandshake();
    expect(hs.length).toBe(17);
    const evs = new FrameReader().push(hs);
    expect(evs).toEqual([{ kind: "handshake", minVersion: 100, maxVersion: 193, raw: "v100..193" }]);
  });

  it("handles the handshake and frames split byte by byte", () => {
    const bytes = Buffer.concat([clientHandshake(), encodeFrame([71, 2, 7, ""]), encodeFrame([49, 1])]);
    const r = new FrameReader();
    const evs: FrameEvent[] = [];
    for (const b of bytes) evs.push(...r.push(Buffer.from([b])));
    expect(evs[0]?.kind).toBe("handshake");
    expect(frames(evs)).toEqual([["71", "2", "7", ""], ["49", "1"]]);
    expect(r.pending).toBe(0);
  });

  it("handles many frames coalesced in one chunk, with the handshake", () => {
    const many = Array.from({ length: 100 }, (_, k) => encodeFrame([1, 11, k]));
    const evs = new FrameReader().push(Buffer.concat([clientHandshake(), ...many]));
    expect(frames(evs)).toHaveLength(100);
    expect(frames(evs)[99]).toEqual(["1", "11", "99"]);
  });

  it("keeps a partial frame until the rest arrives", () => {
    const r = new FrameReader();
    r.push(clientHandshake());
    const f = encodeFrame([5, 1]);
    expect(r.push(f.subarray(0, 6))).toEqual([]);
    expect(r.pending).toBe(6);
    expect(frames(r.push(f.subarray(6)))).toEqual([["5", "1"]]);
  });

  it("reports an oversize frame once and stops reading", () => {
    const r = new FrameReader(1000);
    r.push(clientHandshake());
    const hdr = Buffer.alloc(4);
    hdr.writeUInt32BE(5000, 0);
    const evs = r.push(hdr);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ kind: "violation" });
    expect(r.push(encodeFrame([49, 1]))).toEqual([]);
  });

  it("rejects a connection that does not start with API\\0", () => {
    const evs = new FrameReader().push(Buffer.from("GET / HTTP/1.1\r\n"));
    expect(evs[0]).toMatchObject({ kind: "violation" });
  });

  it("rejects a garbage version string", () => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(3, 0);
    const evs = new FrameReader().push(Buffer.concat([Buffer.from("API\0"), len, Buffer.from("xyz")]));
    expect(evs[0]).toMatchObject({ kind: "violation" });
  });
});

describe("parseVersionString", () => {
  it("reads ranges and single versions", () => {
    expect(parseVersionString("v100..193")).toEqual({ minVersion: 100, maxVersion: 193 });
    expect(parseVersionString("v100")).toEqual({ minVersion: 100, maxVersion: 100 });
    expect(parseVersionString("100")).toBeUndefined();
  });
});
