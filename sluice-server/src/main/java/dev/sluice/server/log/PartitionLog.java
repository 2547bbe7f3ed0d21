package dev.sluice.server.log;

import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.Queue;

/**
 * One partition: the records retention has kept, in a ring whose first slot holds {@link
 * #startOffset}. Offsets keep growing when old records go; they are never reused.
 */
final class PartitionLog {

    private static final int INITIAL_CAPACITY = 16;

    private Record[] ring = new Record[INITIAL_CAPACITY];
    private int head;
    private int count;
    private long startOffset;

    /**
     * Appends a record and, under the same lock, queues it for retention, so that within one
     * partition the retention queue holds records in offset order.
     */
    synchronized long append(Record record, long cost, Queue<TopicLog.Retained> retention) {
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
    synchronized void dropThrough(long offset) {
        while (count > 0 && startOffset <= offset) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            count--;
            startOffset++;
        }
        if (ring.length > INITIAL_CAPACITY && count < ring.length / 4) {
            resize(Math.max(INITIAL_CAPACITY, ring.length / 2));
        }
    }

    synchronized TopicLog.Slice read(long offset, int max) {
        var out = new ArrayList<TopicLog.StoredEntry>();
        long end = startOffset + count;
        for (long o = Math.max(startOffset, offset); o < end && out.size() < max; o++) {
            out.add(
                    new TopicLog.StoredEntry(
                            o, ring[(int) ((head + (o - startOffset)) % ring.length)]));
        }
        return new TopicLog.Slice(out, startOffset, end);
    }

    synchronized long size() {
        return count;
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
