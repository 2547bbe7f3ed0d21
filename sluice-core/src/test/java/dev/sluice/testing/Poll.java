package dev.sluice.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread does, checking often, failing after a generous while. */
public final class Poll {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Poll() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError saying what did not happen when it still does not after 30 s
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not the case after " + PATIENCE + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
