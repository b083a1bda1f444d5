/**
 * `runInExecutor`: heavy user work (model inference, file I/O, big computations) on a worker pool,
 * so handlers never block the event loop (the seed's rule 3). The pool is piscina; tasks are
 * modules (`.js`, `.mjs` or `.ts`, loaded through tsx in the workers) exporting a function. The
 * result comes back as a promise AND as data on the bus (`ExecutorResult` on `data.executor.{topic}`),
 * so a strategy can simply subscribe and react like to any other data.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { CortanaError } from "../common/errors.js";
import type { MessageBus } from "../common/msgbus.js";

export interface ExecutorTask {
  /** The task module (path or file URL). */
  module: string | URL;
  /** The exported function to call; default the default export. */
  name?: string;
}

export interface ExecutorResult<T = unknown> {
  type: "ExecutorResult";
  taskId: string;
  ok: boolean;
  value?: T;
  error?: string;
}

export const executorTopic = (topic: string) => `data.executor.${topic}`;

export class Executor {
  readonly #pool: Piscina;
  readonly #bus: MessageBus;
  #seq = 0;
  #closed = false;

  constructor(bus: MessageBus, options: { maxThreads?: number } = {}) {
    this.#bus = bus;
    this.#pool = new Piscina({
      maxThreads: options.maxThreads ?? Math.max(1, availableParallelism() - 1),
      minThreads: 0,
      idleTimeout: 30_000,
      execArgv: ["--import", "tsx"],
    });
  }

  /**
   * Runs `task` with `arg` on a worker. Resolves with its result; also publishes an ExecutorResult on
   * `data.executor.{topic}` (default "results"). A task that throws rejects with CORTANA_E_EXECUTOR_TASK.
   */
  async run<T>(task: ExecutorTask, arg: unknown, topic = "results"): Promise<T> {
    if (this.#closed) throw new CortanaError("CORTANA_E_EXECUTOR_TASK", "the executor is disposed");
    const taskId = `task-${++this.#seq}`;
    const filename = typeof task.module === "string" && !task.module.startsWith("file:") ? task.module : fileURLToPath(task.module);
    try {
      const value = (await this.#pool.run(arg, { filename, name: task.name ?? "default" })) as T;
      this.#bus.publish(executorTopic(topic), { type: "ExecutorResult", taskId, ok: true, value } satisfies ExecutorResult<T>);
      return value;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#bus.publish(executorTopic(topic), { type: "ExecutorResult", taskId, ok: false, error: message } satisfies ExecutorResult);
      throw new CortanaError("CORTANA_E_EXECUTOR_TASK", `executor task ${taskId} (${filename}) failed: ${message}`, { cause: err });
    }
  }

  /** Stops every worker; idempotent. */
  async dispose(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.destroy();
  }
}
