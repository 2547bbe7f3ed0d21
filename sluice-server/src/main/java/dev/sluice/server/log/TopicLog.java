package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory {@link RecordLog} ({@code storage.type: memory}, for tests): topics of partitions
 * of records, created on first use, holding at most {@code maxBytes} (what the records cost on the
 * heap, estimated by {@link RecordCost}).
 *
 * <p>Retention is global, not per partition: when an append takes the total past the budget, the
 * oldest records of the whole log go first, whichever partition they are in. A per-partition budget
 * cannot keep a promise about the heap, because partitions are created by producers on first use
 * and their number has no bound.
 *
 * <p>Only appends to the same partition are serialised (each partition has its own lock, and a
 * request that writes to several holds theirs together, see {@link #append(List)}); the topic map
 * and the retention queue are concurrent, so producers to different partitions never wait for each
 * other. While appends race, the total may pass the budget by the records in flight; once they are
 * done it is within it again.
 */
public final class TopicLog implements RecordLog {

    private final long maxBytes;
    private final Map<TopicPartition, PartitionLog> partitions = new ConcurrentHashMap<>();
    private final Queue<Retained> retention = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder removed = new LongAdder();

    /** Appends share it, {@link #delete} has it alone (so no append holds a deleted partition). */
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();

    /** A log that keeps at most {@code maxBytes} of records. */
    public TopicLog(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Appends records, all of them or none, and returns their offsets in the same order, removing
     * the oldest records of the log if it is now over its budget. Records of one partition get
     * consecutive offsets in the order given, and no reader sees some of them without the others.
     *
     * <p>The locks of every partition the records go to are held together, taken in topic and
     * partition order (so two requests never wait for each other in a cycle); appends to other
     * partitions go on meanwhile.
     *
     * @throws StorageFull if the records together cost more than the whole budget; nothing is
     *     stored then
     */
    @Override
    public long[] append(List<Record> records) {
        structure.readLock().lock();
        try {
            return appendShared(records);
        } finally {
            structure.readLock().unlock();
        }
    }

    private long[] appendShared(List<Record> records) {
        int n = records.size();
        long[] offsets = new long[n];
        if (n == 0) {
            return offsets;
        }
        long[] costs = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            costs[i] = RecordCost.of(records.get(i));
            total += costs[i];
        }
        if (total > maxBytes) {
            throw StorageFull.overBudget(n, total, maxBytes);
        }
        var logs = new PartitionLog[n];
        for (int i = 0; i < n; i++) {
            var r = records.get(i);
            logs[i] =
                    partitions.computeIfAbsent(
                            new TopicPartition(r.topic(), r.partition()), PartitionLog::new);
        }
        var locked = lockOrder(logs);
        for (var log : locked) {
            log.lock();
        }
        try {
            for (int i = 0; i < n; i++) {
                offsets[i] = logs[i].appendLocked(records.get(i), costs[i], retention);
            }
        } finally {
            for (int i = locked.length - 1; i >= 0; i--) {
                locked[i].unlock();
            }
        }
        bytes.addAndGet(total);
        while (bytes.get() > maxBytes) {
            Retained oldest = retention.poll();
            if (oldest == null) {
                break;
            }
            oldest.partition().dropThrough(oldest.offset());
            bytes.addAndGet(-oldest.cost());
            removed.increment();
        }
        return offsets;
    }

    /** The distinct partitions of {@code logs}, in the one order every append locks them in. */
    private static PartitionLog[] lockOrder(PartitionLog[] logs) {
        if (logs.length == 1) {
            return logs;
        }
        return Arrays.stream(logs)
                .distinct()
                .sorted(Comparator.comparing(PartitionLog::key, TopicPartition.ORDER))
                .toArray(PartitionLog[]::new);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The topic's records leave the retention queue too, and their cost the total.
     */
    @Override
    public int delete(String topic) {
        structure.writeLock().lock();
        try {
            var doomed =
                    partitions.values().stream()
                            .filter(p -> p.key().topic().equals(topic))
                            .toList();
            if (doomed.isEmpty()) {
                return 0;
            }
            doomed.forEach(p -> partitions.remove(p.key()));
            var set = Set.copyOf(doomed);
            long[] freed = {0};
            retention.removeIf(
                    r -> {
                        if (set.contains(r.partition())) {
                            freed[0] += r.cost();
                            return true;
                        }
                        return false;
                    });
            bytes.addAndGet(-freed[0]);
            return doomed.size();
        } finally {
            structure.writeLock().unlock();
        }
    }

    @Override
    public Optional<Slice> read(
            String topic, int partition, long offset, int maxRecords, long maxBytes) {
        var log = partitions.get(new TopicPartition(topic, partition));
        return log == null ? Optional.empty() : Optional.of(log.read(offset, maxRecords, maxBytes));
    }

    @Override
    public Optional<Offsets> offsets(String topic, int partition) {
        var log = partitions.get(new TopicPartition(topic, partition));
        return log == null ? Optional.empty() : Optional.of(log.offsets());
    }

    @Override
    public Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    @Override
    public long size() {
        return partitions.values().stream().mapToLong(PartitionLog::size).sum();
    }

    /** What the records held now cost, by {@link RecordCost}'s estimate. */
    @Override
    public long bytes() {
        return bytes.get();
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public long removed() {
        return removed.sum();
    }

    /** Nothing to release: the records live on the heap and go with it. */
    @Override
    public void close() {}

    /** A stored record in the retention queue: where it is and what it costs. */
    record Retained(PartitionLog partition, long offset, long cost) {}
}
