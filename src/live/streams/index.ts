/** The external message bus on Redis Streams: publisher, consumer, follower (tail), naming. */
export { RedisStreamPublisher, type StreamPublisherOptions, type StreamPublisherStats } from "./publisher.js";
export { RedisStreamConsumer, type StreamConsumerOptions } from "./consumer.js";
export { StreamFollower, type StreamFollowerOptions } from "./follower.js";
export { decodeEntry, messageType, type StreamMessage } from "./envelope.js";
export { HEARTBEAT_TOPIC, streamBaseKey, streamKeyFor } from "./naming.js";
