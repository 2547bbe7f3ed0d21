package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition: the records retention has kept, in a ring whose first slot holds {@link
 * #startOffset}. Offsets keep growing when old records go; they are never reused.
 *
 * <p>Its lock is explicit rather than {@code synchronized} so that {@link TopicLog} can hold the
 * locks of every partition a request writes to at once, taken in a fixed order.
 */
final class PartitionLog {

    private static final int INITIAL_CAPACITY = 16;

    private final TopicPartition key;
    private final ReentrantLock lock = new ReentrantLock();
    private Record[] ring = new Record[INITIAL_CAPACITY];
    private int head;
    private int count;
    private long startOffset;

    PartitionLog(TopicPartition key) {
        this.key = key;
    }

    TopicPartition key() {
        return key;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Appends a record and queues it for retention, so that within one partition the retention
     * queue holds records in offset order. The caller holds this partition's lock.
     */
    long appendLocked(Record record, long cost, Queue<TopicLog.Retained> retention) {
        if (count == ring.length) {
            resize(ring.length * 2);
        }
        ring[(head + count) % ring.length] = record;
        count++;
        long offset = startOffset + count - 1;
        retention.add(new TopicLog.Retained(this, offset, cost));
        return offset;
    }

    /** Drops every record up to and including {@code offset} (no-op for those already gone). */
    void dropThrough(long offset) {
        lock.lock();
        try {
            while (count > 0 && startOffset <= offset) {
                ring[head] = null;
                head = (head + 1) % ring.length;
                count--;
                startOffset++;
            }
            if (ring.length > INITIAL_CAPACITY && count < ring.length / 4) {
                resize(Math.max(INITIAL_CAPACITY, ring.length / 2));
            }
        } finally {
            lock.unlock();
        }
    }

    Slice read(long offset, int max, long maxBytes) {
        lock.lock();
        try {
            var out = new ArrayList<StoredEntry>();
            long end = startOffset + count;
            long bytes = 0;
            for (long o = Math.max(startOffset, offset); o < end && out.size() < max; o++) {
                var record = ring[(int) ((head + (o - startOffset)) % ring.length)];
                bytes += record.sizeBytes();
                if (!out.isEmpty() && bytes > maxBytes) {
                    break;
                }
                out.add(new StoredEntry(o, record));
            }
            return new Slice(out, startOffset, end);
        } finally {
            lock.unlock();
        }
    }

    RecordLog.Offsets offsets() {
        lock.lock();
        try {
            return new RecordLog.Offsets(startOffset, startOffset + count);
        } finally {
            lock.unlock();
        }
    }

    long size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    private void resize(int capacity) {
        var next = new Record[capacity];
        for (int i = 0; i < count; i++) {
            next[i] = ring[(head + i) % ring.length];
        }
        ring = next;
        head = 0;
    }
}
