/**
 * Identifiers of the model (Nautilus' names), validated once on construction.
 *
 * Representation: branded strings. An identifier is the plain string at run time (cheap Map key,
 * cheap to log and serialize, no allocation beyond the string), and a distinct type at compile
 * time, so a VenueOrderId cannot be passed where a ClientOrderId is expected. Each type has a
 * same-named constructor function that validates and returns the branded value:
 *   TraderId("TRADER-001"), StrategyId("EMACross-001"), AccountId("IB-DU1234567"),
 *   InstrumentId("SPY.SMART"), InstrumentId.from(Symbol("SPY"), Venue("SMART")) ...
 * Invalid input raises CortanaError CORTANA_E_IDENTIFIER_INVALID.
 *
 * Rules (Nautilus' identifiers):
 * - every identifier: non-empty printable ASCII, no leading/trailing whitespace.
 * - TraderId: `name-tag`, split at the LAST hyphen, both parts non-empty.
 * - StrategyId: `name-tag` like TraderId, or the literal "EXTERNAL". The tag is the order id tag.
 * - AccountId: `ISSUER-number`, split at the FIRST hyphen, both parts non-empty.
 * - InstrumentId: `SYMBOL.VENUE`, split at the LAST dot (symbols may hold dots and spaces,
 *   e.g. IB option local symbols); the venue has no dot.
 *
 * Entry point for order ids: ClientOrderIdGenerator (Nautilus format
 * `O-YYYYMMDD-HHMMSS-TRADERTAG-STRATEGYTAG-COUNT`, or UUIDs), driven by an injected clock.
 */
import { randomUUID } from "node:crypto";
import { CortanaError } from "../common/errors.js";

declare const brand: unique symbol;
/** A string that went through the named constructor's validation. */
export type Branded<Name extends string> = string & { readonly [brand]: Name };

export type TraderId = Branded<"TraderId">;
export type StrategyId = Branded<"StrategyId">;
export type ClientOrderId = Branded<"ClientOrderId">;
export type VenueOrderId = Branded<"VenueOrderId">;
export type TradeId = Branded<"TradeId">;
export type PositionId = Branded<"PositionId">;
export type AccountId = Branded<"AccountId">;
export type InstrumentId = Branded<"InstrumentId">;
export type ClientId = Branded<"ClientId">;
export type Venue = Branded<"Venue">;
export type Symbol = Branded<"Symbol">;
export type OrderListId = Branded<"OrderListId">;
export type ComponentId = Branded<"ComponentId">;

/** The strategy id of orders and positions no local strategy owns (found at the venue). */
export const EXTERNAL_STRATEGY = "EXTERNAL";

function invalid(kind: string, value: unknown, why: string): CortanaError {
  return new CortanaError(
    "CORTANA_E_IDENTIFIER_INVALID",
    `${kind} ${JSON.stringify(value)} is invalid: ${why}`,
  );
}

/** Non-empty printable ASCII without surrounding whitespace (the common rule of every id). */
function checkValidString(kind: string, value: unknown): asserts value is string {
  if (typeof value !== "string") throw invalid(kind, value, "must be a string");
  if (value.length === 0) throw invalid(kind, value, "must not be empty");
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw invalid(kind, value, "must be printable ASCII");
  }
  if (value.charCodeAt(0) === 0x20 || value.charCodeAt(value.length - 1) === 0x20) {
    throw invalid(kind, value, "must not start or end with a space");
  }
}

function checkNameTag(kind: string, value: string, splitAt: number, example: string): void {
  if (splitAt <= 0 || splitAt >= value.length - 1) {
    throw invalid(kind, value, `must be name-tag with both parts non-empty, e.g. "${example}"`);
  }
}

function simple<B extends string>(kind: B): (value: string) => Branded<B> {
  return (value: string) => {
    checkValidString(kind, value);
    return value as Branded<B>;
  };
}

export const TraderId = (value: string): TraderId => {
  checkValidString("TraderId", value);
  checkNameTag("TraderId", value, value.lastIndexOf("-"), "TRADER-001");
  return value as TraderId;
};

export const StrategyId = (value: string): StrategyId => {
  checkValidString("StrategyId", value);
  if (value !== EXTERNAL_STRATEGY) {
    checkNameTag("StrategyId", value, value.lastIndexOf("-"), "EMACross-001");
  }
  return value as StrategyId;
};

export const AccountId = (value: string): AccountId => {
  checkValidString("AccountId", value);
  checkNameTag("AccountId", value, value.indexOf("-"), "IB-DU1234567");
  return value as AccountId;
};

export const Venue = (value: string): Venue => {
  checkValidString("Venue", value);
  if (value.includes(".")) throw invalid("Venue", value, "must not contain a dot");
  return value as Venue;
};

export const ClientOrderId = simple("ClientOrderId");
export const VenueOrderId = simple("VenueOrderId");
export const TradeId = simple("TradeId");
export const PositionId = simple("PositionId");
export const ClientId = simple("ClientId");
export const Symbol = simple("Symbol");
export const OrderListId = simple("OrderListId");
export const ComponentId = simple("ComponentId");

