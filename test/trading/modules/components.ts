/** Modules for the loader tests: a strategy, an actor, things that are neither, a separate schema. */
import { z } from "zod";
import { Actor } from "../../../src/trading/actor.js";
import { actorConfigSchema, strategyConfigSchema } from "../../../src/trading/config.js";
import { Strategy } from "../../../src/trading/strategy.js";

export const ProbeStrategyConfig = strategyConfigSchema({ threshold: z.number().min(0).max(100) });

export class ProbeStrategy extends Strategy<z.output<typeof ProbeStrategyConfig>> {
  static override configSchema = ProbeStrategyConfig;
}

/** A schema given through configPath instead of the class's own. */
export const AltSchema = strategyConfigSchema({ level: z.enum(["LOW", "HIGH"]) });

const AuditConfig = actorConfigSchema({ sink: z.string().default("stdout") });

export class AuditActor extends Actor<z.output<typeof AuditConfig>> {
  static override configSchema = AuditConfig;
}

export class Plain {}
export const notAClass = 42;
