/**
 * The component state machine of Nautilus (`common/component.pyx` `_COMPONENT_STATE_TABLE`,
 * reference §5.2), as data.
 *
 * Entry points: `ComponentState`, `ComponentTrigger` (string enums in the model's style, with
 * Nautilus' numbers in `COMPONENT_STATE_VALUE` / `COMPONENT_TRIGGER_VALUE`),
 * `COMPONENT_STATE_TABLE` (every valid (state, trigger) -> state), `nextComponentState`.
 *
 * Invariant: a (state, trigger) pair absent from the table is invalid; `nextComponentState`
 * returns undefined for it and the caller logs it, leaving the state unchanged.
 */

import { assertNever } from "./errors.js";

export const ComponentState = Object.freeze({
  PRE_INITIALIZED: "PRE_INITIALIZED",
  READY: "READY",
  STARTING: "STARTING",
  RUNNING: "RUNNING",
  STOPPING: "STOPPING",
  STOPPED: "STOPPED",
  RESUMING: "RESUMING",
  RESETTING: "RESETTING",
  DISPOSING: "DISPOSING",
  DISPOSED: "DISPOSED",
  DEGRADING: "DEGRADING",
  DEGRADED: "DEGRADED",
  FAULTING: "FAULTING",
  FAULTED: "FAULTED",
});
export type ComponentState = (typeof ComponentState)[keyof typeof ComponentState];

/** Nautilus' numeric values (reference §5.2). */
export const COMPONENT_STATE_VALUE: Readonly<Record<ComponentState, number>> = Object.freeze({
  PRE_INITIALIZED: 0,
  READY: 1,
  STARTING: 2,
  RUNNING: 3,
  STOPPING: 4,
  STOPPED: 5,
  RESUMING: 6,
  RESETTING: 7,
  DISPOSING: 8,
  DISPOSED: 9,
  DEGRADING: 10,
  DEGRADED: 11,
  FAULTING: 12,
  FAULTED: 13,
});

export const ComponentTrigger = Object.freeze({
  INITIALIZE: "INITIALIZE",
  START: "START",
  START_COMPLETED: "START_COMPLETED",
  STOP: "STOP",
  STOP_COMPLETED: "STOP_COMPLETED",
  RESUME: "RESUME",
  RESUME_COMPLETED: "RESUME_COMPLETED",
  RESET: "RESET",
  RESET_COMPLETED: "RESET_COMPLETED",
  DISPOSE: "DISPOSE",
  DISPOSE_COMPLETED: "DISPOSE_COMPLETED",
  DEGRADE: "DEGRADE",
  DEGRADE_COMPLETED: "DEGRADE_COMPLETED",
  FAULT: "FAULT",
  FAULT_COMPLETED: "FAULT_COMPLETED",
});
export type ComponentTrigger = (typeof ComponentTrigger)[keyof typeof ComponentTrigger];

/** Nautilus' numeric values (`ComponentTrigger` in common/enums.pyx). */
export const COMPONENT_TRIGGER_VALUE: Readonly<Record<ComponentTrigger, number>> = Object.freeze({
  INITIALIZE: 1,
  START: 2,
  START_COMPLETED: 3,
  STOP: 4,
  STOP_COMPLETED: 5,
  RESUME: 6,
  RESUME_COMPLETED: 7,
  RESET: 8,
  RESET_COMPLETED: 9,
  DISPOSE: 10,
  DISPOSE_COMPLETED: 11,
  DEGRADE: 12,
  DEGRADE_COMPLETED: 13,
  FAULT: 14,
  FAULT_COMPLETED: 15,
});

type Row = readonly [from: ComponentState, trigger: ComponentTrigger, to: ComponentState];

/** Every valid transition, in the order of Nautilus' `_COMPONENT_STATE_TABLE`. */
export const COMPONENT_STATE_TABLE: readonly Row[] = Object.freeze([
  ["PRE_INITIALIZED", "INITIALIZE", "READY"],
  ["READY", "RESET", "RESETTING"],
  ["READY", "START", "STARTING"],
  ["READY", "DISPOSE", "DISPOSING"],
  ["RESETTING", "RESET_COMPLETED", "READY"],
  ["STARTING", "START_COMPLETED", "RUNNING"],
  ["STARTING", "STOP", "STOPPING"],
  ["STARTING", "FAULT", "FAULTING"],
  ["RUNNING", "STOP", "STOPPING"],
  ["RUNNING", "DEGRADE", "DEGRADING"],
  ["RUNNING", "FAULT", "FAULTING"],
  ["RESUMING", "STOP", "STOPPING"],
  ["RESUMING", "RESUME_COMPLETED", "RUNNING"],
  ["RESUMING", "FAULT", "FAULTING"],
  ["STOPPING", "STOP_COMPLETED", "STOPPED"],
  ["STOPPING", "FAULT", "FAULTING"],
  ["STOPPED", "RESET", "RESETTING"],
  ["STOPPED", "RESUME", "RESUMING"],
  ["STOPPED", "DISPOSE", "DISPOSING"],
  ["STOPPED", "FAULT", "FAULTING"],
  ["DEGRADING", "DEGRADE_COMPLETED", "DEGRADED"],
  ["DEGRADED", "RESUME", "RESUMING"],
  ["DEGRADED", "STOP", "STOPPING"],
  ["DEGRADED", "FAULT", "FAULTING"],
  ["DISPOSING", "DISPOSE_COMPLETED", "DISPOSED"],
  ["FAULTING", "FAULT_COMPLETED", "FAULTED"],
] as const satisfies readonly Row[]);

const LOOKUP = new Map<string, ComponentState>(COMPONENT_STATE_TABLE.map(([from, trigger, to]) => [`${from}|${trigger}`, to]));

/** The state `trigger` leads to from `state`, or undefined when the trigger is invalid there. */
export function nextComponentState(state: ComponentState, trigger: ComponentTrigger): ComponentState | undefined {
  return LOOKUP.get(`${state}|${trigger}`);
}

/** Transitory states: a component sits in one only while its action runs (or after the action threw). */
export function isTransitoryState(state: ComponentState): boolean {
  switch (state) {
    case "STARTING":
    case "STOPPING":
    case "RESUMING":
    case "RESETTING":
    case "DISPOSING":
    case "DEGRADING":
    case "FAULTING":
      return true;
    case "PRE_INITIALIZED":
    case "READY":
    case "RUNNING":
    case "STOPPED":
    case "DISPOSED":
    case "DEGRADED":
    case "FAULTED":
      return false;
    default:
      return assertNever(state, "component state");
  }
}
