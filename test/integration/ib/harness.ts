/**
 * Harness for the IB adapter's integration tests: the in-process simulator on a free loopback
 * port (the real wire protocol) and a LiveClock; the adapter talks to it with the real @stoqey/ib.
 */
import { LiveClock } from "../../../src/common/live-clock.js";
import { memoryLogger, type LogRecord, type Logger } from "../../../src/common/logger.js";
import { Simulator, type SimulatorOptions } from "../../../src/sim/index.js";
import { IBConnection, type IBConnectionOptions } from "../../../src/adapters/ib/connection/index.js";

export interface IbBed {
  sim: Simulator;
  clock: LiveClock;
  records: LogRecord[];
  logger: Logger;
  connections: IBConnection[];
  connection(options?: Partial<IBConnectionOptions>): IBConnection;
  close(): Promise<void>;
}

export async function startIbBed(options: SimulatorOptions = {}): Promise<IbBed> {
  const sim = await Simulator.start({ port: 0, tickMs: 50, ...options });
  const records: LogRecord[] = [];
  const logger = memoryLogger(records);
  const clock = new LiveClock({ logger });
  const bed: IbBed = {
    sim, clock, records, logger, connections: [],
    connection: (o = {}) => {
      const c = new IBConnection({
        host: "127.0.0.1", port: sim.port, clientId: 1, clock, logger, random: () => 0.5,
        connectTimeoutMs: 5000, handshakeTimeoutMs: 2000, backoffInitialMs: 50, backoffMaxMs: 400,
        watchdogIntervalMs: 60_000, watchdogTimeoutMs: 5000, ...o,
      });
      bed.connections.push(c);
      return c;
    },
    close: async () => {
      for (const c of bed.connections) await c.close();
      await sim.stop();
      clock.cancelTimers();
    },
  };
  return bed;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `pred` until true or `ms` passes (then throws naming `what`). */
export async function waitUntil(pred: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await sleep(10);
  }
}

export function errorsWithCode(records: readonly LogRecord[], code: number): LogRecord[] {
  return records.filter((r) => r["code"] === code);
}
