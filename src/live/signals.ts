/**
 * SIGINT / SIGTERM handling of a running node: the first signal starts one graceful stop; a
 * further signal while stopping is logged, never a crash and never a second stop. Handlers are
 * removed by the returned function (dispose), so nothing keeps the process alive.
 */
import type { Logger } from "../common/logger.js";

export type StopSignal = "SIGINT" | "SIGTERM";

export function installSignalHandlers(onFirstSignal: (signal: StopSignal) => void, logger: Logger, signals: StopSignal[] = ["SIGINT", "SIGTERM"]): () => void {
  let received: StopSignal | undefined;
  const handler = (signal: StopSignal) => {
    if (received !== undefined) {
      logger.warn({ signal, first: received }, "signal received while already stopping; the stop continues");
      return;
    }
    received = signal;
    logger.warn({ signal }, "signal received: stopping the node gracefully");
    onFirstSignal(signal);
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
