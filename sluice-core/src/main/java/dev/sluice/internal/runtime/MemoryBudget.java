package dev.sluice.internal.runtime;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory all plugin instances of one engine may hold together. Each instance reserves the most
 * linear memory it can ever have (its cap, or its memory's own lower maximum) when it is made and
 * gives it back when it is dropped. Reserving the cap rather than tracking growth means a call can
 * never run the heap out by growing: an instance that exists has its memory paid for.
 *
 * <p>Only making an instance takes this lock; calls on pooled instances never touch it.
 */
public final class MemoryBudget {

    private final long total;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long reserved;

    public MemoryBudget(long totalBytes) {
        if (totalBytes < 1) {
            throw new IllegalArgumentException(
                    "the total plugin memory budget must be positive, was " + totalBytes);
        }
        this.total = totalBytes;
    }

    /** Half the JVM's maximum heap: the rest is for records, the log and the server. */
    public static long defaultTotal() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    public long total() {
        return total;
    }

    public long reserved() {
        lock.lock();
        try {
            return reserved;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes}, waiting up to {@code waitNanos} for other instances to give memory
     * back.
     *
     * @return false if there was no room in time, or {@code bytes} exceed the whole budget
     */
    boolean reserve(long bytes, long waitNanos) throws InterruptedException {
        if (bytes > total) {
            return false;
        }
        lock.lock();
        try {
            long left = waitNanos;
            while (reserved + bytes > total) {
                if (left <= 0) {
                    return false;
                }
                left = freed.awaitNanos(left);
            }
            reserved += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            reserved -= bytes;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
