package dev.sluice.server.log;

import java.util.List;

/**
 * Records read from one partition.
 *
 * @param startOffset the first offset retention still holds (records before it were removed)
 * @param highWatermark the offset the next record will get
 */
public record Slice(List<StoredEntry> records, long startOffset, long highWatermark) {

    public Slice {
        records = List.copyOf(records);
    }
}
