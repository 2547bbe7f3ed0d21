package dev.sluice.internal.contract;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.util.List;
import java.util.Locale;

/**
 * An instance of a contract that takes one record at a time as UTF-8 text (Blink, OurChat). Records
 * are bytes: one whose key or value is not valid UTF-8 is refused here, saying so, without calling
 * the guest (which the contract promises text), and is not shown to its post-store hook.
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
        String notText = notText(record);
        if (notText != null) {
            return List.of(new Verdict.Block(notText));
        }
        return List.of(beforeStore(new RecordBytes(record)));
    }

    @Override
    public final void afterStore(List<StoredRecord> stored) {
        for (var s : stored) {
            if (notText(s.record()) == null) {
                afterStore(s, new RecordBytes(s.record()));
            }
        }
    }

    private String notText(Record record) {
        String bad = notText("key", record.key());
        return bad != null ? bad : notText("value", record.value());
    }

    private String notText(String field, Bytes bytes) {
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
