import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { TimeEvent } from "../../src/common/clock.js";
import type { RequestEnvelope } from "../../src/common/msgbus.js";
import type { DataResponse } from "../../src/data/messages.js";
import { BarType, type Bar, type QuoteTick } from "../../src/model/data.js";
import { ClientId, Venue } from "../../src/model/identifiers.js";
import type { Instrument } from "../../src/model/instruments.js";
import { Price, Quantity } from "../../src/model/values.js";
import { Actor, type ActorState } from "../../src/trading/actor.js";
import { actorConfigSchema } from "../../src/trading/config.js";
import { AAPL, SEC, SPY, T0, makeCore, type Core } from "./fixtures.js";

const ProbeConfig = actorConfigSchema({ failOn: z.array(z.string()).default([]) });

class Probe extends Actor<z.output<typeof ProbeConfig>> {
  static override configSchema = ProbeConfig;
  readonly calls: string[] = [];
  readonly quotes: QuoteTick[] = [];
  readonly bars: Bar[] = [];
  readonly instruments: Instrument[] = [];
  readonly data: unknown[] = [];
  readonly events: unknown[] = [];
  loaded: ActorState | undefined;

  private hook(name: string): void {
    this.calls.push(name);
    if (this.config.failOn.includes(name)) throw new Error(`${name} failed`);
  }
  protected override onStart(): void { this.hook("onStart"); }
  protected override onStop(): void { this.hook("onStop"); }
  protected override onResume(): void { this.hook("onResume"); }
  protected override onReset(): void { this.hook("onReset"); }
  protected override onDispose(): void { this.hook("onDispose"); }
  protected override onDegrade(): void { this.hook("onDegrade"); }
  protected override onFault(): void { this.hook("onFault"); }
  protected override onSave(): ActorState {
    this.hook("onSave");
    return { text: "hello", bytes: new Uint8Array([1, 2, 255]) };
  }
  protected override onLoad(state: ActorState): void {
    this.hook("onLoad");
    this.loaded = state;
  }
  override onQuoteTick(q: QuoteTick): void {
    this.hook("onQuoteTick");
    this.quotes.push(q);
  }
  override onBar(b: Bar): void { this.hook("onBar"); this.bars.push(b); }
  override onInstrument(i: Instrument): void { this.hook("onInstrument"); this.instruments.push(i); }
  override onData(d: unknown): void { this.hook("onData"); this.data.push(d); }
  override onEvent(e: unknown): void { this.hook("onEvent"); this.events.push(e); }

  every(name: string, intervalNs: bigint, cb: (e: TimeEvent) => void): void { this.setTimer(name, intervalNs, cb); }
}

function quote(bid: string, ask: string, instrumentId = AAPL.id): QuoteTick {
  return { instrumentId, bidPrice: Price.from(bid), askPrice: Price.from(ask), bidSize: Quantity.from("1"), askSize: Quantity.from("1"), tsEvent: T0, tsInit: T0 };
}

function probe(core: Core, config: Record<string, unknown> = {}): Probe {
  return core.trader.addActor(Probe, config);
}

const handlerErrors = (core: Core) => core.logs("error").filter((r) => r.code === "CORTANA_E_STRATEGY_HANDLER");

describe("Actor lifecycle", () => {
  it("runs each hook through the component state machine", () => {
    const core = makeCore();
    const a = probe(core);
    expect(a.state).toBe("READY");
    expect(a.componentId).toBe("Probe");
    a.start();
    a.stop();
    a.resume();
    a.stop();
    a.reset();
    a.dispose();
    expect(a.calls).toEqual(["onStart", "onStop", "onResume", "onStop", "onReset", "onDispose"]);
    expect(a.state).toBe("DISPOSED");
  });

  it("uses config.componentId when given", () => {
    const core = makeCore();
    expect(probe(core, { componentId: "Audit" }).componentId).toBe("Audit");
  });

  it("a throwing lifecycle hook is logged with CORTANA_E_STRATEGY_HANDLER and never thrown; the state stays transitory", () => {
    const core = makeCore();
    const a = probe(core, { failOn: ["onStart"] });
    expect(() => a.start()).not.toThrow();
    expect(a.state).toBe("STARTING");
    const [err] = handlerErrors(core);
    expect(err).toMatchObject({ component: "Probe", handler: "onStart", event: "start()" });
  });

  it("degrade and fault run their hooks", () => {
    const core = makeCore();
    const a = probe(core);
    a.start();
    a.degrade();
    expect(a.state).toBe("DEGRADED");
    a.fault();
    expect(a.state).toBe("FAULTED");
    expect(a.calls).toEqual(["onStart", "onDegrade", "onFault"]);
  });
});

