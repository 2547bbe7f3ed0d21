package dev.sluice.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Idle instances of one plugin, ready for the next call. Lock-free and allocation-free: a fixed
 * array of slots, where a borrow empties a slot with one atomic swap and a release fills an empty
 * one with one compare-and-set. The pool never blocks a caller: when it is empty the caller makes a
 * new instance. Its owner ({@link Instances}) never has more instances than the pool has slots, so
 * a release always finds one.
 *
 * <p>Each thread starts its search at its own slot, so a thread usually gets back the instance it
 * used last (its memory warm in the core's cache) and threads do not fight over one slot. An
 * earlier version on a {@code ConcurrentLinkedDeque} spent a quarter of the host's time per record
 * on node allocation and CAS retries.
 */
final class InstancePool<T> {

    /**
     * Slots are {@code STRIDE} array elements apart (64 bytes or more), so threads working on their
     * own slots do not pull one cache line back and forth between cores.
     */
    private static final int STRIDE = 16;

    private final AtomicReferenceArray<T> slots;
    private final int capacity;

    InstancePool(int capacity) {
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity * STRIDE);
    }

    /** The calling thread's first slot, as an array index. */
    private int home() {
        return (int) (Thread.currentThread().getId() % capacity) * STRIDE;
    }

    /** The slot after this one, wrapping around without a second division on the record path. */
    private int next(int slot) {
        slot += STRIDE;
        return slot == capacity * STRIDE ? 0 : slot;
    }

    /** An idle instance, or null when there is none. */
    T borrow() {
        int slot = home();
        for (int i = 0; i < capacity; i++, slot = next(slot)) {
            if (slots.getPlain(slot) != null) {
                T instance = slots.getAndSet(slot, null);
                if (instance != null) {
                    return instance;
                }
            }
        }
        return null;
    }

    /**
     * Puts an idle instance back.
     *
     * @return false if every slot was taken (the instance was not pooled)
     */
    boolean release(T instance) {
        int slot = home();
        for (int i = 0; i < capacity; i++, slot = next(slot)) {
            if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, instance)) {
                return true;
            }
        }
        return false;
    }

    /** Takes every idle instance out. */
    List<T> drain() {
        var drained = new ArrayList<T>();
        for (int slot = 0; slot < capacity; slot++) {
            T instance = slots.getAndSet(slot * STRIDE, null);
            if (instance != null) {
                drained.add(instance);
            }
        }
        return drained;
    }
}
