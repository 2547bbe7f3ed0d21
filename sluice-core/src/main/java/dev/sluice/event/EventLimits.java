package dev.sluice.event;

/**
 * The bus's bounds: how many events may wait for one subscriber, how large one may be, and how many
 * threads deliver them.
 *
 * @param queueCapacity events that may wait per subscription (one subscriber on one channel); when
 *     it is full, a newly published event is dropped for that subscriber (drop newest) and counted
 *     in {@code sluice_events_dropped_total}; the publisher is never blocked or told
 * @param maxPayloadBytes the largest payload: a larger one is refused to its publisher
 * @param threads the threads that deliver events (each subscription is served by one at a time)
 */
public record EventLimits(int queueCapacity, int maxPayloadBytes, int threads) {

    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final int DEFAULT_THREADS = 2;

    public EventLimits {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException(
                    "events.queue_capacity must be at least 1, was " + queueCapacity);
        }
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException(
                    "events.max_payload_bytes must not be negative, was " + maxPayloadBytes);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException(
                    "events.threads must be from 1 to 64, was " + threads);
        }
    }

    /** 1024 queued per subscription, 16 KiB payloads, 2 threads. */
    public static EventLimits defaults() {
        return new EventLimits(DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_THREADS);
    }
}
