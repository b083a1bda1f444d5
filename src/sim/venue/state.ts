/**
 * Venue state as JSON: `StoredState` (what `snapshot()` returns and `restore()` takes), the
 * bigint <-> `{"$dec": "..."}` encoding that makes internal records JSON-safe, a structural check
 * of a state read from outside, and atomic save / load to a file with CORTANA_E_SIM_STATE errors
 * that name the file and the problem.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { CortanaError } from "../../common/errors.js";
import type { VenueOptions, VenueState } from "./api.js";
import type { CommissionTable } from "./commissions.js";
import type { ExecRec } from "./core.js";
import type { Instrument } from "./instruments.js";
import type { MarketState } from "./marketdata.js";

/** A record with bigints replaced by `{ $dec: "<digits>" }` (the raw scaled integer). */
export type Encoded = unknown;

export interface StoredState extends VenueState {
  version: 1;
  seed: number;
  startMs: number;
  nowMs: number;
  options: VenueOptions;
  commissions: CommissionTable;
  accounts: { id: string; currency: string; cash: Encoded; realized: Encoded }[];
  instruments: Instrument[];
  market: MarketState[];
  positions: Encoded[];
  orders: Encoded[];
  executions: ExecRec[];
  maxOrderIds: [number, number][];
  permIdNext: number;
  execSeqNext: number;
  boundIdNext: number;
  rejectNext: string | null;
}

export function encodeDecs(value: unknown): unknown {
  if (typeof value === "bigint") return { $dec: value.toString() };
  if (Array.isArray(value)) return value.map(encodeDecs);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeDecs(v);
    return out;
  }
  return value;
}

export function decodeDecs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeDecs);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === "$dec" && typeof obj.$dec === "string" && /^-?\d+$/.test(obj.$dec)) return BigInt(obj.$dec);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = decodeDecs(v);
    return out;
  }
  return value;
}

const ARRAYS = ["accounts", "instruments", "market", "positions", "orders", "executions", "maxOrderIds"] as const;
const NUMBERS = ["seed", "startMs", "nowMs", "permIdNext", "execSeqNext", "boundIdNext"] as const;

/** Structural check of a state from outside; the problem list is empty when it looks like a v1 state. */
export function stateProblems(value: unknown): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return ["the state is not a JSON object"];
  const s = value as Record<string, unknown>;
  if (s.version !== 1) return [`version: expected 1, got ${JSON.stringify(s.version)}`];
  const problems: string[] = [];
  for (const k of ARRAYS) if (!Array.isArray(s[k])) problems.push(`${k}: expected an array`);
  for (const k of NUMBERS) if (typeof s[k] !== "number" || !Number.isFinite(s[k])) problems.push(`${k}: expected a number`);
  if (s.options === null || typeof s.options !== "object") problems.push("options: expected an object");
  if (s.commissions === null || typeof s.commissions !== "object") problems.push("commissions: expected an object");
  if (s.rejectNext !== null && typeof s.rejectNext !== "string") problems.push("rejectNext: expected a string or null");
  return problems;
}

export function assertState(value: unknown, origin: string): StoredState {
  const problems = stateProblems(value);
  if (problems.length > 0) {
    throw new CortanaError("CORTANA_E_SIM_STATE", `${origin} is not a simulator state: ${problems.join("; ")}`, { details: problems });
  }
  return value as StoredState;
}

/** Write the state atomically (temp file + rename), so a crash never leaves half a file. */
export async function saveStateFile(path: string, state: VenueState): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(state)}\n`, "utf8");
    await rename(tmp, path);
  } catch (cause) {
    throw new CortanaError("CORTANA_E_SIM_STATE", `cannot write simulator state file ${path}: ${(cause as Error).message}`, { cause });
  }
}

export async function loadStateFile(path: string): Promise<StoredState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new CortanaError("CORTANA_E_SIM_STATE", `cannot read simulator state file ${path}: ${(cause as Error).message}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CortanaError("CORTANA_E_SIM_STATE", `simulator state file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return assertState(parsed, `simulator state file ${path}`);
}
