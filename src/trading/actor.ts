/**
 * Actor: the base of user components that react to data and events (Nautilus `Actor`).
 *
 * Entry points: subclass and override the hooks (lifecycle: onStart, onStop, onResume, onReset,
 * onDispose, onDegrade, onFault, onSave/onLoad; data: onQuoteTick, onTradeTick, onBar,
 * onInstrument, onData, onEvent); in them call the subscription helpers (subscribeQuoteTicks,
 * subscribeTradeTicks, subscribeBars, subscribeInstrument(s), subscribeData and their unsubscribe
 * twins, see subscriptions.ts), requestInstrument(s) / requestBars, publishData, runInExecutor,
 * and the named timers setTimer / setTimeAlert.
 *
 * Invariants:
 * - Actors are built with their deps (bus, clock, cache, logger, measure, executor) by the Trader:
 *   a Component publishes its state from its constructor on.
 * - Every user hook runs through `measure` and the HandlerGuard: a throwing data or event handler
 *   is logged (CORTANA_E_STRATEGY_HANDLER) and swallowed; a throwing lifecycle hook is logged the
 *   same way and the component stays in its transitory state (Nautilus' rule), never a crash.
 * - Data and events reach the on* handlers only while RUNNING (Nautilus drops them otherwise).
 * - Timers set through the helpers are named `{componentId}.{name}`, guarded, and cancelled on
 *   stop, reset and dispose; dispose also drops every bus subscription of the actor.
 */
import type { z } from "zod";
import type { Cache } from "../cache/cache.js";
import type { Portfolio } from "../portfolio/portfolio.js";
import type { Clock, TimeEvent } from "../common/clock.js";
import { Component } from "../common/component.js";
import type { Logger } from "../common/logger.js";
import type { Handler, MessageBus } from "../common/msgbus.js";
import type { UuidFactory } from "../common/uuid.js";
import type { Bar, QuoteTick, TradeTick } from "../model/data.js";
import type { TraderId } from "../model/identifiers.js";
import type { Instrument } from "../model/instruments.js";
import { ActorConfigSchema, type ActorConfig } from "./config.js";
import { HandlerGuard, directMeasure, type ExecutorLike, type MeasureFn } from "./handler.js";
import { DataSubscriptions } from "./subscriptions.js";

/** What the Trader gives every actor and strategy. */
export interface ActorDeps {
  readonly traderId: TraderId;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly logger: Logger;
  /** The node's Portfolio (net positions, exposure, PnL). */
  readonly portfolio?: Portfolio | undefined;
  readonly uuid?: UuidFactory | undefined;
  /** Times each handler call (the node's EventLoopMonitor.measure). Default: a plain call. */
  readonly measure?: MeasureFn | undefined;
  /** The node's worker pool, for runInExecutor. */
  readonly executor?: ExecutorLike | undefined;
}

/** A state value saved by onSave: text or bytes. */
export type StateValue = Uint8Array | string;
export type ActorState = Record<string, StateValue>;

type Lifecycle = "start" | "stop" | "resume" | "reset" | "dispose" | "degrade" | "fault";

export abstract class Actor<C extends object = ActorConfig> extends Component {
  /** The zod schema of this class's config (subclasses declare their own). */
  static configSchema: z.ZodType = ActorConfigSchema;

  readonly config: C;
  protected readonly cache: Cache;
  protected readonly portfolio: Portfolio | undefined;
  protected readonly traderIdValue: TraderId;
  protected readonly measure: MeasureFn;
  protected readonly executor: ExecutorLike | undefined;
  protected readonly guard: HandlerGuard;
  readonly #data: DataSubscriptions;
  private readonly busSubs: Array<[string, Handler<never>]> = [];
  private readonly timerNames = new Set<string>();

