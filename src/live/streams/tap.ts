/**
 * Seeing every message published on the internal bus with its topic (handlers subscribed to
 * the MessageBus get the message only). `tapPublish(bus, listener)` wraps this bus instance's
 * `publish` (the listener runs after the subscribers, and its errors never reach the
 * publisher) and returns the function that restores it. Several taps stack and unwind in any
 * order. Requested as a native bus hook in src/common/REQUESTS.md; this module is the one place
 * to switch over.
 */
import type { MessageBus } from "../../common/msgbus.js";

export type PublishListener = (topic: string, message: unknown) => void;

const TAPS = new WeakMap<MessageBus, { original: MessageBus["publish"]; listeners: Set<PublishListener> }>();

export function tapPublish(bus: MessageBus, listener: PublishListener): () => void {
  let entry = TAPS.get(bus);
  if (entry === undefined) {
    const original = bus.publish;
    const listeners = new Set<PublishListener>();
    entry = { original, listeners };
    TAPS.set(bus, entry);
    bus.publish = function tappedPublish(this: MessageBus, topic: string, message: unknown): void {
      original.call(bus, topic, message);
      for (const l of listeners) {
        try {
          l(topic, message);
        } catch {
          // A tap is an observer: it must never break the publisher.
        }
      }
    };
  }
  entry.listeners.add(listener);
  return () => {
    const e = TAPS.get(bus);
    if (e === undefined) return;
    e.listeners.delete(listener);
    if (e.listeners.size === 0) {
      bus.publish = e.original;
      TAPS.delete(bus);
    }
  };
}
