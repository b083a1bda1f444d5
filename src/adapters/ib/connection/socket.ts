/**
 * The one place that reaches into @stoqey/ib's private socket: it never sets TCP_NODELAY, and
 * with Nagle on each order waits for the previous packet's ACK (up to ~40 ms with delayed ACKs).
 *
 * Entry points: `setNoDelay(api)` (call right after `api.connect()`: the net.Socket exists from
 * then on; Node applies the option once connected) and `rawSocket(api)` for tests.
 * If a future @stoqey version moves the field, `setNoDelay` returns false and the connection
 * logs a warning (tested in test/adapters/ib/connection/socket.test.ts).
 */
import type { Socket } from "node:net";
import type { IBApi } from "@stoqey/ib";

interface StoqeyInternals {
  controller?: { socket?: { client?: Socket } };
}

export function rawSocket(api: IBApi): Socket | undefined {
  return (api as unknown as StoqeyInternals).controller?.socket?.client;
}

/** Disables Nagle's algorithm on the API's socket; false when the socket cannot be reached. */
export function setNoDelay(api: IBApi): boolean {
  const socket = rawSocket(api);
  if (socket === undefined || typeof socket.setNoDelay !== "function") return false;
  socket.setNoDelay(true);
  return true;
}

/** Destroys the socket of an API that never finished connecting (`disconnect()` needs a session). */
export function destroySocket(api: IBApi): void {
  rawSocket(api)?.destroy();
}
