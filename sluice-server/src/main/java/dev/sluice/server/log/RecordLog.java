package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The server's storage seam: topics of partitions of records, each partition a sequence of offsets
 * from its log start offset to its high watermark. Every ingress (HTTP now, the Kafka protocol
 * later) appends through {@link #append(List)} and every reader reads through {@link #read}, so
 * both see the same records whichever implementation holds them: {@link TopicLog} in memory (for
 * tests) or {@code DiskLog} on disk (the default).
 */
public interface RecordLog extends AutoCloseable {

    /**
     * Appends records, all of them or none, and returns their offsets in the same order. Records of
     * one partition get consecutive offsets in the order given, and no reader ever sees some of a
     * call's records without the others, not even after a crash.
     *
     * @throws StorageFull if the records cannot be stored; nothing of them is stored then
     */
    long[] append(List<Record> records);

    /**
     * As {@link #append(List)}, but returns once the records are written and their offsets given,
     * before they are durable: {@link Appending#durable()} completes when they are (as {@code
     * append} would have returned) and readers see them from then on, or fails, nothing of them
     * stored, with what {@code append} would have thrown. Lets an ingress go on with the next
     * request of a connection while the disk works. By default, {@link #append(List)} itself.
     *
     * @throws StorageFull if the records cannot be written at all
     */
    default Appending appendPending(List<Record> records) {
        return new Appending(append(records), CompletableFuture.completedFuture(null));
    }

    /** Offsets given to records being appended, and when they are stored for good. */
    record Appending(long[] offsets, CompletableFuture<Void> durable) {}

    /** Appends one record and returns its offset; see {@link #append(List)}. */
    default long append(Record record) {
        return append(List.of(record))[0];
    }

    /**
     * Records from {@code offset}: at most {@code maxRecords}, and no more than {@code maxBytes} by
     * {@link Record#sizeBytes()} once the first is in (one record is always returned when there is
     * one, as Kafka does, so a large record cannot stall a reader). Empty when the partition does
     * not exist.
     */
    Optional<Slice> read(String topic, int partition, long offset, int maxRecords, long maxBytes);

    /**
     * Up to {@code max} records from {@code offset}; see {@link #read(String, int, long, int,
     * long)}.
     */
    default Optional<Slice> read(String topic, int partition, long offset, int max) {
        return read(topic, partition, offset, max, Long.MAX_VALUE);
    }

    /** A partition's log start offset and high watermark; empty when it does not exist. */
    Optional<Offsets> offsets(String topic, int partition);

    /**
     * Deletes a topic: every partition of it with its records, for good (on disk even when the
     * server crashes in the middle: the restart finishes it, and keeps every other topic's records
     * whole). Appends to the topic afterwards create it afresh from offset 0. Appends wait while it
     * runs; readers of the topic find nothing once it returns.
     *
     * @return how many partitions were removed; 0 when the log held none of the topic
     */
    int delete(String topic);

    /** Every partition that exists (has had a record appended), in no particular order. */
    Set<TopicPartition> partitions();

    /** Records held now, all partitions together. */
    long size();

    /** Bytes the records held now take (heap estimate in memory, file bytes on disk). */
    long bytes();

    /**
     * The retention budget {@link #bytes()} is held to (in memory: in total; on disk: per
     * partition).
     */
    long maxBytes();

    /** Records removed by retention so far. */
    long removed();

    /** Makes everything appended durable and releases files; appends after it fail. */
    @Override
    void close();

    /**
     * Where a partition's records are.
     *
     * @param startOffset the first offset still stored (retention removed those before it)
     * @param highWatermark the offset the next record will get
     */
    record Offsets(long startOffset, long highWatermark) {}
}
