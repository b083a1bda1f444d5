/**
 * The entry a message becomes in a stream: fields `topic`, `type`, `enc` (json | msgpack) and
 * `payload` (the message through the RecordCodec: Price/Quantity/Money/bigint exact). `enc`
 * travels with each entry so a reader (the consumer, `cortana-node tail`) needs no config.
 *
 * Entry points: `StreamEnvelopeCodec` (`records`: the payload codec of an encoding; the publisher
 * writes the fields through stream-batch.ts), `decodeEntry(stream, id, fields)`.
 */
import { RecordCodec, type Encoding } from "../../cache/database/codec.js";

export interface StreamMessage {
  readonly stream: string;
  readonly id: string;
  readonly topic: string;
  readonly type: string;
  readonly payload: unknown;
}

/** The `type` field of a message, or its constructor's name, or its JS type. */
export function messageType(message: unknown): string {
  if (typeof message === "object" && message !== null) {
    const t = (message as { type?: unknown }).type;
    if (typeof t === "string") return t;
    return (message as { constructor?: { name?: string } }).constructor?.name ?? "object";
  }
  return typeof message;
}

/** The writer's side: the payload codec of a publisher's encoding (stream-batch.ts writes the entry). */
export class StreamEnvelopeCodec {
  readonly records: RecordCodec;

  constructor(readonly encoding: Encoding, timestampsAsIso8601: boolean) {
    this.records = new RecordCodec({ encoding, timestampsAsIso8601 });
  }
}

const READERS: Record<Encoding, RecordCodec> = {
  json: new RecordCodec({ encoding: "json", timestampsAsIso8601: true }),
  msgpack: new RecordCodec({ encoding: "msgpack", timestampsAsIso8601: true }),
};

/**
 * An entry as read by XREAD (Buffers); throws CORTANA_E_REDIS_DECODE naming `stream#id` when it
 * does not decode. ISO timestamps are read back as bigint whatever the writer's setting.
 */
export function decodeEntry(stream: string, id: string, fields: readonly Buffer[]): StreamMessage {
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set((fields[i] as Buffer).toString("utf8"), fields[i + 1] as Buffer);
  const enc = map.get("enc")?.toString("utf8") ?? "json";
  const reader = enc === "msgpack" ? READERS.msgpack : READERS.json;
  const payload = map.get("payload");
  const where = `${stream}#${id}`;
  const value = payload === undefined ? undefined : reader.decode(where, payload);
  return { stream, id, topic: map.get("topic")?.toString("utf8") ?? "", type: map.get("type")?.toString("utf8") ?? messageType(value), payload: value };
}
