/**
 * Pending historical-data requests of the DataEngine: which request each correlation id belongs
 * to, so a response is cached by its kind and settled on the bus exactly once.
 *
 * Entry points: `track(requestId, request)`, `take(correlationId)`, `cacheResponse(cache, request,
 * data)`, `requestVenue(req)`, `dispatchRequest(client, req, requestId)`.
 * Invariant: requested bars / ticks go into the cache only where newer than the newest cached
 * item of their stream (the ring buffers stay newest-first); instruments always replace.
 */
import type { Cache } from "../cache/cache.js";
import { assertNever } from "../common/errors.js";
import type { Bar, QuoteTick, TradeTick } from "../model/data.js";
import type { Instrument } from "../model/instruments.js";
import type { Venue } from "../model/identifiers.js";
import { InstrumentId } from "../model/identifiers.js";
import type { DataClient } from "./client.js";
import type { DataRequest } from "./messages.js";

export class PendingRequests {
  private readonly pending = new Map<string, DataRequest>();

  get size(): number {
    return this.pending.size;
  }

  track(requestId: string, request: DataRequest): void {
    this.pending.set(requestId, request);
  }

  /** The request of a correlation id, removed from tracking; undefined when unknown. */
  take(correlationId: string): DataRequest | undefined {
    const r = this.pending.get(correlationId);
    this.pending.delete(correlationId);
    return r;
  }
}

function byTsEvent<T extends { tsEvent: bigint }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
}

/** Adds a response's data to the cache according to the request it answers. */
export function cacheResponse(cache: Cache, request: DataRequest, data: readonly unknown[]): void {
  switch (request.type) {
    case "RequestInstrument":
    case "RequestInstruments":
      for (const i of data as readonly Instrument[]) cache.addInstrument(i);
      return;
    case "RequestBars": {
      const newest = cache.bar(request.barType)?.tsEvent;
      for (const b of byTsEvent(data as readonly Bar[])) if (newest === undefined || b.tsEvent > newest) cache.addBar(b);
      return;
    }
    case "RequestQuoteTicks": {
      const newest = cache.quote(request.instrumentId)?.tsEvent;
      for (const q of byTsEvent(data as readonly QuoteTick[])) if (newest === undefined || q.tsEvent > newest) cache.addQuote(q);
      return;
    }
    case "RequestTradeTicks": {
      const newest = cache.trade(request.instrumentId)?.tsEvent;
      for (const t of byTsEvent(data as readonly TradeTick[])) if (newest === undefined || t.tsEvent > newest) cache.addTrade(t);
      return;
    }
    default:
      assertNever(request, "data request");
  }
}

/** The venue a request routes by when it names none: its instrument's or bar type's. */
export function requestVenue(req: DataRequest): Venue {
  switch (req.type) {
    case "RequestInstruments":
      return req.venue;
    case "RequestBars":
      return InstrumentId.venue(req.barType.instrumentId);
    default:
      return InstrumentId.venue(req.instrumentId);
  }
}

/** Hands a request to the client method of its kind, with its correlation id. */
export function dispatchRequest(client: DataClient, req: DataRequest, requestId: string): void {
  const r = { ...req, requestId };
  switch (r.type) {
    case "RequestInstrument":
      return client.requestInstrument(r);
    case "RequestInstruments":
      return client.requestInstruments(r);
    case "RequestBars":
      return client.requestBars(r);
    case "RequestQuoteTicks":
      return client.requestQuoteTicks(r);
    case "RequestTradeTicks":
      return client.requestTradeTicks(r);
    default:
      assertNever(r, "data request");
  }
}
