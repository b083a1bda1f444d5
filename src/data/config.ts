/**
 * The DataEngine's config: the config layer's `LiveDataEngineConfig` (reference §1.3, camelCase,
 * defaults filled by its zod schema). `resolveDataEngineConfig` parses a partial object (tests,
 * benchmarks, programs that build engines by hand) into a full one with Nautilus' defaults.
 *
 * Time-bar fields as the DataEngine reads them:
 * - timeBarsIntervalType "left-open": a bar covers (open, close]; "right-open": [open, close).
 * - timeBarsTimestampOnClose: bar tsEvent = close (true) or open.
 * - timeBarsOriginOffset: per aggregation name (e.g. MINUTE), a boundary shift in milliseconds.
 * - timeBarsBuildDelay: microseconds after a close before the bar is built.
 */
import { LiveDataEngineConfigSchema, type LiveDataEngineConfig } from "../config/schemas/engines.js";
import type { z } from "zod";

export type { LiveDataEngineConfig };
export type TimeBarsIntervalType = LiveDataEngineConfig["timeBarsIntervalType"];

export function resolveDataEngineConfig(partial: z.input<typeof LiveDataEngineConfigSchema> = {}): LiveDataEngineConfig {
  return LiveDataEngineConfigSchema.parse(partial);
}