function parseInstrumentId(value: string): InstrumentId {
  checkValidString("InstrumentId", value);
  const dot = value.lastIndexOf(".");
  if (dot <= 0 || dot >= value.length - 1) {
    throw invalid("InstrumentId", value, 'must be SYMBOL.VENUE, e.g. "SPY.SMART"');
  }
  return value as InstrumentId;
}

/** `InstrumentId("SPY.SMART")`, `InstrumentId.from(symbol, venue)`, `.symbol(id)`, `.venue(id)`. */
export const InstrumentId = Object.assign(parseInstrumentId, {
  from(symbol: Symbol | string, venue: Venue | string): InstrumentId {
    return parseInstrumentId(`${Symbol(symbol)}.${Venue(venue)}`);
  },
  symbol(id: InstrumentId): Symbol {
    return id.slice(0, id.lastIndexOf(".")) as Symbol;
  },
  venue(id: InstrumentId): Venue {
    return id.slice(id.lastIndexOf(".") + 1) as Venue;
  },
});

/** The tag of a TraderId (`TRADER-001` -> `001`). */
export function traderIdTag(id: TraderId): string {
  return id.slice(id.lastIndexOf("-") + 1);
}

/** The name of a TraderId (`TRADER-001` -> `TRADER`). */
export function traderIdName(id: TraderId): string {
  return id.slice(0, id.lastIndexOf("-"));
}

/** The order id tag of a StrategyId (`EMACross-001` -> `001`; EXTERNAL -> EXTERNAL). */
export function strategyIdTag(id: StrategyId): string {
  return id === EXTERNAL_STRATEGY ? id : id.slice(id.lastIndexOf("-") + 1);
}

export function isExternalStrategy(id: StrategyId): boolean {
  return id === EXTERNAL_STRATEGY;
}

/** The issuer of an AccountId (`IB-DU1234567` -> `IB`). */
export function accountIdIssuer(id: AccountId): string {
  return id.slice(0, id.indexOf("-"));
}

/** The account number of an AccountId (`IB-DU1234567` -> `DU1234567`). */
export function accountIdNumber(id: AccountId): string {
  return id.slice(id.indexOf("-") + 1);
}

/** The last second formatted by datetimeTag (ids are generated many per second: one Date per second). */
let tagSecond = -1n;
let tagText = "";

/** `YYYYMMDD-HHMMSS` in UTC for a nanosecond timestamp (Nautilus' datetime tag). */
export function datetimeTag(tsNs: bigint): string {
  const second = tsNs / 1_000_000_000n;
  if (second === tagSecond && tsNs >= 0n) return tagText;
  const text = formatDatetimeTag(tsNs);
  if (tsNs >= 0n) {
    tagSecond = second;
    tagText = text;
  }
  return text;
}

function formatDatetimeTag(tsNs: bigint): string {
  const d = new Date(Number(tsNs / 1_000_000n));
  const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
  const date = `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
  return `${date}-${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
}

export interface ClientOrderIdGeneratorOptions {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  /** Current UTC time in nanoseconds (the injected clock). */
  readonly nowNs: () => bigint;
  /** Nautilus `use_uuid_client_order_ids` (default false). */
  readonly useUuids?: boolean;
  /** Nautilus `use_hyphens_in_client_order_ids` (default true); false strips every hyphen. */
  readonly useHyphens?: boolean;
  /** Source of UUID v4 strings (injected for deterministic tests; default node:crypto). */
  readonly uuid?: () => string;
  /** Starting count, e.g. restored from the cache on restart (default 0). */
  readonly initialCount?: number;
}

/**
 * Generates ClientOrderIds for one strategy: `O-20240102-153000-001-001-1` (trader tag, strategy
 * order id tag, a per-strategy count that never repeats within the process) or a UUID v4.
 */
export class ClientOrderIdGenerator {
  private readonly prefixTags: string;
  private readonly opts: ClientOrderIdGeneratorOptions;
  private counter: number;

  constructor(opts: ClientOrderIdGeneratorOptions) {
    this.opts = opts;
    this.prefixTags = `${traderIdTag(opts.traderId)}-${strategyIdTag(opts.strategyId)}`;
    this.counter = opts.initialCount ?? 0;
  }

  /** How many ids were generated (or the count set by setCount). */
  get count(): number {
    return this.counter;
  }

  /** Resume counting after `count` (restart from persisted state). */
  setCount(count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw invalid("ClientOrderIdGenerator count", count, "must be a non-negative integer");
    }
    this.counter = count;
  }

  reset(): void {
    this.counter = 0;
  }

  generate(): ClientOrderId {
    const hyphens = this.opts.useHyphens ?? true;
    let value: string;
    if (this.opts.useUuids === true) {
      value = (this.opts.uuid ?? randomUUID)();
    } else {
      this.counter += 1;
      value = `O-${datetimeTag(this.opts.nowNs())}-${this.prefixTags}-${this.counter}`;
    }
    if (!hyphens) value = value.replaceAll("-", "");
    return value as ClientOrderId;
  }
}
