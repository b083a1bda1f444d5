#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources (and user .ts configs) load directly.
//
// `cortana-node run` needs V8 heap flags that only node's command line can set (src/live/
// process-flags.ts says which and why): without them it re-executes itself once with them, as a
// child that inherits stdio, gets every SIGINT / SIGTERM / SIGHUP this process receives (Ctrl+C in
// a terminal reaches both: the child's second signal is only logged), and whose exit code (or
// signal) becomes this process's. If this process dies without a word (SIGKILL), the child sees its
// IPC channel close and stops gracefully, as on SIGTERM. CORTANA_NODE_NO_REEXEC=1 runs in this
// process as it is.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { missingRunFlags } = await import("../src/live/process-flags.ts");
// Set by the re-executing parent for its child only (removed at once: the node's own children, the simulator, must not see it).
const reexecuted = process.env.CORTANA_NODE_REEXECUTED === "1";
delete process.env.CORTANA_NODE_REEXECUTED;
const missing = process.argv[2] === "run" && !reexecuted && process.env.CORTANA_NODE_NO_REEXEC !== "1" ? missingRunFlags(process.execArgv) : [];

if (missing.length > 0) {
  const child = spawn(process.execPath, [...process.execArgv, ...missing, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, CORTANA_NODE_REEXECUTED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (err) => {
    console.error(`cortana-node: cannot start the node process: ${err.message}`);
    process.exit(70);
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 70);
  });
} else {
  if (reexecuted && process.channel !== undefined) {
    // The re-executing parent's channel: unref'ed (it must not keep the node alive); its close means the parent died.
    process.channel.unref();
    process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
  }
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(process.argv);
}
