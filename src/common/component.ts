/**
 * Component: the lifecycle base of engines, clients, strategies and the node's parts
 * (Nautilus' `Component`, reference §5.2).
 *
 * Entry points: `class X extends Component` and override the hooks `onStart`, `onStop`,
 * `onResume`, `onReset`, `onDispose`, `onDegrade`, `onFault`; callers use `start()`, `stop()`,
 * `resume()`, `reset()`, `dispose()`, `degrade()`, `fault()`; `shutdownSystem(reason)` asks the
 * node to stop (publishes `ShutdownSystem` on `commands.system.shutdown`).
 *
 * Invariants:
 * - The constructor fires INITIALIZE (PRE_INITIALIZED -> READY).
 * - Each public method fires its transitory trigger (e.g. START: READY -> STARTING), runs its hook,
 *   then fires the *_COMPLETED trigger (STARTING -> RUNNING).
 * - A trigger that is invalid in the current state is logged (error) and changes nothing; the
 *   hook is not run and the method returns normally (Nautilus: it does not raise).
 * - If the hook throws, the error is logged and rethrown, and the component stays in the
 *   transitory state (STARTING...), as in Nautilus.
 * - Every state change, transitory ones included, publishes a `ComponentStateChanged` on
 *   `events.system.{componentId}` at the moment of the change (Nautilus publishes the transitory
 *   state after the action; publishing at the change means a hook that throws still leaves its
 *   state visible on the bus).
 */
import type { Clock } from "./clock.js";
import { isTransitoryState, nextComponentState, type ComponentState, type ComponentTrigger } from "./component-fsm.js";
import type { ErrorCode } from "./errors.js";
import type { Logger } from "./logger.js";
import type { MessageBus } from "./msgbus.js";
import { Topics } from "./topics.js";
import { randomUuid, type UuidFactory } from "./uuid.js";

export { ComponentState, ComponentTrigger, COMPONENT_STATE_TABLE, COMPONENT_STATE_VALUE, COMPONENT_TRIGGER_VALUE, nextComponentState, isTransitoryState } from "./component-fsm.js";

export const SHUTDOWN_TOPIC = Topics.shutdown;

export function componentStateTopic(componentId: string): string {
  return Topics.componentState(componentId);
}

export interface ComponentStateChanged {
  readonly type: "ComponentStateChanged";
  readonly traderId: string | undefined;
  readonly componentId: string;
  readonly componentType: string;
  readonly state: ComponentState;
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface ShutdownSystem {
  readonly type: "ShutdownSystem";
  readonly traderId: string | undefined;
  readonly componentId: string;
  readonly reason: string | undefined;
  /** The error behind the request, when a failure caused it (e.g. CORTANA_E_CONNECTION_LOST). */
  readonly code?: ErrorCode | undefined;
  readonly commandId: string;
  readonly tsInit: bigint;
}

export interface ComponentDeps {
  readonly componentId: string;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Event and command ids. Default randomUuid (common/uuid.ts). */
  readonly uuid?: UuidFactory;
  readonly traderId?: string;
}

export abstract class Component {
  readonly componentId: string;
  readonly traderId: string | undefined;
  protected readonly bus: MessageBus;
  protected readonly clock: Clock;
  protected readonly log: Logger;
  protected readonly uuid: UuidFactory;
  private currentState: ComponentState = "PRE_INITIALIZED";

  constructor(deps: ComponentDeps) {
    if (deps.componentId === "") throw new Error("Component: componentId must not be empty");
    this.componentId = deps.componentId;
    this.traderId = deps.traderId;
    this.bus = deps.bus;
    this.clock = deps.clock;
    this.log = deps.logger.child({ component: deps.componentId });
    this.uuid = deps.uuid ?? randomUuid;
    this.fire("INITIALIZE");
  }

  get state(): ComponentState {
    return this.currentState;
  }

  get isReady(): boolean {
    return this.currentState === "READY";
  }
  get isRunning(): boolean {
    return this.currentState === "RUNNING";
  }
  get isStopped(): boolean {
    return this.currentState === "STOPPED";
  }
  get isDegraded(): boolean {
    return this.currentState === "DEGRADED";
  }
  get isFaulted(): boolean {
    return this.currentState === "FAULTED";
  }
  get isDisposed(): boolean {
    return this.currentState === "DISPOSED";
  }

  start(): void {
    this.transition("START", () => this.onStart(), "START_COMPLETED");
  }
  stop(): void {
    this.transition("STOP", () => this.onStop(), "STOP_COMPLETED");
  }
  resume(): void {
    this.transition("RESUME", () => this.onResume(), "RESUME_COMPLETED");
  }
  reset(): void {
    this.transition("RESET", () => this.onReset(), "RESET_COMPLETED");
  }
  dispose(): void {
    this.transition("DISPOSE", () => this.onDispose(), "DISPOSE_COMPLETED");
  }
  degrade(): void {
    this.transition("DEGRADE", () => this.onDegrade(), "DEGRADE_COMPLETED");
  }
  fault(): void {
    this.transition("FAULT", () => this.onFault(), "FAULT_COMPLETED");
  }

  /** Asks the node to shut down: publishes `ShutdownSystem` on `commands.system.shutdown`. */
  /** `code`: the failure behind the request, so the node exits with that code's exit code. */
  shutdownSystem(reason?: string, code?: ErrorCode): void {
    const command: ShutdownSystem = {
      type: "ShutdownSystem",
      traderId: this.traderId,
      componentId: this.componentId,
      reason,
      code,
      commandId: this.uuid(),
      tsInit: this.clock.timestampNs(),
    };
    this.log.warn({ reason }, "requesting system shutdown");
    this.bus.publish(SHUTDOWN_TOPIC, command);
  }

  // Hooks: override what the component needs; defaults do nothing.
  protected onStart(): void {}
  protected onStop(): void {}
  protected onResume(): void {}
  protected onReset(): void {}
  protected onDispose(): void {}
  protected onDegrade(): void {}
  protected onFault(): void {}

  private transition(trigger: ComponentTrigger, action: () => void, completed: ComponentTrigger): void {
    if (!this.fire(trigger)) return;
    try {
      action();
    } catch (err) {
      this.log.error({ err, trigger, state: this.currentState }, `error on ${trigger}; staying ${this.currentState}`);
      throw err;
    }
    this.fire(completed);
  }

  /** Applies `trigger`; an invalid one is logged and ignored. Returns whether the state changed. */
  private fire(trigger: ComponentTrigger): boolean {
    const next = nextComponentState(this.currentState, trigger);
    if (next === undefined) {
      this.log.error({ trigger, state: this.currentState }, `invalid state trigger ${trigger} in state ${this.currentState}`);
      return false;
    }
    this.currentState = next;
    if (isTransitoryState(next)) this.log.debug({ state: next }, next);
    else this.log.info({ state: next }, next);
    this.publishStateChanged(next);
    return true;
  }

  private publishStateChanged(state: ComponentState): void {
    const ts = this.clock.timestampNs();
    const event: ComponentStateChanged = {
      type: "ComponentStateChanged",
      traderId: this.traderId,
      componentId: this.componentId,
      componentType: this.constructor.name,
      state,
      eventId: this.uuid(),
      tsEvent: ts,
      tsInit: ts,
    };
    this.bus.publish(componentStateTopic(this.componentId), event);
  }
}
