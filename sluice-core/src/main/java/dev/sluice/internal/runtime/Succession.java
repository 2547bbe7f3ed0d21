package dev.sluice.internal.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-over from one version of a plugin to the next (a hot reload), without a lock on the
 * record path: every call into the old version counts itself in while it runs; once the successor
 * is set, new calls go to it, and the old version waits for the calls already inside to finish
 * before its instances get their disable and unload hooks.
 *
 * <p>A call counts itself in before it looks for a successor, and the retiring side sets the
 * successor before it waits for the count to reach zero; so a call either sees the successor or is
 * counted and waited for — none runs on instances that are being unloaded.
 */
final class Succession {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile LoadedPlugin successor;

    /**
     * Counts a call in; the caller must {@link #exit()} afterwards, whatever it returns.
     *
     * @return the version to call instead, or null to run here
     */
    LoadedPlugin enter() {
        inFlight.incrementAndGet();
        return successor;
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    /** The version that replaced this one, or null. */
    LoadedPlugin successor() {
        return successor;
    }

    /**
     * Sends new calls to {@code next} and waits, at most {@code wait}, for the calls already here.
     *
     * @return whether every call finished within the wait
     */
    boolean handOver(LoadedPlugin next, Duration wait) {
        successor = next;
        long deadline = System.nanoTime() + wait.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }
}