  constructor(config: C, deps: ActorDeps, componentId?: string) {
    const cfgId = (config as { componentId?: string }).componentId;
    super({ componentId: componentId ?? cfgId ?? new.target.name, bus: deps.bus, clock: deps.clock, logger: deps.logger, uuid: deps.uuid, traderId: deps.traderId });
    this.config = config;
    this.cache = deps.cache;
    this.portfolio = deps.portfolio;
    this.traderIdValue = deps.traderId;
    this.measure = deps.measure ?? directMeasure;
    this.executor = deps.executor;
    this.guard = new HandlerGuard(() => this.componentId, () => this.log, () => this.measure);
    this.#data = new DataSubscriptions({
      bus: this.bus,
      clock: this.clock,
      uuid: this.uuid,
      traderId: deps.traderId,
      componentId: this.componentId,
      subscribe: (topic, handler) => this.subscribeTopic(topic, handler),
      unsubscribe: (topic, handler) => this.unsubscribeTopic(topic, handler),
      handlers: {
        quote: this.handleQuoteTick,
        trade: this.handleTradeTick,
        bar: this.handleBar,
        instrument: this.handleInstrument,
        data: this.handleData,
      },
    });
  }

  // ---- lifecycle: measured and guarded -------------------------------------------------------

  override start(): void {
    this.lifecycle("start", () => super.start());
  }
  override stop(): void {
    this.lifecycle("stop", () => super.stop());
  }
  override resume(): void {
    this.lifecycle("resume", () => super.resume());
  }
  override reset(): void {
    this.lifecycle("reset", () => super.reset());
  }
  override dispose(): void {
    this.lifecycle("dispose", () => super.dispose());
  }
  override degrade(): void {
    this.lifecycle("degrade", () => super.degrade());
  }
  override fault(): void {
    this.lifecycle("fault", () => super.fault());
  }

  /** Runs a lifecycle transition; a throwing hook is reported, never propagated. Returns success. */
  protected lifecycle(which: Lifecycle, run: () => void): boolean {
    const hook = `on${which[0]?.toUpperCase()}${which.slice(1)}`;
    const before = this.state;
    const ok = this.guard.call(hook, { type: `${which}()` }, run);
    if (this.state === before) return ok; // an invalid trigger (logged by Component) changes nothing
    if (which === "stop" || which === "reset" || which === "dispose" || which === "fault") this.cancelActorTimers();
    if (which === "dispose") this.dropSubscriptions();
    return ok;
  }

  // ---- state ---------------------------------------------------------------------------------

  /** The actor's state to persist (its onSave), or undefined when onSave threw (logged). */
  saveState(): ActorState | undefined {
    let state: ActorState | undefined;
    const ok = this.guard.call("onSave", { type: "save" }, () => {
      state = this.onSave();
    });
    return ok ? (state ?? {}) : undefined;
  }

  /** Hands saved state to onLoad; returns false when it threw (logged). */
  loadState(state: ActorState): boolean {
    return this.guard.call("onLoad", { type: "load" }, () => this.onLoad(state));
  }

  /** How many handler calls of this component threw. */
  get handlerErrorCount(): number {
    return this.guard.errors;
  }

  // ---- hooks (override; data and event handlers are public, as in Nautilus) -------------------

  protected onSave(): ActorState {
    return {};
  }
  protected onLoad(_state: ActorState): void {}
  onQuoteTick(_quote: QuoteTick): void {}
  onTradeTick(_trade: TradeTick): void {}
  onBar(_bar: Bar): void {}
  onInstrument(_instrument: Instrument): void {}
  onData(_data: unknown): void {}
  onEvent(_event: unknown): void {}

  // ---- bus handlers (stable references: the bus deduplicates by handler) ----------------------

  protected readonly handleQuoteTick = (quote: QuoteTick): void => this.deliver("onQuoteTick", quote, () => this.onQuoteTick(quote));
  protected readonly handleTradeTick = (trade: TradeTick): void => this.deliver("onTradeTick", trade, () => this.onTradeTick(trade));
  protected readonly handleBar = (bar: Bar): void => this.deliver("onBar", bar, () => this.onBar(bar));
  protected readonly handleInstrument = (instrument: Instrument): void =>
    this.deliver("onInstrument", instrument, () => this.onInstrument(instrument));
  protected readonly handleData = (data: unknown): void => this.deliver("onData", data, () => this.onData(data));
  protected readonly handleEvent = (event: unknown): void => this.deliver("onEvent", event, () => this.onEvent(event));

  /** Calls a handler when RUNNING, measured and guarded. */
  protected deliver(handler: string, item: unknown, fn: () => void): void {
    if (!this.isRunning) return;
    this.guard.call(handler, item, fn);
  }

  // ---- subscriptions -------------------------------------------------------------------------

  subscribeQuoteTicks(...args: Parameters<DataSubscriptions["subscribeQuoteTicks"]>): void {
    this.#data.subscribeQuoteTicks(...args);
  }
  unsubscribeQuoteTicks(...args: Parameters<DataSubscriptions["unsubscribeQuoteTicks"]>): void {
    this.#data.unsubscribeQuoteTicks(...args);
  }
  subscribeTradeTicks(...args: Parameters<DataSubscriptions["subscribeTradeTicks"]>): void {
    this.#data.subscribeTradeTicks(...args);
  }
  unsubscribeTradeTicks(...args: Parameters<DataSubscriptions["unsubscribeTradeTicks"]>): void {
    this.#data.unsubscribeTradeTicks(...args);
  }
  subscribeBars(...args: Parameters<DataSubscriptions["subscribeBars"]>): void {
    this.#data.subscribeBars(...args);
  }
  unsubscribeBars(...args: Parameters<DataSubscriptions["unsubscribeBars"]>): void {
    this.#data.unsubscribeBars(...args);
  }
  subscribeInstrument(...args: Parameters<DataSubscriptions["subscribeInstrument"]>): void {
    this.#data.subscribeInstrument(...args);
  }
  unsubscribeInstrument(...args: Parameters<DataSubscriptions["unsubscribeInstrument"]>): void {
    this.#data.unsubscribeInstrument(...args);
  }
  subscribeInstruments(...args: Parameters<DataSubscriptions["subscribeInstruments"]>): void {
    this.#data.subscribeInstruments(...args);
  }
  unsubscribeInstruments(...args: Parameters<DataSubscriptions["unsubscribeInstruments"]>): void {
    this.#data.unsubscribeInstruments(...args);
  }
  subscribeData(...args: Parameters<DataSubscriptions["subscribeData"]>): void {
    this.#data.subscribeData(...args);
  }
  unsubscribeData(...args: Parameters<DataSubscriptions["unsubscribeData"]>): void {
    this.#data.unsubscribeData(...args);
  }
  requestInstrument(...args: Parameters<DataSubscriptions["requestInstrument"]>): ReturnType<DataSubscriptions["requestInstrument"]> {
    return this.#data.requestInstrument(...args);
  }
  requestInstruments(...args: Parameters<DataSubscriptions["requestInstruments"]>): ReturnType<DataSubscriptions["requestInstruments"]> {
    return this.#data.requestInstruments(...args);
  }
  requestBars(...args: Parameters<DataSubscriptions["requestBars"]>): ReturnType<DataSubscriptions["requestBars"]> {
    return this.#data.requestBars(...args);
  }

  /** Publishes custom data on `data.{dataType}` (subscribers get it in onData). */
  publishData(dataType: string, data: unknown): void {
    this.#data.publishData(dataType, data);
  }

  /** Subscribes onEvent to a bus topic pattern (e.g. `events.risk`, `events.system.*`). */
  subscribeEvents(pattern: string): void {
    this.subscribeTopic(pattern, this.handleEvent);
  }
  unsubscribeEvents(pattern: string): void {
    this.unsubscribeTopic(pattern, this.handleEvent);
  }

  /**
   * Runs `task` on the node's worker pool; the result resolves the promise and is also published
   * on `data.executor.{topic}` (subscribe with `subscribeData("executor." + topic)`).
   */
  runInExecutor<T>(task: { module: string | URL; name?: string }, arg: unknown, topic = this.componentId): Promise<T> {
    if (this.executor === undefined) return Promise.reject(new Error(`${this.componentId}: no executor was given to this node`));
    return this.executor.run<T>(task, arg, topic);
  }

  protected subscribeTopic<T>(topic: string, handler: Handler<T>): void {
    if (this.bus.subscribe(topic, handler)) this.busSubs.push([topic, handler as Handler<never>]);
  }

  protected unsubscribeTopic<T>(topic: string, handler: Handler<T>): void {
    if (!this.bus.unsubscribe(topic, handler)) return;
    const i = this.busSubs.findIndex(([t, h]) => t === topic && h === (handler as Handler<never>));
    if (i >= 0) this.busSubs.splice(i, 1);
  }

  /** Bus patterns this actor is subscribed to (for diagnostics and tests). */
  subscribedTopics(): string[] {
    return this.busSubs.map(([t]) => t);
  }

  private dropSubscriptions(): void {
    for (const [topic, handler] of this.busSubs.splice(0)) this.bus.unsubscribe(topic, handler);
  }

  // ---- timers --------------------------------------------------------------------------------

  /** A repeating timer `{componentId}.{name}`; its callback is measured and guarded. */
  protected setTimer(name: string, intervalNs: bigint, callback: (event: TimeEvent) => void): void {
    const full = `${this.componentId}.${name}`;
    this.timerNames.add(full);
    this.clock.setTimer(full, intervalNs, (e) => this.guard.call("onTimer", { type: "TimeEvent", name: e.name }, () => callback(e)));
  }

  /** A one-shot alert `{componentId}.{name}` at `atNs`. */
  protected setTimeAlert(name: string, atNs: bigint, callback: (event: TimeEvent) => void): void {
    const full = `${this.componentId}.${name}`;
    this.timerNames.add(full);
    this.clock.setTimeAlert(full, atNs, (e) => {
      this.timerNames.delete(full);
      this.guard.call("onTimer", { type: "TimeEvent", name: e.name }, () => callback(e));
    });
  }

  protected cancelTimer(name: string): void {
    const full = `${this.componentId}.${name}`;
    this.timerNames.delete(full);
    this.clock.cancelTimer(full);
  }

  private cancelActorTimers(): void {
    for (const name of this.timerNames) this.clock.cancelTimer(name);
    this.timerNames.clear();
  }
}
