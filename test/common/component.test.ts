import { describe, expect, it } from "vitest";
import { TestClock } from "../../src/common/clock.js";
import {
  Component,
  COMPONENT_STATE_TABLE,
  COMPONENT_STATE_VALUE,
  COMPONENT_TRIGGER_VALUE,
  ComponentState,
  ComponentTrigger,
  componentStateTopic,
  isTransitoryState,
  nextComponentState,
  SHUTDOWN_TOPIC,
  type ComponentStateChanged,
  type ShutdownSystem,
} from "../../src/common/component.js";
import { memoryLogger } from "../../src/common/logger.js";
import { MessageBus } from "../../src/common/msgbus.js";
import { sequentialUuids } from "../../src/common/uuid.js";

type S = ComponentState;
type T = ComponentTrigger;

// Written out independently from reference §5.2 (not imported), so the test can catch a wrong table.
const EXPECTED: Record<string, S> = {
  "PRE_INITIALIZED|INITIALIZE": "READY",
  "READY|RESET": "RESETTING",
  "RESETTING|RESET_COMPLETED": "READY",
  "READY|START": "STARTING",
  "STARTING|START_COMPLETED": "RUNNING",
  "READY|DISPOSE": "DISPOSING",
  "DISPOSING|DISPOSE_COMPLETED": "DISPOSED",
  "STARTING|STOP": "STOPPING",
  "STARTING|FAULT": "FAULTING",
  "RUNNING|STOP": "STOPPING",
  "RUNNING|DEGRADE": "DEGRADING",
  "RUNNING|FAULT": "FAULTING",
  "RESUMING|STOP": "STOPPING",
  "RESUMING|RESUME_COMPLETED": "RUNNING",
  "RESUMING|FAULT": "FAULTING",
  "STOPPING|STOP_COMPLETED": "STOPPED",
  "STOPPING|FAULT": "FAULTING",
  "STOPPED|RESET": "RESETTING",
  "STOPPED|RESUME": "RESUMING",
  "STOPPED|DISPOSE": "DISPOSING",
  "STOPPED|FAULT": "FAULTING",
  "DEGRADING|DEGRADE_COMPLETED": "DEGRADED",
  "DEGRADED|RESUME": "RESUMING",
  "DEGRADED|STOP": "STOPPING",
  "DEGRADED|FAULT": "FAULTING",
  "FAULTING|FAULT_COMPLETED": "FAULTED",
};

const STATES = Object.values(ComponentState);
const TRIGGERS = Object.values(ComponentTrigger);

