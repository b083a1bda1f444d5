// RecordCodec: every record type the cache stores round-trips exactly, in msgpack and JSON, with
// and without ISO timestamps; fixed-point values keep raw and precision; bad bytes name their key.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Account } from "../../../src/cache/account.js";
import { RecordCodec } from "../../../src/cache/database/codec.js";
import { isoToNs, nsToIso } from "../../../src/cache/database/timestamps.js";
import { CortanaError } from "../../../src/common/errors.js";
import { Currency, EUR, JPY, USD } from "../../../src/model/currency.js";
import { OrderEvents, type AccountState, type OrderEvent, type OrderInitialized } from "../../../src/model/events.js";
import { ClientOrderId, InstrumentId, OrderListId, PositionId, TraderId, StrategyId, Symbol } from "../../../src/model/identifiers.js";
import { Equity, FuturesContract, OptionContract, type Instrument } from "../../../src/model/instruments.js";
import { Order } from "../../../src/model/orders/order.js";
import { positionSnapshot } from "../../../src/model/position-events.js";
import { Money, Price, Quantity } from "../../../src/model/values.js";
import { ACC, SPY, SPY_CALL, accountState, apply, fillEvent, makeOrder, openPosition } from "../fixtures.js";

const CODECS = [
  new RecordCodec({ encoding: "msgpack" }),
  new RecordCodec({ encoding: "msgpack", timestampsAsIso8601: true }),
  new RecordCodec({ encoding: "json" }),
  new RecordCodec({ encoding: "json", timestampsAsIso8601: true }),
];
const label = (c: RecordCodec, i: number) => `${c.encoding}${i % 2 === 1 ? "+iso" : ""}`;

/** A comparable form that tells Price from Quantity, keeps raw + precision, -0 and bigint apart. */
function canon(v: unknown): unknown {
  if (v instanceof Price) return `Price(${v.raw},${v.precision})`;
  if (v instanceof Quantity) return `Quantity(${v.raw},${v.precision})`;
  if (v instanceof Money) return `Money(${v.raw},${v.currency.code})`;
  if (v instanceof Currency) return `Currency(${v.code},${v.precision})`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v;
  if (Array.isArray(v)) return v.map(canon);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = canon(x);
    return out;
  }
  return v;
}

function roundTrip(codec: RecordCodec, value: unknown): unknown {
  return codec.decode("k", codec.encode(value));
}

function fullInit(): OrderInitialized {
  return {
    type: "OrderInitialized",
    traderId: TraderId("TRADER-001"),
    strategyId: StrategyId("EMACross-001"),
    instrumentId: SPY.id,
    clientOrderId: ClientOrderId("O-FULL-1"),
    eventId: "init-full",
    tsEvent: 1_700_000_000_123_456_789n,
    tsInit: 1_700_000_000_123_456_790n,
    reconciliation: true,
    side: "SELL",
    orderType: "TRAILING_STOP_LIMIT",
    quantity: Quantity.from("12.345", 3),
    timeInForce: "GTD",
    postOnly: false,
    reduceOnly: true,
    quoteQuantity: false,
    price: Price.from("-1.50"),
    triggerPrice: Price.from("101.123456789"),
    triggerType: "LAST_PRICE",
    limitOffset: Price.from("0.05"),
    trailingOffset: Price.from("0.25"),
    trailingOffsetType: "PRICE",
    expireTime: 1_800_000_000_000_000_001n,
    displayQty: Quantity.from("1.000"),
    emulationTrigger: "BID_ASK",
    contingencyType: "OUO",
    orderListId: OrderListId("OL-1"),
    linkedOrderIds: [ClientOrderId("O-FULL-2"), ClientOrderId("O-FULL-3")],
    parentOrderId: ClientOrderId("O-PARENT"),
    tags: ["entry", "$weird", ""],
  };
}

