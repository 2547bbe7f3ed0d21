package dev.sluice.record;

import java.util.Objects;

/**
 * One record header. A record's headers are ordered and a key may repeat, as in Kafka.
 *
 * @param key the header's name
 * @param value its value, bytes (empty for a header that only says it is there)
 */
public record Header(String key, Bytes value) {
    public Header {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A header whose value is text, encoded as UTF-8. */
    public static Header of(String key, String value) {
        return new Header(key, Bytes.utf8(value));
    }
}