describe("component state table", () => {
  it("has Nautilus' numbers for states and triggers", () => {
    expect(STATES.map((s) => COMPONENT_STATE_VALUE[s])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(TRIGGERS.map((t) => COMPONENT_TRIGGER_VALUE[t])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  const pairs = STATES.flatMap((s) => TRIGGERS.map((t) => [s, t, EXPECTED[`${s}|${t}`] ?? null] as const));
  it.each(pairs)("%s + %s -> %s", (state, trigger, expected) => {
    expect(nextComponentState(state, trigger) ?? null).toBe(expected);
  });

  it("has exactly the 26 rows of the reference", () => {
    expect(COMPONENT_STATE_TABLE).toHaveLength(Object.keys(EXPECTED).length);
  });

  it("classifies transitory states", () => {
    expect(STATES.filter(isTransitoryState)).toEqual(["STARTING", "STOPPING", "RESUMING", "RESETTING", "DISPOSING", "DEGRADING", "FAULTING"]);
  });
});

type Method = "start" | "stop" | "resume" | "reset" | "dispose" | "degrade" | "fault";
const METHODS: ReadonlyArray<readonly [Method, T, T]> = [
  ["start", "START", "START_COMPLETED"],
  ["stop", "STOP", "STOP_COMPLETED"],
  ["resume", "RESUME", "RESUME_COMPLETED"],
  ["reset", "RESET", "RESET_COMPLETED"],
  ["dispose", "DISPOSE", "DISPOSE_COMPLETED"],
  ["degrade", "DEGRADE", "DEGRADE_COMPLETED"],
  ["fault", "FAULT", "FAULT_COMPLETED"],
];

class Probe extends Component {
  readonly calls: string[] = [];
  throwOn = new Set<string>();
  private hook(name: string): void {
    this.calls.push(name);
    if (this.throwOn.has(name)) throw new Error(`${name} failed`);
  }
  protected override onStart(): void { this.hook("onStart"); }
  protected override onStop(): void { this.hook("onStop"); }
  protected override onResume(): void { this.hook("onResume"); }
  protected override onReset(): void { this.hook("onReset"); }
  protected override onDispose(): void { this.hook("onDispose"); }
  protected override onDegrade(): void { this.hook("onDegrade"); }
  protected override onFault(): void { this.hook("onFault"); }
}

function setup() {
  const logger = memoryLogger();
  const clock = new TestClock(42n);
  const bus = new MessageBus({ logger, clock });
  const published: ComponentStateChanged[] = [];
  bus.subscribe("events.system.*", (e: ComponentStateChanged) => published.push(e));
  const probe = new Probe({ componentId: "ExecEngine", bus, clock, logger, uuid: sequentialUuids(), traderId: "TRADER-001" });
  return { logger, clock, bus, published, probe };
}

/** How to reach each state: calls, with a throwing hook for the transitory ones. */
const PATHS: Record<Exclude<S, "PRE_INITIALIZED">, { calls: Method[]; throwOn?: string }> = {
  READY: { calls: [] },
  RUNNING: { calls: ["start"] },
  STOPPED: { calls: ["start", "stop"] },
  DEGRADED: { calls: ["start", "degrade"] },
  DISPOSED: { calls: ["dispose"] },
  FAULTED: { calls: ["start", "fault"] },
  STARTING: { calls: ["start"], throwOn: "onStart" },
  STOPPING: { calls: ["start", "stop"], throwOn: "onStop" },
  RESUMING: { calls: ["start", "stop", "resume"], throwOn: "onResume" },
  RESETTING: { calls: ["reset"], throwOn: "onReset" },
  DISPOSING: { calls: ["dispose"], throwOn: "onDispose" },
  DEGRADING: { calls: ["start", "degrade"], throwOn: "onDegrade" },
  FAULTING: { calls: ["start", "fault"], throwOn: "onFault" },
};

function reach(probe: Probe, target: keyof typeof PATHS): void {
  const path = PATHS[target];
  path.calls.forEach((m, i) => {
    const last = i === path.calls.length - 1;
    if (last && path.throwOn !== undefined) {
      probe.throwOn.add(path.throwOn);
      expect(() => probe[m]()).toThrow("failed");
      probe.throwOn.clear();
    } else probe[m]();
  });
  expect(probe.state).toBe(target);
}

describe("Component", () => {
  it("initializes to READY and publishes it on events.system.{componentId}", () => {
    const { probe, published } = setup();
    expect(probe.state).toBe("READY");
    expect(published).toEqual([
      {
        type: "ComponentStateChanged",
        traderId: "TRADER-001",
        componentId: "ExecEngine",
        componentType: "Probe",
        state: "READY",
        eventId: "00000000-0000-4000-8000-000000000001",
        tsEvent: 42n,
        tsInit: 42n,
      },
    ]);
    expect(componentStateTopic("ExecEngine")).toBe("events.system.ExecEngine");
  });

  const cases = (Object.keys(PATHS) as (keyof typeof PATHS)[]).flatMap((from) => METHODS.map((m) => [from, ...m] as const));
  it.each(cases)("from %s, %s()", (from, method, trigger, completed) => {
    const { probe, published, logger } = setup();
    reach(probe, from);
    probe.calls.length = 0;
    published.length = 0;
    logger.records.length = 0;
    probe[method]();
    const transitory = EXPECTED[`${from}|${trigger}`];
    if (transitory === undefined) {
      expect(probe.state).toBe(from);
      expect(probe.calls).toEqual([]);
      expect(published).toEqual([]);
      expect(logger.records).toContainEqual(expect.objectContaining({ level: "error", trigger, state: from, component: "ExecEngine" }));
      return;
    }
    const final = EXPECTED[`${transitory}|${completed}`];
    expect(final).toBeDefined();
    expect(probe.state).toBe(final);
    expect(probe.calls).toEqual([`on${method[0]?.toUpperCase()}${method.slice(1)}`]);
    expect(published.map((e) => e.state)).toEqual([transitory, final]);
  });

  it("a hook that throws propagates and leaves the transitory state, published", () => {
    const { probe, published, logger } = setup();
    probe.throwOn.add("onStart");
    expect(() => probe.start()).toThrow("onStart failed");
    expect(probe.state).toBe("STARTING");
    expect(published.map((e) => e.state)).toEqual(["READY", "STARTING"]);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: "error", trigger: "START", state: "STARTING" }));
    // recovery the table allows: STARTING -> STOP
    probe.throwOn.clear();
    probe.stop();
    expect(probe.state).toBe("STOPPED");
  });

  it("runs a full lifecycle with the expected hooks and state flags", () => {
    const { probe } = setup();
    expect(probe.isReady).toBe(true);
    probe.start();
    expect(probe.isRunning).toBe(true);
    probe.degrade();
    expect(probe.isDegraded).toBe(true);
    probe.resume();
    expect(probe.isRunning).toBe(true);
    probe.stop();
    expect(probe.isStopped).toBe(true);
    probe.reset();
    expect(probe.isReady).toBe(true);
    probe.dispose();
    expect(probe.isDisposed).toBe(true);
    expect(probe.calls).toEqual(["onStart", "onDegrade", "onResume", "onStop", "onReset", "onDispose"]);
    probe.start(); // terminal: logged, nothing happens
    expect(probe.isDisposed).toBe(true);
    const faulted = setup().probe;
    faulted.fault();
    expect(faulted.state).toBe("READY"); // FAULT is not valid from READY
    faulted.start();
    faulted.fault();
    expect(faulted.isFaulted).toBe(true);
  });

  it("shutdownSystem publishes ShutdownSystem on commands.system.shutdown", () => {
    const { probe, bus } = setup();
    const got: ShutdownSystem[] = [];
    bus.subscribe(SHUTDOWN_TOPIC, (c: ShutdownSystem) => got.push(c));
    probe.shutdownSystem("queue handler threw");
    expect(got).toEqual([
      { type: "ShutdownSystem", traderId: "TRADER-001", componentId: "ExecEngine", reason: "queue handler threw", commandId: expect.any(String), tsInit: 42n },
    ]);
  });
});