/** An order driven through every event kind the fixtures know. */
function eventsOfEveryKind(): OrderEvent[] {
  const a = makeOrder({ id: "EV-A", qty: "100" });
  for (const step of [
    { kind: "submit" },
    { kind: "accept", voi: "V-EV-A" },
    { kind: "pendingUpdate" },
    { kind: "updated", qty: "90", voi: "V-EV-A2" },
    { kind: "fill", qty: "30", px: "100.05", tradeId: "T-EV-1", commission: "0.0035" },
    { kind: "pendingCancel" },
    { kind: "cancel" },
  ] as const) apply(a, step);
  const b = makeOrder({ id: "EV-B", emulated: true, orderType: "STOP_LIMIT" });
  for (const step of [{ kind: "emulate" }, { kind: "release" }, { kind: "submit" }, { kind: "accept", voi: "V-EV-B" }, { kind: "trigger" }, { kind: "expire" }] as const) apply(b, step);
  const c = makeOrder({ id: "EV-C" });
  apply(c, { kind: "submit" });
  apply(c, { kind: "reject" });
  const d = makeOrder({ id: "EV-D" });
  apply(d, { kind: "deny" });
  const m = { eventId: "rej-1", tsEvent: 3n, tsInit: 4n };
  const rejections = [OrderEvents.modifyRejected(a, "too late", m), OrderEvents.cancelRejected(a, "already closed", { ...m, eventId: "rej-2" })];
  return [...a.events, ...b.events, ...c.events, ...d.events, ...rejections];
}

function instruments(): Instrument[] {
  const equity = new Equity({
    id: InstrumentId("BRK B.NYSE"),
    rawSymbol: Symbol("BRK B"),
    quoteCurrency: USD,
    pricePrecision: 4,
    sizePrecision: 2,
    priceIncrement: Price.from("0.0001"),
    sizeIncrement: Quantity.from("0.01"),
    lotSize: Quantity.from("1.00"),
    minQuantity: Quantity.from("0.01"),
    maxQuantity: Quantity.from("1000000.00"),
    minNotional: Money.from("1", USD),
    maxNotional: Money.from("123456789.123456789", USD),
    minPrice: Price.from("0.0001"),
    maxPrice: Price.from("999999.9999"),
    marginInit: 0.25,
    marginMaint: -0,
    makerFee: 0.0002,
    takerFee: 1e-9,
    isin: "US0846707026",
    tsEvent: 5n,
    tsInit: 6n,
  });
  const future = new FuturesContract({
    id: InstrumentId("ESZ6.CME"),
    assetClass: "INDEX",
    quoteCurrency: USD,
    pricePrecision: 2,
    sizePrecision: 0,
    priceIncrement: Price.from("0.25"),
    sizeIncrement: Quantity.from("1"),
    multiplier: Quantity.from("50"),
    underlying: "ES",
    activationNs: 0n,
    expirationNs: 1_797_984_000_000_000_000n,
    allowsNegativePrice: true,
    tsEvent: 0n,
    tsInit: 0n,
  });
  const yenOption = new OptionContract({
    id: InstrumentId("N225 C40000.OSE"),
    assetClass: "INDEX",
    quoteCurrency: JPY,
    pricePrecision: 0,
    sizePrecision: 0,
    priceIncrement: Price.from("5"),
    sizeIncrement: Quantity.from("1"),
    multiplier: Quantity.from("1000"),
    underlying: "N225",
    optionKind: "PUT",
    strike: Price.from("40000"),
    activationNs: 1n,
    expirationNs: (1n << 62n) + 7n,
    tsEvent: 0n,
    tsInit: 0n,
  });
  return [SPY, SPY_CALL, equity, future, yenOption];
}

function marginState(): AccountState {
  return {
    type: "AccountState",
    accountId: ACC,
    accountType: "MARGIN",
    baseCurrency: undefined,
    reported: false,
    balances: [
      { total: Money.from("100.005", EUR), locked: Money.from("0.005", EUR), free: Money.from("100", EUR) },
      { total: Money.from("-5", USD), locked: Money.from("0", USD), free: Money.from("-5", USD) },
    ],
    margins: [
      { initial: Money.from("10", USD), maintenance: Money.from("7.5", USD), instrumentId: SPY.id },
      { initial: Money.from("1", USD), maintenance: Money.from("1", USD) },
    ],
    info: { NetLiquidation: "123.45", nested: { $ref: "not a tag", list: [1, -0, null, true] } },
    eventId: "acc-margin",
    tsEvent: 42n,
    tsInit: 43n,
  };
}

