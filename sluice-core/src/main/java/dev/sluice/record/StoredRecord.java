package dev.sluice.record;

import java.util.Objects;

/**
 * A record after the server has stored it, with the offset it was given. Post-store hooks (such as
 * OurChat's {@code on_message_sent}) see this.
 */
public record StoredRecord(Record record, long offset) {
    public StoredRecord {
        Objects.requireNonNull(record, "record");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
    }
}