describe("Actor data handlers", () => {
  it("routes a quote subscription: handler on data.quotes.{venue}.{symbol}, command to DataEngine.execute", () => {
    const core = makeCore();
    const a = probe(core);
    a.start();
    a.subscribeQuoteTicks(AAPL.id, { clientId: ClientId("SIM") });
    expect(core.dataCommands).toEqual([expect.objectContaining({ type: "SubscribeQuoteTicks", instrumentId: AAPL.id, clientId: "SIM", tsInit: T0 })]);
    expect(a.subscribedTopics()).toContain("data.quotes.SIM.AAPL");
    core.bus.publish("data.quotes.SIM.AAPL", quote("99.99", "100.01"));
    core.bus.publish("data.quotes.SIM.SPY", quote("449", "451", SPY.id));
    expect(a.quotes.map((q) => q.instrumentId)).toEqual([AAPL.id]);
    a.unsubscribeQuoteTicks(AAPL.id);
    expect(core.dataCommands[1]).toMatchObject({ type: "UnsubscribeQuoteTicks", instrumentId: AAPL.id });
    core.bus.publish("data.quotes.SIM.AAPL", quote("99.99", "100.01"));
    expect(a.quotes).toHaveLength(1);
  });

  it("routes bars by the bar type string, trades, and a venue's instruments", () => {
    const core = makeCore();
    const a = probe(core);
    a.start();
    a.subscribeBars("AAPL.SIM-5-SECOND-LAST-EXTERNAL");
    a.subscribeTradeTicks(AAPL.id);
    a.subscribeInstruments(Venue("SIM"));
    a.subscribeInstrument(SPY.id);
    expect(core.dataCommands.map((c) => (c as { type: string }).type)).toEqual(["SubscribeBars", "SubscribeTradeTicks", "SubscribeInstruments", "SubscribeInstrument"]);
    expect((core.dataCommands[0] as { barType: BarType }).barType.toString()).toBe("AAPL.SIM-5-SECOND-LAST-EXTERNAL");
    const barType = BarType.parse("AAPL.SIM-5-SECOND-LAST-EXTERNAL");
    const bar: Bar = { barType, open: Price.from("1.00"), high: Price.from("1.00"), low: Price.from("1.00"), close: Price.from("1.00"), volume: Quantity.from("1"), tsEvent: T0, tsInit: T0 };
    core.bus.publish(`data.bars.${barType}`, bar);
    core.bus.publish("data.instrument.SIM.AAPL", AAPL);
    expect(a.bars).toEqual([bar]);
    expect(a.instruments).toEqual([AAPL]);
  });

  it("a throwing data handler is logged with its component, handler and event; later data and other subscribers still arrive", () => {
    const core = makeCore();
    const a = probe(core, { failOn: ["onQuoteTick"] });
    const other: unknown[] = [];
    core.bus.subscribe("data.quotes.SIM.AAPL", (q: unknown) => other.push(q));
    a.start();
    a.subscribeQuoteTicks(AAPL.id);
    core.bus.publish("data.quotes.SIM.AAPL", quote("1", "2"));
    core.bus.publish("data.quotes.SIM.AAPL", quote("1", "2"));
    expect(a.calls.filter((c) => c === "onQuoteTick")).toHaveLength(2);
    expect(other).toHaveLength(2);
    const errors = handlerErrors(core);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ component: "Probe", handler: "onQuoteTick", event: "data(AAPL.SIM)" });
    expect(String(errors[0]?.msg)).toContain("Probe.onQuoteTick threw");
    expect(a.handlerErrorCount).toBe(2);
    expect(a.state).toBe("RUNNING");
    expect(core.bus.handlerErrors).toBe(0);
  });

  it("delivers data only while RUNNING", () => {
    const core = makeCore();
    const a = probe(core);
    a.subscribeQuoteTicks(AAPL.id);
    core.bus.publish("data.quotes.SIM.AAPL", quote("1", "2"));
    a.start();
    core.bus.publish("data.quotes.SIM.AAPL", quote("1", "2"));
    a.stop();
    core.bus.publish("data.quotes.SIM.AAPL", quote("1", "2"));
    expect(a.quotes).toHaveLength(1);
  });

  it("every handler call goes through the node's measure hook, named by component", () => {
    const measured: string[] = [];
    const core = makeCore({ measure: (component, fn) => { measured.push(component); return fn(); } });
    const a = probe(core, { componentId: "Audit" });
    a.start();
    a.subscribeQuoteTicks(AAPL.id);
    core.bus.publish("data.quotes.SIM.AAPL", quote("1", "2"));
    expect(measured).toEqual(["Audit", "Audit"]); // onStart, onQuoteTick
  });

  it("publishes and subscribes custom data between actors on data.{dataType}, without a data client", () => {
    const core = makeCore();
    const a = probe(core, { componentId: "A" });
    const b = probe(core, { componentId: "B" });
    a.start();
    b.start();
    b.subscribeData("signals.momentum");
    a.publishData("signals.momentum", { score: 71 });
    expect(b.data).toEqual([{ score: 71 }]);
    expect(core.dataCommands).toEqual([]);
    b.unsubscribeData("signals.momentum");
    a.publishData("signals.momentum", { score: 72 });
    expect(b.data).toHaveLength(1);
  });

  it("subscribeEvents hands bus events to onEvent", () => {
    const core = makeCore();
    const a = probe(core);
    a.start();
    a.subscribeEvents("events.risk");
    core.risk.setTradingState("HALTED");
    expect(a.events).toEqual([expect.objectContaining({ type: "TradingStateChanged", state: "HALTED" })]);
  });

  it("dispose drops every bus subscription", () => {
    const core = makeCore();
    const a = probe(core);
    a.subscribeQuoteTicks(AAPL.id);
    a.subscribeData("x");
    a.dispose();
    expect(a.subscribedTopics()).toEqual([]);
    expect(core.bus.hasSubscribers("data.quotes.SIM.AAPL")).toBe(false);
  });
});

