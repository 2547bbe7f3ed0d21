package dev.sluice.internal.contract;

import dev.sluice.internal.text.RawBytes;
import dev.sluice.record.Record;
import java.nio.charset.StandardCharsets;

/**
 * A record as the string contracts pass it to a guest: the topic encoded as UTF-8 once, the key and
 * value as the record's own arrays (never copied on the host side, never changed).
 *
 * <p>Not thread-safe; one per record being processed.
 */
public final class RecordBytes {
    private final Record record;
    private byte[] topic;

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
        return record.key() == null ? null : RawBytes.of(record.key());
    }

    public byte[] value() {
        return RawBytes.of(record.value());
    }
}
