/**
 * Topic pattern matching for the message bus, with Nautilus' wildcard semantics
 * (`common/msgbus.pyx is_matching`, Rust `msgbus::matching`):
 * - `*` matches any sequence of characters, empty included, dots included
 *   (`events.order.*` matches `events.order.S-1` and `events.order.S-1.x`);
 * - `?` matches exactly one character;
 * - every other character matches itself (case-sensitive).
 *
 * Entry points: `isMatching(topic, pattern)`, `hasWildcard(pattern)`.
 * Invariant: linear in the topic length for one `*`, O(topic x pattern) worst case; no regex,
 * no allocation (it runs on every cache miss of the bus).
 */

const STAR = 42; // '*'
const QMARK = 63; // '?'

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

export function isMatching(topic: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1; // position of the last '*' seen in the pattern
  let starT = 0; // topic position that '*' is currently assumed to stretch to
  while (t < topic.length) {
    if (p < pattern.length) {
      const c = pattern.charCodeAt(p);
      if (c === STAR) {
        starP = p++;
        starT = t;
        continue;
      }
      if (c === QMARK || c === topic.charCodeAt(t)) {
        p++;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    // Backtrack: let the last '*' swallow one more character.
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}
