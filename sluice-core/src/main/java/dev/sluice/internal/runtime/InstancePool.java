package dev.sluice.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle instances of one plugin, ready for the next call. Lock-free: a borrow is a poll, a release
 * an offer. The pool never blocks a caller: when it is empty the caller makes a new instance, and
 * when it is full a returned instance is dropped for the garbage collector.
 *
 * <p>Last in, first out, so the instance used most recently (its memory warm in cache) goes next.
 */
final class InstancePool<T> {

    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    InstancePool(int capacity) {
        this.capacity = capacity;
    }

    /** An idle instance, or null when there is none. */
    T borrow() {
        T instance = idle.pollFirst();
        if (instance != null) {
            size.decrementAndGet();
        }
        return instance;
    }

    /** Returns a healthy instance; it is dropped instead when the pool is full. */
    void release(T instance) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return;
        }
        idle.offerFirst(instance);
    }

    /** Returns an instance if it may be reused, drops it otherwise. */
    void release(T instance, boolean reusable) {
        if (reusable) {
            release(instance);
        }
    }

    /** Takes every idle instance out. */
    List<T> drain() {
        var drained = new ArrayList<T>();
        T instance;
        while ((instance = borrow()) != null) {
            drained.add(instance);
        }
        return drained;
    }
}
