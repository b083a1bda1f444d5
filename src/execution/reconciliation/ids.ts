/**
 * Deterministic synthetic identifiers (reference §3.5, §3.6, §3.7, porting note 7.5): the venue
 * order ids and client order ids of alignment orders, the trade ids of inferred and synthetic
 * fills, and the client order id of a venue order that reports none.
 *
 * Form: `S-{hex ts}-{hash}` where `hash` is the first 16 hex digits of SHA-256 over the fields
 * joined by "|". The same inputs always give the same id, so a replay (a restart, a second pass)
 * produces ids the cache and the engine already know and deduplicates instead of doubling.
 * `isSyntheticId` recognises the form (used to find an order's first inferred fill).
 */
import { createHash } from "node:crypto";
import { ClientOrderId, TradeId, VenueOrderId, type AccountId, type InstrumentId } from "../../model/identifiers.js";

const SYNTHETIC_RE = /^S-[0-9a-f]+-[0-9a-f]{16}$/;

export function hashFields(fields: readonly unknown[]): string {
  const text = fields.map((f) => (f === undefined ? "" : String(f))).join("|");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** `S-{hex ts}-{hash(fields)}`; ts is UTC ns (negative is clamped to 0). */
export function syntheticId(tsNs: bigint, fields: readonly unknown[]): string {
  const ts = tsNs < 0n ? 0n : tsNs;
  return `S-${ts.toString(16)}-${hashFields(fields)}`;
}

export function isSyntheticId(id: string): boolean {
  // First characters checked before the regex: called once per fill at startup, almost always "no".
  return id.charCodeAt(0) === 83 /* S */ && id.charCodeAt(1) === 45 /* - */ && SYNTHETIC_RE.test(id);
}

export const syntheticVenueOrderId = (tsNs: bigint, fields: readonly unknown[]): VenueOrderId => VenueOrderId(syntheticId(tsNs, fields));
export const syntheticTradeId = (tsNs: bigint, fields: readonly unknown[]): TradeId => TradeId(syntheticId(tsNs, fields));

/**
 * The client order id of a venue order that reports none (a trade placed by hand in TWS): derived
 * from the account and the venue order id only, so every pass and every restart names it alike.
 */
export function externalClientOrderId(accountId: AccountId, instrumentId: InstrumentId, venueOrderId: VenueOrderId): ClientOrderId {
  return ClientOrderId(syntheticId(0n, ["external", accountId, instrumentId, venueOrderId]));
}
