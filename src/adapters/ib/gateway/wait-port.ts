/**
 * Waiting for a gateway's API port: TCP connect attempts every `intervalMs` until one succeeds or
 * the deadline passes. Used for the Dockerized IB Gateway and the simulator child process.
 */
import { createConnection } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../../../common/clock.js";

export interface WaitOptions {
  clock: Clock;
  intervalMs?: number;
  /** Stop waiting early (e.g. the child process exited). */
  aborted?: () => boolean;
}

export async function waitForPort(host: string, port: number, timeoutMs: number, options: WaitOptions): Promise<boolean> {
  const end = options.clock.timestampMs() + timeoutMs;
  const interval = options.intervalMs ?? 250;
  while (options.clock.timestampMs() < end) {
    if (options.aborted?.()) return false;
    if (await canConnect(host, port, Math.min(1000, timeoutMs))) return true;
    await sleep(interval);
  }
  return false;
}

export function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
