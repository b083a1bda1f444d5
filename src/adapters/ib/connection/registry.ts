/**
 * Shared IB connections: one IBConnection per (host, port, client id), reference counted, so the
 * data and exec clients that name the same gateway and client id share one session (the seed's
 * setup: both on client id 1 through one Gateway; IB refuses a second session with error 326).
 *
 * Entry points: `acquire(options)` (creates on first use; later callers get the same object and
 * their options are ignored), `release(connection)` (closes it with the last holder),
 * `defaultConnectionRegistry` (the process-wide one the factories use).
 */
import { IBConnection, connectionKey, type IBConnectionOptions } from "./connection.js";

interface Entry {
  readonly connection: IBConnection;
  holders: number;
}

export class IBConnectionRegistry {
  readonly #entries = new Map<string, Entry>();

  acquire(options: IBConnectionOptions): IBConnection {
    const key = connectionKey(options.host, options.port, options.clientId);
    let entry = this.#entries.get(key);
    if (entry === undefined || entry.connection.state === "closed") {
      entry = { connection: new IBConnection(options), holders: 0 };
      this.#entries.set(key, entry);
    }
    entry.holders++;
    return entry.connection;
  }

  /** Drops one hold; the last one closes the connection. Idempotent past zero. */
  async release(connection: IBConnection): Promise<void> {
    const entry = this.#entries.get(connection.key);
    if (entry === undefined || entry.connection !== connection) return;
    entry.holders--;
    if (entry.holders > 0) return;
    this.#entries.delete(connection.key);
    await connection.close();
  }

  holders(key: string): number {
    return this.#entries.get(key)?.holders ?? 0;
  }

  get size(): number {
    return this.#entries.size;
  }
}

export const defaultConnectionRegistry = new IBConnectionRegistry();
