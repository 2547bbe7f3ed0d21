package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.List;

/** One partition: an append-only list whose index is the offset. */
final class PartitionLog {

    private final List<Record> records = new ArrayList<>();

    synchronized long append(Record record) {
        records.add(record);
        return records.size() - 1L;
    }

    synchronized TopicLog.Slice read(long offset, int max) {
        int size = records.size();
        var out = new ArrayList<TopicLog.StoredEntry>();
        for (long o = Math.max(0, offset); o < size && out.size() < max; o++) {
            out.add(new TopicLog.StoredEntry(o, records.get((int) o)));
        }
        return new TopicLog.Slice(out, size);
    }

    synchronized long size() {
        return records.size();
    }
}
