/**
 * The V8 flags a live node runs with (`cortana-node run` re-executes itself with them once, and the
 * tick-to-trade benchmark runs its whole process with them so the floor gets them too).
 *
 * Why: at 10,000 quotes/s @stoqey/ib's decoding alone allocates ~50 MB/s, so with V8's default
 * 16 MB semi-space a young-generation collection (a 1-2.5 ms pause) comes every ~260 ms and the
 * orders that meet one are the tick-to-trade tail. A 64 MB semi-space, at its full size from the
 * start (V8 only grows it after many surviving bytes), makes those pauses about four times rarer
 * for the same pause length (a scavenge costs what survives, not the garbage). The price is memory:
 * two semi-spaces of 64 MB (up to 128 MB) instead of 16 MB (32 MB).
 *
 * Entry points: `NODE_RUN_FLAGS`, `missingRunFlags(execArgv)`; bin/cortana-node.js applies them.
 * Invariant: only flags that Node accepts on its command line, none that changes behaviour.
 */

/** The flags, as given on node's command line. */
export const NODE_RUN_FLAGS: readonly string[] = ["--min-semi-space-size=64", "--max-semi-space-size=64"];

/**
 * The run flags to add to a process started with `execArgv` (process.execArgv): all of them, or
 * none when the user set any of them (by name) already: the two sizes go together, and the user's
 * own choice wins.
 */
export function missingRunFlags(execArgv: readonly string[]): string[] {
  const name = (flag: string): string => flag.split("=")[0]!.replaceAll("_", "-");
  const ours = new Set(NODE_RUN_FLAGS.map(name));
  return execArgv.some((f) => ours.has(name(f))) ? [] : [...NODE_RUN_FLAGS];
}
