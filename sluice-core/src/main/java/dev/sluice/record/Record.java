package dev.sluice.record;

import java.util.Objects;
import java.util.Optional;

/**
 * One message on its way into a topic: what every plugin sees.
 *
 * <p>Both contracts Sluice runs today (Blink and OurChat) carry keys and values as UTF-8 text, so
 * they are strings here. A record is immutable; plugins never change it.
 *
 * @param topic the topic the producer named; never empty
 * @param partition the partition, zero or more
 * @param key the record key, or {@code null} when the producer sent none
 * @param value the record value; may be empty (plugins decide whether that is acceptable)
 * @param timestamp milliseconds since the epoch when the record entered the server
 */
public record Record(String topic, int partition, String key, String value, long timestamp) {

    public Record {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }

    /** A record stamped with the current time. */
    public static Record of(String topic, int partition, String key, String value) {
        return new Record(topic, partition, key, value, System.currentTimeMillis());
    }

    /** The key, if the producer sent one. */
    public Optional<String> optionalKey() {
        return Optional.ofNullable(key);
    }
}
