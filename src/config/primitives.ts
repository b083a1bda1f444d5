/**
 * Building blocks of the config schemas: the constrained numbers of Nautilus (PositiveInt,
 * NonNegativeInt, PositiveFloat, NonNegativeFloat), identifiers checked at load time, secrets,
 * env references, and the `limit/HH:MM:SS` rate strings of the risk engine.
 */
import { z } from "zod";
import { CortanaError } from "../common/errors.js";
import { isEnvRef, Secret, type EnvRef } from "./secret.js";

export const PositiveInt = z.number().int().positive();
export const NonNegativeInt = z.number().int().nonnegative();
export const PositiveFloat = z.number().positive().finite();
export const NonNegativeFloat = z.number().nonnegative().finite();

const TRADER_ID = /^[^-\s][^\s]*-[^\s]*[^-\s]$/;
/** `name-tag`, both parts non-empty, no spaces (Nautilus TraderId). */
export const TraderIdString = z.string().refine((s) => TRADER_ID.test(s), {
  message: "must be name-tag with both parts non-empty, e.g. TRADER-001",
});

/** `SYMBOL.VENUE`: split at the last dot; both parts non-empty, no surrounding spaces. */
export const InstrumentIdString = z.string().refine(
  (s) => {
    const dot = s.lastIndexOf(".");
    return dot > 0 && dot < s.length - 1 && s.trim() === s;
  },
  { message: "must be SYMBOL.VENUE, e.g. SPY.SMART" },
);

export const UuidString = z.uuid({ message: "must be a UUID, e.g. 0b9c2a3e-8f7d-4c1b-9a6e-2f4d5c6b7a81" });

export const NonEmptyString = z.string().trim().min(1, { message: "must not be empty" });

const envRef = z.custom<EnvRef>((v) => isEnvRef(v), { message: "expected a string or fromEnv(...)" });

/** A plain string that may also come from the environment: `fromEnv("TWS_ACCOUNT")`. */
export const EnvString = z.union([NonEmptyString, envRef]) as unknown as z.ZodType<string, string | EnvRef>;

/** A credential: given as a string, a Secret or fromEnv(...); always parsed into a Secret. */
export const SecretString = z
  .union([NonEmptyString, z.instanceof(Secret), envRef])
  .transform((v) => (v instanceof Secret ? v : new Secret(v as string)))
  .describe("secret") as unknown as z.ZodType<
  Secret,
  string | Secret | EnvRef
>;

export interface Rate {
  limit: number;
  intervalMs: number;
}

const RATE = /^(\d+)\/(\d{2}):(\d{2}):(\d{2})$/;

/** Parses `limit/HH:MM:SS` (e.g. "100/00:00:01"): a positive limit over a positive interval. */
export function parseRate(text: string): Rate {
  const m = RATE.exec(text.trim());
  if (!m) {
    throw new CortanaError("CORTANA_E_RATE_INVALID", `rate "${text}" is not limit/HH:MM:SS, e.g. "100/00:00:01"`);
  }
  const [limit, hh, mm, ss] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (mm > 59 || ss > 59) throw new CortanaError("CORTANA_E_RATE_INVALID", `rate "${text}": minutes and seconds must be 00-59`);
  const intervalMs = ((hh * 60 + mm) * 60 + ss) * 1000;
  if (limit <= 0) throw new CortanaError("CORTANA_E_RATE_INVALID", `rate "${text}": the limit must be > 0`);
  if (intervalMs <= 0) throw new CortanaError("CORTANA_E_RATE_INVALID", `rate "${text}": the interval must be > 00:00:00`);
  return { limit, intervalMs };
}

export const RateString = z.string().superRefine((s, ctx) => {
  try {
    parseRate(s);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

/** A Nautilus log level; case-insensitive on input, upper case once parsed. */
export const LogLevelName = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(["OFF", "TRACE", "DEBUG", "INFO", "WARNING", "WARN", "ERROR"]))
  .transform((s) => (s === "WARN" ? "WARNING" : s)) as unknown as z.ZodType<
  "OFF" | "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR",
  string
>;
