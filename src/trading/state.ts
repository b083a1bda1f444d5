/**
 * Strategy state as the cache stores it. `onSave` returns text or bytes per key; the cache (and
 * its Redis backend) keeps strings. Each value is stored tagged: `s:` + text, or `b:` + base64
 * bytes, so a round trip returns exactly what was saved, type included. An untagged value (written
 * by other tooling) loads as text.
 *
 * Entry points: `encodeState`, `decodeState`.
 */
import type { StrategyState } from "../cache/database.js";
import type { ActorState } from "./actor.js";

export function encodeState(state: ActorState): StrategyState {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === "string") out[key] = `s:${value}`;
    else if (value instanceof Uint8Array) out[key] = `b:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64")}`;
    else throw new Error(`state value ${JSON.stringify(key)} must be a string or a Uint8Array`);
  }
  return out;
}

export function decodeState(stored: StrategyState): ActorState {
  const out: ActorState = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value.startsWith("b:")) out[key] = new Uint8Array(Buffer.from(value.slice(2), "base64"));
    else if (value.startsWith("s:")) out[key] = value.slice(2);
    else out[key] = value;
  }
  return out;
}
