/**
 * Where the node reaches into @stoqey/ib's private Socket object: `stoqeyInternalSocket(api)` (the
 * one accessor; frames.ts takes over its framing through it) and TCP_NODELAY, which @stoqey never
 * sets: with Nagle on, each order waits for the previous packet's ACK (up to ~40 ms with delayed
 * ACKs).
 *
 * Entry points: `setNoDelay(api)` (call right after `api.connect()`: the net.Socket exists from
 * then on; Node applies the option once connected) and `rawSocket(api)` for tests.
 * If a future @stoqey version moves the field, `setNoDelay` returns false and the connection
 * logs a warning (tested in test/adapters/ib/connection/socket.test.ts).
 */
import type { Socket } from "node:net";
import type { IBApi } from "@stoqey/ib";

/** @stoqey's Socket object (controller.socket), unchecked: callers check the members they use. */
export function stoqeyInternalSocket(api: IBApi): Record<string, unknown> | undefined {
  return (api as unknown as { controller?: { socket?: Record<string, unknown> } }).controller?.socket;
}

export function rawSocket(api: IBApi): Socket | undefined {
  return stoqeyInternalSocket(api)?.["client"] as Socket | undefined;
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
