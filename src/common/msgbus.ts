/**
 * MessageBus: the node's in-process messaging (Nautilus' `MessageBus`).
 *
 * Entry points:
 * - pub/sub: `subscribe(pattern, handler, priority?)`, `unsubscribe`, `publish(topic, msg)`;
 *   patterns take Nautilus wildcards (`*`, `?`: see topic.ts), e.g. `events.order.*`.
 * - point-to-point: `register(endpoint, handler)`, `deregister`, `send(endpoint, msg)`.
 * - request/response: `request(endpoint, payload, { timeoutMs })` sends a `RequestEnvelope`
 *   `{ requestId, payload }` (requestId from the injected UUID factory) to the endpoint and
 *   returns a promise; the responder calls `respond(requestId, response)` (or `respondError`).
 *
 * Invariants:
 * - Dispatch order: higher priority first, then subscription order. A (pattern, handler) pair is
 *   subscribed at most once (a second subscribe is ignored, as in Nautilus).
 * - The resolved handler list of each published topic is cached; subscribe / unsubscribe drop
 *   only the cached topics their pattern matches. Lists are immutable arrays replaced on change,
 *   so a handler that (un)subscribes during dispatch does not disturb the dispatch in progress.
 * - A handler that throws is isolated: logged (error, with topic or endpoint and handler name),
 *   counted in `handlerErrors`, and the remaining handlers still run. Nothing a handler does
 *   makes `publish` or `send` throw.
 * - Sending to a missing endpoint logs an error and returns false. A request to a missing
 *   endpoint, or whose endpoint handler throws, or that gets no response within its timeout,
 *   rejects with CORTANA_E_REQUEST_FAILED. Timeouts run on the injected Clock (TestClock makes
 *   them deterministic). A response for an unknown or settled request is logged (warn), ignored.
 */
import type { Clock } from "./clock.js";
import { CortanaError } from "./errors.js";
import type { Logger } from "./logger.js";
import { msToNs } from "./time.js";
import { hasWildcard, isMatching } from "./topic.js";
import { randomUuid, type UuidFactory } from "./uuid.js";

export type Handler<T = unknown> = (message: T) => void;

/** What an endpoint registered for requests receives. */
export interface RequestEnvelope<T = unknown> {
  /** The correlation id to pass to `respond`. */
  readonly requestId: string;
  readonly payload: T;
}

export interface RequestOptions {
  /** Default: the bus' `defaultRequestTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Use this id instead of a fresh UUID (it must not be pending already). */
  readonly requestId?: string;
}

export interface MessageBusOptions {
  readonly logger: Logger;
  /** Runs request timeouts. */
  readonly clock: Clock;
  /** Correlation ids. Default randomUuid (common/uuid.ts). */
  readonly uuid?: UuidFactory;
  /** Default 30 s. */
  readonly defaultRequestTimeoutMs?: number;
}

export interface Subscription {
  readonly pattern: string;
  readonly handler: Handler;
  readonly priority: number;
}

interface SubscriptionEntry extends Subscription {
  readonly seq: number;
  readonly wildcard: boolean;
}

interface PendingRequest {
  readonly endpoint: string;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timerName: string;
}

const EMPTY: readonly Handler[] = Object.freeze([]);

function handlerName(handler: Handler): string {
  return handler.name === "" ? "<anonymous>" : handler.name;
}

export class MessageBus {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly uuid: UuidFactory;
  private readonly defaultRequestTimeoutMs: number;
  private subs: SubscriptionEntry[] = [];
  private seq = 0;
  /** topic -> resolved handlers (priority order). Topics with no subscriber cache EMPTY. */
  private readonly resolved = new Map<string, readonly Handler[]>();
  private readonly endpointMap = new Map<string, Handler>();
  private readonly pending = new Map<string, PendingRequest>();

  /** Publish observers (see `tap`); replaced, never mutated, so a tap removed mid-dispatch is safe. */
  private taps: readonly ((topic: string, message: unknown) => void)[] = [];

  /** Counters, as in Nautilus (pub_count, sent_count, req_count, res_count). */
  pubCount = 0;
  sentCount = 0;
  reqCount = 0;
  resCount = 0;
  /** How many handler invocations threw (each was logged). */
  handlerErrors = 0;

  constructor(options: MessageBusOptions) {
    this.logger = options.logger;
    this.clock = options.clock;
    this.uuid = options.uuid ?? randomUuid;
    this.defaultRequestTimeoutMs = options.defaultRequestTimeoutMs ?? 30_000;
  }

  // ---- pub/sub -------------------------------------------------------------------------------