describe("RecordCodec round trips", () => {
  CODECS.forEach((codec, i) => {
    describe(label(codec, i), () => {
      it("order events of every kind, and the order rebuilt from them", () => {
        const events = [fullInit(), ...eventsOfEveryKind()];
        const kinds = new Set(events.map((e) => e.type));
        expect(kinds.size).toBe(16);
        const back = events.map((e) => roundTrip(codec, e)) as OrderEvent[];
        expect(canon(back)).toEqual(canon(events));
        const a = eventsOfEveryKind().filter((e) => e.clientOrderId === "EV-A" && !e.eventId.startsWith("rej-"));
        const rebuilt = Order.fromEvents(a.map((e) => roundTrip(codec, e) as OrderEvent));
        expect(rebuilt.status).toBe("CANCELED");
        expect(rebuilt.filledQty.toString()).toBe("30");
        expect(rebuilt.quantity.toString()).toBe("90");
        expect(rebuilt.venueOrderId).toBe("V-EV-A2");
      });

      it("instruments of each kind, rebuilt through their constructors", () => {
        for (const inst of instruments()) {
          const back = codec.decodeInstrument("k", codec.encodeInstrument(inst));
          expect(back.constructor).toBe(inst.constructor);
          expect(canon({ ...back })).toEqual(canon({ ...inst }));
        }
      });

      it("account states (margins, balances in two currencies, info with a $ key) and accounts", () => {
        const state = marginState();
        expect(canon(roundTrip(codec, state))).toEqual(canon(state));
        const acc = new Account(accountState(1n, "10.5"));
        acc.apply(accountState(2n, "11.25"));
        const rebuilt = new Account(roundTrip(codec, acc.events[0]) as AccountState);
        rebuilt.apply(roundTrip(codec, acc.events[1]) as AccountState);
        expect(rebuilt.balanceFree(USD)?.toString()).toBe("11.25 USD");
      });

      it("positions (fills), position snapshots with negative signed raws, order snapshots, order lists, strategy state", () => {
        const p = openPosition(SPY, "P-CODEC", "SELL", "7", "101.25");
        expect(canon(p.fills.map((f) => roundTrip(codec, f)))).toEqual(canon(p.fills));
        const snap = { positionId: p.id, tsSnapshot: 99n, unrealizedPnl: Money.from("-0.000000001", USD), state: positionSnapshot(p) };
        expect(snap.state.signedQtyRaw).toBeLessThan(0n);
        expect(canon(roundTrip(codec, snap))).toEqual(canon(snap));
        const o = makeOrder({ id: "SNAP-C" });
        apply(o, { kind: "submit" });
        const orderSnap = { clientOrderId: o.clientOrderId, status: o.status, events: o.events.slice(), tsSnapshot: 5n };
        expect(canon(roundTrip(codec, orderSnap))).toEqual(canon(orderSnap));
        const list = { id: OrderListId("OL-X"), clientOrderIds: [ClientOrderId("A"), ClientOrderId("B")], tsInit: 3n };
        expect(canon(roundTrip(codec, list))).toEqual(canon(list));
        const state = { fast: "10", "": "", "$x": "tag-like key", unicode: "déjà vu ✓" };
        expect(roundTrip(codec, state)).toEqual(state);
        expect(canon(roundTrip(codec, { fill: fillEvent(o, "1", "0.01", "T-C") }))).toBeDefined();
      });

      it("keeps -0, NaN, Infinity, undefined array items and bigints beyond 64 bits", () => {
        const v = { a: -0, b: Number.NaN, c: Number.POSITIVE_INFINITY, d: [undefined, 1], e: -(1n << 80n), f: 1n << 70n, g: 2 ** 53 + 2 };
        expect(canon(roundTrip(codec, v))).toEqual(canon(v));
      });

      it("fixed-point values keep raw and precision (property)", () => {
        const raw = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
        fc.assert(
          fc.property(raw, fc.integer({ min: 0, max: 9 }), (r, precision) => {
            const unit = 10n ** BigInt(9 - precision);
            const fitted = (r / unit) * unit;
            const px = Price.fromRaw(fitted, precision);
            const qty = Quantity.fromRaw(fitted < 0n ? -fitted : fitted, precision);
            const money = Money.fromRaw(r * 1000n, USD);
            const back = roundTrip(codec, { px, qty, money }) as { px: Price; qty: Quantity; money: Money };
            return back.px.raw === px.raw && back.px.precision === precision && back.qty.raw === qty.raw && back.qty.precision === precision && back.money.raw === money.raw;
          }),
          { numRuns: 300 },
        );
      });
    });
  });
});

