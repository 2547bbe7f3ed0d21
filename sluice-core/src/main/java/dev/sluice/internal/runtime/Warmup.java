package dev.sluice.internal.runtime;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The first call of each hook of a version running on an engine that compiles in the background
 * (GraalWasm with its JIT): that call runs in the engine's interpreter while the JIT works, 2–3 s
 * for the JavaScript filter's first record against well under a millisecond once compiled. Held to
 * {@code max_execution_time} it would be stopped, and so would the next first call on a fresh
 * instance, before anything got compiled.
 *
 * <p>So that one call is held to {@code max_init_time} instead, once per hook and version: a plugin
 * that loops spends the allowance and every later call has the usual limit. Calls of the same hook
 * that arrive meanwhile wait for it to end (at most the allowance) rather than run cold beside it.
 * Once each hook has had its first call, a call only reads a map.
 */
final class Warmup {

    /** For engines that compile before the first call (Chicory): no allowance at all. */
    static final Warmup NONE = new Warmup(Duration.ZERO);

    private final ConcurrentHashMap<String, CountDownLatch> firstCalls = new ConcurrentHashMap<>();
    private final Duration allowance;

    Warmup(Duration allowance) {
        this.allowance = allowance;
    }

    /**
     * Whether this caller makes the hook's first call, and must {@link #end} it; false after
     * waiting for a first call another caller is making.
     */
    boolean begin(String hook) {
        if (this == NONE) {
            return false;
        }
        var running = firstCalls.get(hook);
        if (running == null) {
            var mine = new CountDownLatch(1);
            running = firstCalls.putIfAbsent(hook, mine);
            if (running == null) {
                return true;
            }
        }
        if (running.getCount() > 0) {
            try {
                running.await(allowance.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Kept for the call, which an interrupted thread does not make.
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    /** The hook's first call ended (however it ended): the calls waiting for it go on. */
    void end(String hook) {
        firstCalls.get(hook).countDown();
    }

    /** The limit of a call: the allowance for a first call, else the usual one. */
    Duration limit(boolean first, Duration usual) {
        return first && allowance.compareTo(usual) > 0 ? allowance : usual;
    }
}
