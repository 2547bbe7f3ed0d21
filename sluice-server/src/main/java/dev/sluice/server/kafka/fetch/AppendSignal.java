package dev.sluice.server.kafka.fetch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes fetches waiting for records (min_bytes not reached yet) when records are stored. A waiter
 * registers before it reads, so a store between its read and its wait still wakes it; a waiter
 * whose wait ends removes itself, so idle consumers leave nothing behind.
 */
public final class AppendSignal {

    private final Set<Runnable> waiters = ConcurrentHashMap.newKeySet();

    /** Records were stored: runs every waiter once (each must hand its work to another thread). */
    public void fire() {
        if (waiters.isEmpty()) {
            return;
        }
        for (var w : waiters) {
            if (waiters.remove(w)) {
                w.run();
            }
        }
    }

    void register(Runnable waiter) {
        waiters.add(waiter);
    }

    /** True if it was still registered (not woken yet). */
    boolean remove(Runnable waiter) {
        return waiters.remove(waiter);
    }

    int waiting() {
        return waiters.size();
    }
}
