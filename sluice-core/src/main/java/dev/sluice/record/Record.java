package dev.sluice.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message on its way into a topic: what every plugin sees. Immutable.
 *
 * <p>Keys, values and header values are bytes. The string contracts (Blink, OurChat) see the key
 * and value as UTF-8 text ({@link #keyText()}, {@link #valueText()}); a record whose key or value
 * is not valid UTF-8 is rejected by such a plugin, with a reason that says so.
 *
 * @param topic the topic the producer named; never empty
 * @param partition the partition, zero or more
 * @param key the record key, or {@code null} when the producer sent none
 * @param value the record value; may be empty (plugins decide whether that is acceptable)
 * @param headers ordered; a key may repeat
 * @param timestamp milliseconds since the epoch
 */
public record Record(
        String topic, int partition, Bytes key, Bytes value, List<Header> headers, long timestamp) {

    public Record {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        headers = List.copyOf(headers);
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }

    /** A record of text, without headers, stamped with the current time. */
    public static Record of(String topic, int partition, String key, String value) {
        return builder(topic)
                .partition(partition)
                .key(key == null ? null : Bytes.utf8(key))
                .value(Bytes.utf8(value))
                .build();
    }

    /** A record for {@code topic}: partition 0, no key, empty value, no headers, now. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** A builder starting from this record, to make one that differs in a few fields. */
    public Builder toBuilder() {
        var b = new Builder(topic).partition(partition).key(key).value(value).timestamp(timestamp);
        b.headers.addAll(headers);
        return b;
    }

    /** The key, if the producer sent one. */
    public Optional<Bytes> optionalKey() {
        return Optional.ofNullable(key);
    }

    /**
     * The key as text, or null without a key.
     *
     * @throws IllegalStateException if the key is not valid UTF-8
     */
    public String keyText() {
        return key == null ? null : key.text();
    }

    /**
     * The value as text.
     *
     * @throws IllegalStateException if the value is not valid UTF-8
     */
    public String valueText() {
        return value.text();
    }

    /**
     * What the record weighs for size limits: the UTF-8 bytes of its topic, key, value and header
     * keys and values together.
     */
    public long sizeBytes() {
        long size = utf8Length(topic) + value.length() + (key == null ? 0 : key.length());
        for (var h : headers) {
            size += utf8Length(h.key()) + h.value().length();
        }
        return size;
    }

    private static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // Two bytes up to U+07FF, three above; a surrogate pair is four for two chars.
                n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

    /** Builds a {@link Record}. */
    public static final class Builder {
        private String topic;
        private int partition;
        private Bytes key;
        private Bytes value = Bytes.EMPTY;
        private final List<Header> headers = new ArrayList<>();
        private Long timestamp;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder partition(int partition) {
            this.partition = partition;
            return this;
        }

        /** The key, or null for none. */
        public Builder key(Bytes key) {
            this.key = key;
            return this;
        }

        public Builder value(Bytes value) {
            this.value = value;
            return this;
        }

        public Builder value(String text) {
            return value(Bytes.utf8(text));
        }

        /** Adds a header after those already there (a key may repeat). */
        public Builder header(String key, Bytes value) {
            headers.add(new Header(key, value));
            return this;
        }

        public Builder header(String key, String value) {
            return header(key, Bytes.utf8(value));
        }

        /** Replaces all headers. */
        public Builder headers(List<Header> headers) {
            this.headers.clear();
            this.headers.addAll(headers);
            return this;
        }

        /** Milliseconds since the epoch; the time of {@link #build} when not set. */
        public Builder timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Record build() {
            return new Record(
                    topic,
                    partition,
                    key,
                    value,
                    headers,
                    timestamp == null ? System.currentTimeMillis() : timestamp);
        }
    }
}