describe("RecordCodec encodings", () => {
  it("writes timestamps as ISO 8601 with nanoseconds when asked, and integers otherwise", () => {
    const e = fullInit();
    const iso = new RecordCodec({ encoding: "json", timestampsAsIso8601: true }).encode(e) as string;
    expect(iso).toContain('"tsEvent":"2023-11-14T22:13:20.123456789Z"');
    expect(iso).toContain('"expireTime":"2027-01-15T08:00:00.000000001Z"');
    expect(iso).toContain('"price":{"$px":"-1.50"}');
    const plain = new RecordCodec({ encoding: "json" }).encode(e) as string;
    expect(plain).toContain('"tsEvent":{"$n":"1700000000123456789"}');
    expect(Buffer.isBuffer(new RecordCodec({ encoding: "msgpack" }).encode(e))).toBe(true);
  });

  it("ISO text converts exactly both ways across the ns range", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), (ns) => isoToNs(nsToIso(ns)) === ns),
      { numRuns: 500 },
    );
    expect(nsToIso(0n)).toBe("1970-01-01T00:00:00.000000000Z");
    expect(isoToNs("2024-01-02T03:04:05Z")).toBe(1_704_164_645_000_000_000n);
    expect(isoToNs("2024-01-02 03:04:05Z")).toBeUndefined();
  });

  it("a record that does not decode raises CORTANA_E_REDIS_DECODE with its key", () => {
    const cases: [RecordCodec, Buffer | string][] = [
      [new RecordCodec({ encoding: "json" }), "{not json"],
      [new RecordCodec({ encoding: "json" }), '{"px":{"$px":"1.2.3"}}'],
      [new RecordCodec({ encoding: "json" }), '{"x":{"$nope":"1"}}'],
      [new RecordCodec({ encoding: "msgpack" }), Buffer.from([0x92, 0x01])],
      [new RecordCodec({ encoding: "msgpack" }), Buffer.from([0xc1])],
    ];
    for (const [codec, bytes] of cases) {
      let caught: unknown;
      try {
        codec.decode("trader-T-1:orders:O-1#3", bytes);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(CortanaError);
      expect((caught as CortanaError).code).toBe("CORTANA_E_REDIS_DECODE");
      expect((caught as CortanaError).message).toContain("trader-T-1:orders:O-1#3");
    }
    const json = new RecordCodec({ encoding: "json" });
    expect(() => json.decodeInstrument("trader-T-1:instruments[X.Y]", json.encode({ type: "Equity", id: "bad" }))).toThrow(/instruments\[X\.Y\]/);
    expect(() => json.decodeRecord("k2", json.encode([1, 2]))).toThrow(/k2.*array/);
  });

  it("refuses to encode values the model never produces, rather than writing half", () => {
    const codec = new RecordCodec({ encoding: "msgpack" });
    expect(() => codec.encode({ when: new Date(0) })).toThrow(/Date/);
    expect(() => codec.encode({ f: () => 1 })).toThrow(/function/);
    expect(PositionId("P-1")).toBe("P-1");
  });
});
