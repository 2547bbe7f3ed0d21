package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's storage: topics of partitions of records, in memory, created on first use.
 *
 * <p>Only appends to the same partition are serialised (each partition has its own lock); the topic
 * map is concurrent, so producers to different partitions never wait for each other.
 */
public final class TopicLog {

    private final Map<TopicPartition, PartitionLog> partitions = new ConcurrentHashMap<>();

    /** Appends a record to its topic and partition and returns its offset. */
    public long append(Record record) {
        return partitions
                .computeIfAbsent(
                        new TopicPartition(record.topic(), record.partition()),
                        tp -> new PartitionLog())
                .append(record);
    }

    /** Up to {@code max} records from {@code offset}; empty when the partition does not exist. */
    public Optional<Slice> read(String topic, int partition, long offset, int max) {
        var log = partitions.get(new TopicPartition(topic, partition));
        return log == null ? Optional.empty() : Optional.of(log.read(offset, max));
    }

    /** Records stored so far, all partitions together. */
    public long size() {
        return partitions.values().stream().mapToLong(PartitionLog::size).sum();
    }

    record TopicPartition(String topic, int partition) {}

    /** Records read from one partition, and where the partition ends. */
    public record Slice(List<StoredEntry> records, long highWatermark) {}

    /** A stored record with its offset. */
    public record StoredEntry(long offset, Record record) {}
}
