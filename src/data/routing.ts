/**
 * Which client a command goes to (Nautilus' routing in `DataEngine` and `ExecutionEngine`); shared
 * by both engines (it lives in data, the lower of the two layers).
 *
 * Entry points: `register(client, routing)`, `deregister(clientId)`, `resolve(clientId?, venue)`,
 * `get(clientId)`, `clients()`, `defaultClient`.
 *
 * Resolution order, first match wins:
 *   1. the command's explicit `clientId`, when that client is registered;
 *   2. the venue routing map: each client routes its own venue plus its `routing.venues`;
 *   3. the default client (`routing.default`).
 * Invariants: a client id is registered at most once; at most one default client; a venue is routed
 * to at most one client (a second claim on a venue is a configuration error and throws).
 */
import type { RoutingConfig } from "../config/schemas/clients.js";
import type { ClientId, Venue } from "../model/identifiers.js";

export interface RoutableClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
}

export class ClientRouter<C extends RoutableClient> {
  /** "data" or "execution": names the kind of client in error messages. */
  private readonly kind: string;
  private readonly byId = new Map<ClientId, C>();
  private readonly byVenue = new Map<Venue, ClientId>();
  private defaultId: ClientId | undefined;

  constructor(kind: "data" | "execution") {
    this.kind = kind;
  }

  register(client: C, routing: Partial<RoutingConfig> = {}): void {
    if (this.byId.has(client.clientId)) throw new Error(`${this.kind} client ${client.clientId} is already registered`);
    const venues = new Set<Venue>([client.venue, ...((routing.venues ?? []) as Venue[])]);
    for (const venue of venues) {
      const owner = this.byVenue.get(venue);
      if (owner !== undefined) throw new Error(`venue ${venue} is already routed to ${owner}; cannot route it to ${client.clientId}`);
    }
    if (routing.default === true && this.defaultId !== undefined) {
      throw new Error(`${this.defaultId} is already the default ${this.kind} client; cannot make ${client.clientId} default too`);
    }
    this.byId.set(client.clientId, client);
    for (const venue of venues) this.byVenue.set(venue, client.clientId);
    if (routing.default === true) this.defaultId = client.clientId;
  }

  deregister(clientId: ClientId): boolean {
    if (!this.byId.delete(clientId)) return false;
    for (const [venue, id] of this.byVenue) if (id === clientId) this.byVenue.delete(venue);
    if (this.defaultId === clientId) this.defaultId = undefined;
    return true;
  }

  /** The client for a command with optional explicit `clientId` on an instrument of `venue`. */
  resolve(clientId: ClientId | undefined, venue: Venue): C | undefined {
    if (clientId !== undefined) {
      const explicit = this.byId.get(clientId);
      if (explicit !== undefined) return explicit;
    }
    const routed = this.byVenue.get(venue);
    if (routed !== undefined) return this.byId.get(routed);
    return this.defaultId === undefined ? undefined : this.byId.get(this.defaultId);
  }

  get(clientId: ClientId): C | undefined {
    return this.byId.get(clientId);
  }

  /** The client routing `venue` (explicit map, then default), as for a command without clientId. */
  forVenue(venue: Venue): C | undefined {
    return this.resolve(undefined, venue);
  }

  clients(): C[] {
    return [...this.byId.values()];
  }

  get defaultClient(): C | undefined {
    return this.defaultId === undefined ? undefined : this.byId.get(this.defaultId);
  }
}
