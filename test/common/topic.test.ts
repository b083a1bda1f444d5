import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hasWildcard, isMatching } from "../../src/common/topic.js";

// [topic, pattern, matches]: Nautilus' is_matching cases plus edge cases.
const TABLE: ReadonlyArray<readonly [string, string, boolean]> = [
  ["*", "*", true],
  ["a", "*", true],
  ["a", "a", true],
  ["a", "b", false],
  ["", "*", true],
  ["", "", true],
  ["", "?", false],
  ["a", "", false],
  ["data.quotes.BINANCE", "data.*", true],
  ["data.quotes.BINANCE", "data.quotes*", true],
  ["data.quotes.BINANCE", "data.*.BINANCE", true],
  ["data.trades.BINANCE.ETHUSDT", "data.*.BINANCE.*", true],
  ["data.trades.COINBASE.ETHUSDT", "data.*.BINANCE.*", false],
  ["data.trades.BINANCE.ETHUSD", "data.*.BINANCE.ETH???", true],
  ["data.trades.BINANCE.ETHUSD", "data.*.BINANCE.ETH??", false],
  ["data.trades.BINANCE.ETHUSD", "data.*.BINANCE.ETH????", false],
  ["events.order.S-001", "events.order.*", true],
  ["events.order.S-001.extra", "events.order.*", true], // '*' crosses dots, as in Nautilus
  ["events.order", "events.order.*", false],
  ["events.order.", "events.order.*", true],
  ["events.position.S-001", "events.order.*", false],
  ["events.order.S-001", "events.*.S-001", true],
  ["events.order.S-001", "events.?????.S-001", true],
  ["events.order.S-001", "events.????.S-001", false],
  ["events.order.S-001", "*.S-001", true],
  ["events.order.S-001", "*S-00?", true],
  ["events.order.S-001", "**", true],
  ["events.order.S-001", "*.*.*", true],
  ["events.order.S-001", "*.*.*.*", false],
  ["aaaa", "*a*a*a*a", true],
  ["aaa", "*a*a*a*a", false],
  ["abcabcabd", "*abd", true],
  ["abcabcabe", "*abd", false],
  ["data.quotes.SMART.AAPL", "data.quotes.SMART.AAPL", true],
  ["data.quotes.SMART.AAPL", "data.quotes.smart.aapl", false], // case-sensitive
  ["data.quotes.SMART.AAPL", "data.quotes.SMART.AAP", false],
  ["data.quotes.SMART.AAP", "data.quotes.SMART.AAPL", false],
];

/** A reference implementation through a regex, for the property test. */
function viaRegex(topic: string, pattern: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${re}$`).test(topic);
}

describe("isMatching", () => {
  it.each(TABLE)("%j against %j -> %s", (topic, pattern, expected) => {
    expect(isMatching(topic, pattern)).toBe(expected);
  });

  it("agrees with a regex translation on random topics and patterns", () => {
    const alphabet = fc.constantFrom("a", "b", ".", "*", "?");
    const text = fc.array(fc.constantFrom("a", "b", "."), { maxLength: 12 }).map((c) => c.join(""));
    const pat = fc.array(alphabet, { maxLength: 10 }).map((c) => c.join(""));
    fc.assert(fc.property(text, pat, (topic, pattern) => isMatching(topic, pattern) === viaRegex(topic, pattern)), { numRuns: 5000 });
  });

  it("hasWildcard sees * and ?", () => {
    expect(hasWildcard("events.order.*")).toBe(true);
    expect(hasWildcard("data.?")).toBe(true);
    expect(hasWildcard("events.order.S-1")).toBe(false);
  });
});
