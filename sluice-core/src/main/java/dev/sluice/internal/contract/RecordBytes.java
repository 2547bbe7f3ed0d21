package dev.sluice.internal.contract;

import dev.sluice.record.Record;
import java.nio.charset.StandardCharsets;

/**
 * A record's strings encoded as UTF-8 once, however many plugins in the chain need them.
 *
 * <p>Not thread-safe; one per record being processed.
 */
public final class RecordBytes {
    private final Record record;
    private byte[] topic;
    private byte[] key;
    private byte[] value;

    public RecordBytes(Record record) {
        this.record = record;
    }

    public Record record() {
        return record;
    }

    public byte[] topic() {
        if (topic == null) {
            topic = record.topic().getBytes(StandardCharsets.UTF_8);
        }
        return topic;
    }

    /** The key's bytes, or null when the record has no key. */
    public byte[] key() {
        if (key == null && record.key() != null) {
            key = record.key().getBytes(StandardCharsets.UTF_8);
        }
        return key;
    }

    public byte[] value() {
        if (value == null) {
            value = record.value().getBytes(StandardCharsets.UTF_8);
        }
        return value;
    }
}