  /** Subscribes `handler` to every topic matching `pattern`. Returns false if already subscribed. */
  subscribe<T>(pattern: string, handler: Handler<T>, priority = 0): boolean {
    if (typeof pattern !== "string" || pattern === "") throw new Error("MessageBus.subscribe: pattern must be a non-empty string");
    if (typeof handler !== "function") throw new Error(`MessageBus.subscribe(${pattern}): handler must be a function`);
    if (!Number.isFinite(priority)) throw new Error(`MessageBus.subscribe(${pattern}): priority must be a finite number`);
    const h = handler as Handler;
    if (this.subs.some((s) => s.pattern === pattern && s.handler === h)) {
      this.logger.warn({ pattern, handler: handlerName(h) }, "already subscribed");
      return false;
    }
    const entry: SubscriptionEntry = { pattern, handler: h, priority, seq: this.seq++, wildcard: hasWildcard(pattern) };
    this.subs = [...this.subs, entry];
    this.invalidate(entry);
    return true;
  }

  /** Returns false when (pattern, handler) was not subscribed. */
  unsubscribe<T>(pattern: string, handler: Handler<T>): boolean {
    const entry = this.subs.find((s) => s.pattern === pattern && s.handler === (handler as Handler));
    if (entry === undefined) return false;
    this.subs = this.subs.filter((s) => s !== entry);
    this.invalidate(entry);
    return true;
  }

  /** Delivers `message` to every handler subscribed to a pattern matching `topic`. Never throws. */
  publish(topic: string, message: unknown): void {
    this.pubCount++;
    let handlers = this.resolved.get(topic);
    if (handlers === undefined) handlers = this.resolve(topic);
    for (let i = 0; i < handlers.length; i++) {
      const handler = handlers[i] as Handler;
      try {
        handler(message);
      } catch (err) {
        this.reportHandlerError(err, handler, { topic });
      }
    }
    if (this.taps.length > 0) this.notifyTaps(topic, message);
  }

  /**
   * Observes every published message with its topic, after its subscribers (the external bus on
   * Redis Streams needs the topic, which handlers do not get). A tap that throws is reported and
   * never reaches the publisher. Returns the function that removes the tap.
   */
  tap(listener: (topic: string, message: unknown) => void): () => void {
    this.taps = [...this.taps, listener];
    return () => {
      this.taps = this.taps.filter((l) => l !== listener);
    };
  }

  private notifyTaps(topic: string, message: unknown): void {
    for (const listener of this.taps) {
      try {
        listener(topic, message);
      } catch (err) {
        this.reportHandlerError(err, listener as Handler, { topic });
      }
    }
  }

  hasSubscribers(topic: string): boolean {
    return (this.resolved.get(topic) ?? this.resolve(topic)).length > 0;
  }

  isSubscribed<T>(pattern: string, handler: Handler<T>): boolean {
    return this.subs.some((s) => s.pattern === pattern && s.handler === (handler as Handler));
  }

  /** Subscriptions (all, or those whose pattern matches `topic`), in dispatch order. */
  subscriptions(topic?: string): Subscription[] {
    const matching = topic === undefined ? this.subs : this.subs.filter((s) => this.matches(s, topic));
    return [...matching].sort(byDispatchOrder).map(({ pattern, handler, priority }) => ({ pattern, handler, priority }));
  }

  /** Distinct subscribed patterns, sorted. */
  topics(): string[] {
    return [...new Set(this.subs.map((s) => s.pattern))].sort();
  }

  // ---- point-to-point ------------------------------------------------------------------------

  /** Registers the one handler of `endpoint`; a second registration is a programming error (throws). */
  register<T>(endpoint: string, handler: Handler<T>): void {
    if (typeof endpoint !== "string" || endpoint === "") throw new Error("MessageBus.register: endpoint must be a non-empty string");
    if (typeof handler !== "function") throw new Error(`MessageBus.register(${endpoint}): handler must be a function`);
    if (this.endpointMap.has(endpoint)) throw new Error(`MessageBus.register: endpoint ${endpoint} is already registered`);
    this.endpointMap.set(endpoint, handler as Handler);
  }

  /** Removes the endpoint (only if its handler is `handler`, when given). Returns whether it was removed. */
  deregister<T>(endpoint: string, handler?: Handler<T>): boolean {
    const current = this.endpointMap.get(endpoint);
    if (current === undefined || (handler !== undefined && current !== (handler as Handler))) return false;
    return this.endpointMap.delete(endpoint);
  }

  isRegistered(endpoint: string): boolean {
    return this.endpointMap.has(endpoint);
  }

  endpoints(): string[] {
    return [...this.endpointMap.keys()].sort();
  }

  /** Delivers to the endpoint's handler. A missing endpoint or a throwing handler is logged; returns false. */
  send(endpoint: string, message: unknown): boolean {
    const handler = this.endpointMap.get(endpoint);
    if (handler === undefined) {
      this.logger.error({ endpoint }, `cannot send: no endpoint registered at ${endpoint}`);
      return false;
    }
    this.sentCount++;
    try {
      handler(message);
      return true;
    } catch (err) {
      this.reportHandlerError(err, handler, { endpoint });
      return false;
    }
  }

  // ---- request/response ----------------------------------------------------------------------

