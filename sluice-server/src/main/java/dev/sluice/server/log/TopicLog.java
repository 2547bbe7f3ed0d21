package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's storage: topics of partitions of records, in memory, created on first use, holding
 * at most {@code maxBytes} (what the records cost on the heap, estimated by {@link RecordCost}).
 *
 * <p>Retention is global, not per partition: when an append takes the total past the budget, the
 * oldest records of the whole log go first, whichever partition they are in. A per-partition budget
 * cannot keep a promise about the heap, because partitions are created by producers on first use
 * and their number has no bound.
 *
 * <p>Only appends to the same partition are serialised (each partition has its own lock); the topic
 * map and the retention queue are concurrent, so producers to different partitions never wait for
 * each other. While appends race, the total may pass the budget by the records in flight; once they
 * are done it is within it again.
 */
public final class TopicLog {

    private final long maxBytes;
    private final Map<TopicPartition, PartitionLog> partitions = new ConcurrentHashMap<>();
    private final Queue<Retained> retention = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder removed = new LongAdder();

    /** A log that keeps at most {@code maxBytes} of records. */
    public TopicLog(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Appends a record to its topic and partition and returns its offset, removing the oldest
     * records of the log if it is now over its budget.
     *
     * @throws StorageFull if this one record costs more than the whole budget
     */
    public long append(Record record) {
        long cost = RecordCost.of(record);
        if (cost > maxBytes) {
            throw new StorageFull(cost, maxBytes);
        }
        long offset =
                partitions
                        .computeIfAbsent(
                                new TopicPartition(record.topic(), record.partition()),
                                tp -> new PartitionLog())
                        .append(record, cost, retention);
        bytes.addAndGet(cost);
        while (bytes.get() > maxBytes) {
            Retained oldest = retention.poll();
            if (oldest == null) {
                break;
            }
            oldest.partition().dropThrough(oldest.offset());
            bytes.addAndGet(-oldest.cost());
            removed.increment();
        }
        return offset;
    }

    /** Up to {@code max} records from {@code offset}; empty when the partition does not exist. */
    public Optional<Slice> read(String topic, int partition, long offset, int max) {
        var log = partitions.get(new TopicPartition(topic, partition));
        return log == null ? Optional.empty() : Optional.of(log.read(offset, max));
    }

    /** Records held now, all partitions together. */
    public long size() {
        return partitions.values().stream().mapToLong(PartitionLog::size).sum();
    }

    /** What the records held now cost, by {@link RecordCost}'s estimate. */
    public long bytes() {
        return bytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Records removed by retention so far. */
    public long removed() {
        return removed.sum();
    }

    record TopicPartition(String topic, int partition) {}

    /** A stored record in the retention queue: where it is and what it costs. */
    record Retained(PartitionLog partition, long offset, long cost) {}

    /**
     * Records read from one partition.
     *
     * @param startOffset the first offset retention still holds (records before it were removed)
     * @param highWatermark the offset the next record will get
     */
    public record Slice(List<StoredEntry> records, long startOffset, long highWatermark) {}

    /** A stored record with its offset. */
    public record StoredEntry(long offset, Record record) {}

    /** A record that costs more than the whole retention budget: it can never be stored. */
    public static final class StorageFull extends RuntimeException {
        private final long cost;
        private final long maxBytes;

        StorageFull(long cost, long maxBytes) {
            super(
                    "storage full: the record needs about "
                            + cost
                            + " bytes of memory, more than storage.retention.max_bytes ("
                            + maxBytes
                            + ") allows in total",
                    null,
                    false,
                    false);
            this.cost = cost;
            this.maxBytes = maxBytes;
        }

        public long cost() {
            return cost;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }
}
