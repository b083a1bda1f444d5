/**
 * Messages that came in from another node's streams (the consumer republishes them on the
 * internal bus). The publisher does not send them out again, so two nodes that follow each
 * other, or a node following its own streams, never echo a message back and forth.
 */
const EXTERNAL = new WeakSet<object>();

export function markExternalOrigin(message: unknown): void {
  if (typeof message === "object" && message !== null) EXTERNAL.add(message);
}

export function isExternalOrigin(message: unknown): boolean {
  return typeof message === "object" && message !== null && EXTERNAL.has(message);
}
