/**
 * The in-process simulator: a venue (from a scenario, a saved state, or given), the gateway server
 * in front of it, the clock that drives `venue.advance` on an interval, the scenario's fault
 * timeline, and the control operations (faults, price moves, external orders, truth). The HTTP
 * control API (http.ts) exposes exactly these operations.
 *
 * Entry point: `Simulator.start(options)`; `stop()` closes everything (idempotent).
 * Invariants: the venue is only driven from here (interval or `advanceTo`); timeline faults fire
 * once each, in `atMs` order, relative to the start; a fault that cannot apply is logged, never thrown
 * from the timer.
 */
import type { Logger } from "../../common/logger.js";
import { nullLogger } from "../../common/logger.js";
import type { VenueResult, VenueState } from "../venue/api.js";
import { SimVenue } from "../venue/venue.js";
import { GatewayServer } from "../server/gateway.js";
import { applyVenueFault, createVenue, defaultScenario, isConnectionFault, type ConnectionFault, type Fault, type Scenario, type TimelineEntry } from "../scenario/index.js";
import { assertNever } from "../../common/errors.js";
import { ControlHttpServer } from "./http.js";
import { readTruth, type Truth } from "./truth.js";

export interface SimulatorOptions {
  /** Default: the default scenario (SPY on SMART/ARCA, a 0DTE SPY option chain, ES). */
  scenario?: Scenario;
  /** Random-walk seed; default: the scenario's seed, else 1. */
  seed?: number;
  /** A saved venue state to continue from (a restarted simulator process keeps its venue). */
  state?: VenueState;
  /** Use this venue as is (tests); wins over `state` and `scenario`. */
  venue?: SimVenue;
  host?: string;
  /** Gateway port; 0 (default) picks a free port. */
  port?: number;
  /** Connection-time zone of the gateway; default the scenario's `timeZone` ("UTC"). */
  timeZone?: string;
  /** Loopback HTTP control API port; undefined: no HTTP API; 0: a free port. */
  controlPort?: number;
  /** Interval of the venue clock in ms (default 100); 0: no interval, drive it with `advanceTo`. */
  tickMs?: number;
  /** Wall clock, epoch ms (default Date.now). */
  clock?: () => number;
  /** Pacing limit of the gateway (default 50 messages/s; null disables). */
  maxMessagesPerSecond?: number | null;
  /**
   * The parent logger, bound to no component: the simulator names its own. Its lines carry
   * component "sim" (the facade), "sim.venue", "sim.gateway" and "sim.control" (one key each, so
   * pino never writes `component` twice on a line).
   */
  logger?: Logger;
}

/** The `component` of each part's log lines. */
export const SIM_LOG_COMPONENTS = { sim: "sim", venue: "sim.venue", gateway: "sim.gateway", control: "sim.control" } as const;

export class Simulator {
  readonly venue: SimVenue;
  readonly gateway: GatewayServer;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly timeline: TimelineEntry[];
  private startMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private http: ControlHttpServer | undefined;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(venue: SimVenue, gateway: GatewayServer, timeline: TimelineEntry[], clock: () => number, logger: Logger) {
    this.venue = venue;
    this.gateway = gateway;
    this.timeline = [...timeline].sort((a, b) => a.atMs - b.atMs);
    this.clock = clock;
    this.logger = logger;
  }

