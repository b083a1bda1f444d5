/**
 * Trader: holds the node's actors and strategies (Nautilus `Trader`), builds them with their deps
 * (bus, clock, cache, portfolio, a logger child per component, measure, executor), registers each
 * strategy with the cache and the ExecEngine (OMS override, contingent orders, GTD expiry,
 * external order claims), and drives their lifecycle as one.
 *
 * Entry points: `new Trader(deps)`, `addActor(cls, config)`, `addStrategy(cls, config)`,
 * `addLoaded({ strategies, actors })` (what loader.ts returns),
 * `start/stop/resume/reset/dispose` (Component), `checkResiduals()`, `saveState()`,
 * `loadState()`, `strategyStates()`, `strategies()`, `actors()`.
 * Invariants:
 * - Components are added only while the trader is READY (before the node runs).
 * - Strategy ids and order id tags are unique per trader; external order claims are all-or-none
 *   across strategies (a second claim on an instrument throws at registration, as in Nautilus).
 * - One component's failing hook never stops the others (Actor isolates every hook).
 * - Start: actors, then strategies. Stop: strategies, then actors (actors see the final events).
 */
import type { z } from "zod";
import { Component, type ComponentState } from "../common/component.js";
import { CortanaError } from "../common/errors.js";
import type { StrategyExecOptions } from "../execution/config.js";
import { strategyIdTag, type StrategyId } from "../model/identifiers.js";
import type { Order } from "../model/orders/index.js";
import type { Position } from "../model/position.js";
import type { Actor, ActorDeps } from "./actor.js";
import { parseComponentConfig } from "./config.js";
import type { LoadedActor, LoadedStrategy } from "./loader.js";
import { decodeState, encodeState } from "./state.js";
import type { Strategy } from "./strategy.js";

/** An Actor or Strategy class: constructed with (parsed config, deps), with its own static schema. */
export interface ComponentClass<T extends Actor<object>> {
  new (config: never, deps: ActorDeps): T;
  readonly name: string;
  readonly configSchema: z.ZodType;
}

/** The actor dependencies (the logger is the root one: each component logs through its own child). */
export interface TraderDeps extends ActorDeps {
  /** Receives each strategy's execution options; without it claims go to the cache only. */
  readonly execEngine?: { registerStrategy(strategyId: StrategyId, options: StrategyExecOptions): void } | undefined;
}

export interface AddOptions {
  /** Names the component in errors (the loader passes `strategies[i] (path)`). Default: the class name. */
  readonly label?: string;
  /** Validates the config instead of the class's own `configSchema` (ImportableStrategyConfig.configPath). */
  readonly schema?: z.ZodType;
  /** Where the config sits, for problem paths (the loader passes `strategies[i].config`). Default `config`. */
  readonly path?: string;
}

export interface Residuals {
  readonly openOrders: readonly Order[];
  readonly openPositions: readonly Position[];
}

export class Trader extends Component {
  private readonly deps: TraderDeps;
  private readonly actorList: Actor<object>[] = [];
  private readonly strategyList: Strategy[] = [];

  constructor(deps: TraderDeps) {
    super({ componentId: "Trader", bus: deps.bus, clock: deps.clock, logger: deps.logger, uuid: deps.uuid, traderId: deps.traderId });
    this.deps = deps;
  }

  /** What every component is built with (also for programs that build their own). */
  componentDeps(): ActorDeps {
    const { traderId, bus, clock, cache, logger, portfolio, uuid, measure, executor } = this.deps;
    return { traderId, bus, clock, cache, logger, portfolio, uuid, measure, executor };
  }

  /** Validates `config` with the class's schema, builds the actor, and adds it. */
  addActor<T extends Actor<object>>(cls: ComponentClass<T>, config: unknown = {}, options: AddOptions = {}): T {
    this.requireReady("add an actor");
    const label = options.label ?? cls.name;
    const parsed = parseComponentConfig(options.schema ?? cls.configSchema, config, options.path ?? "config", label);
    const actor = new cls(parsed as never, this.componentDeps());
    if (this.actorList.some((a) => a.componentId === actor.componentId)) {
      actor.dispose();
      throw new CortanaError("CORTANA_E_STRATEGY_CONFIG", `${label}: an actor with component id ${actor.componentId} was already added`);
    }
    this.actorList.push(actor);
    this.log.info({ actor: actor.componentId }, `Registered Actor ${actor.componentId}`);
    return actor;
  }

