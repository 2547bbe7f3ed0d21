package dev.sluice.internal.runtime;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The warm-up of a version running on an engine that compiles in the background (GraalWasm with its
 * JIT): its first calls run in the engine's interpreter while the JIT works — 1–3 s for the
 * JavaScript filter's first record, then tens of milliseconds a record for a while, against well
 * under a millisecond once compiled. Held to {@code max_execution_time} they would be stopped, and
 * each stopped call discards its instance, so the next one starts cold again.
 *
 * <p>So for {@code max_init_time} after the version's first call begins, calls are held to {@code
 * max_init_time} instead; after that window, to the usual limit. A plugin that loops thus gets one
 * longer limit, once per load, never more. The first call of each hook runs alone: calls of that
 * hook arriving meanwhile wait for it (at most the allowance), before they take an instance, rather
 * than run cold beside it. Once the window is over a call reads one volatile field.
 */
final class Warmup {

    /** For engines that compile before the first call (Chicory): no allowance at all. */
    static final Warmup NONE = new Warmup(Duration.ZERO);

    private final ConcurrentHashMap<String, CountDownLatch> firstCalls = new ConcurrentHashMap<>();
    private final Duration allowance;

    /** Claimed by the first call to begin: its caller alone sets {@link #endsAt}. */
    private final AtomicBoolean claimed = new AtomicBoolean();

    /**
     * When the window closes ({@link System#nanoTime}; any value, 0 too), once {@link #started}.
     */
    private volatile long endsAt;

    /** Set after {@link #endsAt}, so whoever sees it true reads the window's end. */
    private volatile boolean started;

    private volatile boolean over;

    Warmup(Duration allowance) {
        this.allowance = allowance;
        this.over = allowance.isZero();
    }

    /**
     * Whether this caller makes the hook's first call, and must {@link #end} it; false after
     * waiting for a first call another caller is making, or once the window is over.
     */
    boolean begin(String hook) {
        if (over) {
            return false;
        }
        var running = firstCalls.get(hook);
        if (running == null) {
            var mine = new CountDownLatch(1);
            running = firstCalls.putIfAbsent(hook, mine);
            if (running == null) {
                if (claimed.compareAndSet(false, true)) {
                    endsAt = System.nanoTime() + allowance.toNanos();
                    started = true;
                }
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

    /** The limit of a call beginning now: the allowance during the window, else the usual one. */
    Duration limit(Duration usual) {
        if (over) {
            return usual;
        }
        if (started && System.nanoTime() - endsAt > 0) {
            over = true;
            return usual;
        }
        return allowance.compareTo(usual) > 0 ? allowance : usual;
    }
}