  static async start(o: SimulatorOptions = {}): Promise<Simulator> {
    const parent = o.logger ?? nullLogger;
    const logger = parent.child({ component: SIM_LOG_COMPONENTS.sim });
    const clock = o.clock ?? Date.now;
    const scenario = o.scenario ?? defaultScenario();
    const seed = o.seed ?? scenario.seed ?? 1;
    const venue = o.venue ?? (o.state !== undefined
      ? SimVenue.fromState(o.state, parent.child({ component: SIM_LOG_COMPONENTS.venue }))
      : createVenue(scenario, seed, { nowMs: clock(), logger: parent.child({ component: SIM_LOG_COMPONENTS.venue }) }));
    if (o.venue === undefined && o.state !== undefined) venue.advance(Math.max(venue.now(), clock()));
    const gateway = new GatewayServer({
      venue, logger: parent.child({ component: SIM_LOG_COMPONENTS.gateway }), host: o.host ?? "127.0.0.1", port: o.port ?? 0,
      timeZone: o.timeZone ?? scenario.timeZone, maxMessagesPerSecond: o.maxMessagesPerSecond === undefined ? 50 : o.maxMessagesPerSecond,
    });
    const sim = new Simulator(venue, gateway, o.state === undefined ? scenario.faults : [], clock, logger);
    await gateway.listen();
    sim.startMs = clock();
    if (o.controlPort !== undefined) {
      sim.http = new ControlHttpServer(sim, parent.child({ component: SIM_LOG_COMPONENTS.control }));
      await sim.http.listen(o.controlPort, o.host ?? "127.0.0.1");
    }
    const tickMs = o.tickMs ?? 100;
    if (tickMs > 0) sim.timer = setInterval(() => sim.tick(), tickMs);
    logger.info({ port: gateway.port, controlPort: sim.controlPort, seed, tickMs, faults: sim.timeline.length }, "simulator started");
    return sim;
  }

  get port(): number {
    return this.gateway.port;
  }

  get controlPort(): number | undefined {
    return this.http?.port;
  }

  /** Drive the venue to `nowMs` (matching, walk, expiries), close bars, fire due timeline faults. */
  advanceTo(nowMs: number): void {
    this.venue.advance(nowMs);
    this.gateway.onClock(nowMs);
    while (this.timeline.length > 0 && this.startMs + (this.timeline[0]?.atMs ?? Infinity) <= nowMs) {
      const entry = this.timeline.shift();
      if (entry === undefined) break;
      this.logger.info({ atMs: entry.atMs, fault: entry.fault.kind }, "timeline fault");
      void this.fault(entry.fault).then((r) => {
        if (!r.ok) this.logger.warn({ fault: entry.fault, reason: r.reason }, "timeline fault did not apply");
      });
    }
  }

  private tick(): void {
    try {
      this.advanceTo(this.clock());
    } catch (err) {
      this.logger.error({ err }, "venue clock tick failed");
    }
  }

  /** Apply one fault now: connection-level ones at the gateway, every other kind at the venue. */
  async fault(f: Fault): Promise<VenueResult<unknown>> {
    if (isConnectionFault(f)) return this.connectionFault(f);
    return applyVenueFault(this.venue, f);
  }

  private async connectionFault(f: ConnectionFault): Promise<VenueResult<unknown>> {
    switch (f.kind) {
      case "dropConnection":
        return { ok: true, value: { dropped: this.gateway.dropConnections(f.clientId) } };
      case "gatewayRestart":
        await this.gateway.restart(f.downSecs * 1000);
        return { ok: true, value: { port: this.gateway.port } };
      case "connectivity":
        this.gateway.systemMessage(f.code, f.message);
        return { ok: true, value: undefined };
      case "swallowAcks":
        this.gateway.swallowNextOrderAcks(f.count, f.clientId);
        return { ok: true, value: undefined };
      case "delayResponses":
        this.gateway.setResponseDelay(f.delayMs, f.clientId);
        if (f.durationMs !== undefined) this.later(f.durationMs, () => this.gateway.setResponseDelay(0, f.clientId));
        return { ok: true, value: undefined };
      case "duplicateExecutionMessages":
        this.gateway.duplicateNextExecutions(f.count, f.clientId);
        return { ok: true, value: undefined };
      default:
        return assertNever(f, "connection fault");
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** The venue's truth (orders, executions, positions, accounts) and the gateway's sessions. */
  truth(): Truth {
    return readTruth(this.venue, this.gateway);
  }

  /** The complete venue state, for `--state FILE` and restarts. */
  snapshot(): VenueState {
    return this.venue.snapshot();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.http?.close();
    await this.gateway.close();
    this.logger.info({}, "simulator stopped");
  }
}
