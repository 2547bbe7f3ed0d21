package dev.sluice.internal.contract;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.util.List;
import java.util.Locale;

/**
 * An instance of a contract that takes one record at a time as UTF-8 text (Blink, OurChat). Records
 * are bytes: one whose key or value is not valid UTF-8 is refused ({@link #refusal}, which the host
 * checks before calling; checked again here, so the guest is never handed anything else) and is not
 * shown to its post-store hook.
 */
public abstract class TextGuest implements GuestInstance {

    private final String contract;

    protected TextGuest(String contract) {
        this.contract = contract;
    }

    /** The pre-store hook for one record whose key and value are text. */
    protected abstract Verdict beforeStore(RecordBytes record);

    /** The post-store hook for one record whose key and value are text. */
    protected abstract void afterStore(StoredRecord stored, RecordBytes record);

    @Override
    public final List<Verdict> beforeStore(List<Record> records) {
        // The runtime sends one record per call to a contract that takes one at a time.
        var record = records.get(0);
        String notText = refusal(record, contract);
        if (notText != null) {
            return List.of(new Verdict.Block(notText));
        }
        return List.of(beforeStore(new RecordBytes(record)));
    }

    @Override
    public final void afterStore(List<StoredRecord> stored) {
        for (var s : stored) {
            if (refusal(s.record(), contract) == null) {
                afterStore(s, new RecordBytes(s.record()));
            }
        }
    }

    /**
     * Why a contract of text cannot take {@code record}, or null when its key and value are text.
     */
    public static String refusal(Record record, String contract) {
        String bad = notText("key", record.key(), contract);
        return bad != null ? bad : notText("value", record.value(), contract);
    }

    private static String notText(String field, Bytes bytes, String contract) {
        if (bytes == null) {
            return null;
        }
        int at = bytes.firstInvalidUtf8();
        if (at < 0) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "the record's %s is not valid UTF-8 (at byte offset %d), and this plugin's"
                        + " contract (%s) takes text",
                field,
                at,
                contract);
    }
}