  /** Sends `{ requestId, payload }` to `endpoint`; resolves with what is passed to `respond(requestId, ...)`. */
  request<R = unknown, P = unknown>(endpoint: string, payload: P, options: RequestOptions = {}): Promise<R> {
    const requestId = options.requestId ?? this.uuid();
    const timeoutMs = options.timeoutMs ?? this.defaultRequestTimeoutMs;
    if (this.pending.has(requestId)) return Promise.reject(new Error(`MessageBus.request: request id ${requestId} is already pending`));
    if (!(timeoutMs > 0)) return Promise.reject(new Error(`MessageBus.request(${endpoint}): timeoutMs must be > 0`));
    const handler = this.endpointMap.get(endpoint);
    if (handler === undefined) {
      this.logger.error({ endpoint, requestId }, `cannot request: no endpoint registered at ${endpoint}`);
      return Promise.reject(new CortanaError("CORTANA_E_REQUEST_FAILED", `No endpoint registered at ${endpoint} (request ${requestId}).`));
    }
    this.reqCount++;
    return new Promise<R>((resolve, reject) => {
      const timerName = `msgbus.request.${requestId}`;
      this.pending.set(requestId, { endpoint, resolve: resolve as (r: unknown) => void, reject, timerName });
      this.clock.setTimeAlert(timerName, this.clock.timestampNs() + msToNs(timeoutMs), () => {
        this.settle(requestId)?.reject(
          new CortanaError("CORTANA_E_REQUEST_FAILED", `No response from ${endpoint} within ${timeoutMs} ms (request ${requestId}).`),
        );
      });
      try {
        handler({ requestId, payload } satisfies RequestEnvelope<P>);
      } catch (err) {
        this.reportHandlerError(err, handler, { endpoint, requestId });
        this.settle(requestId)?.reject(new CortanaError("CORTANA_E_REQUEST_FAILED", `Endpoint ${endpoint} threw on request ${requestId}.`, { cause: err }));
      }
    });
  }

  /** Completes the request `correlationId`. Returns false (and warns) when it is unknown or already settled. */
  respond(correlationId: string, response: unknown): boolean {
    const pending = this.settle(correlationId);
    if (pending === undefined) {
      this.logger.warn({ correlationId }, "response for an unknown or already settled request ignored");
      return false;
    }
    this.resCount++;
    pending.resolve(response);
    return true;
  }

  /** Fails the request `correlationId` with `error`. Returns false when it is unknown or settled. */
  respondError(correlationId: string, error: Error): boolean {
    const pending = this.settle(correlationId);
    if (pending === undefined) {
      this.logger.warn({ correlationId }, "error response for an unknown or already settled request ignored");
      return false;
    }
    this.resCount++;
    pending.reject(error);
    return true;
  }

  pendingRequestCount(): number {
    return this.pending.size;
  }

  /** Rejects every pending request and drops every subscription and endpoint. Idempotent. */
  dispose(): void {
    for (const requestId of [...this.pending.keys()]) {
      this.settle(requestId)?.reject(new CortanaError("CORTANA_E_REQUEST_FAILED", `Message bus disposed before request ${requestId} was answered.`));
    }
    this.subs = [];
    this.resolved.clear();
    this.endpointMap.clear();
  }

  // ---- internals -----------------------------------------------------------------------------

  private settle(requestId: string): PendingRequest | undefined {
    const pending = this.pending.get(requestId);
    if (pending === undefined) return undefined;
    this.pending.delete(requestId);
    this.clock.cancelTimer(pending.timerName);
    return pending;
  }

  private matches(sub: SubscriptionEntry, topic: string): boolean {
    return sub.wildcard ? isMatching(topic, sub.pattern) : sub.pattern === topic;
  }

  private resolve(topic: string): readonly Handler[] {
    const matching = this.subs.filter((s) => this.matches(s, topic));
    const handlers = matching.length === 0 ? EMPTY : Object.freeze(matching.sort(byDispatchOrder).map((s) => s.handler));
    this.resolved.set(topic, handlers);
    return handlers;
  }

  /** Drops the cached topics the changed subscription's pattern matches. */
  private invalidate(changed: SubscriptionEntry): void {
    if (!changed.wildcard) {
      this.resolved.delete(changed.pattern); // an exact pattern matches only itself: O(1)
      return;
    }
    for (const topic of this.resolved.keys()) {
      if (this.matches(changed, topic)) this.resolved.delete(topic);
    }
  }

  private reportHandlerError(err: unknown, handler: Handler, where: Record<string, string>): void {
    this.handlerErrors++;
    try {
      const at = where.topic !== undefined ? `topic ${where.topic}` : `endpoint ${where.endpoint ?? "?"}`;
      this.logger.error({ err, ...where, handler: handlerName(handler) }, `handler ${handlerName(handler)} threw on ${at}`);
    } catch {
      // A broken logger must not break dispatch either.
    }
  }
}

function byDispatchOrder(a: SubscriptionEntry, b: SubscriptionEntry): number {
  return b.priority - a.priority || a.seq - b.seq;
}
