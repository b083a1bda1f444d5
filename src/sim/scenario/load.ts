/**
 * Parsing and loading of scenario files: zod validation plus the checks zod cannot do (account
 * references, conId collisions, contract references that match no instrument, client order ids).
 * Every problem is reported with its path (`openOrders[2].contract: ...`) in one
 * CORTANA_E_SCENARIO_INVALID error whose `details` holds the list.
 *
 * Entry points: `loadScenario(path)`, `parseScenario(value, origin)`.
 */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { CortanaError } from "../../common/errors.js";
import { isValidTimeZone } from "../venue/time.js";
import { resolveInstruments, type Instrument } from "../venue/instruments.js";
import { resolveContractRef } from "./refs.js";
import { scenarioSchema, type ContractRef, type Scenario } from "./schema.js";

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out === "" ? "(root)" : out;
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `${pathText(issue.path)}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return `${pathText(issue.path)}: ${issue.message}`;
}

function invalid(origin: string, problems: string[]): CortanaError {
  return new CortanaError("CORTANA_E_SCENARIO_INVALID", `${origin} is not a valid scenario:\n  - ${problems.join("\n  - ")}`, { details: problems });
}

/** Cross-field checks, with paths. Uses a fixed instant: "today" refs resolve consistently with the chain. */
function semanticProblems(s: Scenario): string[] {
  const problems: string[] = [];
  const ids = s.accounts.map((a) => a.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push(`accounts[${i}].id: duplicate account "${id}"`);
  });
  if (!isValidTimeZone(s.timeZone)) problems.push(`timeZone: unknown time zone "${s.timeZone}"`);
  let instruments: Instrument[] = [];
  try {
    instruments = resolveInstruments(s.instruments, 0);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const checkAccount = (path: string, account: string | undefined): void => {
    if (account !== undefined && account !== "" && !ids.includes(account)) problems.push(`${path}.account: unknown account "${account}" (accounts: ${ids.join(", ")})`);
  };
  const checkContract = (path: string, ref: ContractRef): void => {
    if (instruments.length === 0) return;
    const r = resolveContractRef(instruments, ref, 0);
    if (!r.ok) problems.push(`${path}.contract: ${r.reason}`);
  };
  const lists: [string, { account?: string; contract: ContractRef; clientId?: number; orderId?: number }[]][] = [
    ["positions", s.positions],
    ["openOrders", s.openOrders],
    ["completedOrders", s.completedOrders],
    ["pastExecutions", s.pastExecutions],
  ];
  for (const [name, list] of lists) {
    list.forEach((item, i) => {
      checkAccount(`${name}[${i}]`, item.account);
      checkContract(`${name}[${i}]`, item.contract);
      if (item.clientId !== undefined && item.clientId > 0 && item.orderId === 0 && name !== "pastExecutions") {
        problems.push(`${name}[${i}].orderId: an order of API client ${item.clientId} needs an orderId > 0 (orderId 0 is for orders entered in TWS, clientId 0)`);
      }
    });
  }
  s.faults.forEach((f, i) => {
    if ("contract" in f.fault) checkContract(`faults[${i}].fault`, f.fault.contract);
    if ("account" in f.fault) checkAccount(`faults[${i}].fault`, f.fault.account);
  });
  return problems;
}

/** Validate a parsed JSON value as a scenario; `origin` names it in errors (a path or "default scenario"). */
export function parseScenario(value: unknown, origin: string): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) throw invalid(origin, parsed.error.issues.map(issueText));
  const problems = semanticProblems(parsed.data);
  if (problems.length > 0) throw invalid(origin, problems);
  return parsed.data;
}

export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new CortanaError("CORTANA_E_SCENARIO_INVALID", `cannot read scenario file ${path}: ${(cause as Error).message}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CortanaError("CORTANA_E_SCENARIO_INVALID", `scenario file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseScenario(value, `scenario file ${path}`);
}