  /** Validates `config`, builds the strategy, registers it with the cache and the ExecEngine. */
  addStrategy<T extends Strategy>(cls: ComponentClass<T>, config: unknown = {}, options: AddOptions = {}): T {
    this.requireReady("add a strategy");
    const label = options.label ?? cls.name;
    const parsed = parseComponentConfig(options.schema ?? cls.configSchema, config, options.path ?? "config", label);
    const strategy = new cls(parsed as never, this.componentDeps());
    try {
      this.register(strategy, label);
    } catch (err) {
      strategy.dispose();
      if (err instanceof CortanaError) throw err;
      throw new CortanaError("CORTANA_E_STRATEGY_CONFIG", `${label}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.strategyList.push(strategy);
    this.log.info({ strategy: strategy.id }, `Registered Strategy ${strategy.id}`);
    return strategy;
  }

  /** Adds what `loadStrategies` / `loadActors` returned, in order (actors first is the node's choice). */
  addLoaded(loaded: { readonly strategies?: readonly LoadedStrategy[]; readonly actors?: readonly LoadedActor[] }): void {
    for (const a of loaded.actors ?? []) this.addActor(a.cls, a.rawConfig, a.options);
    for (const s of loaded.strategies ?? []) this.addStrategy(s.cls, s.rawConfig, s.options);
  }

  strategies(): readonly Strategy[] {
    return this.strategyList;
  }
  actors(): readonly Actor<object>[] {
    return this.actorList;
  }
  strategy(id: StrategyId): Strategy | undefined {
    return this.strategyList.find((s) => s.id === id);
  }
  strategyIds(): StrategyId[] {
    return this.strategyList.map((s) => s.id);
  }

  /** Each strategy's component state. */
  strategyStates(): Record<string, ComponentState> {
    return Object.fromEntries(this.strategyList.map((s) => [s.id, s.state]));
  }

  /** Strategies still RUNNING after stop (a manageStop market exit in progress). */
  pendingStops(): StrategyId[] {
    return this.strategyList.filter((s) => s.isRunning || s.isExiting).map((s) => s.id);
  }

  /** Logs (warn) and returns every open order and position of the trader's strategies. */
  checkResiduals(): Residuals {
    const openOrders: Order[] = [];
    const openPositions: Position[] = [];
    for (const s of this.strategyList) {
      for (const o of this.deps.cache.ordersOpen({ strategyId: s.id })) {
        openOrders.push(o);
        this.log.warn({ strategyId: s.id, clientOrderId: o.clientOrderId, status: o.status }, `Residual open order ${o.clientOrderId} (${s.id})`);
      }
      for (const p of this.deps.cache.positionsOpen({ strategyId: s.id })) {
        openPositions.push(p);
        this.log.warn({ strategyId: s.id, positionId: p.id, quantity: p.signedQtyString() }, `Residual open position ${p.id} (${s.id})`);
      }
    }
    return { openOrders, openPositions };
  }

  /** Saves every strategy's onSave state to the cache (and its database). */
  saveState(): void {
    for (const s of this.strategyList) {
      const state = s.saveState();
      if (state === undefined) continue; // onSave threw: logged; the previous saved state stays
      this.deps.cache.updateStrategyState(s.id, encodeState(state));
      this.log.info({ strategyId: s.id, keys: Object.keys(state) }, `Saved state of ${s.id}`);
    }
  }

  /** Hands each strategy its saved state (onLoad), when there is one. */
  async loadState(): Promise<void> {
    for (const s of this.strategyList) {
      const stored = await this.deps.cache.loadStrategyState(s.id);
      if (stored === undefined) continue;
      if (s.loadState(decodeState(stored))) this.log.info({ strategyId: s.id }, `Loaded state of ${s.id}`);
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  protected override onStart(): void {
    for (const a of this.actorList) a.start();
    for (const s of this.strategyList) s.start();
  }
  protected override onStop(): void {
    for (const s of this.strategyList) s.stop();
    for (const a of this.actorList) a.stop();
  }
  protected override onResume(): void {
    for (const a of this.actorList) a.resume();
    for (const s of this.strategyList) s.resume();
  }
  protected override onReset(): void {
    for (const c of this.all()) c.reset();
  }
  protected override onDispose(): void {
    for (const c of this.all()) c.dispose();
  }

  private all(): Actor<object>[] {
    return [...this.strategyList, ...this.actorList];
  }

  private register(strategy: Strategy, label: string): void {
    const clash = this.strategyList.find((s) => s.id === strategy.id || strategyIdTag(s.id) === strategyIdTag(strategy.id));
    if (clash !== undefined) {
      const what = clash.id === strategy.id ? `strategy id ${strategy.id}` : `order id tag ${strategyIdTag(strategy.id)}`;
      throw new CortanaError("CORTANA_E_STRATEGY_CONFIG", `${label}: ${what} is already used by ${clash.id}; strategy ids and order id tags must be unique`);
    }
    const options = strategy.execOptions();
    this.deps.cache.addStrategy(strategy.id);
    if (this.deps.execEngine !== undefined) {
      this.deps.execEngine.registerStrategy(strategy.id, options);
    } else {
      this.claimDirectly(strategy.id, options);
    }
  }

  private claimDirectly(strategyId: StrategyId, options: StrategyExecOptions): void {
    const claims = options.externalOrderClaims ?? [];
    for (const id of claims) {
      const owner = this.deps.cache.externalOrderClaim(id);
      if (owner !== undefined && owner !== strategyId) throw new Error(`External order claim for ${id} already exists for ${owner}`);
    }
    for (const id of claims) this.deps.cache.addExternalOrderClaim(id, strategyId);
  }

  private requireReady(what: string): void {
    if (!this.isReady) throw new CortanaError("CORTANA_E_NODE_STATE", `cannot ${what}: the trader is ${this.state} (add components before the node runs)`);
  }
}
