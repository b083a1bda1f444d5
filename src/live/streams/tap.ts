/**
 * Seeing every message published on the internal bus with its topic: the bus's own `tap`
 * (listeners run after the subscribers; their errors never reach the publisher).
 */
import type { MessageBus } from "../../common/msgbus.js";

export type PublishListener = (topic: string, message: unknown) => void;

export function tapPublish(bus: MessageBus, listener: PublishListener): () => void {
  return bus.tap(listener);
}