describe("Actor requests, timers, executor, state", () => {
  it("requestBars asks DataEngine.request and resolves with the response data", async () => {
    const core = makeCore();
    const a = probe(core);
    const barType = BarType.parse("AAPL.SIM-1-MINUTE-LAST-EXTERNAL");
    const bar: Bar = { barType, open: Price.from("1.00"), high: Price.from("2.00"), low: Price.from("1.00"), close: Price.from("2.00"), volume: Quantity.from("5"), tsEvent: T0, tsInit: T0 };
    const seen: unknown[] = [];
    core.bus.register("DataEngine.request", (env: RequestEnvelope) => {
      seen.push(env.payload);
      const response: DataResponse = { type: "DataResponse", correlationId: env.requestId, clientId: ClientId("SIM"), data: [bar], tsInit: T0 };
      core.bus.respond(env.requestId, response);
    });
    await expect(a.requestBars(barType, { limit: 10 })).resolves.toEqual([bar]);
    expect(seen[0]).toMatchObject({ type: "RequestBars", limit: 10 });
    core.bus.deregister("DataEngine.request");
    core.bus.register("DataEngine.request", (env: RequestEnvelope) => {
      core.bus.respond(env.requestId, { type: "DataResponse", correlationId: env.requestId, clientId: ClientId("SIM"), data: [AAPL], tsInit: T0 });
    });
    await expect(a.requestInstrument(AAPL.id)).resolves.toBe(AAPL);
    await expect(a.requestInstruments(Venue("SIM"))).resolves.toEqual([AAPL]);
  });

  it("a request with no DataEngine rejects", async () => {
    const core = makeCore();
    await expect(probe(core).requestInstrument(AAPL.id)).rejects.toMatchObject({ code: "CORTANA_E_REQUEST_FAILED" });
  });

  it("timers are named by component, guarded, and cancelled on stop", () => {
    const core = makeCore();
    const a = probe(core);
    a.start();
    let ticks = 0;
    a.every("poll", SEC, () => {
      ticks++;
      if (ticks === 2) throw new Error("bad tick");
    });
    expect(core.clock.timerNames()).toEqual(["Probe.poll"]);
    core.clock.advanceTimeBy(3n * SEC);
    expect(ticks).toBe(3);
    expect(handlerErrors(core)[0]).toMatchObject({ handler: "onTimer", event: "TimeEvent(Probe.poll)" });
    a.stop();
    expect(core.clock.timerNames()).toEqual([]);
  });

  it("runInExecutor uses the node's executor; without one it rejects", async () => {
    const core = makeCore();
    const a = probe(core);
    await expect(a.runInExecutor({ module: "x.js" }, 1)).rejects.toThrow(/no executor/);
    const runs: unknown[] = [];
    const withExec = core.trader.addActor(Probe, { componentId: "E" });
    Object.assign(withExec, { executor: { run: async (task: unknown, arg: unknown, topic: string) => { runs.push([task, arg, topic]); return 42; } } });
    await expect(withExec.runInExecutor({ module: "sq.js" }, 7)).resolves.toBe(42);
    expect(runs).toEqual([[{ module: "sq.js" }, 7, "E"]]);
  });

  it("saveState / loadState call onSave / onLoad; a throwing onSave returns undefined", () => {
    const core = makeCore();
    const a = probe(core);
    expect(a.saveState()).toEqual({ text: "hello", bytes: new Uint8Array([1, 2, 255]) });
    expect(a.loadState({ k: "v" })).toBe(true);
    expect(a.loaded).toEqual({ k: "v" });
    const b = probe(core, { componentId: "B", failOn: ["onSave", "onLoad"] });
    expect(b.saveState()).toBeUndefined();
    expect(b.loadState({})).toBe(false);
    expect(handlerErrors(core).map((r) => r.handler)).toEqual(["onSave", "onLoad"]);
  });
});
