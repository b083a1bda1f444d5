/**
 * Deadlines of the node's lifecycle, on the node's clock: `withTimeout` races a promise against a
 * clock alert and turns a timeout into the given CortanaError (every timeout of `run` is a hard
 * failure, reference §7); `sleep` waits on the clock (timeoutPostStop).
 */
import type { Clock } from "../common/clock.js";
import { CortanaError, type ErrorCode } from "../common/errors.js";
import { msToNs } from "../common/time.js";

let alertSeq = 0;

export function sleep(clock: Clock, ms: number): Promise<void> {
  const name = `node-sleep-${++alertSeq}`;
  return new Promise((resolve) => clock.setTimeAlert(name, clock.timestampNs() + msToNs(ms), () => resolve()));
}

export async function withTimeout<T>(clock: Clock, ms: number, work: Promise<T>, onTimeout: { code: ErrorCode; message: string }): Promise<T> {
  const name = `node-deadline-${++alertSeq}`;
  let timer: Promise<never> | undefined;
  try {
    timer = new Promise<never>((_, reject) => {
      clock.setTimeAlert(name, clock.timestampNs() + msToNs(ms), () => reject(new CortanaError(onTimeout.code, onTimeout.message)));
    });
    return await Promise.race([work, timer]);
  } finally {
    clock.cancelTimer(name);
  }
}
