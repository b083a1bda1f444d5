/**
 * LiveDataEngine: the DataEngine behind its four bounded queues (Nautilus `LiveDataEngine`,
 * reference §1.3 / §2.4): commands (`execute`), requests (`request`), responses (`response`,
 * `onResponse`, `onRequestFailed`) and data (`process` and the sink's `onQuote` / `onTrade` /
 * `onBar` / `onInstrument`). Each queue runs its handler one item at a time, never inside the
 * call that enqueued; capacity is `qsize`, above it backpressure (never a drop); a handler
 * exception follows `gracefulShutdownOnException` (one system shutdown, else exit 1).
 *
 * Entry points: as DataEngine, plus `queueBacklog()`, `drain()`, `stopQueues()`.
 * Invariant: bars built by the engine's own aggregators are handled at once (not queued), so
 * they stay in order with the ticks that built them.
 */
import { EngineQueue } from "../common/queue.js";
import type { RequestEnvelope } from "../common/msgbus.js";
import type { Bar, QuoteTick, TradeTick } from "../model/data.js";
import type { Instrument } from "../model/instruments.js";
import { DataEngine, type DataEngineOptions } from "./engine.js";
import type { DataCommand, DataRequest, DataResponse, MarketDataItem } from "./messages.js";

export interface LiveDataEngineOptions extends DataEngineOptions {
  /** What a handler exception does without gracefulShutdownOnException. Default process.exit. */
  readonly exit?: (code: number) => void;
  /** How queue batches are deferred (tests). Default setImmediate. */
  readonly schedule?: (run: () => void) => void;
}

type DataItem = QuoteTick | TradeTick | Bar | Instrument;
type ResponseItem = DataResponse | { readonly type: "RequestFailed"; readonly correlationId: string; readonly error: Error };

export class LiveDataEngine extends DataEngine {
  private readonly cmdQueue: EngineQueue<DataCommand>;
  private readonly reqQueue: EngineQueue<RequestEnvelope<DataRequest>>;
  private readonly resQueue: EngineQueue<ResponseItem>;
  private readonly dataQueue: EngineQueue<DataItem>;

  constructor(options: LiveDataEngineOptions) {
    super(options);
    const common = {
      capacity: options.config.qsize,
      logger: this.log,
      clock: options.clock,
      gracefulShutdownOnException: options.config.gracefulShutdownOnException,
      shutdownSystem: (reason: string) => this.shutdownSystem(reason),
      exit: options.exit,
      schedule: options.schedule,
    };
    this.cmdQueue = new EngineQueue<DataCommand>({ ...common, name: "DataEngine.cmd", handler: (c) => this.executeCommand(c) });
    this.reqQueue = new EngineQueue<RequestEnvelope<DataRequest>>({ ...common, name: "DataEngine.req", handler: (r) => this.handleRequest(r) });
    this.resQueue = new EngineQueue<ResponseItem>({
      ...common,
      name: "DataEngine.res",
      handler: (r) => (r.type === "RequestFailed" ? this.handleRequestFailed(r.correlationId, r.error) : this.handleResponse(r)),
    });
    this.dataQueue = new EngineQueue<DataItem>({ ...common, name: "DataEngine.data", handler: (d) => this.handleData(d) });
  }

  override execute(cmd: DataCommand): void {
    void this.cmdQueue.enqueue(cmd);
  }
  override request(envelope: RequestEnvelope<DataRequest>): void {
    void this.reqQueue.enqueue(envelope);
  }
  override onResponse(res: DataResponse): void {
    void this.resQueue.enqueue(res);
  }
  override onRequestFailed(correlationId: string, error: Error): void {
    void this.resQueue.enqueue({ type: "RequestFailed", correlationId, error });
  }
  override process(item: MarketDataItem): void {
    void this.dataQueue.enqueue(item.data);
  }
  override onQuote(quote: QuoteTick): void {
    void this.dataQueue.enqueue(quote);
  }
  override onTrade(trade: TradeTick): void {
    void this.dataQueue.enqueue(trade);
  }
  override onBar(bar: Bar): void {
    void this.dataQueue.enqueue(bar);
  }
  override onInstrument(instrument: Instrument): void {
    void this.dataQueue.enqueue(instrument);
  }

  /** Items waiting in the four queues. */
  queueBacklog(): number {
    return this.cmdQueue.size + this.reqQueue.size + this.resQueue.size + this.dataQueue.size;
  }

  /** Resolves once every queue is empty. */
  async drain(): Promise<void> {
    await Promise.all(this.queues().map((q) => q.drain()));
  }

  /** Handles everything queued, then stops the queues. */
  async stopQueues(): Promise<void> {
    await Promise.all(this.queues().map((q) => q.stop()));
  }

  /** Dispatches a queued data item by its shape (ticks and bars are plain objects, no tag). */
  private handleData(d: DataItem): void {
    if ("bidPrice" in d) return this.handleQuote(d);
    if ("aggressorSide" in d) return this.handleTrade(d);
    if ("barType" in d) return this.handleBar(d);
    return this.handleInstrument(d);
  }

  private queues(): EngineQueue<unknown>[] {
    return [this.cmdQueue, this.reqQueue, this.resQueue, this.dataQueue] as EngineQueue<unknown>[];
  }

  protected override onStart(): void {
    super.onStart();
    for (const q of this.queues()) q.start();
  }

  protected override onResume(): void {
    super.onResume();
    for (const q of this.queues()) q.start();
  }

  protected override onStop(): void {
    super.onStop();
    this.stopQueues().catch((err: unknown) => this.log.error({ err }, "DataEngine queues failed to stop cleanly"));
  }
}
