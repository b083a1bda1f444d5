/**
 * What the tick-to-trade benchmark's processes agree on: the instrument, the trigger level (a
 * quote whose bid is at or above TRIGGER_LEVEL asks for one order), the order every contender
 * sends on a trigger (BUY 1 SPY LMT at the trigger bid - ORDER_PRICE_OFFSET, IOC: about 500, never
 * marketable, the venue cancels it at once), and the IPC messages between the bench and its
 * simulator process. Trigger n's bid is TRIGGER_BID + (n mod 100) cents, so the order's limit
 * price names the trigger it answers, however late it comes.
 */
export const SPY_CONID = 756733;
/** The bid of a trigger quote; the other quotes sit around 580. */
export const TRIGGER_BID = 590;
export const TRIGGER_LEVEL = 585;
export const ORDER_PRICE_OFFSET = 90;

/** The bid of trigger `n`. */
export const triggerBid = (n: number): number => Math.round((TRIGGER_BID + (n % 100) / 100) * 100) / 100;

/** Which trigger (mod 100) an order's limit price answers. */
export const triggerOfLimit = (limit: number): number => Math.round((limit + ORDER_PRICE_OFFSET - TRIGGER_BID) * 100) % 100;

/** Polls `seen` every 20 ms until it is true; throws naming `what` after 10 s. */
export async function waitFor(seen: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!seen()) {
    if (Date.now() > end) throw new Error(`${what} never came`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface RunRequest {
  type: "run";
  rate: number;
  seconds: number;
  triggerEveryMs: number;
  /** The IB client id whose orders are timed. */
  clientId: number;
}

export interface RunResult {
  type: "result";
  /** Trigger write -> order arrival, microseconds, one per answered trigger. */
  latenciesUs: number[];
  triggers: number;
  /** Triggers no order answered by the end of the run (plus a second). */
  missing: number;
  quotes: number;
  /** Quotes per second actually injected. */
  rate: number;
}
